# shellcheck shell=bash
# CLI behaviour on bad and odd input: one line naming the problem, never a crash.
MD=out/mapdiff
T=out/tests/cli
mkdir -p "$T"

# expect_status WANT CMD...: run CMD, fail unless it exits WANT.
expect_status() {
	local want=$1 got=0
	shift
	"$@" >"$T/stdout" 2>"$T/stderr" || got=$?
	if [ "$got" -ne "$want" ]; then
		echo "'$*' exited $got, want $want: $(head -3 "$T/stderr" "$T/stdout")"
		return 1
	fi
}

# one_line_error: the last command wrote exactly one line to stderr naming $1.
one_line_error() {
	[ "$(wc -l <"$T/stderr")" -eq 1 ] && grep -q -- "$1" "$T/stderr" || {
		echo "want one stderr line naming '$1', got: $(cat "$T/stderr")"
		return 1
	}
}

t_cli_missing_file() { expect_status 2 $MD run "$T/no-such-file" && one_line_error "No such file"; }
t_cli_directory() { expect_status 2 $MD run "$T" && one_line_error "is a directory"; }
t_cli_empty_file() { : >"$T/empty" && expect_status 0 $MD run "$T/empty"; }
t_cli_random_10mb() {
	perl -e 'srand(7); print pack("C*", map { int(rand(256)) } 1..10485760)' >"$T/random"
	expect_status 0 $MD run --binary "$T/random"
}
t_cli_huge_file() { truncate -s 100M "$T/huge" && expect_status 2 $MD run "$T/huge" && one_line_error "too large"; }
t_cli_bad_text() {
	printf 'map[foo]int64\nmake\n' >"$T/bad.txt" && expect_status 2 $MD run "$T/bad.txt" && one_line_error "line 1"
}
t_cli_bad_op() {
	printf 'map[int]int64\nmake\nfrobnicate 1\n' >"$T/badop.txt" && expect_status 2 $MD run "$T/badop.txt" && one_line_error "line 3"
}
t_cli_usage() { expect_status 2 $MD frob && one_line_error "unknown command"; }
t_cli_help() { expect_status 0 $MD --help && grep -q 'usage: mapdiff' "$T/stdout"; }

# The issue's example: three NaN puts and a len show len 3 on both sides.
t_cli_trace_nan_len() {
	printf 'map[float64]int64\nmake\nput NaN 1\nput NaN 2\nput NaN 3\nlen\n' >"$T/nan.txt"
	expect_status 0 $MD trace "$T/nan.txt" || return 1
	grep -Eq '^ +4 +len +3 +3$' "$T/stdout" || { echo "no 'len 3 3' row in: $(cat "$T/stdout")"; return 1; }
}

# show then asm gives the same meaning; show of the result is identical.
t_cli_show_asm_roundtrip() {
	local f
	for f in corpus/*.txt; do
		$MD show "$f" >"$T/a.txt" && $MD asm "$T/a.txt" -o "$T/a.bin" && $MD show "$T/a.bin" >"$T/b.txt" || return 1
		cmp -s "$T/a.txt" "$T/b.txt" || { echo "$f: show/asm/show differs"; return 1; }
	done
}

# The same bytes give the same verdict every time (a trace may differ only
# in the order Go's own iterators produce entries, which Go leaves open).
t_cli_deterministic() {
	local f
	for f in out/seeds/*.bin; do
		$MD run "$f" >"$T/t1" 2>&1 || true
		$MD run "$f" >"$T/t2" 2>&1 || true
		cmp -s "$T/t1" "$T/t2" || { echo "$f: two verdicts differ"; return 1; }
	done
}
