# shellcheck shell=bash
# One oracle per Go toolchain, the model, and runs on N sides (issue 5).
T_OR=out/tests/oracles
mkdir -p "$T_OR"

# The id of the go on PATH, linked into every binary: gc-1.26.
linked_id() { go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/gc-\1/'; }

# The toolchains build.sh builds besides the go on PATH, with their
# capabilities as `mapdiff oracles` lists them (map, clear, clone, structure).
TOOLCHAIN_CAPS=(
	"gc-1.19 classic no no yes" "gc-1.21 classic yes yes yes" "gc-1.22 classic yes yes yes"
	"gc-1.23 classic yes yes yes" "gc-1.27 swiss yes yes no" "gccgo-11 classic no no yes"
	"gccgo-12 classic no no yes"
)

# Whether toolchain id's go command is here (else build.sh skipped it:
# a machine where it could not be installed); gc 1.27 only from the
# module cache, no download.
toolchain_here() {
	case $1 in
	gc-1.27) GOTOOLCHAIN=go1.27.3 GOPROXY=off go version >/dev/null 2>&1 ;;
	gc-*) [ -x "/usr/lib/go-${1#gc-}/bin/go" ] ;;
	gccgo-*) command -v "go-${1#gccgo-}" >/dev/null ;;
	esac
}

# The built oracles' names ("gc 1.19"), in `mapdiff oracles` order, whose
# clear column is $1 (and clone column $2, if given).
built_names() {
	out/mapdiff oracles | awk -v c="$1" -v k="${2:-}" -v l="$(linked_id)" 'NR > 1 && $1 != l && $1 != "model" &&
		(c == "" || $(NF-3) == c) && (k == "" || $(NF-2) == k) { sub(/-/, " ", $1); print $1 }'
}

t_oracles_lists_every_toolchain() {
	out/mapdiff oracles >"$T_OR/list" || { cat "$T_OR/list"; return 1; }
	local id caps
	grep -Eq "^$(linked_id) +go1[^ ]* +swiss +yes +yes +no " "$T_OR/list" || { echo "linked caps: $(cat "$T_OR/list")"; return 1; }
	grep -Eq "^model +- +array +yes +yes +no " "$T_OR/list" || { echo "model caps: $(cat "$T_OR/list")"; return 1; }
	for caps in "${TOOLCHAIN_CAPS[@]}"; do
		set -- $caps
		[ "$1" != "$(linked_id)" ] || continue
		if ! grep -q "^$1 " "$T_OR/list"; then
			toolchain_here "$1" && { echo "no $1 in: $(cat "$T_OR/list")"; return 1; }
			continue
		fi
		grep -Eq "^$1 .* $2 +$3 +$4 +$5 " "$T_OR/list" || { echo "$1 caps, want $2 $3 $4 $5: $(cat "$T_OR/list")"; return 1; }
	done
}

# "a", "a and b", "a, b and c" of the lines on stdin.
join_names() { paste -sd, | sed 's/,/, /g; s/\(.*\), /\1 and /'; }

# clear: the oracles without it skip it (decided from the ops, before running), the rest agree.
t_oracles_clear_skipped_not_agreeing() {
	local want
	want="C port, $({ linked_id | tr - ' '; built_names yes; echo model; } | join_names) agree"
	[ -z "$(built_names no)" ] || want+="; $(built_names no | join_names) skipped (no clear)"
	# (small: gc 1.21 grows earlier than the others, golang/go#63438)
	printf 'map[float64]int64\nmake\nput NaN 1\nput 2 2\nclear\nlen\nput NaN 3\nrange\n' >"$T_OR/clear.txt"
	out/mapdiff run --oracle all "$T_OR/clear.txt" >"$T_OR/clear" || { cat "$T_OR/clear"; return 1; }
	grep -qF "): $want" "$T_OR/clear" || { echo "want '$want', got: $(cat "$T_OR/clear")"; return 1; }
}

# A program without clear, and without growth (gc 1.21's load factor,
# golang/go#63438), runs on every oracle.
t_oracles_all_agree_without_clear() {
	local want
	want="C port, $({ linked_id | tr - ' '; built_names ""; echo model; } | join_names) agree"
	out/mapdiff run --oracle all corpus/float64_negzero.txt >"$T_OR/nz" || { cat "$T_OR/nz"; return 1; }
	grep -qF ": $want" "$T_OR/nz" || { echo "want '$want', got: $(cat "$T_OR/nz")"; return 1; }
}

# The model agrees with the Go linked in on every corpus file.
t_oracles_model_agrees_with_go_on_corpus() {
	local f bad=0
	for f in corpus/*.txt; do
		out/mapdiff run --oracle "$(linked_id),model" "$f" >"$T_OR/m" 2>&1 || { echo "$f: $(tail -2 "$T_OR/m")"; bad=1; }
	done
	return $bad
}

# A trace with every oracle shows a column per side that ran, entries from
# helpers included (past 8 sides, in several tables that each start with
# the C port).
t_oracles_trace_all() {
	out/mapdiff trace --oracle all corpus/float64_negzero.txt >"$T_OR/trace" || { cat "$T_OR/trace"; return 1; }
	local sides cells tables
	sides=$(($(out/mapdiff oracles | wc -l) - 1 + 1)) # the oracles and the C port
	# (sides with the classic map also show their structure, [B=...])
	cells=$(grep -E '^ +3 +range ' "$T_OR/trace" | grep -o '1 entry {-0.0: 2}' | wc -l)
	tables=$(grep -Ec '^ +op +operation +C port ' "$T_OR/trace")
	[ "$cells" -eq $((sides + tables - 1)) ] || { echo "$cells cells in $tables tables for $sides sides"; cat "$T_OR/trace"; return 1; }
}

t_oracles_unknown_is_usage_error() {
	local rc=0
	out/mapdiff run --oracle gc-0.1 corpus/int.txt >/dev/null 2>"$T_OR/err" || rc=$?
	[ "$rc" -eq 2 ] && grep -q "no oracle 'gc-0.1'" "$T_OR/err" || { echo "rc $rc: $(cat "$T_OR/err")"; return 1; }
}

# A helper that dies is reported and skipped, never counted as agreeing.
t_oracles_dead_helper_is_skipped() {
	local d=$T_OR/dir
	rm -rf "$d" && mkdir -p "$d/gc-9.99"
	printf '#!/bin/sh\nexit 0\n' >"$d/gc-9.99/mapdiff-oracle" && chmod +x "$d/gc-9.99/mapdiff-oracle"
	local rc=0
	MAPDIFF_ORACLE_DIR=$d out/mapdiff run --oracle gc-9.99 corpus/int.txt >"$T_OR/dead" 2>&1 || rc=$?
	[ "$rc" -eq 2 ] && grep -q "cannot start oracle gc 9.99" "$T_OR/dead" || { echo "rc $rc: $(cat "$T_OR/dead")"; return 1; }
}

# The "# expect: differ" check of crashes/README.md can fail: a program on
# which every Go agrees, marked as an expected difference, is rejected.
t_oracles_expect_differ_can_fail() {
	local d=$T_OR/expect
	rm -rf "$d" && mkdir -p "$d"
	{ echo "# expect: differ gccgo-12"; cat corpus/int.txt; } >"$d/not-a-finding.txt"
	if CRASHES_DIR=$d t_replay_expected_differences >"$d/out" 2>&1; then
		echo "an agreeing program passed as an expected difference"
		return 1
	fi
	grep -q "want gccgo 12 to differ" "$d/out" || { cat "$d/out"; return 1; }
}

# Every classic oracle shows its structure for every map type, not only
# the compiled runners: map[int]int and map[[2]string]bool run through
# reflect; the grow at insert 9 (B 0 -> 1) shows on both sides.
t_oracles_structure_every_type() {
	local caps prog
	printf 'map[int]int\nmake\n' >"$T_OR/mii.txt"
	printf 'map[[2]string]bool\nmake\n' >"$T_OR/mas.txt"
	for i in $(seq 1 9); do
		echo "put $i $i" >>"$T_OR/mii.txt"
		echo "put {\"a$i\", \"b\"} true" >>"$T_OR/mas.txt"
	done
	for caps in "${TOOLCHAIN_CAPS[@]}"; do
		set -- $caps
		[ "$5" = yes ] && toolchain_here "$1" || continue # the structure column
		for prog in mii mas; do
			out/mapdiff trace --oracle "$1" "$T_OR/$prog.txt" >"$T_OR/trace-$1" || { cat "$T_OR/trace-$1"; return 1; }
			grep -Eq '^ +9 +put .* ok \[B=1\] +ok \[B=1\]$' "$T_OR/trace-$1" || { echo "$1 $prog:"; cat "$T_OR/trace-$1"; return 1; }
			grep -Eq '^ +8 +put .* ok \[B=0\] +ok \[B=0\]$' "$T_OR/trace-$1" || { echo "$1 $prog:"; cat "$T_OR/trace-$1"; return 1; }
		done
	done
}

# Every oracle runs corpus/ or declines a program with a reason (gccgo
# 11's reflect cannot make a struct with two blank fields), never dies;
# and with every oracle the C port agrees with every Go that ran each
# program: what differs is the toolchains' own (a known finding, the
# known panic wording), so `run --oracle all` exits 0.
t_oracles_all_corpus_exit0() {
	local rc=0
	out/mapdiff run --oracle all corpus/*.txt >"$T_OR/all" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || { echo "exit $rc: $(grep -m3 '^DIVERGE\|^SPEC\|^total' "$T_OR/all")"; return 1; }
	! grep -q 'helper process died' "$T_OR/all" || { grep -m1 -B3 'helper process died' "$T_OR/all"; return 1; }
}
