# shellcheck shell=bash
# mapdiff min: a 200-op divergence on a port with a planted fault shrinks to
# at most 5 ops with the same signature, and so do a composite-key one and
# a value-typed one; bad input is refused.
MIN_T=out/tests/min

# faulty_cli DIR [FAULT]: DIR/mapdiff, the CLI built on impl/ with the planted
# fault tests/faults/FAULT.patch, no-keyupdate by default (the Makefile
# with IMPL set).
faulty_cli() {
	local d=$1
	rm -rf "$d" && mkdir -p "$d" && cp -r impl "$d/" || return 1
	patch -s -p1 -d "$d" <"tests/faults/${2:-no-keyupdate}.patch" || return 1
	mk IMPL="$d/impl" OUT="$d" "$d/mapdiff"
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
	local sig='mapdiff: DIVERGENCE range on map[float64]V (C port vs gc 1.26)'
	[ "$rc" -eq 1 ] && grep -q '^mapdiff: C port and gc 1.26 differ at op 199 (range)$' "$MIN_T/run.out" &&
		[ "$(tail -1 "$MIN_T/run.out")" = "$sig" ] ||
		{ echo "the 200-op program does not diverge at op 199: $(tail -2 "$MIN_T/run.out")"; return 1; }
	"$MIN_T/mapdiff" min "$MIN_T/p200.txt" -o "$MIN_T/min.txt" >"$MIN_T/min.out" || { cat "$MIN_T/min.out"; return 1; }
	local ops
	ops=$(grep -Evc '^(#|map\[|seed )' "$MIN_T/min.txt")
	[ "$ops" -le 5 ] || { echo "minimized to $ops ops, want <= 5: $(cat "$MIN_T/min.txt")"; return 1; }
	# the same signature line, the divergence at the last op
	rc=0
	"$MIN_T/mapdiff" run "$MIN_T/min.txt" >"$MIN_T/rerun.out" || rc=$?
	[ "$(tail -1 "$MIN_T/rerun.out")" = "$sig" ] && [ "$(tail -1 "$MIN_T/min.out")" = "$sig" ] &&
		grep -q "^mapdiff: C port and gc 1.26 differ at op $((ops - 1)) (range)\$" "$MIN_T/rerun.out" ||
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

# struct_keys FILE: corpus/struct_padding.txt's start, then 150 ops on
# struct{a int8; b float64} keys, a len and a get of every key: enough puts
# to grow the map, which the planted fault evacuate-all-x breaks for every
# key type (half the keys land in buckets their hash never leads to).
struct_keys() {
	{
		grep -v '^#' corpus/struct_padding.txt | head -4
		awk 'BEGIN {
			srand(5)
			for (i = 0; i < 150; i++) {
				k = int(rand() * 30); r = int(rand() * 4); f = rand() < 0.3 ? "-0.0" : "0.5"
				if (r < 2) print "put {" k ", " f "} " i; else if (r == 2) print "get {" k ", " f "}"
				else print "del {" k ", " f "}"
			}
			print "len"; for (k = 0; k < 30; k++) print "get {" k ", 0.5}" }'
	} >"$1"
}

t_min_composite_keys() {
	local d=$MIN_T/composite rc=0
	faulty_cli "$d" evacuate-all-x || return 1
	struct_keys "$d/p.txt"
	"$d/mapdiff" run "$d/p.txt" >"$d/run.out" || rc=$?
	local sig
	sig=$(tail -1 "$d/run.out")
	[ "$rc" -eq 1 ] && [[ "$sig" == "mapdiff: DIVERGENCE "*" on map[struct{...float64...}]V (C port vs gc 1.26)" ]] ||
		{ echo "does not diverge: $sig"; return 1; }
	"$d/mapdiff" min "$d/p.txt" -o "$d/min.txt" >"$d/min.out" || { cat "$d/min.out"; return 1; }
	local ops before
	ops=$(grep -Evc '^(#|map\[|seed )' "$d/min.txt")
	before=$(grep -Evc '^(#|map\[|seed )' "$d/p.txt")
	[ "$ops" -lt $((before / 3)) ] || { echo "$before ops minimized to $ops only"; return 1; }
	head -2 "$d/min.txt" | grep -qx 'map\[struct{a int8; b float64}\]int64' || { echo "key type: $(head -2 "$d/min.txt")"; return 1; }
	# the same signature line, the divergence at the last op
	rc=0
	"$d/mapdiff" run "$d/min.txt" >"$d/rerun.out" || rc=$?
	[ "$rc" -eq 1 ] && [ "$(tail -1 "$d/rerun.out")" = "$sig" ] &&
		[ "$(tail -1 "$d/min.out")" = "$sig" ] &&
		grep -q "^mapdiff: C port and gc 1.26 differ at op $((ops - 1)) (" "$d/rerun.out" ||
		{ echo "minimized: $(tail -1 "$d/rerun.out"), was $sig"; return 1; }
	# and the unpatched port agrees on it: the fault, not the program, diverges
	out/mapdiff run "$d/min.txt" >/dev/null || { echo "the real port diverges on the minimized program"; return 1; }
}

# value_prog FILE: 120 ops on map[int32][20]int64 (160-byte values, stored
# behind a pointer); a few values have a leaf past their first 128 bytes,
# which the planted fault indirect-value-128 loses.
value_prog() {
	awk 'BEGIN {
		srand(7); print "map[int32][20]int64"; print "make"
		for (i = 1; i < 120; i++) {
			r = int(rand() * 3); k = 1 + int(rand() * 15); a = int(rand() * 100)
			if (r == 0 && rand() < 0.2) {
				v = "{" a; for (j = 1; j < 19; j++) v = v ", 0"; print "put " k " " v ", " 1000 + i "}"
			} else if (r == 0) print "put " k " {" a "}"
			else if (r == 1) print "get " k
			else print "del " k
		}
	}' >"$1"
}

# A value-typed divergence shrinks: ops, then the value table (unused
# values dropped, kept ones renumbered, stored values tried at V's zero
# value, then leaf by leaf); the leaf that carries the fault stays.
t_min_value_type() {
	local d=$MIN_T/values rc=0
	faulty_cli "$d" indirect-value-128 || return 1
	value_prog "$d/p.txt"
	"$d/mapdiff" run "$d/p.txt" >"$d/run.out" || rc=$?
	local sig
	sig=$(tail -1 "$d/run.out")
	[ "$rc" -eq 1 ] && [ "$sig" = "mapdiff: DIVERGENCE get value on map[mem32]V(indirect) (C port vs gc 1.26)" ] ||
		{ echo "does not diverge: $sig"; return 1; }
	"$d/mapdiff" min "$d/p.txt" -o "$d/min.txt" >"$d/min.out" || { cat "$d/min.out"; return 1; }
	local ops
	ops=$(grep -Evc '^(#|map\[|seed )' "$d/min.txt")
	[ "$ops" -le 3 ] || { echo "minimized to $ops ops, want <= 3: $(cat "$d/min.txt")"; return 1; }
	head -2 "$d/min.txt" | grep -qx 'map\[int32\]\[20\]int64' || { echo "map type: $(head -2 "$d/min.txt")"; return 1; }
	# the leaf past 128 bytes stays, the first one is zeroed
	grep -Eq '^put -?[0-9]+ \{0(, 0){18}, 1[0-9]{3}\}$' "$d/min.txt" ||
		{ echo "the value is not shrunk to its faulty leaf: $(cat "$d/min.txt")"; return 1; }
	rc=0
	"$d/mapdiff" run "$d/min.txt" >"$d/rerun.out" || rc=$?
	[ "$rc" -eq 1 ] && [ "$(tail -1 "$d/rerun.out")" = "$sig" ] && [ "$(tail -1 "$d/min.out")" = "$sig" ] &&
		grep -q "^mapdiff: C port and gc 1.26 differ at op $((ops - 1)) (get value)\$" "$d/rerun.out" ||
		{ echo "minimized: $(tail -1 "$d/rerun.out"), was $sig"; return 1; }
	out/mapdiff run "$d/min.txt" >/dev/null || { echo "the real port diverges on the minimized program"; return 1; }
}
