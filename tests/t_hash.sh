# shellcheck shell=bash
# The C port's AES hash is Go's: gc 1.19's runtime.memhash (aeshashbody),
# memhash64 and memhash32, with the key schedule fixed as the port fixes
# it, print the same hashes as the port's memhash for keys of 0..300 bytes
# (tests/aeshash/).  Needs a CPU with AES (else both sides use fallback
# hashes under different keys) and gc 1.19 (./build.sh installs it).
HASH_T=out/tests/aeshash

t_hash_aes_is_gos() {
	local go119=/usr/lib/go-1.19/bin/go
	grep -qw aes /proc/cpuinfo || { echo "skipped: no AES on this CPU"; return 0; }
	[ -x "$go119" ] || { echo "gc 1.19 missing ($go119): ./build.sh installs it"; return 1; }
	mkdir -p "$HASH_T"
	gcc -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -O2 -Iimpl -Iharness tests/aeshash.c impl/*.c -lm \
		-o "$HASH_T/hash" || return 1
	"$HASH_T/hash" >"$HASH_T/c.txt" || { echo "the C port does not use its AES hash here"; return 1; }
	(cd tests/aeshash && GOTOOLCHAIN=local GOFLAGS= "$go119" run .) >"$HASH_T/go.txt" 2>&1 ||
		{ tail -3 "$HASH_T/go.txt"; return 1; }
	[ "$(wc -l <"$HASH_T/go.txt")" -eq 303 ] || { echo "gc 1.19 printed: $(head -3 "$HASH_T/go.txt")"; return 1; }
	diff "$HASH_T/go.txt" "$HASH_T/c.txt" >"$HASH_T/diff.txt" ||
		{ echo "the port's hash differs from gc 1.19's: $(head -4 "$HASH_T/diff.txt" | tr '\n' ' ')"; return 1; }
}
