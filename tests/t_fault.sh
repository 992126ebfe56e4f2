# shellcheck shell=bash
# The comparator and the spec checker can fail: a C port with a planted
# fault must be caught.  Each tests/faults/*.patch says, in its leading
# comment lines, the program that must catch it ("# program: FILE"), the
# signature line expected ("# expect: REGEX") and, if not the linked Go, the
# oracle to run against ("# oracle: ID").
fault_cli() {
	local patchfile=$1 d=$2
	rm -rf "$d" && mkdir -p "$d" && cp -r impl "$d/" || return 1
	patch -s -p1 -d "$d" <"$patchfile" || { echo "$patchfile does not apply to impl/"; return 1; }
	mk IMPL="$d/impl" OUT="$d" "$d/mapdiff" >"$d/build.log" 2>&1 ||
		{ echo "faulty build failed: $(head -3 "$d/build.log")"; return 1; }
}

t_fault_planted_faults_caught() {
	local f name prog want oracle rc
	for f in tests/faults/*.patch; do
		name=$(basename "$f" .patch)
		prog=$(sed -n 's/^# program: //p' "$f")
		want=$(sed -n 's/^# expect: //p' "$f")
		oracle=$(sed -n 's/^# oracle: //p' "$f")
		fault_cli "$f" "out/tests/fault/$name" || return 1
		rc=0
		MAPDIFF_ORACLE_DIR=out/oracle "out/tests/fault/$name/mapdiff" run --oracle "${oracle:-gc-1.26}" "$prog" >"out/tests/fault/$name/out.txt" 2>&1 || rc=$?
		[ "$rc" -eq 1 ] || { echo "$name: exit $rc on $prog, want 1"; return 1; }
		grep -Eq "^$want\$" "out/tests/fault/$name/out.txt" ||
			{ echo "$name: no line '$want' in: $(tail -3 "out/tests/fault/$name/out.txt")"; return 1; }
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
