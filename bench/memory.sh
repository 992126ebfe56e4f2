#!/usr/bin/env bash
# bench/memory.sh: RSS of a libFuzzer campaign over time.
#
#   bench/memory.sh [--seconds S] [--binary B] [--quarantine MB] [--dir DIR]
#     S: campaign length (600); B: fuzzer (out/mapdiff-fuzz);
#     MB: ASan quarantine size (ASAN_OPTIONS quarantine_size_mb; ASan's
#         default is 256), to see how much of the RSS is the quarantine
#     DIR: work files (out/bench/memory)
#
# Samples VmRSS of the fuzzer every second and prints the peak of the first
# window against the peak of the last (a window is 60 s, or S/2 when S is
# shorter), the overall peak and libFuzzer's own peak_rss_mb.  The campaign
# runs on a fresh corpus (DIR/corpus) plus out/seeds; a
# divergence ends it early and is reported.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=600 BIN=out/mapdiff-fuzz QMB= D=out/bench/memory
while [ $# -gt 0 ]; do
	case "$1" in
	--seconds) SECS=$2 ;;
	--binary) BIN=$2 ;;
	--quarantine) QMB=$2 ;;
	--dir) D=$2 ;;
	*) echo "usage: bench/memory.sh [--seconds S] [--binary B] [--quarantine MB] [--dir DIR]" >&2; exit 2 ;;
	esac
	shift 2
done
[ -x "$BIN" ] && [ -d out/seeds ] || { echo "memory.sh: no $BIN or out/seeds: run ./build.sh first" >&2; exit 1; }
rm -rf "$D" && mkdir -p "$D/corpus"
[ -n "$QMB" ] && export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=$QMB"

"$BIN" -max_total_time="$SECS" -print_final_stats=1 -max_len=8192 -timeout=25 -rss_limit_mb=4096 \
	-artifact_prefix="$D/" "$D/corpus" out/seeds >"$D/log" 2>&1 &
pid=$!
# One sample a second: "elapsed_seconds rss_kb".
t=0
: >"$D/rss"
while kill -0 "$pid" 2>/dev/null; do
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
	[ -n "$rss" ] && echo "$t $rss" >>"$D/rss"
	sleep 1
	t=$((t + 1))
done
wait "$pid" || true

win=60
[ "$SECS" -lt 120 ] && win=$((SECS / 2 > 0 ? SECS / 2 : 1))
last=$(tail -1 "$D/rss" | cut -d' ' -f1)
awk -v w="$win" -v last="${last:-0}" -v q="${QMB:-default}" '
	{ if ($1 < w && $2 > f) f = $2; if ($1 > last - w && $2 > l) l = $2; if ($2 > p) p = $2 }
	END {
		printf "memory: %d s sampled, ASan quarantine %s MB\n", last + 1, q
		printf "%-28s %8.0f MB\n", "peak RSS, first " w " s", f / 1024
		printf "%-28s %8.0f MB\n", "peak RSS, last " w " s", l / 1024
		printf "%-28s %8.0f MB\n", "peak RSS, whole run", p / 1024
		printf "%-28s %8.2f\n", "growth (last / first)", f ? l / f : 0
	}' "$D/rss"
echo "libFuzzer: $(grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$D/log" | tr '\n' ' ')"
grep -m1 '^mapdiff: DIVERGENCE' "$D/log" && echo "(the campaign stopped at a divergence: see $D/log)"
exit 0
