# shellcheck shell=bash
# The comparator and the spec checker can fail: a C port with a planted
# fault must be caught.  Each tests/faults/*.patch says, in its leading
# comment lines, the program that must catch it ("# program: FILE"), the
# lines expected ("# expect: REGEX", each a whole line of the output: the
# report's line naming the op, and last the signature line, which must be
# the output's last line) and, if not the linked Go, the oracle to run
# against ("# oracle: ID").
fault_cli() {
	local patchfile=$1 d=$2
	rm -rf "$d" && mkdir -p "$d" && cp -r impl "$d/" || return 1
	patch -s -p1 -d "$d" <"$patchfile" || { echo "$patchfile does not apply to impl/"; return 1; }
	mk IMPL="$d/impl" OUT="$d" "$d/mapdiff" >"$d/build.log" 2>&1 ||
		{ echo "faulty build failed: $(head -3 "$d/build.log")"; return 1; }
}

t_fault_planted_faults_caught() {
	local f name prog want oracle rc out
	for f in tests/faults/*.patch; do
		name=$(basename "$f" .patch)
		prog=$(sed -n 's/^# program: //p' "$f")
		oracle=$(sed -n 's/^# oracle: //p' "$f")
		out=out/tests/fault/$name/out.txt
		fault_cli "$f" "out/tests/fault/$name" || return 1
		rc=0
		MAPDIFF_ORACLE_DIR=out/oracle "out/tests/fault/$name/mapdiff" run --oracle "${oracle:-gc-1.26}" "$prog" >"$out" 2>&1 || rc=$?
		[ "$rc" -eq 1 ] || { echo "$name: exit $rc on $prog, want 1"; return 1; }
		[ "$(grep -c '^# expect: ' "$f")" -ge 2 ] || { echo "$f: want a report line and a signature line"; return 1; }
		while IFS= read -r want; do
			grep -Eq "^$want\$" "$out" || { echo "$name: no line '$want' in: $(tail -3 "$out")"; return 1; }
		done < <(sed -n 's/^# expect: //p' "$f")
		want=$(sed -n 's/^# expect: //p' "$f" | tail -1)
		tail -1 "$out" | grep -Eq "^$want\$" || { echo "$name: last line '$(tail -1 "$out")', want '$want'"; return 1; }
		# ...and the correct port agrees on the same program.
		out/mapdiff run --oracle "${oracle:-gc-1.26}" "$prog" >/dev/null || { echo "the correct port does not agree on $prog"; return 1; }
	done
}

# The report of the stored-key fault names the entry each side produced.
t_fault_report_names_entry() {
	local out=out/tests/fault/no-keyupdate/out.txt
	[ -f "$out" ] || t_fault_planted_faults_caught >/dev/null || return 1
	grep -q '^  only C port produced 0: 2$' "$out" || { echo "report does not name the entry: $(cat "$out")"; return 1; }
}

# The signature names no op position: the stored-key fault shown after 40
# more ops (and on a second map, which the first one's ops precede) gives
# the same last line; the report still tells each op.
t_fault_signature_names_no_position() {
	local d=out/tests/fault/no-keyupdate
	[ -x "$d/mapdiff" ] || t_fault_planted_faults_caught >/dev/null || return 1
	{
		echo 'map[float64]int64'
		echo 'make'
		for i in $(seq 1 20); do echo "put $i $i"; echo "del $i"; done
		echo 'm2 make'
		grep -Ev '^(#|map\[|make$)' corpus/float64_negzero.txt | sed 's/^/m2 /'
	} >"$d/shifted.txt"
	local rc=0
	"$d/mapdiff" run corpus/float64_negzero.txt >"$d/plain.out" 2>&1 || rc=$?
	"$d/mapdiff" run "$d/shifted.txt" >"$d/shifted.out" 2>&1 || rc=$((rc + $?))
	[ "$rc" -eq 2 ] || { echo "both must diverge: $(tail -1 "$d/plain.out") / $(tail -1 "$d/shifted.out")"; return 1; }
	[ "$(tail -1 "$d/plain.out")" = "$(tail -1 "$d/shifted.out")" ] ||
		{ echo "signatures differ: $(tail -1 "$d/plain.out") / $(tail -1 "$d/shifted.out")"; return 1; }
	grep -q '^mapdiff: C port and gc 1.26 differ at op 3 (range)$' "$d/plain.out" &&
		grep -q '^mapdiff: C port and gc 1.26 differ at op 44 (range)$' "$d/shifted.out" ||
		{ echo "the reports do not tell the op: $(grep -h 'differ at' "$d/plain.out" "$d/shifted.out")"; return 1; }
}
