# shellcheck shell=bash
# A port outside the tree (docs/examples/listport.c, which rejects every
# composite key type), fuzzed as docs/PORTING.md says: the inputs it
# cannot run are skipped before Go and counted, in the target and in the
# campaign summary; and after a find (the same port without Go's
# stored-key update) libFuzzer prints no stack trace unless
# $MAPDIFF_STACKTRACE asks for one, the signature line staying the last
# line of mapdiff's.
T_PF=out/tests/port-fuzz

# pf_build NAME SED: listport with SED applied, built into $T_PF/NAME.
pf_build() {
	local d=$T_PF/$1
	mkdir -p "$d"
	sed "$2" docs/examples/listport.c >"$d/listport.c.new"
	cmp -s "$d/listport.c.new" "$d/listport.c" && rm "$d/listport.c.new" || mv "$d/listport.c.new" "$d/listport.c"
	PORT_OUT=$d ./build.sh port "$d/listport.c" >"$d/build.log" 2>&1 || { tail -5 "$d/build.log"; return 1; }
}

t_port_fuzz_skips_counted() {
	pf_build ok '' || return 1
	local d=$T_PF/ok
	# a map type listport rejects: skipped before Go, and said at exit
	out/mapdiff asm corpus/array_float.txt -o "$d/array.bin" || return 1
	"$d/mapdiff-fuzz" -runs=0 "$d/array.bin" >"$d/one.log" 2>&1 || { tail -3 "$d/one.log"; return 1; }
	# (libFuzzer runs a lone input twice)
	grep -Eqx 'mapdiff-fuzz: skipped ([12]) of \1 inputs before Go: the port cannot run them \([12] type_new returned NULL for map\[\[\.\.\.\]float64\]int64\)' "$d/one.log" ||
		{ grep mapdiff-fuzz "$d/one.log"; return 1; }
	# a campaign counts them, by reason, in its summary
	"$d/mapdiff" fuzz --seconds 4 --dir "$d/camp" >"$d/camp.out" 2>&1 || { tail -3 "$d/camp.out"; return 1; }
	grep -Eq '^summary: .*, inputs run [0-9]+, skipped [1-9][0-9]* \([0-9]+%: the port cannot run them\), ' "$d/camp.out" &&
		grep -Eq '^skipped before Go: .*[0-9]+ type_new returned NULL for map\[' "$d/camp.out" ||
		{ tail -3 "$d/camp.out"; return 1; }
}

t_port_fuzz_quiet_after_find() {
	pf_build bad 's/set_key(t, n, key, true);/(void)0;/' || return 1
	local d=$T_PF/bad
	rm -rf "$d/seeds1" && mkdir -p "$d/seeds1"
	out/mapdiff asm corpus/float64_negzero.txt -o "$d/seeds1/negzero" || return 1
	local trace
	for trace in "" 1; do
		rm -f "$d"/crash-*
		MAPDIFF_STACKTRACE=$trace "$d/mapdiff-fuzz" -runs=10 -seed=1 -artifact_prefix="$d/" "$d/seeds1" >"$d/find$trace.log" 2>&1 && return 1
		ls "$d"/crash-* >/dev/null 2>&1 || { echo "no crash file saved"; tail -3 "$d/find$trace.log"; return 1; }
		# mapdiff's last line is the signature
		[ "$(grep '^mapdiff: ' "$d/find$trace.log" | tail -1)" = 'mapdiff: DIVERGENCE range on map[float64]V (listport vs gc 1.26)' ] ||
			{ grep '^mapdiff: ' "$d/find$trace.log" | tail -2; return 1; }
	done
	! grep -Eq '^ +#[0-9]+ 0x' "$d/find.log" || { echo "a stack trace without MAPDIFF_STACKTRACE"; return 1; }
	grep -Eq '^ +#[0-9]+ 0x.* in abort' "$d/find1.log" || { echo "no stack trace with MAPDIFF_STACKTRACE=1"; return 1; }
	grep -q 'Test unit written to ' "$d/find.log" || { echo "libFuzzer's crash file line is gone"; return 1; }
}
