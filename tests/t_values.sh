# shellcheck shell=bash
# Value types and the oracle's compiled runners (docs/TYPES.md "Where each
# map type runs").

# Every corpus program without iterators traces the same with the
# oracle's compiled runners and with everything through reflect
# (MAPDIFF_ORACLE_REFLECT=1): the compiled map types and reflect's agree.
t_values_compiled_runners_match_reflect() {
	local f bad=0 n=0 a b
	for f in corpus/*.txt; do
		grep -qE '^[[:space:]]*(m2 )?(it|next|drain) ' "$f" && continue
		a=$(out/mapdiff trace "$f" 2>&1) || true
		b=$(MAPDIFF_ORACLE_REFLECT=1 out/mapdiff trace "$f" 2>&1) || true
		[ "$a" = "$b" ] || { echo "$f: compiled and reflect runners differ"; bad=1; }
		n=$((n + 1))
	done
	[ $n -gt 40 ] || { echo "only $n programs compared"; return 1; }
	return $bad
}

# The programs meant for compiled runners really take them: a runner that
# is missing from the table would fall back to reflect unnoticed.
t_values_compiled_runners_listed() {
	local t
	for t in A2Int64 A2Float64 A16Uint8 SInt64Int64 SInt8Float64 SStringInt64 Int32String Uint64Empty StringEmpty; do
		grep -q "run$t," oracle/runners_gen.go || { echo "no compiled runner run$t"; return 1; }
	done
}

# A wrong value is caught: the C port with values from the wrong slot of
# the value table (a planted fault) diverges on a corpus program.
t_values_wrong_value_caught() {
	local d=out/tests/values-fault
	rm -rf "$d" && mkdir -p "$d" && cp -r harness "$d/" || return 1
	sed 's/ex->valp\[(uint64_t)op->val < ex->nvals ? op->val : 0\]/ex->valp[(uint64_t)op->val + 1 < ex->nvals ? op->val + 1 : 0]/' \
		harness/run/exec.c >"$d/harness/run/exec.c"
	cmp -s harness/run/exec.c "$d/harness/run/exec.c" && { echo "fault not planted"; return 1; }
	mk HARNESS="$d/harness" OUT="$d" "$d/mapdiff" >"$d/build.log" 2>&1 || { tail -3 "$d/build.log"; return 1; }
	"$d/mapdiff" run corpus/value_string.txt >"$d/out" 2>&1 && { echo "planted fault not caught"; return 1; }
	grep -Eq '^mapdiff: C port and gc 1\.26 differ at op [0-9]+ \(get value\)$' "$d/out" &&
		[ "$(tail -1 "$d/out")" = 'mapdiff: DIVERGENCE get value on map[mem64]V (C port vs gc 1.26)' ] ||
		{ tail -2 "$d/out"; return 1; }
}

# The known panic wording difference between Go toolchains (docs/TYPES.md)
# does not stop a campaign with every oracle, while `mapdiff run` still
# reports it: 44 of 44 "divergences" of a 5-minute --oracle all campaign
# were this one difference before.
t_values_fuzz_accepts_known_wording() {
	out/mapdiff oracles | grep -q '^gc-1.19 ' || return 0 # no classic gc built here
	local d=out/tests/known f
	mkdir -p "$d"
	for f in crashes/unhashable-nil-map-message.txt crashes/iface-m-unhashable-nil-map-message.txt; do
		out/mapdiff asm "$f" -o "$d/$(basename "$f" .txt).bin" || return 1
		# run calls it not the port's (exit 0) and says so; trace still shows it
		out/mapdiff run --oracle all "$f" >"$d/run" 2>&1 &&
			grep -q "not the port's: .* the known wording of the unhashable-key panic" "$d/run" ||
			{ echo "$f: run does not call it the known wording: $(tail -2 "$d/run")"; return 1; }
		out/mapdiff trace --oracle all "$f" >"$d/trace" 2>&1 || true
		tail -1 "$d/trace" | grep -q '^mapdiff: DIVERGENCE panic message' ||
			{ echo "$f: trace no longer shows the difference"; return 1; }
		MAPDIFF_ORACLE=all out/mapdiff-fuzz -runs=1 "$d/$(basename "$f" .txt).bin" >"$d/log" 2>&1 ||
			{ grep -m2 '^mapdiff' "$d/log"; return 1; }
	done
}
