# shellcheck shell=bash
# mapdiff go: the Go programs written for every corpus program (composite
# keys, iterators and value types included) are gofmt-clean, build (in one
# go invocation) and run clean on the Go they were recorded with; a changed
# expectation, or a value Go stores differently, is reported with exit
# status 1; float values are exact to the NaN payload; the _test.go form
# passes.
GO_T=out/tests/go

# go_module: a module holding one package main per corpus program.
go_module() {
	local f n
	rm -rf "$GO_T" && mkdir -p "$GO_T/mod" || return 1
	printf 'module replay\n\ngo 1.21\n' >"$GO_T/mod/go.mod"
	for f in corpus/*.txt; do
		n=$(basename "$f" .txt)
		mkdir -p "$GO_T/mod/$n"
		out/mapdiff go "$f" -o "$GO_T/mod/$n/main.go" || { echo "mapdiff go $f failed"; return 1; }
	done
}

t_go_corpus_programs_run_clean() {
	go_module || return 1
	local unformatted
	unformatted=$(gofmt -l "$GO_T/mod") || return 1
	[ -z "$unformatted" ] || { echo "not gofmt-clean: $unformatted"; return 1; }
	(cd "$GO_T/mod" && GOFLAGS= go build -o ../bin/ ./...) >"$GO_T/build.log" 2>&1 ||
		{ head -5 "$GO_T/build.log"; return 1; }
	local b bad=0
	for b in "$GO_T"/bin/*; do
		"$b" >"$b.out" 2>&1 || { echo "$(basename "$b"): $(head -3 "$b.out")"; bad=1; }
		grep -q '^ok: go' "$b.out" || { echo "$(basename "$b"): no ok line"; bad=1; }
	done
	[ "$(find "$GO_T/bin" -type f ! -name '*.out' | wc -l)" -eq "$(find "$GO_T/mod" -name main.go | wc -l)" ] ||
		{ echo "not one binary per corpus program"; return 1; }
	go_value_programs_covered || bad=1
	return $bad
}

# Every corpus program with values other than int64 (value_*, compiled_*
# with string or struct{} values) was written with its value type V.
go_value_programs_covered() {
	local f n t count=0
	for f in corpus/*.txt; do
		# the map type line, its value type int64 unless int64 is an array's element
		t=$(grep -m1 -v -E '^[[:space:]]*(#|$)' "$f" | sed -E 's/[[:space:]]*(#.*)?$//')
		[[ "$t" =~ \]int64$ && ! "$t" =~ \[[0-9]+\]int64$ ]] && continue
		n=$(basename "$f" .txt)
		grep -q '^type V = ' "$GO_T/mod/$n/main.go" || { echo "$n: no value type V"; return 1; }
		count=$((count + 1))
	done
	[ "$count" -ge 14 ] || { echo "only $count value-typed corpus programs"; return 1; }
}

# Exact literals: -0.0, NaN and float32 bits are written the Go way.
t_go_literals_exact() {
	mkdir -p "$GO_T"
	printf 'map[float64]int64\nmake\nput -0.0 1\nput NaN 2\nput math.Float64frombits(0x7ff8000000000002) 3\nrange\n' >"$GO_T/f.txt"
	out/mapdiff go "$GO_T/f.txt" -o "$GO_T/f.go" || return 1
	grep -q 'math.Copysign(0, -1)' "$GO_T/f.go" && grep -q 'math.NaN()' "$GO_T/f.go" &&
		grep -q 'math.Float64frombits(0x7ff8000000000002)' "$GO_T/f.go" || { echo "literals: $(grep 'r.op' "$GO_T/f.go")"; return 1; }
	printf 'map[string]int64\nmake\nput "a\\x00\\xff\\"" 1\nget "a\\x00\\xff\\""\n' >"$GO_T/s.txt"
	out/mapdiff go "$GO_T/s.txt" -o "$GO_T/s.go" && grep -q 'm\["a\\x00\\xff\\x22"\]' "$GO_T/s.go" ||
		{ echo "string literal: $(grep 'r.op' "$GO_T/s.go")"; return 1; }
}

# The program can fail: a recorded value that Go does not produce is reported.
t_go_reports_difference() {
	mkdir -p "$GO_T/diff"
	printf 'map[int64]int64\nmake\nput 1 5\nget 1\nlen\n' >"$GO_T/d.txt"
	out/mapdiff go "$GO_T/d.txt" -o "$GO_T/diff/main.go" || return 1
	sed -i 's/v, int64(5))/v, int64(6))/' "$GO_T/diff/main.go"
	local rc=0
	(cd "$GO_T/diff" && GOFLAGS= go run main.go) >"$GO_T/diff/out" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] && grep -q '^op 2 (get 1): value: Go now gives 5; when recorded, Go gave 6$' "$GO_T/diff/out" ||
		{ echo "exit $rc: $(cat "$GO_T/diff/out")"; return 1; }
}

# A string value Go stores differently from the recording is reported, at
# the get and at the range (values are compared by their bytes).
t_go_reports_value_difference() {
	local d=$GO_T/vdiff
	rm -rf "$d" && mkdir -p "$d" || return 1
	printf 'map[int64]string\nmake\nput 1 "one"\nput 2 "two"\nget 1\nrange\n' >"$d/v.txt"
	out/mapdiff go "$d/v.txt" -o "$d/main.go" || return 1
	grep -qF 'm[int64(1)] = "one"' "$d/main.go" || { echo "put: $(grep -m1 'int64(1)' "$d/main.go")"; return 1; }
	(cd "$d" && GOFLAGS= go run main.go) >"$d/out" 2>&1 || { echo "unchanged: $(cat "$d/out")"; return 1; }
	sed -i 's/m\[int64(1)\] = "one"/m[int64(1)] = "onE"/' "$d/main.go"
	local rc=0
	(cd "$d" && GOFLAGS= go run main.go) >"$d/out" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] && grep -qF 'op 3 (get 1): value bits: Go now gives "6f6e45"; when recorded, Go gave "6f6e65"' "$d/out" &&
		grep -q '^op 4 (range): range entries' "$d/out" && grep -q '^2 difference(s)' "$d/out" ||
		{ echo "exit $rc: $(cat "$d/out")"; return 1; }
}

# A NaN payload and -0.0 as float64 values: written as exactly those bits,
# checked by them (the recorded payload, not any NaN, is wanted).
t_go_float_values_exact() {
	local d=$GO_T/fval
	rm -rf "$d" && mkdir -p "$d" || return 1
	printf 'map[int64]float64\nmake\nput 1 math.Float64frombits(0x7ff8000000000002)\nput 2 -0.0\nget 1\nget 2\nrange\n' >"$d/f.txt"
	out/mapdiff go "$d/f.txt" -o "$d/main.go" || return 1
	grep -qF 'm[int64(1)] = math.Float64frombits(0x7ff8000000000002)' "$d/main.go" &&
		grep -qF 'm[int64(2)] = math.Copysign(0, -1)' "$d/main.go" &&
		grep -qF 'r.check(3, t, "value bits", vid(v), "7ff8000000000002")' "$d/main.go" ||
		{ echo "literals: $(grep -E 'r.op|check' "$d/main.go")"; return 1; }
	(cd "$d" && GOFLAGS= go run main.go -v) >"$d/out" 2>&1 || { cat "$d/out"; return 1; }
	grep -q '^op 3 (get 1): NaN, true (value bits 7ff8000000000002)$' "$d/out" &&
		grep -q '^op 5 (range): 2 entries 1=7ff8000000000002 2=8000000000000000$' "$d/out" ||
		{ echo "round trip: $(cat "$d/out")"; return 1; }
	sed -i 's/= math.Float64frombits(0x7ff8000000000002)/= math.Float64frombits(0x7ff8000000000003)/; s/= math.Copysign(0, -1)/= float64(0)/' "$d/main.go"
	local rc=0
	(cd "$d" && GOFLAGS= go run main.go) >"$d/out" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] && grep -qF 'op 3 (get 1): value bits: Go now gives "7ff8000000000003"' "$d/out" &&
		grep -qF 'op 4 (get 2): value bits: Go now gives "0000000000000000"' "$d/out" ||
		{ echo "exit $rc: $(cat "$d/out")"; return 1; }
}

t_go_test_form() {
	mkdir -p "$GO_T/tf"
	out/mapdiff go --test corpus/float64_nan.txt -o "$GO_T/tf/replay_test.go" || return 1
	(cd "$GO_T/tf" && GOFLAGS= go test replay_test.go) >"$GO_T/tf/out" 2>&1 || { tail -5 "$GO_T/tf/out"; return 1; }
}

# trace_go_col FILE: "op result" for each get, len and range of FILE, from
# the Go column of mapdiff trace (columns are 2 or more blanks apart); a
# range is its number of entries.
trace_go_col() {
	out/mapdiff trace "$1" | awk -F '  +' '$3 ~ /^(get|len|range)/ {
		v = $NF; if ($3 ~ /^range/) { sub(/ .*/, "", v) } print $2 " " v }'
}

# go_v_col OUT: the same from the written program's -v output.
go_v_col() {
	sed -n -E 's/^op ([0-9]+) \((get|len|range)[^)]*\): /\1 /p' "$1" | sed -E 's/^([0-9]+ [0-9]+) entries.*/\1/'
}

# A -0.0 in a struct key and a NaN in an array key: the program spells them
# exactly, and says what mapdiff's own Go oracle says (values, ok, len,
# range sizes); range ids carry the stored key's bits.
t_go_composite_keys_exact() {
	local d=$GO_T/exact
	rm -rf "$d" && mkdir -p "$d/s" "$d/a" || return 1
	printf 'map[struct{a int8; b float64}]int64\nmake\nput {1, -0.0} 5\nget {1, 0.0}\nlen\nrange\nput {1, 0.0} 6\nrange\ndel {1, -0.0}\nlen\n' >"$d/s.txt"
	printf 'map[[2]float64]int64\nmake\nput {NaN, 1} 1\nput {NaN, 1} 2\nget {NaN, 1}\nlen\nrange\ndel {NaN, 1}\nlen\nclear\nlen\n' >"$d/a.txt"
	out/mapdiff go "$d/s.txt" -o "$d/s/main.go" && out/mapdiff go "$d/a.txt" -o "$d/a/main.go" || return 1
	grep -qF 'm[K{a: int8(1), b: math.Copysign(0, -1)}] = int64(5)' "$d/s/main.go" ||
		{ echo "struct key: $(grep -m1 'int64(5)' "$d/s/main.go")"; return 1; }
	grep -qF 'm[K{math.NaN(), float64(1)}] = int64(1)' "$d/a/main.go" ||
		{ echo "array key: $(grep -m1 'int64(1) })' "$d/a/main.go")"; return 1; }
	local x
	for x in s a; do
		(cd "$d/$x" && GOFLAGS= go run main.go -v) >"$d/$x.out" 2>&1 || { cat "$d/$x.out"; return 1; }
		grep -q '^ok: go' "$d/$x.out" || { echo "$x: no ok line"; return 1; }
		diff <(trace_go_col "$d/$x.txt") <(go_v_col "$d/$x.out") || { echo "$x: differs from mapdiff trace"; return 1; }
	done
	[ "$(go_v_col "$d/s.out" | wc -l)" -eq 5 ] || { echo "expected 5 results"; return 1; }
	grep -q '^op 4 (range): 1 entries {1,8000000000000000}=5$' "$d/s.out" &&
		grep -q '^op 6 (range): 1 entries {1,0000000000000000}=6$' "$d/s.out" &&
		grep -q '^op 5 (range): 2 entries {7ff8000000000001,3ff0000000000000}=1 {7ff8000000000001,3ff0000000000000}=2$' "$d/a.out" ||
		{ echo "range ids: $(grep range "$d/s.out" "$d/a.out")"; return 1; }
}

# Iterators replay on reflect.MapIter: with no change during iteration,
# next and drain produce each entry once, whatever the order, then end.
t_go_iterators() {
	local d=$GO_T/iter
	rm -rf "$d" && mkdir -p "$d" || return 1
	printf 'map[[2]int8]int64\nmake\nput {1, 2} 1\nput {3, 4} 2\nput {5, 6} 3\nit b\nnext b\ndrain b\nnext b\nstop b\nnext b\n' >"$d/i.txt"
	out/mapdiff go "$d/i.txt" -o "$d/main.go" || return 1
	(cd "$d" && GOFLAGS= go run main.go) >"$d/out" 2>&1 || { cat "$d/out"; return 1; }
	local got
	got=$(sed -n -E 's/^op (5|6) \((next|drain) b\): (.*) \(key bits (.*)\)$/\4 \3/p' "$d/out" | sort | tr '\n' ' ')
	[ "$got" = "{1,2} [1 2] = 1 {3,4} [3 4] = 2 {5,6} [5 6] = 3 " ] || { echo "entries: $got; $(cat "$d/out")"; return 1; }
	[ "$(grep -c ': end$' "$d/out")" -eq 3 ] && grep -q '^op 9 (next b): end$' "$d/out" ||
		{ echo "ends: $(cat "$d/out")"; return 1; }
}

# Recorded by a classic Go (--oracle), the program checks B too, on every
# Go with the classic map: the gc 1.21 load-factor finding shows there as
# a B difference, and nowhere else (docs/FINDINGS.md).
t_go_oracle_checks_structure() {
	local d=$GO_T/b g rc
	out/mapdiff oracles | grep -q '^gc-1.19 ' || return 0
	mkdir -p "$d"
	out/mapdiff go --oracle gc-1.19 crashes/gc121-load-factor.txt -o "$d/main.go" || return 1
	grep -q 'r.checkB(0, "make 13", m, 1)' "$d/main.go" || { echo "no B check: $(grep -c checkB "$d/main.go")"; return 1; }
	for g in /usr/lib/go-1.19/bin/go /usr/lib/go-1.21/bin/go go; do
		[ -x "$g" ] || command -v "$g" >/dev/null || continue
		rc=0
		(cd "$d" && GOFLAGS= GO111MODULE=off "$g" run main.go) >"$d/out" 2>&1 || rc=$?
		case $g in
		*go-1.21*) [ "$rc" -eq 1 ] && grep -q '^op 0 (make 13): B (bucket count): Go now gives 2; when recorded, Go gave 1$' "$d/out" ;;
		*) [ "$rc" -eq 0 ] ;;
		esac || { echo "$g: exit $rc: $(cat "$d/out")"; return 1; }
	done
	out/mapdiff go --oracle model crashes/gc121-load-factor.txt >/dev/null 2>&1 && { echo "--oracle model accepted"; return 1; }
	return 0
}

# Recorded on a Go without clear or maps.Clone (gc 1.19), a program that
# calls one is refused in one line naming it, exit 2: no program built
# with that Go could show what it does.
t_go_refuses_ops_its_go_lacks() {
	local err rc
	out/mapdiff oracles | grep -q '^gc-1.19 ' || return 0
	rc=0
	err=$(out/mapdiff go --oracle gc-1.19 corpus/clone_big.txt 2>&1 >/dev/null) || rc=$?
	[ "$rc" -eq 2 ] && [ "$err" = "mapdiff: corpus/clone_big.txt: gc 1.19 has no maps.Clone, which the program calls" ] ||
		{ echo "clone: exit $rc: $err"; return 1; }
	rc=0
	err=$(out/mapdiff go --oracle gc-1.19 corpus/clear_reuse.txt 2>&1 >/dev/null) || rc=$?
	[ "$rc" -eq 2 ] && [ "$err" = "mapdiff: corpus/clear_reuse.txt: gc 1.19 has no clear, which the program calls" ] ||
		{ echo "clear: exit $rc: $err"; return 1; }
	out/mapdiff go corpus/clone_big.txt >/dev/null || { echo "gc 1.26 refused a clone"; return 1; }
}

# gccgo 11 (Go 1.16) builds what mapdiff go writes for it, in one go-11
# invocation, and each program runs clean against what the gccgo-11 oracle
# recorded, but for three, each for a known reason: iface_m_array shows the
# gccgo finding (docs/FINDINGS.md: a key [2]interface{} holding a slice is
# stored without a panic); unhashable and iface_m_unhashable_nil add to a
# nil map with an unhashable key, where gccgo's compiled m[k] += v hashes
# the key first and the oracle's reflect form reports the nil map. A
# program that calls clear or maps.Clone is refused in one line (gccgo 11
# has neither); one with a zero-size key part needs generics (Go 1.18).
# The finding's crashes/ file, written for gccgo 11 the same way, and its
# own reproducer show it on gccgo 11 as docs/FINDINGS.md says.
t_go_gccgo11_builds_and_runs() {
	local d=$GO_T/gccgo11 f n b bad=0 built=0
	out/mapdiff oracles | grep -q '^gccgo-11 ' && command -v go-11 >/dev/null || return 0
	rm -rf "$d" && mkdir -p "$d/mod" || return 1
	printf 'module replay\n\ngo 1.16\n' >"$d/mod/go.mod"
	for f in corpus/*.txt; do
		n=$(basename "$f" .txt)
		mkdir -p "$d/mod/$n"
		if ! out/mapdiff go --oracle gccgo-11 "$f" -o "$d/mod/$n/main.go" 2>"$d/$n.err"; then
			rm -rf "${d:?}/mod/$n"
			grep -q -e 'has no clear, which' -e 'has no maps.Clone, which' -e 'the Go side cannot run it' "$d/$n.err" ||
				{ echo "$n: $(cat "$d/$n.err")"; bad=1; }
			continue
		fi
		grep -q 'zbox\[' "$d/mod/$n/main.go" && rm -rf "${d:?}/mod/$n"
	done
	mkdir -p "$d/mod/finding"
	out/mapdiff go --oracle gccgo-11 crashes/gccgo-array-iface-unhashable.txt -o "$d/mod/finding/main.go" || return 1
	(cd "$d/mod" && GOENV=off go-11 build -o ../bin/ ./...) >"$d/build.log" 2>&1 ||
		{ grep -v '^0x' "$d/build.log" | head -5; return 1; }
	for b in "$d"/bin/*; do
		n=$(basename "$b")
		[ "$n" = finding ] && continue
		built=$((built + 1))
		"$b" >"$d/$n.out" 2>&1 && grep -q '^ok: go' "$d/$n.out" && [ "$n" != iface_m_array ] && continue
		case $n in
		iface_m_array) grep -q '^op 8 (put {MInt(1), MSlice{}} 6): panic: Go now gives "panicked=false' "$d/$n.out" ;;
		unhashable | iface_m_unhashable_nil)
			grep -q 'Go now gives "panicked=true \\"runtime error: hash of unhashable type .*when recorded, Go gave "panicked=true \\"assignment to entry in nil map' "$d/$n.out" ;;
		*) false ;;
		esac || { echo "$n: $(head -3 "$d/$n.out")"; bad=1; }
	done
	[ "$built" -ge 70 ] || { echo "only $built programs built for gccgo 11"; bad=1; }
	"$d/bin/finding" >"$d/finding-go.out" 2>&1
	grep -q '^op 1 (put {int(1), \[\]int{}} 1): panic: Go now gives "panicked=false' "$d/finding-go.out" &&
		grep -q '^fatal error: concurrent map read and map write' "$d/finding-go.out" ||
		{ echo "crashes/gccgo-array-iface-unhashable.txt: $(head -3 "$d/finding-go.out")"; bad=1; }
	(cd docs/findings/gccgo-array-iface-unhashable && GOENV=off go-11 run .) >"$d/finding.out" 2>&1
	grep -q '^m\[k\] = 1: no panic$' "$d/finding.out" && grep -q '^fatal error: concurrent map read and map write' "$d/finding.out" ||
		{ echo "finding: $(head -5 "$d/finding.out")"; bad=1; }
	return $bad
}
