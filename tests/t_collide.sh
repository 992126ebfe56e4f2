# shellcheck shell=bash
# Blind spots 5 and 6 of issue 16.  The colliding run (md_side_collide,
# docs/FUZZING.md "Key equality: the colliding run"): the port runs every
# program a second time with every key of a map on one hash, so Go's ==
# runs on every lookup, assign and delete.  Derived keys (docs/FORMAT.md
# "Derived keys"): a key operand that is another key of the program with
# one byte, element or field changed.  Each planted fault of its class
# diverges with the mechanism and agrees without it; the correct port
# agrees, on these programs and on corpus/ with every oracle.

# collide_fault MUTANT: its faulty mapdiff under out/tests/collide/MUTANT.
collide_fault() {
	local d=out/tests/collide/$1
	[ -x "$d/mapdiff" ] || fault_cli "bench/mutants/$1.patch" "$d"
}

# collide_case MUTANT PROGRAM SIGNATURE: diverges (exit 1, SIGNATURE) with
# the colliding run, agrees with MAPDIFF_COLLIDE=0; the correct port agrees.
collide_case() {
	local d=out/tests/collide/$1 rc=0
	collide_fault "$1" || return 1
	"$d/mapdiff" run "$2" >"$d/on.out" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] || { echo "$1: exit $rc on $2, want 1: $(tail -1 "$d/on.out")"; return 1; }
	tail -1 "$d/on.out" | grep -Eq "^$3\$" || { echo "$1: last line '$(tail -1 "$d/on.out")', want '$3'"; return 1; }
	MAPDIFF_COLLIDE=0 "$d/mapdiff" run "$2" >"$d/off.out" 2>&1 ||
		{ echo "$1: diverges without the colliding run too: $(tail -1 "$d/off.out")"; return 1; }
	out/mapdiff run "$2" >"$d/ok.out" 2>&1 || { echo "the correct port does not agree on $2"; return 1; }
}

t_collide_array_equality() {
	collide_case 40-array-eq-skips-last tests/faults/collide-array.txt \
		'mapdiff: DIVERGENCE len on map\[\[\.\.\.\]string\]V \(C port vs C port, keys colliding\)'
}

t_collide_struct_equality() {
	collide_case 41-struct-eq-skips-last-field tests/faults/collide-struct.txt \
		'mapdiff: DIVERGENCE len on map\[struct\{\.\.\.float64\.\.\.\}\]V \(C port vs C port, keys colliding\)'
}

# The colliding run is the port's: a report names it, and with it folded
# (it did what the port did) nothing changes in what run prints.
t_collide_report_and_fold() {
	local d=out/tests/collide/40-array-eq-skips-last
	collide_fault 40-array-eq-skips-last || return 1
	"$d/mapdiff" run tests/faults/collide-array.txt >"$d/rep.out" 2>&1 || true
	grep -q '^mapdiff: C port and gc 1.26 agree; C port, keys colliding differs at op 3 (len)$' "$d/rep.out" ||
		{ echo "report: $(head -2 "$d/rep.out")"; return 1; }
	out/mapdiff run tests/faults/collide-array.txt >"$d/fold.out" 2>&1 &&
		grep -q '^agree    tests/faults/collide-array.txt (5 ops, map\[\[2\]string\]int64): C port and gc 1.26 agree$' "$d/fold.out" ||
		{ echo "folded: $(cat "$d/fold.out")"; return 1; }
}

# No false alarm: every corpus program (weak hashing, NaN, growth,
# iterators, clones) agrees with the colliding run on every oracle.
t_collide_corpus_all_oracles() {
	local d=out/tests/collide
	mkdir -p "$d"
	out/mapdiff run --oracle all corpus/*.txt >"$d/corpus-all.out" 2>&1 ||
		{ grep -E '^(DIVERGE|SPEC|HANG)' "$d/corpus-all.out" | head -3; tail -1 "$d/corpus-all.out"; return 1; }
	tail -1 "$d/corpus-all.out" | grep -q ' 0 diverged, 0 spec violations' || { tail -1 "$d/corpus-all.out"; return 1; }
}

# derived_bin NAME: the binary programs of the derived-key tests, in
# $d/NAME.bin.  a3s: [3]string pool {"a", "b", "c"}, put it, put the
# newest key with its last unit (the byte "c") changed by 1, len.  a3i:
# [3]int64 pool {1, 2, 3}, put it, put it with its last element the
# literal 4, len.  a2s: [2]string pool {"a", "abcdefghij"}, put it, put
# it with the last byte changed ("abcdefghik"), len.  s20: a string pool key, its last byte changed.
# f0n: float64 pool {0}, put it, put it with its sign flipped (-0.0), len, range.
# none: no key yet, so after 0xE0 and j a literal follows (1).
derived_bin() {
	case $1 in
	a3s) printf '\x02\x11\x03\x10\x00\x01\x00\x00\x00\x00\x00\x01\x01a\x01b\x01c\x00\x00\x02\x00\xe0\x00\x00\x00\x04\x09' ;;
	a3i) printf '\x02\x11\x03\x05\x00\x01\x00\x00\x00\x00\x00\x01\x71\x72\x73\x00\x00\x02\x00\xe0\x00\x00\x74\x04\x09' ;;
	a2s) printf '\x02\x11\x02\x10\x00\x01\x00\x00\x00\x00\x00\x01\x01a\x0aabcdefghij\x00\x00\x02\x00\xe0\x00\x00\x00\x04\x09' ;;
	s20) printf '\x02\x10\x00\x01\x00\x00\x00\x00\x00\x01\x14abcdefghijklmnopqrst\x00\x00\x02\x00\xe0\x00\x00\x05\x04\x09' ;;
	none) printf '\x02\x05\x00\x01\x00\x00\x00\x00\x00\x00\x00\xe0\x00\x71\x02\x09' ;;
	f0n) printf '\x02\x0d\x00\x01\x00\x00\x00\x00\x00\x01\xff\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xe0\x00\x00\x00\x04\x09\x0a' ;;
	esac >"$d/$1.bin"
}

# Derived keys decode into plain keys: show prints the literal, asm writes
# it as a literal, and show of that is the same text.
t_derived_keys_decode() {
	local d=out/tests/collide/derived n
	mkdir -p "$d"
	for n in a3s a3i a2s s20 none; do
		derived_bin $n
		out/mapdiff show "$d/$n.bin" >"$d/$n.txt" && out/mapdiff asm "$d/$n.txt" -o "$d/$n.2.bin" &&
			out/mapdiff show "$d/$n.2.bin" >"$d/$n.2.txt" || return 1
		cmp -s "$d/$n.txt" "$d/$n.2.txt" || { echo "$n: show/asm/show differ"; return 1; }
		out/mapdiff run "$d/$n.bin" >/dev/null || { echo "$n: the correct port does not agree"; return 1; }
	done
	grep -q '^put {"a", "b", "d"} 2$' "$d/a3s.txt" || { echo "a3s: $(cat "$d/a3s.txt")"; return 1; }
	grep -q '^put {1, 2, 4} 2$' "$d/a3i.txt" || { echo "a3i: $(cat "$d/a3i.txt")"; return 1; }
	grep -q '^put {"a", "abcdefghik"} 2$' "$d/a2s.txt" || { echo "a2s: $(cat "$d/a2s.txt")"; return 1; }
	grep -q '^put "abcdefghijklmnopqrsz" 2$' "$d/s20.txt" || { echo "s20: $(cat "$d/s20.txt")"; return 1; }
	grep -q '^put 1 1$' "$d/none.txt" || { echo "none: $(cat "$d/none.txt")"; return 1; }
}

# derived_case MUTANT NAME SIGNATURE: the planted fault diverges on the
# derived program and on its text; with the derived key replaced by a key
# no unit apart (the pool key again), it agrees.
derived_case() {
	local d=out/tests/collide/$1 rc=0
	collide_fault "$1" || return 1
	mkdir -p "$d" && derived_bin "$2"
	out/mapdiff show "$d/$2.bin" >"$d/$2.txt" || return 1
	for f in "$d/$2.bin" "$d/$2.txt"; do
		rc=0
		"$d/mapdiff" run "$f" >"$d/run.out" 2>&1 || rc=$?
		[ "$rc" -eq 1 ] || { echo "$1: exit $rc on $f, want 1"; return 1; }
		tail -1 "$d/run.out" | grep -Eq "^$3\$" || { echo "$1: last line '$(tail -1 "$d/run.out")'"; return 1; }
	done
	sed '/^put .* 2$/d' "$d/$2.txt" >"$d/off.txt"
	"$d/mapdiff" run "$d/off.txt" >/dev/null 2>&1 || { echo "$1: diverges without the derived key"; return 1; }
}

# A derived float key flips the sign of its base: put 0 1, then put -0.0 2
# (Go keeps one entry); a port that hashes -0.0 apart from 0 keeps two.
t_derived_keys_flip_float_sign() {
	derived_case 09-float64-zero-hash-split f0n 'mapdiff: DIVERGENCE len on map\[float64\]V \(C port vs gc 1\.26\)' || return 1
	grep -qx 'put -0.0 2' out/tests/collide/09-float64-zero-hash-split/f0n.txt || { echo "no -0.0: $(cat out/tests/collide/09-float64-zero-hash-split/f0n.txt)"; return 1; }
}

t_derived_keys_reveal_string_tail() {
	derived_case 42-composite-string-prefix a2s 'mapdiff: DIVERGENCE len on map\[\[\.\.\.\]string\]V \(C port vs gc 1\.26\)'
}

# mapdiff repro --collide writes a reproducer that runs the port as its
# colliding run does: the struct fault's stops at the len.  Without
# --collide repro sees that only the colliding run differs, says so and
# does the same; for the correct port it does not.
t_collide_repro() {
	local d=out/tests/collide/41-struct-eq-skips-last-field rc=0
	collide_fault 41-struct-eq-skips-last-field || return 1
	for c in --collide ""; do
		# shellcheck disable=SC2086
		"$d/mapdiff" repro $c tests/faults/collide-struct.txt -o "$d/repro$c.c" 2>"$d/repro$c.err" &&
			cc -std=c11 -Wall -Wextra -Werror -g -DREPRO_PORT=classic_port "$d/repro$c.c" "$d"/impl/*.c \
				-I"$d/impl" -o "$d/repro$c" -lm || return 1
	done
	# without --collide, repro sees that only the colliding run differs and runs as it does
	grep -q "only the port's colliding run differs from Go" "$d/repro.err" ||
		{ echo "repro did not say it runs as the colliding run: $(cat "$d/repro.err")"; return 1; }
	! grep -q . "$d/repro--collide.err" || { echo "repro --collide said: $(cat "$d/repro--collide.err")"; return 1; }
	for c in --collide ""; do
		rc=0
		"$d/repro$c" >"$d/repro$c.out" 2>&1 || rc=$?
		[ "$rc" -ne 0 ] && grep -q 'differs from Go at op 3 (len): len 1; Go gave 2' "$d/repro$c.out" ||
			{ echo "repro ${c:-(no option)}: exit $rc: $(tail -1 "$d/repro$c.out")"; return 1; }
	done
	# the correct port's own run and colliding run agree: no --collide of its own
	out/mapdiff repro tests/faults/collide-struct.txt -o "$d/repro-ok.c" 2>"$d/repro-ok.err" || return 1
	! grep -q . "$d/repro-ok.err" || { echo "repro on the correct port said: $(cat "$d/repro-ok.err")"; return 1; }
	grep -q '#define COLLIDE 0' "$d/repro-ok.c" || { echo "the correct port's reproducer collides"; return 1; }
}
