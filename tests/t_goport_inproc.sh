# shellcheck shell=bash
# A Go port in mapdiff's own process (./build.sh goport's
# out/goport/<id>/mapdiff, harness/oracles/goport_linked.c): the same
# verdicts as its helper, a program that would taint the process run on
# the helper, and a campaign.

# goport_inproc_build ID: out/goport/ID/mapdiff, built once per test run.
goport_inproc_build() {
	local m=out/tests/goport-inproc-$1.built
	[ -x "out/goport/$1/mapdiff" ] && [ -x "out/goport/$1/mapdiff-oracle" ] && [ -e "$m" ] &&
		[ -z "$(find goport oracle harness Makefile -newer "$m" -print -quit)" ] && return 0
	./build.sh goport "goport/adapters/$1" >"out/tests/goport-inproc-$1.build" 2>&1 ||
		{ tail -3 "out/tests/goport-inproc-$1.build"; return 1; }
	touch "$m"
}

# Every corpus program and seed, run in process and on the helper: the
# same lines, byte for byte (two libraries whose runs are deterministic).
t_goport_inproc_same_verdicts() {
	local id
	for id in dolthubswiss syncmap; do
		goport_inproc_build "$id" || return 1
		out/goport/$id/mapdiff --help 2>&1 | grep -q "the port under test, $id\$" || { echo "$id: not the port under test"; return 1; }
		out/goport/$id/mapdiff --help 2>&1 | grep -q '(a Go port linked in by ./build.sh goport)' || { echo "$id: not in process"; return 1; }
		MAPDIFF_GOPORT_INPROC=0 out/goport/$id/mapdiff --help 2>&1 | grep -q '(a Go port, $MAPDIFF_PORT or --port)' ||
			{ echo "$id: MAPDIFF_GOPORT_INPROC=0 still in process"; return 1; }
		out/goport/$id/mapdiff run --port-types corpus/*.txt out/seeds/* >out/tests/inproc-$id.a 2>&1 || true
		out/mapdiff run --port "$id" --port-types corpus/*.txt out/seeds/* >out/tests/inproc-$id.b 2>&1 || true
		grep -q '^total .* [1-9][0-9]* agree' out/tests/inproc-$id.a || { tail -1 out/tests/inproc-$id.a; return 1; }
		cmp -s out/tests/inproc-$id.a out/tests/inproc-$id.b ||
			{ echo "$id: in process and helper differ"; diff out/tests/inproc-$id.a out/tests/inproc-$id.b | head -5; return 1; }
	done
}

# haxmap's Clear after New(5) damages memory: in process the adapter's
# goport.Taint stops the program before it, and the helper runs it, with
# the finding's own verdict.
t_goport_inproc_taint_runs_on_helper() {
	local f=crashes/goport-haxmap-clear-hint.txt want rc=0 d=out/tests/inproc-nohelper
	goport_inproc_build haxmap || return 1
	want=$(sed -n 's/^# expect: signature //p' "$f")
	out/goport/haxmap/mapdiff run "$f" >out/tests/inproc-taint.out 2>&1 || rc=$?
	[ "$rc" -eq 1 ] && [ "$(tail -1 out/tests/inproc-taint.out)" = "$want" ] ||
		{ echo "exit $rc: $(tail -1 out/tests/inproc-taint.out)"; return 1; }
	# without its helper beside it, the binary says so rather than run alone
	rm -rf "$d" && mkdir -p "$d" && cp out/goport/haxmap/mapdiff "$d/"
	rc=0
	"$d/mapdiff" run "$f" >"$d/out" 2>&1 || rc=$?
	[ "$rc" -eq 2 ] && grep -q "^mapdiff: no Go port 'haxmap' (no .*/mapdiff-oracle)" "$d/out" || { echo "exit $rc: $(cat "$d/out")"; return 1; }
}

# `mapdiff fuzz` of the in-process build: its own fuzz target, on the
# port's map types, no divergence.
t_goport_inproc_fuzzes() {
	local d=out/tests/inproc-fuzz
	goport_inproc_build dolthubswiss || return 1
	rm -rf "$d"
	out/goport/dolthubswiss/mapdiff fuzz --seconds 3 --dir "$d" >"$d.log" 2>&1 || { tail -3 "$d.log"; return 1; }
	grep -q "^fuzzing with libfuzzer .*out/goport/dolthubswiss/mapdiff-fuzz" "$d.log" &&
		grep -q '^every input decodes as one of the map types dolthubswiss declares' "$d.log" &&
		grep -q '^summary: .*inputs run [1-9][0-9]*, .*divergences 0 ' "$d.log" || { tail -3 "$d.log"; return 1; }
}

# A finding that damages the process (goport.Taint naming it, `taint` in
# harness/report/findings.c) is known in whatever program tainted: the
# in-process campaign of cockroachdb/swiss, from its Clear finding alone,
# counts it and goes on.
t_goport_inproc_taint_finding_counted() {
	local d=out/tests/inproc-taint
	goport_inproc_build cockroachswiss || return 1
	out/goport/cockroachswiss/mapdiff run crashes/goport-cockroach-swiss-clear-empty.txt >"$d.run" 2>&1
	grep -q '^known finding goport-cockroach-swiss-clear-empty ' "$d.run" || { echo "not known in process"; return 1; }
	rm -rf "$d" && mkdir -p "$d/seeds" || return 1
	out/mapdiff asm crashes/goport-cockroach-swiss-clear-empty.txt -o "$d/seeds/clear-empty" || return 1
	out/goport/cockroachswiss/mapdiff fuzz --seconds 3 --seeds "$d/seeds" --dir "$d/camp" >"$d.out" 2>&1 || true
	grep -q '^known finding: goport-cockroach-swiss-clear-empty, seen in at least [1-9]' "$d.out" ||
		{ tail -5 "$d.out"; return 1; }
}

# ... and so is a hang after the taint (cockroachdb/swiss's ninth Put after
# Clear): the fuzz target counts it and goes on, in process and on the
# helper; `run` names it and gives the hang's signature.
t_goport_taint_hang_counted() {
	local f=crashes/goport-cockroach-swiss-clear-empty-hang.txt d=out/tests/inproc-hang mode rc
	goport_inproc_build cockroachswiss || return 1
	rm -rf "$d" && mkdir -p "$d" && out/mapdiff asm "$f" -o "$d/hang.bin" || return 1
	for mode in inproc helper; do
		rc=0
		if [ $mode = inproc ]; then
			MAPDIFF_PORT_TYPES=1 out/goport/cockroachswiss/mapdiff-fuzz -runs=1 "$d/hang.bin" >"$d/$mode" 2>&1 || rc=$?
		else
			MAPDIFF_PORT=cockroachswiss MAPDIFF_PORT_TYPES=1 out/mapdiff-fuzz -runs=1 "$d/hang.bin" >"$d/$mode" 2>&1 || rc=$?
		fi
		[ $rc -eq 0 ] && grep -q '^mapdiff: known finding goport-cockroach-swiss-clear-empty seen' "$d/$mode" &&
			! grep -q 'HANG' "$d/$mode" || { echo "$mode: exit $rc"; tail -3 "$d/$mode"; return 1; }
	done
	rc=0
	out/goport/cockroachswiss/mapdiff run "$f" >"$d/run" 2>&1 || rc=$?
	[ $rc -eq 1 ] && grep -q '^known finding goport-cockroach-swiss-clear-empty .*then hung$' "$d/run" &&
		[ "$(tail -1 "$d/run")" = 'mapdiff: HANG on map[float64]V (cockroachswiss)' ] || { echo "run: exit $rc"; tail -3 "$d/run"; return 1; }
}
