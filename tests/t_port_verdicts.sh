# shellcheck shell=bash
# A port author's day (issue 17): what `run`, `trace`, `fuzz`, `--help` and
# `facts` tell the author of a port outside the tree, docs/examples/listport.c
# and small variants of it built under out/tests/port-verdicts/.
T_PV=out/tests/port-verdicts

# pv_port NAME SED: listport.c edited by SED, built (CLI only) into $T_PV/NAME.
pv_port() {
	local d=$T_PV/$1
	mkdir -p "$d"
	sed "$2" docs/examples/listport.c >"$d/$1.c"
	PORT_OUT=$d PORT_NO_FUZZER=1 ./build.sh port "$d/$1.c" >"$d/build.log" 2>&1 || { tail -5 "$d/build.log"; return 1; }
}

# listport as it is, with its fuzz target (t_example_port.sh builds it).
pv_listport() {
	[ -x "$T_EX/ok/mapdiff-fuzz" ] || t_example_port_builds_and_agrees >/dev/null || return 1
	echo "$T_EX/ok/mapdiff"
}

# 1, 2, 3: over corpus/ with every oracle, skipped is never agree, the
# port agrees with every Go that ran each program (exit 0), the Go
# toolchains' own difference is shown on the skipped line, and totals add up.
t_port_verdicts_all_oracles_corpus() {
	local md rc=0
	md=$(pv_listport) || return 1
	"$md" run --oracle all corpus/*.txt >"$T_PV.all" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || { echo "exit $rc, want 0: $(grep -m3 '^DIVERGE\|^mapdiff' "$T_PV.all")"; return 1; }
	# listport, side 0, comes first in a list of skipped sides: "; listport [and model] skipped"
	[ "$(grep '^agree' "$T_PV.all" | grep -c '; listport[ ,a-z0-9.]* skipped')" -eq 0 ] || { echo "skipped called agree"; return 1; }
	# every Go with clear agrees; those without (gc 1.19, gccgo) are skipped, whichever are built here
	grep -Eq '^agree    corpus/clear_reuse.txt .*: listport(, gc 1\.[0-9]+)+ and model agree; gc 1\.19(, gccgo 11)? and gccgo 12 skipped \(no clear\)$' "$T_PV.all" ||
		{ grep clear_reuse "$T_PV.all"; return 1; }
	grep -q '^skipped  corpus/unhashable.txt (17 ops, map\[interface {}\]int64): .* differ.* at op 1 (panic message); listport and model skipped (type_new returned NULL for map\[interface {}\]int64)$' "$T_PV.all" ||
		{ grep 'unhashable.txt' "$T_PV.all"; return 1; }
	local n a s
	n=$(find corpus -name '*.txt' | wc -l)
	a=$(grep -c '^agree ' "$T_PV.all")
	s=$(grep -c '^skipped ' "$T_PV.all")
	grep -q "^total    $n programs: $a agree, $s skipped, 0 diverged, 0 spec violations; on [1-9][0-9]* the oracles differ among themselves$" "$T_PV.all" ||
		{ echo "want totals $n/$a/$s: $(tail -1 "$T_PV.all")"; return 1; }
	[ "$(tail -1 "$T_PV.all" | cut -c1-5)" = total ] || { echo "totals are not the last line"; return 1; }
}

# 3: the totals count a divergence; one file prints no totals.
t_port_verdicts_totals_count_divergence() {
	local rc=0
	t_example_port_fault_named >/dev/null || return 1
	"$T_EX/bad/mapdiff" run corpus/int.txt corpus/float64_negzero.txt corpus/array_string.txt >"$T_PV.tot" || rc=$?
	[ "$rc" -eq 1 ] || { echo "exit $rc, want 1"; return 1; }
	grep -q '^total    3 programs: 1 agree, 1 skipped, 1 diverged, 0 spec violations$' "$T_PV.tot" || { tail -2 "$T_PV.tot"; return 1; }
	"$T_EX/bad/mapdiff" run corpus/int.txt >"$T_PV.one" || return 1
	! grep -q '^total' "$T_PV.one" || { echo "totals for one file"; return 1; }
}

# 4: a port's reasons, from type_new and from a NULL clear, with the map type.
t_port_verdicts_skip_reasons() {
	local md
	md=$(pv_listport) || return 1
	"$md" run corpus/array_string.txt >"$T_PV.type" || return 1
	grep -qx 'skipped  corpus/array_string.txt (9 ops, map\[\[3\]string\]int64): gc 1\.[0-9]* ran; listport skipped (type_new returned NULL for map\[\[3\]string\]int64)' "$T_PV.type" ||
		{ cat "$T_PV.type"; return 1; }
	pv_port noclear 's/\.clear = l_clear,/.clear = NULL,/; s/^static void l_clear/__attribute__((unused)) &/' || return 1
	"$T_PV/noclear/mapdiff" run --oracle model corpus/clear_reuse.txt corpus/int.txt >"$T_PV.noclear" || return 1
	grep -q '^skipped  corpus/clear_reuse.txt ([0-9]* ops, map\[float64\]int64): model ran; listport skipped (no clear)$' "$T_PV.noclear" ||
		{ cat "$T_PV.noclear"; return 1; }
	grep -q '^agree    corpus/int.txt' "$T_PV.noclear" || { cat "$T_PV.noclear"; return 1; }
}

# 5: with two sides, the port differs from Go (Go is the reference).
t_port_verdicts_two_sided_header() {
	t_example_port_fault_named >/dev/null || return 1
	local rc=0
	"$T_EX/bad/mapdiff" run corpus/float64_negzero.txt >"$T_PV.two" || rc=$?
	[ "$rc" -eq 1 ] && grep -q '^mapdiff: listport differs from gc 1\.[0-9]* at op 3 (range)$' "$T_PV.two" ||
		{ echo "exit $rc: $(grep -m2 '^mapdiff' "$T_PV.two")"; return 1; }
}

# 6: `mapdiff fuzz` in a port build finds its seeds; PORTING.md documents it.
t_port_verdicts_fuzz_command() {
	local md d rc=0
	md=$(pv_listport) || return 1
	d=$(dirname "$md")
	[ -d "$d/seeds" ] && [ -n "$(ls "$d/seeds")" ] || { echo "no $d/seeds"; return 1; }
	"$md" fuzz --seconds 3 --dir "$T_PV/campaign" >"$T_PV.fuzz" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] && grep -q '^summary: engine libfuzzer' "$T_PV.fuzz" || { echo "exit $rc: $(tail -3 "$T_PV.fuzz")"; return 1; }
	grep -q 'out/port/mapdiff fuzz --seconds' docs/PORTING.md || { echo "PORTING.md: no mapdiff fuzz"; return 1; }
}

# 7: --help and facts name the port under test.
t_port_verdicts_help_and_facts_name_port() {
	local md
	md=$(pv_listport) || return 1
	"$md" --help >"$T_PV.help" && grep -q 'port under test, listport$' "$T_PV.help" || { head -4 "$T_PV.help"; return 1; }
	out/mapdiff --help | grep -q 'port under test, C port$' || { echo "main build: $(out/mapdiff --help | sed -n 3p)"; return 1; }
	"$md" facts >"$T_PV.facts" 2>&1 || { tail -3 "$T_PV.facts"; return 1; }
	grep -q '^    listport: ' "$T_PV.facts" && ! grep -q 'C port' "$T_PV.facts" || { grep -m3 'C port\|listport' "$T_PV.facts"; return 1; }
}

# 9: PORTING.md says what each op calls.
t_port_verdicts_ops_documented() {
	local sec
	sec=$(sed -n '/^### What each op calls/,/^### /p' docs/PORTING.md)
	local w
	for w in '`add k v`' 'only `assign' '`range`' '`it a`' '`iter_init`' '`type_new(K, V)`' '`make` / `make N`'; do
		grep -qF -- "$w" <<<"$sec" || { echo "PORTING.md's op table does not say $w"; return 1; }
	done
}

# 10: a port whose iterator walks its first chain twice: trace marks the op
# with S, and the report says where the entry was first produced.
t_port_verdicts_spec_violation_marked() {
	pv_port dupiter 's/liter it = {m, 0, /liter it = {m, -1, /' || return 1
	local p=$T_PV/dup.txt i rc=0
	{ echo 'map[int64]int64'; echo make; for i in $(seq 1 20); do echo "put $i $i"; done
	  echo 'it a'; for i in $(seq 1 8); do echo 'next a'; done; echo 'drain a'; } >"$p"
	"$T_PV/dupiter/mapdiff" trace "$p" >"$T_PV.dup" || rc=$?
	[ "$rc" -eq 1 ] || { echo "exit $rc, want 1"; return 1; }
	local op
	op=$(sed -n 's/^mapdiff: listport broke the Go spec on iteration at op \([0-9]*\): produced an entry twice$/\1/p' "$T_PV.dup")
	[ "$(tail -1 "$T_PV.dup")" = 'mapdiff: SPEC VIOLATION produced an entry twice by listport' ] ||
		{ echo "last line: $(tail -1 "$T_PV.dup")"; return 1; }
	[ -n "$op" ] || { tail -3 "$T_PV.dup"; return 1; }
	grep -Eq "^S +$op  " "$T_PV.dup" || { echo "op $op not marked S"; return 1; }
	grep -Eq "listport produced an entry twice: entry .* \(first produced at op (2[2-9]|30)\)$" "$T_PV.dup" ||
		{ grep 'twice' "$T_PV.dup"; return 1; }
}
