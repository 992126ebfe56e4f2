# shellcheck shell=bash
# maps.Clone as an op (issue 12, item 2): the text and binary forms, every
# side that has clone agrees on the clone corpus, the sides without it skip
# it and say so, and `mapdiff go` replays it.  (The planted fault in
# mapclone2 is tests/faults/clone-no-oldbuckets.patch, run by t_fault.sh.)
T_CL=out/tests/clone
mkdir -p "$T_CL"

# The oracles built here that have clone, but gc 1.21 (see below), as an --oracle list.
clone_oracles() {
	out/mapdiff oracles | awk 'NR > 1 && $(NF-2) == "yes" && $1 != "gc-1.21" { print $1 }' | paste -sd,
}

# Every clone program agrees on every side that has clone, and the sides
# without it are skipped with the reason "no clone".
t_clone_corpus_agrees_on_every_side_with_clone() {
	local f bad=0
	for f in corpus/clone_*.txt; do
		out/mapdiff run --oracle "$(clone_oracles)" "$f" >"$T_CL/run" 2>&1 || { echo "$f: $(head -2 "$T_CL/run")"; bad=1; continue; }
		grep -q '^agree ' "$T_CL/run" || { echo "$f: $(cat "$T_CL/run")"; bad=1; }
		grep -q ' skipped (' "$T_CL/run" && ! grep -q ' skipped (type_new returned NULL' "$T_CL/run" &&
			{ echo "$f: a side with clone skipped: $(cat "$T_CL/run")"; bad=1; }
	done
	return $bad
}

# gc 1.21 grows its classic map at a load factor of 6 (golang/go#63438,
# crashes/gc121-load-factor.txt): on the clone corpus it differs from the
# C port in B (of a source, and of a clone, whose B follows its count), and
# in nothing else: every op the trace marks '!' shows the same result on
# both sides once [B=...] is dropped (a range as its count and first
# entries: the trace's cell).
t_clone_gc121_differs_only_in_B() {
	out/mapdiff oracles | grep -q '^gc-1.21 ' || return 0 # not built here
	local f bad=0
	for f in corpus/clone_*.txt; do
		out/mapdiff trace --oracle gc-1.21 "$f" >"$T_CL/trace" 2>&1
		grep -q '^ *op  *operation  *C port  *gc 1\.21' "$T_CL/trace" || { echo "$f: no trace: $(head -3 "$T_CL/trace")"; bad=1; continue; }
		if grep -E '^!' "$T_CL/trace" | sed -E 's/ \[B=[0-9]+( growing| same-size grow)?\]//g' |
			grep -Ev '^! +[0-9]+ +.*  +(ok|panic: .*|[0-9]+|[0-9]+ entr(y|ies) .*|.*, (true|false))  +\1 *$' | grep -q .; then
			echo "$f: gc 1.21 differs beyond B: $(grep -E '^!' "$T_CL/trace" | head -3)"
			bad=1
		fi
	done
	return $bad
}

# The sides without clone skip a clone program and say why; a program with
# clear and clone names both.
t_clone_skipped_without_clone() {
	local f=$T_CL/small.txt want
	printf 'map[int64]int64\nmake\nput 1 10\nm2 = maps.Clone(m)\nm2 put 2 20\ndel 1\nlen\nm2 range\n' >"$f"
	want="C port, $({ linked_id | tr - ' '; built_names "" yes; echo model; } | join_names) agree"
	[ -z "$(built_names "" no)" ] || want+="; $(built_names "" no | join_names) skipped (no clone)"
	out/mapdiff run --oracle all "$f" >"$T_CL/skip" || { cat "$T_CL/skip"; return 1; }
	grep -qF "): $want" "$T_CL/skip" || { echo "want '$want', got: $(cat "$T_CL/skip")"; return 1; }
	[ -z "$(built_names no no)" ] || {
		printf 'clear\n' >>"$f"
		out/mapdiff run --oracle all "$f" >"$T_CL/skip2" || { cat "$T_CL/skip2"; return 1; }
		grep -qF "$(built_names no no | join_names) skipped (no clear, no clone)" "$T_CL/skip2" || { cat "$T_CL/skip2"; return 1; }
	}
	# a port without clone (listport, built here) skips it too, never "agree"
	pv_port listport-noclone '' || return 1
	"$T_PV/listport-noclone/mapdiff" run "$f" corpus/clone_nan.txt >"$T_CL/port" || { cat "$T_CL/port"; return 1; }
	[ "$(grep -c '; listport skipped (no clone)$' "$T_CL/port")" -eq 2 ] || { cat "$T_CL/port"; return 1; }
}

# Text and binary forms: both clone lines round-trip, the binary op bytes
# are 0x2e and 0x3e, and a bad clone line is an error naming both forms.
t_clone_text_and_binary() {
	local f=$T_CL/forms.txt
	printf 'map[string]int64\nnil\nm2 = maps.Clone(m)\nm = maps.Clone(m2)\nm2 = m\n' >"$f"
	out/mapdiff show "$f" | tail -3 >"$T_CL/shown" || return 1
	printf 'm2 = maps.Clone(m)\nm = maps.Clone(m2)\nm2 = m\n' | cmp -s - "$T_CL/shown" || { cat "$T_CL/shown"; return 1; }
	out/mapdiff asm "$f" -o "$T_CL/forms.bin" || return 1
	[ "$(tail -c 3 "$T_CL/forms.bin" | od -An -tx1 | tr -d ' \n')" = "2e3e0e" ] ||
		{ echo "op bytes: $(od -An -tx1 "$T_CL/forms.bin")"; return 1; }
	out/mapdiff show "$T_CL/forms.bin" | tail -3 | cmp -s - "$T_CL/shown" || return 1
	printf 'map[string]int64\nnil\nm2 = maps.Clone(m2)\n' >"$T_CL/bad.txt"
	local rc=0
	out/mapdiff show "$T_CL/bad.txt" >/dev/null 2>"$T_CL/bad" || rc=$?
	[ "$rc" -eq 2 ] && grep -qF 'expected "m2 = m" or "m2 = maps.Clone(m)"' "$T_CL/bad" || { echo "rc $rc: $(cat "$T_CL/bad")"; return 1; }
}

# mapdiff go writes maps.Clone; the program replays on the Go linked in
# and on gc 1.21 (the first Go with maps.Clone), where built.
t_clone_go_program() {
	local d=$T_CL/goprog
	rm -rf "$d" && mkdir -p "$d"
	out/mapdiff go corpus/clone_midgrow.txt -o "$d/main.go" || return 1
	grep -q '^	"maps"$' "$d/main.go" && grep -q 'm2 = maps.Clone(m)' "$d/main.go" || { echo "no maps.Clone in $d/main.go"; return 1; }
	(cd "$d" && GOFLAGS= go run main.go) >"$d/out" 2>&1 || { tail -3 "$d/out"; return 1; }
	[ ! -x /usr/lib/go-1.21/bin/go ] || (cd "$d" && GOFLAGS= /usr/lib/go-1.21/bin/go run main.go) >"$d/out121" 2>&1 ||
		{ tail -3 "$d/out121"; return 1; }
}
