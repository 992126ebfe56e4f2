#!/usr/bin/env bash
# bench/oracles.sh: exec/s of the fuzz target against the in-process oracle
# alone, against every oracle with the Go helpers taking turns (all, the
# default rotation of one helper per input) and against every oracle on
# every input (all0, MAPDIFF_ROTATE=0), two ways:
#   replay: the same fixed inputs (a corpus dir), each run once (-runs=0),
#           timed as a whole; the fair per-input comparison
#   fuzz:   a libFuzzer campaign of S seconds from out/seeds, same seed
#           (fork mode, so that a crash does not end it)
# usage: bench/oracles.sh [FUZZER] [CORPUS] [SECONDS] [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZER=${1:-out/mapdiff-fuzz}
CORPUS=${2:-out/seeds}
S=${3:-30}
REPEAT=${4:-3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=$(find "$CORPUS" -type f | wc -l)
replay() {
	local t0 t1
	t0=$(date +%s%N)
	MAPDIFF_ROTATE=${2:-1} MAPDIFF_ORACLE=$1 "$FUZZER" -runs=0 -max_len=8192 "$CORPUS" >"$TMP/replay.log" 2>&1 || { tail -3 "$TMP/replay.log"; return 1; }
	t1=$(date +%s%N)
	echo $((n * 1000000000 / (t1 - t0)))
}
fuzz() {
	rm -rf "$TMP/c" && mkdir -p "$TMP/c" && cp out/seeds/* "$TMP/c/"
	MAPDIFF_ROTATE=${2:-1} MAPDIFF_ORACLE=$1 "$FUZZER" -fork=1 -ignore_crashes=1 -max_total_time="$S" -seed=1 -max_len=8192 \
		-artifact_prefix="$TMP/" "$TMP/c" >"$TMP/fuzz.log" 2>&1 || true
	grep -E '^#[0-9]+: cov' "$TMP/fuzz.log" | tail -1 | awk -v s="$S" '{sub("#","",$1); sub(":","",$1); print int($1 / s)}'
}
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "replay of $n inputs from $CORPUS, exec/s (each of $REPEAT rounds: alone, all, all0):"
for _ in $(seq "$REPEAT"); do
	echo "  alone $(replay "" || echo fail)   all $(replay all || echo fail)   all0 $(replay all 0 || echo fail)"
done
echo "fuzz for ${S}s from out/seeds, executions / seconds:"
echo "  alone $(fuzz "")   all $(fuzz all)   all0 $(fuzz all 0)"
