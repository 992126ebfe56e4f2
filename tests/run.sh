#!/usr/bin/env bash
# tests/run.sh: every test of mapdiff (run by ./build.sh test, after a build).
#
# Each test prints "ok NAME" or "FAIL NAME: why"; the last line is the
# summary "N passed, N failed".  Exit status 1 when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=out/tests
mkdir -p "$OUT"
results=$OUT/results.txt
: >"$results"

say() { printf '%s\n' "$*" | tee -a "$results"; }
pass() { say "ok $1"; }
fail() { say "FAIL $1: $2"; }

# mk ARGS: make with the project's Makefile, quiet (tests build variants
# of the tree through its knobs: IMPL, HARNESS, OUT, PORT).
mk() { make --no-print-directory -s -j"$(nproc)" "$@"; }

# A C test program: make builds it twice (gcc -O2; clang with ASan+UBSan,
# the Makefile's TEST_SRC_<name>), run both.
c_test() {
	local name=$1 bin
	if ! mk "$OUT/$name" >"$OUT/$name.build" 2>&1; then
		fail "$name" "does not build with gcc (see $OUT/$name.build)"
		return
	fi
	if ! mk "$OUT/$name-asan" >"$OUT/$name-asan.build" 2>&1; then
		fail "$name-asan" "does not build with clang sanitizers (see $OUT/$name-asan.build)"
		return
	fi
	for bin in "$name" "$name-asan"; do
		if "$OUT/$bin" >"$OUT/$bin.out" 2>&1; then :; else
			grep -q '^FAIL' "$OUT/$bin.out" || fail "$bin" "exited with status $? (see $OUT/$bin.out)"
		fi
		sed -n "s/^ok /ok $bin: /p; s/^FAIL /FAIL $bin: /p" "$OUT/$bin.out" | tee -a "$results"
	done
}

for t in impl_test impl_hash_test impl_clone_test impl_types_test impl_iface_test text_test spec_test signature_test mutator_test; do c_test "$t"; done

# Each shell test file defines test functions named t_*; run them all.
for f in tests/t_*.sh; do
	# shellcheck source=/dev/null
	source "$f"
done
for t in $(declare -F | awk '$3 ~ /^t_/ {print $3}'); do
	if out=$("$t" 2>&1); then pass "${t#t_}"; else fail "${t#t_}" "$(printf '%s' "$out" | tail -3 | tr '\n' ' ')"; fi
done

passed=$(grep -c '^ok ' "$results" || true)
failed=$(grep -c '^FAIL ' "$results" || true)
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
