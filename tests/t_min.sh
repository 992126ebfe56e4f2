# shellcheck shell=bash
# mapdiff min: a 200-op divergence on a port with a planted fault shrinks to
# at most 5 ops with the same signature; bad input is refused.
MIN_T=out/tests/min

# faulty_cli DIR: DIR/mapdiff, the CLI built on impl/ with the planted fault
# tests/faults/no-keyupdate.patch (sources as build.sh lists them).
faulty_cli() {
	local d=$1
	rm -rf "$d" && mkdir -p "$d" && cp -r impl "$d/" || return 1
	patch -s -p1 -d "$d" <tests/faults/no-keyupdate.patch || return 1
	eval "$(grep -E '^(CWARN|HARNESS|CLI)\+?=\(' build.sh)"
	gcc "${CWARN[@]}" -O1 -Iharness "${HARNESS[@]}" "${CLI[@]}" "$d"/impl/*.c out/oracle/libmdoracle.a \
		-lpthread -lm -o "$d/mapdiff"
}

# prog200 FILE: 200 ops on float64 keys; +0.0 is stored at op 40, overwritten
# through -0.0 at op 120, and only the range at op 199 can tell.
prog200() {
	awk 'BEGIN {
		srand(11); print "map[float64]int64"; print "make"
		for (i = 1; i < 199; i++) {
			if (i == 40) { print "put 0.0 7"; continue }
			if (i == 120) { print "put -0.0 9"; continue }
			r = int(rand() * 4); k = 1 + int(rand() * 20); v = int(rand() * 1000) - 500
			if (r == 0) print "put " k " " v; else if (r == 1) print "get " k
			else if (r == 2) print "del " k; else print "add " k " " v
		}
		print "range" }' >"$1"
}

t_min_planted_fault_200_ops() {
	faulty_cli "$MIN_T" || return 1
	prog200 "$MIN_T/p200.txt"
	[ "$(grep -vc '^map' "$MIN_T/p200.txt")" -eq 200 ] || { echo "generator: not 200 ops"; return 1; }
	local rc=0
	"$MIN_T/mapdiff" run "$MIN_T/p200.txt" >"$MIN_T/run.out" || rc=$?
	[ "$rc" -eq 1 ] && grep -q '^mapdiff: DIVERGENCE range at op 199$' "$MIN_T/run.out" ||
		{ echo "the 200-op program does not diverge at op 199: $(tail -2 "$MIN_T/run.out")"; return 1; }
	"$MIN_T/mapdiff" min "$MIN_T/p200.txt" -o "$MIN_T/min.txt" >"$MIN_T/min.out" || { cat "$MIN_T/min.out"; return 1; }
	local ops
	ops=$(grep -Evc '^(#|map\[|seed )' "$MIN_T/min.txt")
	[ "$ops" -le 5 ] || { echo "minimized to $ops ops, want <= 5: $(cat "$MIN_T/min.txt")"; return 1; }
	# the same signature, re-anchored at the last op
	rc=0
	"$MIN_T/mapdiff" run "$MIN_T/min.txt" >"$MIN_T/rerun.out" || rc=$?
	grep -q "^mapdiff: DIVERGENCE range at op $((ops - 1))\$" "$MIN_T/rerun.out" ||
		{ echo "minimized program: $(tail -1 "$MIN_T/rerun.out")"; return 1; }
	grep -q '^put -0.0 ' "$MIN_T/min.txt" || { echo "the -0.0 put is gone: $(cat "$MIN_T/min.txt")"; return 1; }
	# binary output when OUT does not end in .txt, same program
	"$MIN_T/mapdiff" min "$MIN_T/min.txt" -o "$MIN_T/min.bin" >/dev/null &&
		"$MIN_T/mapdiff" show "$MIN_T/min.bin" | grep -Evc '^(#|map\[|seed )' | grep -qx "$ops" ||
		{ echo "binary output differs"; return 1; }
	# ...and as a Go program it runs with go run and shows what Go does
	mkdir -p "$MIN_T/go" && "$MIN_T/mapdiff" go "$MIN_T/min.txt" -o "$MIN_T/go/main.go" || return 1
	(cd "$MIN_T/go" && GOFLAGS= go run main.go) >"$MIN_T/go/out" 2>&1 && grep -q '^ok: go' "$MIN_T/go/out" ||
		{ echo "go run: $(cat "$MIN_T/go/out")"; return 1; }
}

t_min_refuses_agreeing_program() {
	mkdir -p "$MIN_T"
	local rc=0
	out/mapdiff min corpus/float64_negzero.txt -o "$MIN_T/x.txt" 2>"$MIN_T/err" || rc=$?
	[ "$rc" -eq 2 ] && [ "$(wc -l <"$MIN_T/err")" -eq 1 ] && grep -q 'agree' "$MIN_T/err" ||
		{ echo "exit $rc: $(cat "$MIN_T/err")"; return 1; }
	rc=0
	out/mapdiff min corpus/float64_negzero.txt 2>"$MIN_T/err" || rc=$?
	[ "$rc" -eq 2 ] || { echo "min without -o: exit $rc, want 2"; return 1; }
}
