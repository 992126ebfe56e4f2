# shellcheck shell=bash
# Smoke tests of the benchmarks in bench/: each builds and runs in a tiny
# mode and prints its table.  They check that the benchmarks work, never how
# fast anything is.
TB=out/tests/bench
mkdir -p "$TB"

# want FILE REGEX...: every REGEX matches a line of FILE.
want() {
	local f=$1 re
	shift
	for re in "$@"; do
		grep -Eq -- "$re" "$f" || { echo "no line matching '$re' in: $(tail -5 "$f")"; return 1; }
	done
}

t_bench_build() { bench/build.sh >"$TB/build.log" 2>&1 || { tail -5 "$TB/build.log"; return 1; }; }

t_bench_throughput() {
	[ -x out/bench/throughput ] || t_bench_build || return 1
	out/bench/throughput 0.02 >"$TB/throughput.txt" 2>&1 || { tail -5 "$TB/throughput.txt"; return 1; }
	want "$TB/throughput.txt" '^set \(programs/s\) +harness +C port +colliding +oracle +Go loop +decode +ratio$' \
		'^int64 x64( +[1-9][0-9]*){6} +[0-9.]+$' '^string x64( +[1-9][0-9]*){6} +[0-9.]+$' '^range-heavy int64 ' || return 1
	! grep -q divergences "$TB/throughput.txt" || { echo "the program sets diverge"; return 1; }
}

# One column of one set, a fixed number of passes (what a timer outside pairs).
t_bench_throughput_fixed() {
	[ -x out/bench/throughput ] || t_bench_build || return 1
	out/bench/throughput x3 harness 2 >"$TB/fixed.txt" 2>&1 || { tail -5 "$TB/fixed.txt"; return 1; }
	want "$TB/fixed.txt" '^string x64 +harness: 3 passes in [0-9.]+ s$' || return 1
	! grep -q '^int64 x64' "$TB/fixed.txt" || { echo "set 2 alone ran set 1 too"; return 1; }
	if out/bench/throughput x3 harness >"$TB/fixed-bad.txt" 2>&1; then
		echo "xREPS without SET was taken"
		return 1
	fi
	grep -q 'throughput xREPS MODE SET' "$TB/fixed-bad.txt" || { echo "no usage line: $(cat "$TB/fixed-bad.txt")"; return 1; }
}

t_bench_maps() {
	[ -x out/bench/maps ] || t_bench_build || return 1
	# the linked Go, and gc 1.19 through its own binary when ./build.sh built its oracle
	local gos=linked cols=1
	[ ! -x out/bench/go/gc-1.19/maps ] || gos=linked,gc-1.19 cols=2
	out/bench/maps --quick --go $gos >"$TB/maps.txt" 2>&1 || { tail -5 "$TB/maps.txt"; return 1; }
	[ "$(grep -cE "^(int64|string) +[a-z ]+ +[0-9]+ +[0-9.]+( +[0-9.]+ +[0-9.]+){$cols}\$" "$TB/maps.txt")" -eq 20 ] ||
		{ echo "want 20 rows of $cols Gos: $(cat "$TB/maps.txt")"; return 1; }
	[ $cols = 1 ] || grep -Eq '^key +op +entries +C ns/op +gc-1\.[0-9]+ +C/Go +gc-1\.19 +C/Go$' "$TB/maps.txt" ||
		{ echo "no gc-1.19 column: $(head -2 "$TB/maps.txt")"; return 1; }
}

# One mutant, one short run: the table has its row and a control line.
t_bench_mutants() {
	bench/mutants.sh --seconds 5 --runs 1 --only '^01-' --out "$TB/mutants" >"$TB/mutants.txt" 2>&1 || { tail -5 "$TB/mutants.txt"; return 1; }
	want "$TB/mutants.txt" '^control: ' '^mutant +alone +found +median +each run +signature' '^01-[a-z0-9-]+ +[0-9]+ +[01]/1 '
}

t_bench_memory() {
	[ -x out/mapdiff-fuzz ] || return 0 # built by ./build.sh, which runs before the tests
	bench/memory.sh --seconds 4 --dir "$TB/memory" >"$TB/memory.txt" 2>&1 || { tail -5 "$TB/memory.txt"; return 1; }
	want "$TB/memory.txt" '^peak RSS, first 2 s +[0-9]+ MB' '^peak RSS, last 2 s +[0-9]+ MB' '^libFuzzer: '
}
