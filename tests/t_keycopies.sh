# shellcheck shell=bash
# Fresh key copies (md_op.fresh, harness/run/fresh.h): a port handed a new
# copy of a key (new string bytes and interface boxes, garbage in padding
# and blank fields) on some ops.  Each planted fault of bench/mutants that
# only fresh copies reveal diverges on its program of tests/faults/, and
# agrees on the same program without `fresh` (the mechanism off); the
# correct port agrees on both.

# keycopies_case MUTANT PROGRAM SIGNATURE: build the mutant (t_fault.sh
# fault_cli), then check both runs.
keycopies_case() {
	local d=out/tests/keycopies/$1 rc=0
	fault_cli "bench/mutants/$1.patch" "$d" || return 1
	sed 's/ fresh / /' "$2" >"$d/off.txt"
	"$d/mapdiff" run "$2" >"$d/on.out" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] || { echo "$1: exit $rc on $2, want 1: $(tail -1 "$d/on.out")"; return 1; }
	tail -1 "$d/on.out" | grep -Eq "^$3\$" || { echo "$1: last line '$(tail -1 "$d/on.out")', want '$3'"; return 1; }
	"$d/mapdiff" run "$d/off.txt" >"$d/off.out" 2>&1 ||
		{ echo "$1: diverges without fresh copies too: $(tail -1 "$d/off.out")"; return 1; }
	out/mapdiff run "$2" >/dev/null && out/mapdiff run "$d/off.txt" >/dev/null ||
		{ echo "the correct port does not agree on $2"; return 1; }
}

t_keycopies_string_pointer() {
	keycopies_case 33-strkey-hash-header tests/faults/fresh-string.txt \
		'mapdiff: DIVERGENCE len on map\[\[\.\.\.\]string\]V \(C port vs gc 1\.26\)'
}

t_keycopies_iface_box() {
	keycopies_case 34-nilinterequal-direct-small tests/faults/fresh-iface.txt \
		'mapdiff: DIVERGENCE get ok on map\[interface\{\}\]V \(C port vs gc 1\.26\)'
}

t_keycopies_padding() {
	keycopies_case 35-struct-padding-as-memory tests/faults/fresh-padding.txt \
		'mapdiff: DIVERGENCE get ok on map\[mem\]V \(C port vs gc 1\.26\)' &&
		keycopies_case 35-struct-padding-as-memory tests/faults/fresh-blank.txt \
			'mapdiff: DIVERGENCE get ok on map\[mem64\]V \(C port vs gc 1\.26\)'
}

# The text form's `fresh` is the binary form's bit 7 of a key op's byte:
# show, asm and show again give the same text, and every key op takes it.
t_keycopies_text_roundtrip() {
	local d=out/tests/keycopies f
	mkdir -p "$d"
	for f in tests/faults/fresh-*.txt; do
		out/mapdiff show "$f" >"$d/a.txt" && out/mapdiff asm "$d/a.txt" -o "$d/a.bin" &&
			out/mapdiff show "$d/a.bin" >"$d/b.txt" || return 1
		cmp -s "$d/a.txt" "$d/b.txt" || { echo "$f: show/asm/show differ"; return 1; }
		grep -q ' fresh ' "$d/b.txt" || { echo "$f: fresh lost"; return 1; }
	done
	printf 'map[string]int64\nmake\nput fresh "a" 1\nadd fresh "a" 2\nm2 get fresh "a"\ndel fresh "a"\n' >"$d/ops.txt"
	[ "$(out/mapdiff show "$d/ops.txt" | grep -c ' fresh ')" -eq 4 ] || { echo "not every key op keeps fresh"; return 1; }
	printf 'map[string]int64\nmake\nlen fresh\n' >"$d/bad.txt"
	! out/mapdiff show "$d/bad.txt" >/dev/null 2>&1 || { echo "len fresh accepted"; return 1; }
}

# The binary form interns keys as the text form does: a literal equal to a
# key already read (pool or literal) names that key, so the same key is one
# copy unless an op asks for a fresh one.  Pool "a", "a"; put pool key 1;
# get the literal "a": one key, a pool of one after show and asm.
t_keycopies_decode_interns() {
	local d=out/tests/keycopies
	mkdir -p "$d"
	printf '\x02\x10\x00\x01\x00\x00\x00\x00\x00\x02\x01a\x01a\x00\x01\x02\x04\xff\x01a' >"$d/dup.bin"
	out/mapdiff show "$d/dup.bin" >"$d/dup.txt" && out/mapdiff asm "$d/dup.txt" -o "$d/dup2.bin" || return 1
	[ "$(od -An -tu1 -j9 -N1 "$d/dup2.bin" | tr -d ' ')" = 1 ] || { echo "pool of $(od -An -tu1 -j9 -N1 "$d/dup2.bin") keys, want 1"; return 1; }
	grep -q '^put "a" 1$' "$d/dup.txt" && grep -q '^get "a"$' "$d/dup.txt" || { echo "decoded as: $(cat "$d/dup.txt")"; return 1; }
}

# mapdiff repro makes fresh copies too: the padding fault's reproducer,
# written by the faulty port's mapdiff as docs/PORTING.md says, stops at
# the fresh get; the correct port's runs through.
t_keycopies_repro() {
	local d=out/tests/keycopies/35-struct-padding-as-memory rc=0
	[ -x "$d/mapdiff" ] || fault_cli bench/mutants/35-struct-padding-as-memory.patch "$d" || return 1
	"$d/mapdiff" repro tests/faults/fresh-padding.txt -o "$d/repro.c" &&
		cc -std=c11 -Wall -Wextra -Werror -g -DREPRO_PORT=classic_port "$d/repro.c" "$d"/impl/*.c -I"$d/impl" -o "$d/repro" -lm ||
		return 1
	"$d/repro" >"$d/repro.out" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] && grep -q '^repro: C port differs from Go at op 2 (get fresh {1, 2}): ' "$d/repro.out" ||
		{ echo "repro exit $rc: $(cat "$d/repro.out")"; return 1; }
	out/mapdiff repro tests/faults/fresh-padding.txt -o "$d/repro-ok.c" &&
		cc -std=c11 -Wall -Wextra -Werror -g -DREPRO_PORT=classic_port "$d/repro-ok.c" impl/*.c -Iimpl -o "$d/repro-ok" -lm &&
		"$d/repro-ok" >/dev/null || { echo "the correct port's reproducer fails"; return 1; }
}
