#!/usr/bin/env bash
# bench/mutants.sh: detection power.  Every bench/mutants/NN-name.patch is a
# realistic fault in the C port; each is built into a libFuzzer binary (the
# Makefile's fuzz variant, against a patched copy of impl/) and
# fuzzed on one core from out/seeds, several runs with different -seed.
#
#   bench/mutants.sh [--seconds S] [--runs R] [--jobs J] [--only PATTERN] [--out DIR]
#                    [--set SET] [--twin GO] [--all-seeds] [--flags 'F ...']
#     S: budget of one run (60), R: runs per mutant (3), J: mutants fuzzed at
#     once, each pinned to its own core (1), PATTERN: mutant names (grep -E),
#     DIR: work files (out/mutants), SET: the folder of patches
#     (bench/mutants; bench/mutants/twin holds faults only the lockstep twin
#     can see), GO: fuzz in twin mode against that classic Go (gc-1.19),
#     docs/TWIN.md, F: more libFuzzer flags for every fuzzing run (what an
#     option costs in time to find, e.g. --flags -use_counters=0)
#
# Prints one row per mutant: "alone", how many of the seeds reveal the
# mutant by themselves, with no mutation (each seed run once on the mutant's
# binary); found (k/R) and the median seconds to find over the runs that
# found it (wall clock from launch to libFuzzer's exit, start-up and seed
# loading included), fuzzing from the seeds WITHOUT those that reveal it
# alone, so the time measures what mutation adds to the seeds; each run's
# time, shortest first; and the signature line of the first find.
# --all-seeds fuzzes from every seed instead (the table before the column
# alone existed).
# Work files: DIR/NAME/ (patched impl, binary, seeds, run logs).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=60 RUNS=3 JOBS=1 ONLY=. OUT=out/mutants SET=bench/mutants TWIN= ALLSEEDS= FLAGS=
while [ $# -gt 0 ]; do
	case "$1" in
	--all-seeds) ALLSEEDS=1 && shift && continue ;;
	--seconds) SECS=$2 ;;
	--runs) RUNS=$2 ;;
	--jobs) JOBS=$2 ;;
	--only) ONLY=$2 ;;
	--out) OUT=$2 ;;
	--set) SET=$2 ;;
	--twin) TWIN=$2 ;;
	--flags) FLAGS=$2 ;;
	*) echo "usage: bench/mutants.sh [--seconds S] [--runs R] [--jobs J] [--only PATTERN] [--out DIR] [--set SET] [--twin GO] [--all-seeds] [--flags 'F ...']" >&2; exit 2 ;;
	esac
	shift 2
done
[ -d out/seeds ] || { echo "mutants.sh: no out/seeds: run ./build.sh first" >&2; exit 1; }
# the mutants' binaries live under $OUT: they find the helpers here
export MAPDIFF_ORACLE_DIR=$PWD/out/oracle
twin_flag=()
[ -z "$TWIN" ] || twin_flag=(-twin="$TWIN")
read -r -a more_flags <<<"$FLAGS"

# build_mutant PATCH NAME: patched impl -> $OUT/NAME/mapdiff-fuzz; false on
# failure.  The harness's objects (out/obj/fuzz) are built once and shared.
build_mutant() {
	local d=$OUT/$2
	rm -rf "$d" && mkdir -p "$d" && cp -r impl "$d/" && : >"$d/build.log"
	[ "$1" = - ] || patch -s -p1 -d "$d" <"$1" >"$d/build.log" 2>&1 || return 1
	make --no-print-directory -s -j"$(nproc)" IMPL="$d/impl" OUT="$d" "$d/mapdiff-fuzz" >>"$d/build.log" 2>&1
}

# alone NAME CORE: runs each seed once on NAME's binary, no mutation; puts
# the seeds that do not reveal the mutant into $OUT/NAME/seeds and prints
# how many do.  libFuzzer stops at the first find, so it restarts after it.
alone() {
	local d=$OUT/$1 left=() hit=0 last i
	rm -rf "$d/seeds" && mkdir -p "$d/seeds"
	left=(out/seeds/*)
	while [ ${#left[@]} -gt 0 ]; do
		if taskset -c "$2" "$d/mapdiff-fuzz" "${twin_flag[@]}" -runs=0 -timeout=25 -rss_limit_mb=4096 \
			-artifact_prefix="$d/alone-" "${left[@]}" >"$d/alone.log" 2>&1; then
			break
		fi
		last=$(awk '/^Running: / { f = substr($0, 10) } END { print f }' "$d/alone.log")
		for i in "${!left[@]}"; do [ "${left[$i]}" = "$last" ] && break; done
		[ "${left[$i]}" = "$last" ] || { echo "?"; return; } # died before any seed ran
		cp "${left[@]:0:$i}" "$d/seeds/" 2>/dev/null || true
		left=("${left[@]:$((i + 1))}")
		hit=$((hit + 1))
	done
	[ ${#left[@]} -eq 0 ] || cp "${left[@]}" "$d/seeds/"
	rm -f "$d"/alone-*
	echo "$hit"
}

# fuzz_once NAME RUN CORE: prints "found SECONDS" or "missed".
fuzz_once() {
	local d=$OUT/$1/run$2 t0 t1
	local seeds=out/seeds
	[ -n "$ALLSEEDS" ] || seeds=$OUT/$1/seeds
	rm -rf "$d" && mkdir -p "$d/corpus"
	t0=$(date +%s.%N)
	taskset -c "$3" "$OUT/$1/mapdiff-fuzz" "${twin_flag[@]}" "${more_flags[@]}" -seed="$2" -max_total_time="$SECS" \
		-max_len=8192 -timeout=25 -rss_limit_mb=4096 -artifact_prefix="$d/" "$d/corpus" "$seeds" >"$d/log" 2>&1 || true
	t1=$(date +%s.%N)
	if grep -qE '^mapdiff: [A-Z]|^SUMMARY: |^==[0-9]+==ERROR' "$d/log"; then
		echo "found $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
	else
		echo missed
	fi
}

# The signature of a find: the harness's line, else the port's own throw
# (gofatal, as Go's), else the sanitizer's.
signature() {
	local s
	s=$(awk '/^mapdiff: (DIVERGENCE|SPEC|TWIN)/ { print; exit }' "$OUT/$1"/run*/log)
	[ -n "$s" ] || s=$(awk '/^mapdiff: [A-Z]|^fatal error: |^SUMMARY: / { print; exit }' "$OUT/$1"/run*/log)
	echo "${s:--}"
}

# row PATCH CORE: build, fuzz RUNS times, print one table row.
row() {
	local name found=0 times=() r res med n
	name=$(basename "$1" .patch)
	if ! build_mutant "$1" "$name"; then
		printf '%-38s %6s %7s %8s  %-16s %s\n' "$name" "-" "-" "-" "-" "does not build/apply: see $OUT/$name/build.log"
		return
	fi
	n=$(alone "$name" "$2")
	for r in $(seq 1 "$RUNS"); do
		res=$(fuzz_once "$name" "$r" "$2")
		[ "${res%% *}" = found ] && found=$((found + 1)) && times+=("${res#* }")
	done
	med=-
	[ "$found" -gt 0 ] && med=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 }
		END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
	printf '%-38s %6s %7s %8s  %-16s %s\n' "$name" "$n" "$found/$RUNS" "$med" \
		"$(printf '%s\n' "${times[@]}" | sort -n | paste -sd' ')" "$(signature "$name")"
}

# The control: the unpatched port should not diverge; when it does, a row's
# find may be the port's own bug, not the mutant's, and the table says so.
control() {
	local secs=$SECS res
	[ "$secs" -gt 10 ] && secs=10
	build_mutant - 00-control || { echo "mutants.sh: the unpatched port does not build" >&2; exit 1; }
	[ "$(alone 00-control 0)" = 0 ] || echo "control: WARNING: some seeds alone make the UNPATCHED port diverge (see $OUT/00-control/alone.log)"
	res=$(SECS=$secs fuzz_once 00-control 1 0)
	if [ "$res" != missed ]; then
		echo "control: WARNING: the UNPATCHED port is caught too, in ${res#* }s ($(signature 00-control));" \
			"rows with that signature may not be the mutant's doing"
	else
		echo "control: the unpatched port ran ${secs}s from the seeds with no divergence"
	fi
}

make --no-print-directory -s -j"$(nproc)" out/mapdiff-fuzz # the shared objects
ncore=$(nproc)
echo "mutants: $SET, ${SECS}s budget, $RUNS runs each, $JOBS at once, seeds out/seeds ($(ls out/seeds | wc -l) files)${TWIN:+, twin mode against $TWIN}"
if [ -n "$ALLSEEDS" ]; then echo "fuzzing from every seed (--all-seeds)"
else echo "fuzzing from the seeds that do not reveal the mutant alone (column alone: how many do)"; fi
control
printf '%-38s %6s %7s %8s  %-16s %s\n' mutant alone found median "each run" signature
patches=()
for p in "$SET"/*.patch; do
	basename "$p" | grep -qE -- "$ONLY" && patches+=("$p")
done
# JOBS workers, worker w on core w (mod the cores): mutants w, w + JOBS, ...
# one after another, so that no two runs ever share a core.
for w in $(seq 0 $((JOBS - 1))); do
	(
		for ((i = w; i < ${#patches[@]}; i += JOBS)); do
			row "${patches[$i]}" $((w % ncore)) >"$OUT/row.$i"
		done
	) &
done
wait
for j in "${!patches[@]}"; do cat "$OUT/row.$j"; done
rm -f "$OUT"/row.*
