# shellcheck shell=bash
# docs/examples/listport.c, built and tested the way docs/PORTING.md says.
T_EX=out/tests/example-port

t_example_port_builds_and_agrees() {
	mkdir -p "$T_EX"
	PORT_OUT=$T_EX/ok ./build.sh port docs/examples/listport.c >"$T_EX/build.log" 2>&1 || { tail -5 "$T_EX/build.log"; return 1; }
	# corpus programs where Go toolchains differ among themselves say so
	# ("# expect: differ ID...", as in crashes/): left out here
	local progs
	mapfile -t progs < <(grep -L '^# expect: differ ' corpus/*.txt)
	"$T_EX/ok/mapdiff" run --oracle all "${progs[@]}" >"$T_EX/run" ||
		{ grep -v '^agree' "$T_EX/run" | head; return 1; }
	grep -q "^agree    corpus/int.txt (5 ops, map\[int\]int64): listport, " "$T_EX/run" || { head -3 "$T_EX/run"; return 1; }
}

# A few seconds of libFuzzer against the model, then against the Go linked in.
t_example_port_fuzzes() {
	[ -x "$T_EX/ok/mapdiff-fuzz" ] || t_example_port_builds_and_agrees || return 1
	local o
	for o in model ""; do
		rm -rf "$T_EX/corpus" && mkdir -p "$T_EX/corpus" && cp out/seeds/* "$T_EX/corpus/"
		MAPDIFF_ORACLE=$o "$T_EX/ok/mapdiff-fuzz" -max_total_time=3 -seed=1 -max_len=8192 \
			-artifact_prefix="$T_EX/" "$T_EX/corpus" >"$T_EX/fuzz.log" 2>&1 || { grep -m3 '^mapdiff' "$T_EX/fuzz.log"; return 1; }
		grep -q 'Done [0-9]* runs' "$T_EX/fuzz.log" || { tail -3 "$T_EX/fuzz.log"; return 1; }
	done
}

# The same port without Go's stored-key update: every Go and the model agree, the port differs.
t_example_port_fault_named() {
	mkdir -p "$T_EX/bad"
	sed 's/set_key(t, n, key, true);/(void)0;/' docs/examples/listport.c >"$T_EX/bad/listport_bad.c"
	PORT_OUT=$T_EX/bad PORT_NO_FUZZER=1 ./build.sh port "$T_EX/bad/listport_bad.c" >"$T_EX/bad/build.log" 2>&1 || { tail -5 "$T_EX/bad/build.log"; return 1; }
	local rc=0
	"$T_EX/bad/mapdiff" run --oracle all corpus/float64_negzero.txt >"$T_EX/bad/run" || rc=$?
	[ "$rc" -eq 1 ] || { echo "exit $rc, want 1"; return 1; }
	# every Go built here, in `mapdiff oracles` order
	local gos
	gos=$(out/mapdiff oracles | awk 'NR > 1 && $1 != "model" { sub(/-/, " ", $1); print $1 }' | paste -sd, | sed 's/,/, /g')
	grep -qxF "mapdiff: $gos and model agree; listport differs at op 3 (range)" "$T_EX/bad/run" &&
		grep -qxF "mapdiff: the model sides with $gos" "$T_EX/bad/run" &&
		[[ "$(tail -1 "$T_EX/bad/run")" == 'mapdiff: DIVERGENCE range on map[float64]V (listport vs gc 1.'*')' ]] ||
		{ cat "$T_EX/bad/run"; return 1; }
}
