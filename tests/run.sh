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

# A C test program: build it twice (gcc -O2; clang with ASan+UBSan), run both.
c_test() {
	local name=$1
	shift
	if ! gcc -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -O2 -g "$@" -lm -o "$OUT/$name" 2>"$OUT/$name.build"; then
		fail "$name" "does not build with gcc (see $OUT/$name.build)"
		return
	fi
	if ! clang -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -O1 -g -fsanitize=address,undefined \
		-fno-sanitize-recover=all "$@" -lm -o "$OUT/$name-asan" 2>"$OUT/$name-asan.build"; then
		fail "$name-asan" "does not build with clang sanitizers (see $OUT/$name-asan.build)"
		return
	fi
	local bin
	for bin in "$name" "$name-asan"; do
		if "$OUT/$bin" >"$OUT/$bin.out" 2>&1; then :; else
			grep -q '^FAIL' "$OUT/$bin.out" || fail "$bin" "exited with status $? (see $OUT/$bin.out)"
		fi
		sed -n "s/^ok /ok $bin: /p; s/^FAIL /FAIL $bin: /p" "$OUT/$bin.out" | tee -a "$results"
	done
}

HARNESS_LIB=(-Iharness -Iimpl harness/format/*.c)
c_test impl_test -Iimpl impl/*.c tests/impl_test.c
c_test impl_types_test "${HARNESS_LIB[@]}" impl/*.c tests/impl_types_test.c
c_test impl_iface_test "${HARNESS_LIB[@]}" impl/*.c tests/impl_iface_test.c
c_test text_test "${HARNESS_LIB[@]}" impl/*.c tests/text_test.c
c_test spec_test "${HARNESS_LIB[@]}" harness/run/canon.c harness/run/spec.c impl/*.c tests/spec_test.c
c_test signature_test "${HARNESS_LIB[@]}" harness/report/signature.c impl/*.c tests/signature_test.c

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
