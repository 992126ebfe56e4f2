# shellcheck shell=bash
# mapdiff fuzz: usage errors; a planted fault (tests/faults/no-keyupdate.patch)
# is found by both engines, and its crashers are saved once per signature,
# named by the FNV-1a hash of the signature line.
FZ_T=out/tests/fuzzcli

# faulty_targets DIR: DIR/mapdiff-fuzz (libFuzzer) and DIR/mapdiff-afl (AFL++)
# built on impl/ with the planted fault (the Makefile with IMPL set).
faulty_targets() {
	local d=$1
	rm -rf "$d" && mkdir -p "$d" && cp -r impl "$d/" || return 1
	patch -s -p1 -d "$d" <tests/faults/no-keyupdate.patch || return 1
	mk IMPL="$d/impl" OUT="$d" "$d/mapdiff-fuzz" "$d/mapdiff-afl"
}

# fnv64 TEXT: FNV-1a 64 of TEXT as 16 hex digits (bash arithmetic wraps at 64 bits).
fnv64() {
	local s=$1 i c h=$((0xcbf29ce484222325))
	for ((i = 0; i < ${#s}; i++)); do
		printf -v c '%d' "'${s:i:1}"
		h=$(((h ^ c) * 0x100000001b3))
	done
	printf '%016x' "$h"
}

# check_crashes DIR: every crasher is named by its signature's hash, and no
# signature is saved twice.
check_crashes() {
	local sig n=0
	for sig in "$1"/*.sig; do
		[ -f "$sig" ] || continue
		n=$((n + 1))
		# the planted stored-key fault shows as a range divergence, or as an
		# iterator producing the stale key (a spec violation)
		grep -Eq '^mapdiff: (DIVERGENCE range on map\[.+\].+ \(C port vs gc 1\.26\)|SPEC VIOLATION produced a stale key by C port)$' "$sig" ||
			{ echo "$sig: $(cat "$sig")"; return 1; }
		[ "$(basename "$sig" .sig)" = "$(fnv64 "$(cat "$sig")")" ] || { echo "$sig: not named by its hash"; return 1; }
		[ -f "${sig%.sig}" ] || { echo "$sig: no crasher beside it"; return 1; }
	done
	[ "$n" -ge 1 ] || { echo "no crasher saved in $1"; return 1; }
	[ "$(sort "$1"/*.sig | uniq -d | wc -l)" -eq 0 ] || { echo "a signature is saved twice"; return 1; }
}

t_fuzzcli_usage() {
	local rc=0
	out/mapdiff fuzz --engine honggfuzz 2>"$FZ_T.err" || rc=$?
	[ "$rc" -eq 2 ] && [ "$(wc -l <"$FZ_T.err")" -eq 1 ] || { echo "bad engine: exit $rc"; return 1; }
	rc=0
	out/mapdiff fuzz --seconds -3 2>"$FZ_T.err" || rc=$?
	[ "$rc" -eq 2 ] || { echo "bad seconds: exit $rc"; return 1; }
}

# libFuzzer (fork mode, 2 jobs, so it goes on after a crash) on the seeds,
# several of which show the fault; AFL++ from a seed one bit away from it
# (AFL++ skips seeds that crash), found by its deterministic bit flips.
t_fuzzcli_planted_fault_found_by_both_engines() {
	faulty_targets "$FZ_T" || return 1
	mkdir -p "$FZ_T/seeds" || return 1
	# m[+0.0] = 1; m[+Inf] = 2; range (special-value tags 0xc0 and 0xc3; 0xc1 is -0.0)
	printf '\x02\x0d\x00\x01\x00\x00\x00\x00\x00\x02\xc0\xc3\x00\x00\x02\x00\x01\x04\x0a' >"$FZ_T/seeds/onebit.bin"
	"$FZ_T/mapdiff-afl" "$FZ_T/seeds/onebit.bin" || { echo "the AFL++ seed itself diverges"; return 1; }
	# a crasher saved under an old signature (with an op number) is renamed
	# to its signature now (and the campaign saves no second one)
	local old=$FZ_T/libfuzzer/crashes/0123456789abcdef
	rm -rf "$FZ_T/libfuzzer" && mkdir -p "$FZ_T/libfuzzer/crashes" || return 1
	cp out/seeds/float64_negzero.bin "$old" && echo 'mapdiff: DIVERGENCE range at op 3' >"$old.sig" || return 1
	local rc=0
	out/mapdiff fuzz --engine libfuzzer --jobs 2 --seconds 5 --dir "$FZ_T/libfuzzer" \
		--target "$FZ_T/mapdiff-fuzz" >"$FZ_T/libfuzzer.out" 2>&1 || rc=$?
	check_found libfuzzer $rc || return 1
	grep -q '^Dictionary: [1-9]' "$FZ_T/libfuzzer/fuzz.log" || { echo "libfuzzer: the campaign ran without the dictionary"; return 1; }
	[ ! -e "$old" ] && [ ! -e "$old.sig" ] && grep -q '^migrated 1 crasher saved under old signatures' "$FZ_T/libfuzzer.out" &&
		cmp -s out/seeds/float64_negzero.bin "$FZ_T/libfuzzer/crashes/$(fnv64 'mapdiff: DIVERGENCE range on map[float64]V (C port vs gc 1.26)')" ||
		{ echo "the old-signature crasher is not migrated: $(ls "$FZ_T/libfuzzer/crashes")"; return 1; }
	rc=0
	out/mapdiff fuzz --engine afl --seconds 15 --dir "$FZ_T/afl" --seeds "$FZ_T/seeds" \
		--target "$FZ_T/mapdiff-afl" >"$FZ_T/afl.out" 2>&1 || rc=$?
	check_found afl $rc
}

# check_found ENGINE STATUS: the campaign exited 1 with saved, named crashers.
check_found() {
	[ "$2" -eq 1 ] || { echo "$1: exit $2, want 1: $(tail -n 2 "$FZ_T/$1.out")"; return 1; }
	grep -q "^summary: engine $1.*divergences [1-9]" "$FZ_T/$1.out" || { tail -n 1 "$FZ_T/$1.out"; return 1; }
	check_crashes "$FZ_T/$1/crashes"
}

# mapdiff merge keeps a subset of the inputs (libFuzzer -merge=1): at least
# one, at most all, each byte-identical to an input.
t_fuzzcli_merge() {
	local d=$FZ_T-merge
	rm -rf "$d" && mkdir -p "$d/in" && cp out/seeds/*.bin "$d/in/" || return 1
	out/mapdiff merge "$d/m" "$d/in" >"$d/out" 2>&1 || { cat "$d/out"; return 1; }
	local n all
	n=$(find "$d/m" -type f | wc -l)
	all=$(find "$d/in" -type f | wc -l)
	[ "$n" -ge 1 ] && [ "$n" -le "$all" ] || { echo "merged $n of $all"; return 1; }
	grep -q "^merge: $all inputs -> $n in $d/m\$" "$d/out" || { echo "summary: $(cat "$d/out")"; return 1; }
	(cd "$d/in" && sha1sum ./* | cut -d' ' -f1 | sort) >"$d/in.sha"
	(cd "$d/m" && sha1sum ./* | cut -d' ' -f1 | sort -u) | comm -23 - "$d/in.sha" >"$d/extra"
	[ ! -s "$d/extra" ] || { echo "merged files that are no input: $(head -2 "$d/extra")"; return 1; }
}
