# shellcheck shell=bash
# The comparator can fail: a C port with a planted fault must be caught.
t_fault_planted_keyupdate_caught() {
	local d=out/tests/fault
	rm -rf "$d" && mkdir -p "$d" && cp -r impl "$d/" || return 1
	patch -s -p1 -d "$d" <tests/faults/no-keyupdate.patch || return 1
	gcc -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -O2 -Iharness \
		harness/decode.c harness/text.c harness/exec.c harness/side.c harness/compare.c \
		harness/report.c harness/cli.c harness/cmd_basic.c harness/main.c "$d"/impl/*.c out/oracle/libmdoracle.a -lpthread -lm \
		-o "$d/mapdiff" || return 1
	local rc=0
	"$d/mapdiff" run corpus/float64_negzero.txt >"$d/out.txt" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] || { echo "faulty port: exit $rc, want 1"; return 1; }
	grep -q '^mapdiff: DIVERGENCE range at op 3$' "$d/out.txt" || { echo "no signature: $(tail -3 "$d/out.txt")"; return 1; }
	grep -q '^  only C port produced 0: 2$' "$d/out.txt" || { echo "report does not name the entry: $(cat "$d/out.txt")"; return 1; }
	# ...and the correct port agrees on the same program.
	out/mapdiff run corpus/float64_negzero.txt >/dev/null
}
