# shellcheck shell=bash
# mapdiff repro: a C reproducer for a port outside the tree
# (docs/examples/listport.c without Go's stored-key update, built by
# pf_build in t_port_fuzz.sh), from a crasher its fuzz target found: built
# with the port's source and impl/ alone (docs/PORTING.md), it stops at the
# op `mapdiff run` names, under gdb too; on a program the port agrees on it
# exits 0.
T_RP=out/tests/repro

t_repro_names_divergent_op() {
	# a fault the fuzzer reaches from the corpus in seconds: delete leaves len
	pf_build baddel 's/((lmap \*)mp)->count--;/(void)0;/' || return 1
	local d=$T_PF/baddel crash rc=0
	mkdir -p "$T_RP" && rm -rf "$T_RP/seeds" "$T_RP/art" && mkdir -p "$T_RP/seeds" "$T_RP/art"
	# a crasher made by the fuzzer: seeds that diverge as they are left out
	cp out/seeds/* "$T_RP/seeds/"
	"$d/mapdiff" run "$T_RP"/seeds/* 2>/dev/null | awk '$1 == "DIVERGE" || $1 == "SPEC" { print $2 }' | xargs -r rm -f
	"$d/mapdiff-fuzz" -max_total_time=120 -seed=1 -max_len=8192 -artifact_prefix="$T_RP/art/" "$T_RP/seeds" \
		>"$T_RP/fuzz.log" 2>&1 && { echo "no find in 120 s"; return 1; }
	crash=$(ls "$T_RP"/art/crash-* | head -1)
	[ -f "$crash" ] || { tail -3 "$T_RP/fuzz.log"; return 1; }
	"$d/mapdiff" run "$crash" >"$T_RP/run.out" 2>&1 && return 1
	local op
	op=$(sed -n 's/^mapdiff: listport differs from gc 1.26 at op \([0-9]*\) (.*)$/\1/p' "$T_RP/run.out")
	[ -n "$op" ] || { tail -3 "$T_RP/run.out"; return 1; }
	# the reproducer: written by the port's mapdiff, built as PORTING.md says
	"$d/mapdiff" repro "$crash" -o "$T_RP/repro.c" || return 1
	cc -std=c11 -Wall -Wextra -Werror -g "$T_RP/repro.c" "$d/listport.c" -Iimpl -o "$T_RP/repro" || return 1
	"$T_RP/repro" >"$T_RP/repro.out" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] || { echo "repro exit $rc, want 1: $(cat "$T_RP/repro.out")"; return 1; }
	grep -Eq "^repro: listport differs from Go at op $op \\((range|get|len|next|drain) ?[^)]*\\): " "$T_RP/repro.out" ||
		{ echo "want op $op: $(cat "$T_RP/repro.out")"; return 1; }
	# gdb stops before that op
	if command -v gdb >/dev/null; then
		gdb -batch -ex "break repro_op if i == $op" -ex run -ex 'print i' "$T_RP/repro" >"$T_RP/gdb.out" 2>&1
		grep -q "^\$1 = $op\$" "$T_RP/gdb.out" || { tail -5 "$T_RP/gdb.out"; return 1; }
	fi
	# a program the port agrees on: exit 0
	"$d/mapdiff" repro corpus/int.txt -o "$T_RP/agree.c" || return 1
	cc -std=c11 -Wall -Wextra -Werror -g "$T_RP/agree.c" "$d/listport.c" -Iimpl -o "$T_RP/agree" || return 1
	"$T_RP/agree" | grep -qx 'ok: listport does what Go (gc go1\.[0-9.]*) did on all [0-9]* ops' || return 1
}

# Corpus programs of every kind of key and value (strings inside
# composites, interfaces with named dynamic types, pointers, channels, fresh
# copies of each) on the C port of this tree (with ASan and UBSan): exit 0;
# bad command lines: one line, exit 2.
t_repro_corpus_and_refusals() {
	mkdir -p "$T_RP/corpus/impl"
	local f n=0 rc san=(-std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined -fno-sanitize-recover=all)
	for f in impl/*.c; do
		clang "${san[@]}" -Iimpl -c "$f" -o "$T_RP/corpus/impl/$(basename "$f" .c).o" || return 1
	done
	for f in corpus/int.txt corpus/float64_nan.txt corpus/string_long_keys.txt corpus/struct_padding.txt \
		corpus/array_float.txt corpus/value_string.txt corpus/value_uint64.txt corpus/hints.txt \
		corpus/iter_delete_replace.txt corpus/float64_nan_add.txt corpus/array_string.txt \
		corpus/compiled_struct_string.txt corpus/iface_kinds.txt corpus/iface_named_vs_unnamed.txt \
		corpus/iface_named_composite.txt corpus/iface_m_kinds.txt corpus/iface_m_pointer.txt corpus/pointer.txt \
		corpus/chan.txt corpus/value_iface_named.txt corpus/value_pointer.txt corpus/unhashable_nested.txt \
		tests/faults/fresh-*.txt tests/faults/repro-*.txt; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		out/mapdiff repro "$f" -o "$T_RP/corpus/r.c" || { echo "$f: not written"; return 1; }
		clang "${san[@]}" -DREPRO_PORT=classic_port "$T_RP/corpus/r.c" "$T_RP"/corpus/impl/*.o -Iimpl -lm -o "$T_RP/corpus/r" ||
			{ echo "$f: does not build"; return 1; }
		"$T_RP/corpus/r" >"$T_RP/corpus/r.out" 2>&1 || { echo "$f: $(tail -2 "$T_RP/corpus/r.out")"; return 1; }
	done
	[ "$n" -ge 30 ] || { echo "only $n programs"; return 1; }
	local err
	for args in "" "no/such/file" "corpus/int.txt --bogus"; do
		rc=0
		# shellcheck disable=SC2086
		err=$(out/mapdiff repro $args -o "$T_RP/corpus/x.c" 2>&1 >/dev/null) || rc=$?
		[ "$rc" -eq 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && [[ "$err" == mapdiff:* ]] ||
			{ echo "repro $args: exit $rc: $err"; return 1; }
	done
	[ ! -e "$T_RP/corpus/x.c" ] || { echo "a refused program left x.c"; return 1; }
}

# repro_fault MUTANT DIR PROGRAM: with the planted fault (its mapdiff in DIR,
# built there when missing, as the tests of that fault build it) mapdiff run
# diverges at some op; the reproducer, built with the faulty impl/ under
# ASan and UBSan, exits 1 naming that op.
repro_fault() {
	local d=$2 rc=0 op san=(-std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined -fno-sanitize-recover=all)
	[ -x "$d/mapdiff" ] || fault_cli "bench/mutants/$1.patch" "$d" || return 1
	"$d/mapdiff" run "$3" >"$d/repro-run.out" 2>&1 && { echo "$1 agrees on $3"; return 1; }
	op=$(sed -n 's/^mapdiff: C port and gc 1\.26 differ at op \([0-9]*\) (.*)$/\1/p' "$d/repro-run.out" | head -1)
	[ -n "$op" ] || { echo "$1 on $3: $(tail -1 "$d/repro-run.out")"; return 1; }
	out/mapdiff repro "$3" -o "$d/repro-kind.c" &&
		clang "${san[@]}" -DREPRO_PORT=classic_port "$d/repro-kind.c" "$d"/impl/*.c -I"$d/impl" -lm -o "$d/repro-kind" ||
		{ echo "$1: the reproducer of $3 does not build"; return 1; }
	"$d/repro-kind" >"$d/repro-kind.out" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] && grep -q "^repro: C port differs from Go at op $op (" "$d/repro-kind.out" ||
		{ echo "$1 on $3: exit $rc, want 1 at op $op: $(tail -1 "$d/repro-kind.out")"; return 1; }
}

# A planted fault of each kind of key repro now writes: a string in an
# array (fresh bytes) and in a struct (past byte 8), interface{} (fresh
# boxes; named dynamic types), interface{ M() } holding a pointer and a
# named int (fresh boxes), pointer and channel keys (the objects where the
# executor puts them).  The correct port runs each through (the corpus test
# above).
t_repro_faults_of_each_kind() {
	repro_fault 33-strkey-hash-header out/tests/keycopies/33-strkey-hash-header tests/faults/fresh-string.txt &&
		repro_fault 42-composite-string-prefix out/tests/collide/42-composite-string-prefix \
			tests/faults/repro-string-struct.txt &&
		repro_fault 34-nilinterequal-direct-small out/tests/keycopies/34-nilinterequal-direct-small \
			tests/faults/fresh-iface.txt &&
		repro_fault 34-nilinterequal-direct-small out/tests/keycopies/34-nilinterequal-direct-small \
			tests/faults/repro-iface-m.txt &&
		repro_fault 36-efaceeq-ignores-type-names out/tests/named/fault corpus/iface_named_vs_unnamed.txt &&
		repro_fault 25-fast64-lookup-ignores-empty "$T_RP/25-fast64-lookup-ignores-empty" tests/faults/repro-pointer.txt &&
		repro_fault 25-fast64-lookup-ignores-empty "$T_RP/25-fast64-lookup-ignores-empty" tests/faults/repro-chan.txt
}
