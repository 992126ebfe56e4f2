# shellcheck shell=bash
# docs/examples/golistmap (a map written in Go), built, run and fuzzed the
# way docs/PORTING.md ("A map written in Go") says.
T_EXG=out/tests/example-goport

t_example_goport_builds_and_fuzzes() {
	rm -rf "$T_EXG" && mkdir -p "$T_EXG"
	./build.sh goport docs/examples/golistmap >"$T_EXG/build.log" 2>&1 || { tail -3 "$T_EXG/build.log"; return 1; }
	out/mapdiff run --port golistmap corpus/*.txt >"$T_EXG/run" 2>&1 || { grep -v '^agree\|^skipped' "$T_EXG/run" | head; return 1; }
	grep -q 'agree, [0-9]* skipped, 0 diverged, 0 spec violations$' "$T_EXG/run" || { tail -1 "$T_EXG/run"; return 1; }
	out/mapdiff fuzz --port golistmap --seconds 3 --dir "$T_EXG/fuzz" >"$T_EXG/fuzz.log" 2>&1 || { tail -3 "$T_EXG/fuzz.log"; return 1; }
	grep -q '^summary: .*divergences 0 ' "$T_EXG/fuzz.log" || { tail -2 "$T_EXG/fuzz.log"; return 1; }
	# on the port's map types (--types port): a Go-spec port skips nothing
	grep -q '^every input decodes as one of the map types golistmap declares' "$T_EXG/fuzz.log" &&
		grep -q '^summary: .*, inputs run [1-9][0-9]*, skipped 0 (0%' "$T_EXG/fuzz.log" || { tail -2 "$T_EXG/fuzz.log"; return 1; }
}

# The same map without Go's stored-key update: mapdiff names the range.
t_example_goport_fault_named() {
	local bad=$T_EXG/golistmapbad rc=0
	rm -rf "$bad" && mkdir -p "$T_EXG" && cp -r docs/examples/golistmap "$bad"
	sed -i 's/n.key, n.val = k, v/n.val = v/' "$bad/listmap.go"
	make --no-print-directory -s GOPORT_ID=golistmapbad GOPORT_SRC="$PWD/$bad" goport-helper >"$bad.log" 2>&1 ||
		{ tail -3 "$bad.log"; return 1; }
	out/mapdiff run --port golistmapbad corpus/float64_negzero.txt >"$bad.run" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] && [[ "$(tail -1 "$bad.run")" == 'mapdiff: DIVERGENCE range on map[float64]V (golistmapbad vs gc 1.'*')' ]] ||
		{ echo "exit $rc"; tail -3 "$bad.run"; return 1; }
	rm -rf out/goport/golistmapbad
}

# The same map looping forever on an overwrite: the helper's CPU time (or,
# in process, the time of the thread that runs programs) passes the
# watchdog's budget, and mapdiff names the side and the op
# (run/watchdog.h), not a timeout.
t_example_goport_hang_named() {
	local bad=$T_EXG/golistmaphang rc=0
	rm -rf "$bad" && mkdir -p "$T_EXG" && cp -r docs/examples/golistmap "$bad"
	sed -i 's/^\t\tn.key, n.val = k, v$/\t\tfor n != nil {\n\t\t\tn.key, n.val = k, v\n\t\t}/' "$bad/listmap.go"
	grep -q 'for n != nil' "$bad/listmap.go" || { echo "the loop was not planted"; return 1; }
	./build.sh goport "$bad" >"$bad.log" 2>&1 || { tail -3 "$bad.log"; return 1; }
	# on its helper, then in process (the thread that runs programs)
	for mapdiff in "out/mapdiff --port golistmaphang" out/goport/golistmaphang/mapdiff; do
		rc=0
		$mapdiff run corpus/float64_negzero.txt >"$bad.run" 2>&1 || rc=$?
		[ "$rc" -eq 1 ] && [ "$(tail -1 "$bad.run")" = 'mapdiff: HANG on map[float64]V (golistmaphang)' ] &&
			grep -q '^HANG     corpus/float64_negzero.txt$' "$bad.run" || { echo "$mapdiff: exit $rc"; tail -3 "$bad.run"; return 1; }
	done
	rm -rf out/goport/golistmaphang
}
