# shellcheck shell=bash
# build.sh under an OSS-Fuzz-like environment puts the fuzz target, its seed
# corpus, dictionary and options into $OUT, and the target runs on them.
OSSF_T=out/tests/ossfuzz

t_ossfuzz_build_lands_in_out() {
	rm -rf "$OSSF_T" && mkdir -p "$OSSF_T/out" "$OSSF_T/work" || return 1
	local o=$OSSF_T/out
	env CC=clang CXX=clang++ SRC="$PWD/.." WORK="$PWD/$OSSF_T/work" OUT="$PWD/$o" \
		CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link" \
		LIB_FUZZING_ENGINE=-fsanitize=fuzzer SANITIZER=address FUZZING_ENGINE=libfuzzer ARCHITECTURE=x86_64 \
		./build.sh >"$OSSF_T/build.log" 2>&1 || { tail -5 "$OSSF_T/build.log"; return 1; }
	[ -x "$o/mapdiff_fuzz" ] || { echo "no executable \$OUT/mapdiff_fuzz: $(ls "$o")"; return 1; }
	local n want
	n=$(unzip -Z1 "$o/mapdiff_fuzz_seed_corpus.zip" | grep -c '\.bin$') || { echo "no seed corpus zip"; return 1; }
	want=$(find corpus -name '*.txt' | wc -l)
	[ "$n" -eq "$want" ] || { echo "seed corpus has $n inputs, want $want (one per corpus/*.txt)"; return 1; }
	grep -q '^\[libfuzzer\]' "$o/mapdiff_fuzz.options" && grep -q '^dict = mapdiff_fuzz.dict' "$o/mapdiff_fuzz.options" ||
		{ echo "options: $(cat "$o/mapdiff_fuzz.options")"; return 1; }
	grep -q '^op_m_put="\\x00"$' "$o/mapdiff_fuzz.dict" || { echo "dictionary lacks the put op byte"; return 1; }
	# the target was built with $CFLAGS (ASan) and runs on its seeds with its dictionary
	nm "$o/mapdiff_fuzz" >"$OSSF_T/nm.txt" && grep -q __asan_init "$OSSF_T/nm.txt" ||
		{ echo "target not built with \$CFLAGS' ASan"; return 1; }
	mkdir -p "$OSSF_T/seeds" && unzip -q -o "$o/mapdiff_fuzz_seed_corpus.zip" -d "$OSSF_T/seeds" || return 1
	(cd "$o" && ./mapdiff_fuzz -dict=mapdiff_fuzz.dict -runs=500 -seed=1 -max_len=8192 "$PWD/../seeds") \
		>"$OSSF_T/run.log" 2>&1 || { tail -5 "$OSSF_T/run.log"; return 1; }
	grep -q 'Dictionary: [0-9]* entries' "$OSSF_T/run.log" || { echo "libFuzzer did not load the dictionary"; return 1; }
	# nothing but the target's files in $OUT
	[ "$(find "$o" -mindepth 1 -maxdepth 1 | wc -l)" -eq 4 ] || { echo "extra files in \$OUT: $(ls "$o")"; return 1; }
}
