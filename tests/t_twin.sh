# shellcheck shell=bash
# The lockstep twin (docs/TWIN.md): the C port and each classic gc bit for
# bit on the corpus; a fault only the twin can see, caught, with the same
# verdict every run; what the twin does not cover, skipped with a reason.

# twin_fault NAME: out/tests/twin/NAME/mapdiff, the C port with
# bench/mutants/twin/NAME.patch planted.
twin_fault() {
	local d=out/tests/twin/$1
	if [ ! -f "$d/impl/patched" ] || [ -n "$(find impl "bench/mutants/twin/$1.patch" -newer "$d/impl/patched" -print -quit)" ]; then
		rm -rf "$d" && mkdir -p "$d" && cp -r impl "$d/" || return 1
		patch -s -p1 -d "$d" <"bench/mutants/twin/$1.patch" || { echo "$1 does not apply"; return 1; }
		: >"$d/impl/patched"
	fi
	mk IMPL="$d/impl" OUT="$d" "$d/mapdiff" >"$d/build.log" 2>&1 || { echo "$1: $(head -3 "$d/build.log")"; return 1; }
}

# Every corpus program the twin covers agrees with gc 1.19, 1.22 and 1.23
# (the layout after every op, every iteration order; maps.Clone on 1.22
# and 1.23); and enough of them are covered for that to mean something.
t_twin_corpus_agrees_bit_for_bit() {
	local g out=out/tests/twin/corpus.txt agree
	mkdir -p out/tests/twin
	for g in gc-1.19 gc-1.22 gc-1.23; do
		out/mapdiff run --twin="$g" corpus/*.txt >"$out" 2>&1 || { echo "$g: $(grep -A3 '^DIFFER' "$out" | head -4)"; return 1; }
		agree=$(grep -c '^agree ' "$out")
		[ "$agree" -ge 45 ] || { echo "$g: only $agree programs in lockstep: $(tail -1 "$out")"; return 1; }
	done
}

# gc 1.21 grows one insert early (golang/go#63438, docs/FINDINGS.md): the
# twin sees it at the 13th insert, where gc 1.19 and the C port wait for
# the 14th.
t_twin_sees_gc121_load_factor() {
	local out=out/tests/twin/gc121.txt rc=0
	mkdir -p out/tests/twin
	out/mapdiff run --twin=gc-1.21 corpus/grow_boundary_14.txt >"$out" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] || { echo "exit $rc, want 1: $(cat "$out")"; return 1; }
	grep -qx '  op 13: put 13 13' "$out" || { echo "not at the 13th put: $(cat "$out")"; return 1; }
	tail -1 "$out" | grep -qx 'mapdiff: TWIN B (bucket count) differs after put on map\[mem64\]V (gc 1.21 vs C port)' ||
		{ echo "signature: $(tail -1 "$out")"; return 1; }
}

# A fault no semantic comparison sees (the iteration offset one slot off)
# passes `run` and fails `run --twin`, with the same verdict every time.
t_twin_catches_what_run_cannot() {
	local d=out/tests/twin/05-iter-offset-plus-one a b
	twin_fault 05-iter-offset-plus-one || return 1
	MAPDIFF_ORACLE_DIR=out/oracle "$d/mapdiff" run --oracle gc-1.19 corpus/iter_tombstones.txt >"$d/run.txt" 2>&1 ||
		{ echo "plain run: $(tail -2 "$d/run.txt")"; return 1; }
	for a in 1 2; do
		MAPDIFF_ORACLE_DIR=out/oracle "$d/mapdiff" run --twin corpus/iter_tombstones.txt >"$d/twin$a.txt" 2>&1 && {
			echo "the twin missed it"
			return 1
		}
	done
	cmp -s "$d/twin1.txt" "$d/twin2.txt" || { echo "two verdicts: $(diff "$d/twin1.txt" "$d/twin2.txt" | head -4)"; return 1; }
	tail -1 "$d/twin1.txt" | grep -Eq '^mapdiff: TWIN (range|iteration) order differs after (range|next|drain) ' ||
		{ echo "signature: $(tail -1 "$d/twin1.txt")"; return 1; }
}

# trace --twin shows both bucket arrays at the first layout that differs,
# the difference marked; the evacuation fault puts a key in another slot.
t_twin_trace_shows_layouts() {
	local d=out/tests/twin/03-evac-slots-reversed rc=0
	twin_fault 03-evac-slots-reversed || return 1
	MAPDIFF_ORACLE_DIR=out/oracle "$d/mapdiff" trace --twin corpus/grow_boundary_14.txt >"$d/trace.txt" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] || { echo "exit $rc: $(tail -3 "$d/trace.txt")"; return 1; }
	grep -q '^  header  Go: ' "$d/trace.txt" && grep -q '<== first difference' "$d/trace.txt" ||
		{ echo "no layouts: $(head -8 "$d/trace.txt")"; return 1; }
	grep -Eq '^  (tophash|slot key): bucket [0-9]+ slot [0-7] holds ' "$d/trace.txt" ||
		{ echo "no slot named: $(sed -n 2,3p "$d/trace.txt")"; return 1; }
}

# What the twin does not cover is skipped with its reason, never agreed.
t_twin_skips_with_reasons() {
	local out=out/tests/twin/skips.txt
	mkdir -p out/tests/twin
	out/mapdiff run --twin corpus/float64_nan.txt corpus/pointer.txt corpus/weakhash_churn.txt corpus/struct_nested.txt \
		>"$out" 2>&1 || { echo "exit $?: $(cat "$out")"; return 1; }
	grep -q '^skipped  corpus/float64_nan.txt (a NaN key' "$out" &&
		grep -q '^skipped  corpus/pointer.txt (keys with pointers' "$out" &&
		grep -q '^skipped  corpus/weakhash_churn.txt (weak hashing' "$out" &&
		grep -q '^skipped  corpus/struct_nested.txt (a NaN key' "$out" || { cat "$out"; return 1; }
	out/mapdiff run --twin=gccgo-12 corpus/int.txt >"$out" 2>&1 || { echo "gccgo: exit $?"; return 1; }
	grep -q '^skipped  corpus/int.txt (gccgo 12: this Go has no classic map to twin' "$out" || { cat "$out"; return 1; }
	local rc=0
	out/mapdiff run --twin=gc-1.26 corpus/int.txt >"$out" 2>&1 || rc=$?
	[ "$rc" -eq 2 ] && [ "$(wc -l <"$out")" -eq 1 ] || { echo "--twin=gc-1.26: exit $rc: $(cat "$out")"; return 1; }
}

# A short twin campaign of the correct port finds nothing.
t_twin_fuzz_clean() {
	local d=out/tests/twin/fuzz rc=0
	rm -rf "$d" && mkdir -p "$d"
	out/mapdiff fuzz --twin gc-1.19 --seconds 8 --dir "$d" >"$d/out.txt" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || { echo "exit $rc: $(tail -3 "$d/out.txt")"; return 1; }
	grep -q 'divergences 0' "$d/out.txt" || { tail -2 "$d/out.txt"; return 1; }
}

# min --twin shrinks a twin difference and keeps its signature.
t_twin_min_keeps_signature() {
	local d=out/tests/twin/05-iter-offset-plus-one rc=0 n
	twin_fault 05-iter-offset-plus-one || return 1
	MAPDIFF_ORACLE_DIR=out/oracle "$d/mapdiff" min --twin corpus/iter_grow_and_delete.txt -o "$d/min.txt" >"$d/min.out" 2>&1 ||
		{ echo "min: $(tail -2 "$d/min.out")"; return 1; }
	n=$(grep -cvE '^(#|map\[|seed )' "$d/min.txt")
	[ "$n" -le 10 ] || { echo "$n ops left"; return 1; }
	MAPDIFF_ORACLE_DIR=out/oracle "$d/mapdiff" run --twin "$d/min.txt" >"$d/rerun.txt" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] && [ "$(tail -1 "$d/rerun.txt")" = "$(tail -1 "$d/min.out")" ] ||
		{ echo "rerun: $(tail -1 "$d/rerun.txt") vs $(tail -1 "$d/min.out")"; return 1; }
}

# facts --twin: where each classic Go grows, read in lockstep; gc 1.21
# one insert early (golang/go#63438), the others with the C port.
t_twin_facts() {
	local out=out/tests/twin/facts.txt
	mkdir -p out/tests/twin
	out/mapdiff facts --twin >"$out" 2>&1 || { echo "exit $?: $(tail -2 "$out")"; return 1; }
	grep -qx '    gc 1.19:  9 14 27 53 105 209 417 833' "$out" && grep -qx '    C port:   9 14 27 53 105 209 417 833' "$out" &&
		grep -qx '    gc 1.21:  9 13 25 49 97 193 385 769' "$out" || { head -8 "$out"; return 1; }
	[ "$(grep -c 'bit for bit, every layout' "$out")" -eq 6 ] || { echo "$(grep lockstep "$out")"; return 1; }
}

# A classic gc helper fixes its hash keys before its package fills a map:
# every oracle agrees with the port on the corpus and on the crasher of the
# day they did not (a named value read back through a map filled before).
t_twin_helpers_fix_keys_first() {
	local out=out/tests/twin/all.txt
	mkdir -p out/tests/twin
	out/mapdiff run --oracle all corpus/*.txt crashes/helper-hashkeys-named-value.txt >"$out" 2>&1 ||
		{ echo "$(grep -m2 -A1 '^DIVERGE' "$out")"; return 1; }
}

# A port that never finishes a program is a HANG in twin mode too (the
# watchdog, run/watchdog.h), in run --twin and in the fuzz target: the
# overflow walk that never advances (tests/faults/overflow-walk-stuck.patch),
# under Go's own hash (the twin takes no weak hashing), 400 [2]int64 keys.
t_twin_hang_is_a_verdict() {
	local d=out/tests/twin/hang rc=0 i
	rm -rf "$d" && mkdir -p "$d" && cp -r impl "$d/" || return 1
	grep -v '^#' tests/faults/overflow-walk-stuck.patch | patch -s -p1 -d "$d" || { echo "the fault does not apply"; return 1; }
	mk IMPL="$d/impl" OUT="$d" "$d/mapdiff" "$d/mapdiff-fuzz" >"$d/build.log" 2>&1 || { head -3 "$d/build.log"; return 1; }
	{ echo 'map[[2]int64]int64'; echo make; for i in $(seq 1 400); do echo "put {$i, 0} $i"; done; } >"$d/ovf.txt"
	out/mapdiff run --twin "$d/ovf.txt" | grep -q '^agree ' || { echo "the correct port does not agree"; return 1; }
	MAPDIFF_ORACLE_DIR=out/oracle timeout 60 "$d/mapdiff" run --twin "$d/ovf.txt" >"$d/run.txt" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] && grep -q "^HANG     $d/ovf.txt\$" "$d/run.txt" &&
		[ "$(tail -1 "$d/run.txt")" = 'mapdiff: HANG on map[mem]V (C port)' ] || { echo "run: exit $rc: $(tail -2 "$d/run.txt")"; return 1; }
	out/mapdiff asm "$d/ovf.txt" -o "$d/ovf.bin" || return 1
	rc=0
	MAPDIFF_ORACLE_DIR=out/oracle timeout 60 "$d/mapdiff-fuzz" -twin=gc-1.19 "$d/ovf.bin" >"$d/fuzz.txt" 2>&1 || rc=$?
	[ "$rc" -ne 0 ] && grep -qx 'mapdiff: HANG on map\[mem\]V (C port)' "$d/fuzz.txt" || { echo "fuzz: exit $rc: $(grep '^mapdiff' "$d/fuzz.txt")"; return 1; }
}
