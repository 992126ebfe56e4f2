# shellcheck shell=bash
# One oracle per Go toolchain, the model, and runs on N sides (issue 5).
T_OR=out/tests/oracles
mkdir -p "$T_OR"

# The id of the go on PATH, linked into every binary: gc-1.26.
linked_id() { go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/gc-\1/'; }

t_oracles_lists_every_toolchain() {
	out/mapdiff oracles >"$T_OR/list" || { cat "$T_OR/list"; return 1; }
	local id
	for id in "$(linked_id)" gc-1.19 gccgo-12 model; do
		grep -q "^$id " "$T_OR/list" || { echo "no $id in: $(cat "$T_OR/list")"; return 1; }
	done
	grep -Eq '^gc-1.19 +go1.19[^ ]* +classic +no ' "$T_OR/list" || { echo "gc-1.19 caps: $(cat "$T_OR/list")"; return 1; }
	grep -Eq '^gccgo-12 .* classic +no ' "$T_OR/list" || { echo "gccgo-12 caps: $(cat "$T_OR/list")"; return 1; }
}

# clear: gc 1.19 and gccgo 12 skip it (decided from the ops, before running), the rest agree.
t_oracles_clear_skipped_not_agreeing() {
	local want
	want="C port, $(linked_id | tr - ' ') and model agree; gc 1.19 and gccgo 12 skipped (no clear)"
	out/mapdiff run --oracle all corpus/clear_reuse.txt >"$T_OR/clear" || { cat "$T_OR/clear"; return 1; }
	grep -qF "$want" "$T_OR/clear" || { echo "want '$want', got: $(cat "$T_OR/clear")"; return 1; }
}

# A program without clear runs on every oracle.
t_oracles_all_agree_without_clear() {
	out/mapdiff run --oracle all corpus/float64_negzero.txt >"$T_OR/nz" || { cat "$T_OR/nz"; return 1; }
	grep -q "C port, gc 1.*, gc 1.19, gccgo 12 and model agree$" "$T_OR/nz" || { cat "$T_OR/nz"; return 1; }
}

# The model agrees with the Go linked in on every corpus file.
t_oracles_model_agrees_with_go_on_corpus() {
	local f bad=0
	for f in corpus/*.txt; do
		out/mapdiff run --oracle "$(linked_id),model" "$f" >"$T_OR/m" 2>&1 || { echo "$f: $(tail -2 "$T_OR/m")"; bad=1; }
	done
	return $bad
}

# A trace with every oracle shows a column per side that ran, entries from helpers included.
t_oracles_trace_all() {
	out/mapdiff trace --oracle all corpus/float64_negzero.txt >"$T_OR/trace" || { cat "$T_OR/trace"; return 1; }
	# (sides with the classic map also show their structure, [B=...])
	grep -Eq '^ +3 +range +(1 entry \{-0.0: 2\}( \[B=0\])? +){4}1 entry \{-0.0: 2\}$' "$T_OR/trace" ||
		{ cat "$T_OR/trace"; return 1; }
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
	grep -q "want '; gccgo 12 differs at op'" "$d/out" || { cat "$d/out"; return 1; }
}
