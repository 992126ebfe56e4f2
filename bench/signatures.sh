#!/usr/bin/env bash
# bench/signatures.sh: how many crashers a campaign saves on one planted fault.
#
#   bench/signatures.sh TREE FAULT SECONDS WORK [SEEDS]
#   bench/signatures.sh --replay TREE FAULT WORK ARTIFACTS   # signatures only
#
# Builds TREE's fuzz target (libFuzzer + ASan + UBSan: TREE's Makefile, or
# for an older tree the source lists of its build.sh) on TREE's impl/ with the planted
# FAULT (a tests/faults or bench/mutants patch) in WORK/target, runs it for
# SECONDS in fork mode with 1 job (-fork=1 -ignore_crashes=1, so it goes on
# after a divergence; the options of `mapdiff fuzz`, fixed -seed=1) on SEEDS
# (default TREE/out/seeds) and the dictionary, then runs every raw crasher
# once more, as `mapdiff fuzz` does, and keeps its first signature line.
# Prints: raw crashers, distinct signatures, and each signature with its
# count. --replay skips the campaign and takes the
# signatures of ARTIFACTS (a directory of crashers) on TREE's target.
set -euo pipefail

replay=0
if [ "${1:-}" = --replay ]; then
	replay=1
	shift
	[ $# -eq 4 ] || { echo "usage: $0 --replay TREE FAULT WORK ARTIFACTS" >&2; exit 2; }
	tree=$(realpath "$1") fault=$(realpath "$2") work=$3 arts=$(realpath "$4")
else
	[ $# -ge 4 ] || { echo "usage: $0 TREE FAULT SECONDS WORK [SEEDS]" >&2; exit 2; }
	tree=$(realpath "$1") fault=$(realpath "$2") secs=$3 work=$4
	seeds=$(realpath "${5:-$tree/out/seeds}")
fi
mkdir -p "$work"
work=$(realpath "$work")

build_target() {
	local d=$work/target
	rm -rf "$d" && mkdir -p "$d" && cp -r "$tree/impl" "$d/"
	patch -s -p1 -d "$d" <"$fault"
	if [ -f "$tree/Makefile" ]; then
		make -C "$tree" --no-print-directory -s -j"$(nproc)" IMPL="$d/impl" OUT="$d" "$d/mapdiff-fuzz"
		return
	fi
	# a tree from before the Makefile (the "before" of bench/RESULTS.md):
	# its build.sh listed the sources
	(
		cd "$tree"
		eval "$(grep -E '^(CWARN|HARNESS)\+?=\(' build.sh)"
		clang "${CWARN[@]}" -I"$d/impl" -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
			"${HARNESS[@]}" "$d"/impl/*.c harness/fuzz.c out/oracle/libmdoracle.a -lpthread -lm -o "$d/mapdiff-fuzz"
	)
}

# signatures DIR: the first signature line of each crasher in DIR, as
# md_crash_signature takes it (a divergence or spec line, else CRASH).
signatures() {
	local f line
	for f in "$1"/*; do
		[ -f "$f" ] || continue
		line=$(AFL_NO_FORKSRV=1 "$work/target/mapdiff-fuzz" "$f" 2>&1 </dev/null |
			grep -E -m1 '^mapdiff: (DIVERGENCE|SPEC VIOLATION) ' || true)
		echo "${line:-mapdiff: CRASH (no signature line)}"
	done
}

build_target
if [ "$replay" -eq 0 ]; then
	arts=$work/artifacts
	rm -rf "$arts" "$work/corpus" && mkdir -p "$arts" "$work/corpus"
	dict=$tree/harness/fuzz/mapdiff.dict
	[ -f "$dict" ] || dict=$tree/harness/mapdiff.dict
	start=$(date +%s)
	"$work/target/mapdiff-fuzz" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -seed=1 \
		-max_total_time="$secs" -print_final_stats=1 -max_len=8192 -timeout=25 -rss_limit_mb=4096 \
		-dict="$dict" -artifact_prefix="$arts/" "$work/corpus" "$seeds" >"$work/fuzz.log" 2>&1 || true
	echo "campaign: $(($(date +%s) - start)) s, $(grep -c . <(ls "$arts")) raw crashers," \
		"load average at end: $(cut -d' ' -f1-3 /proc/loadavg)," \
		"$(grep -E -o 'stat::number_of_executed_units: [0-9]+' "$work/fuzz.log" | tail -1 || echo 'execs ?')"
fi
signatures "$arts" >"$work/sigs.txt"
echo "crashers $(wc -l <"$work/sigs.txt"), distinct signatures $(sort -u "$work/sigs.txt" | wc -l)"
sort "$work/sigs.txt" | uniq -c | sort -rn
