# shellcheck shell=bash
# Named types next to unnamed ones in interface{} (docs/TYPES.md, "Named
# types in interface{}"): MInt(1) and int(1) are two keys of one
# map[interface{}]V.  The text form keeps them apart through the binary
# form; the planted fault bench/mutants/36 (efaceeq compares types by
# structure, not name) diverges on the corpus seeds that hold both and on
# no corpus program without them; every oracle agrees on the seeds.
NAMED_T=out/tests/named

# show, asm and show again give the same text; MInt(1) stays next to int(1).
t_named_text_roundtrip() {
	local f n
	mkdir -p "$NAMED_T"
	for f in corpus/iface_named_*.txt; do
		n=$NAMED_T/$(basename "$f" .txt)
		out/mapdiff show "$f" >"$n.a.txt" && out/mapdiff asm "$n.a.txt" -o "$n.bin" &&
			out/mapdiff show "$n.bin" >"$n.b.txt" || return 1
		cmp -s "$n.a.txt" "$n.b.txt" || { echo "$f: show/asm/show differ"; return 1; }
	done
	n=$NAMED_T/iface_named_vs_unnamed
	grep -qx 'put int(1) 1' "$n.b.txt" && grep -qx 'put MInt(1) 2' "$n.b.txt" &&
		grep -qx 'put MString("s") 7' "$n.b.txt" || { echo "named keys lost: $(head -8 "$n.b.txt")"; return 1; }
	n=$NAMED_T/iface_named_composite
	grep -qx 'put MStruct{1, 2} 2' "$n.b.txt" && grep -qx 'put (\*MObj)(&obj1) 7' "$n.b.txt" ||
		{ echo "named composites lost: $(head -12 "$n.b.txt")"; return 1; }
	# a named type is a value of interface{} only, never a type of its own
	printf 'map[interface{}]int64\nmake\nput MObj(1) 1\n' >"$NAMED_T/bad.txt"
	! out/mapdiff show "$NAMED_T/bad.txt" >/dev/null 2>&1 || { echo "MObj(1) accepted"; return 1; }
}

# The port with the fault diverges on each seed (the second put of a pair
# overwrites the first); on every other corpus program it agrees: before
# named types met unnamed ones, no program could show the fault.
t_named_fault_diverges() {
	local d=$NAMED_T/fault rc f others=()
	fault_cli bench/mutants/36-efaceeq-ignores-type-names.patch "$d" || return 1
	for f in corpus/iface_named_*.txt; do
		rc=0
		"$d/mapdiff" run "$f" >"$d/$(basename "$f").out" 2>&1 || rc=$?
		[ "$rc" -eq 1 ] || { echo "$f: exit $rc with the fault, want 1"; return 1; }
		tail -1 "$d/$(basename "$f").out" |
			grep -Eq '^mapdiff: DIVERGENCE [a-z ]+ on map\[interface\{\}\]V \(C port vs gc 1\.26\)$' ||
			{ echo "$f: last line '$(tail -1 "$d/$(basename "$f").out")'"; return 1; }
	done
	for f in corpus/*.txt; do
		case $f in corpus/iface_named_*) ;; *) others+=("$f") ;; esac
	done
	rc=0
	"$d/mapdiff" run "${others[@]}" >"$d/others.out" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || { echo "the fault diverges without named types: $(grep DIVERGE "$d/others.out" | head -2)"; return 1; }
}

# No false alarm: every oracle agrees on the seeds (gc 1.21's known load
# factor aside, which these programs stay below), and Go keeps both keys
# of each pair: len is 9 and the range has MInt(1) and int(1).
t_named_seed_all_oracles() {
	local f out
	mkdir -p "$NAMED_T"
	for f in corpus/iface_named_*.txt; do
		out=$NAMED_T/$(basename "$f" .txt).all
		MAPDIFF_ORACLE_DIR=out/oracle out/mapdiff run --oracle all "$f" >"$out" 2>&1 ||
			{ echo "$f: $(tail -2 "$out")"; return 1; }
		grep -q '^agree ' "$out" && ! grep -q 'differs' "$out" || { echo "$f: $(head -2 "$out")"; return 1; }
	done
	out/mapdiff trace corpus/iface_named_vs_unnamed.txt >"$NAMED_T/trace.txt" 2>&1 || return 1
	grep -Eq '^ +22  len +9 +9$' "$NAMED_T/trace.txt" || { echo "len: $(grep ' len ' "$NAMED_T/trace.txt")"; return 1; }
	grep -q 'int(1): 3, ' "$NAMED_T/trace.txt" && grep -q 'MInt(1): 2, ' "$NAMED_T/trace.txt" ||
		{ echo "range: $(grep ' range ' "$NAMED_T/trace.txt")"; return 1; }
}
