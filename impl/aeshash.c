/*
 * aeshash.c: Go's AES hash for amd64 (runtime/asm_amd64.s aeshashbody,
 * memhash32, memhash64 and alg.go alginit, go1.19), with AES-NI intrinsics.
 *
 * Go hashes with AES instructions where the CPU has AES, SSSE3 and SSE4.1
 * and with the fallback of hash64.go elsewhere; so does the port
 * (useAeshash, set once at start-up as alginit sets it).  Go draws its key
 * schedule aeskeysched at random; the port fixes it, so a program replays
 * exactly: the bytes a classic gc oracle of the twin fixes its runtime's to
 * (oracle/twin_classic.go fixHashKeys), so both hash alike.
 *
 * Go's aeshashbody reads a whole 16-byte block for keys under 16 bytes when
 * that stays inside the page (past the key's end: no fault, the bytes
 * masked off); in C that is an out-of-bounds read, so the port copies such
 * a key into a zeroed block, which is what Go's mask makes of it.  Each
 * function using the instructions carries its own target attribute: the
 * rest of the build needs no -maes.
 */
#include <string.h>

#include "gomap.h"

bool useAeshash;

#if defined(__x86_64__)
#include <smmintrin.h>
#include <tmmintrin.h>
#include <wmmintrin.h>

#define AESFN __attribute__((target("aes,ssse3,sse4.1")))

static _Alignas(16) uint8_t aeskeysched[128];

/* murmur3's fmix64, as mdres.Mix (oracle/mdres/digest.go). */
static uint64_t fmix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/* Follows runtime/alg.go alginit and initAlgAES (go1.19); the key
 * schedule fixed (see the top of this file).  Runs before main, as Go's. */
__attribute__((constructor)) static void alginit(void)
{
	__builtin_cpu_init();
	if (!__builtin_cpu_supports("aes") || !__builtin_cpu_supports("ssse3") ||
	    !__builtin_cpu_supports("sse4.1"))
		return;
	for (unsigned i = 0; i < sizeof aeskeysched; i++)
		aeskeysched[i] = (uint8_t)fmix64(i + 0x61657368ULL);
	useAeshash = true;
}

AESFN static __m128i ks(int i)
{
	return _mm_load_si128((const __m128i *)(const void *)(aeskeysched + 16 * i));
}

AESFN static __m128i ld(const uint8_t *p)
{
	return _mm_loadu_si128((const __m128i *)(const void *)p);
}

AESFN static __m128i enc(__m128i x)
{
	return _mm_aesenc_si128(x, x);
}

AESFN static uint64_t low64(__m128i x)
{
	return (uint64_t)_mm_cvtsi128_si64(x);
}

/* aeshashbody's final1: three scrambles of data ^ seed. */
AESFN static uint64_t final1(__m128i data, __m128i x0)
{
	__m128i x = _mm_xor_si128(data, x0);
	return low64(enc(enc(enc(x))));
}

/* aeshashbody's seeds 1..n-1: the unscrambled seed ^ key block i, scrambled. */
AESFN static void moreseeds(__m128i *x, __m128i seed, int n)
{
	for (int i = 1; i < n; i++)
		x[i] = enc(_mm_xor_si128(seed, ks(i)));
}

/* aes33to64 .. aes129plus: 3 scrambles of n states, folded in halves. */
AESFN static uint64_t scramble_fold(__m128i *x, int n)
{
	for (int r = 0; r < 3; r++)
		for (int i = 0; i < n; i++)
			x[i] = enc(x[i]);
	for (; n > 1; n /= 2)
		for (int i = 0; i < n / 2; i++)
			x[i] = _mm_xor_si128(x[i], x[i + n / 2]);
	return low64(x[0]);
}

/* Follows runtime/asm_amd64.s aeshashbody (go1.19): hash s bytes at p. */
AESFN uint64_t aeshashbody(const void *ptr, uint64_t seed, uint64_t s)
{
	const uint8_t *p = ptr;
	__m128i x[8];
	__m128i seed0 = _mm_insert_epi16(_mm_cvtsi64_si128((long long)seed), (int)(s & 0xffff), 4);
	seed0 = _mm_shufflehi_epi16(seed0, 0); /* length 4 times in the high half */
	x[0] = enc(_mm_xor_si128(seed0, ks(0)));
	if (s == 0)
		return low64(enc(x[0]));
	if (s < 16) {
		_Alignas(16) uint8_t block[16] = {0}; /* Go: a masked 16-byte load */
		memcpy(block, p, s);
		return final1(ld(block), x[0]);
	}
	if (s == 16)
		return final1(ld(p), x[0]);
	if (s <= 32) {
		moreseeds(x, seed0, 2);
		__m128i a = enc(enc(enc(_mm_xor_si128(ld(p), x[0]))));
		__m128i b = enc(enc(enc(_mm_xor_si128(ld(p + s - 16), x[1]))));
		return low64(_mm_xor_si128(a, b));
	}
	if (s <= 64) {
		moreseeds(x, seed0, 4);
		/* Go folds X4^X6, X5^X7, then X4^X5: states 0,1 and 2,3 halves */
		__m128i d[4] = {ld(p), ld(p + 16), ld(p + s - 32), ld(p + s - 16)};
		for (int i = 0; i < 4; i++)
			d[i] = _mm_xor_si128(d[i], x[i]);
		return scramble_fold(d, 4);
	}
	moreseeds(x, seed0, 8);
	__m128i d[8];
	if (s <= 128) {
		for (int i = 0; i < 4; i++) {
			d[i] = _mm_xor_si128(ld(p + 16 * i), x[i]);
			d[i + 4] = _mm_xor_si128(ld(p + s - 64 + 16 * i), x[i + 4]);
		}
		return scramble_fold(d, 8);
	}
	/* aes129plus: start with the last (possibly overlapping) 128 bytes */
	for (int i = 0; i < 8; i++)
		d[i] = _mm_xor_si128(ld(p + s - 128 + 16 * i), x[i]);
	for (uint64_t n = (s - 1) >> 7; n > 0; n--, p += 128)
		for (int i = 0; i < 8; i++)
			d[i] = _mm_aesenc_si128(enc(d[i]), ld(p + 16 * i));
	return scramble_fold(d, 8);
}

/* Follows runtime/asm_amd64.s memhash32 (go1.19), its AES branch. */
AESFN uint64_t aeshash32(const void *p, uint64_t seed)
{
	uint32_t v;
	memcpy(&v, p, 4);
	__m128i x = _mm_insert_epi32(_mm_cvtsi64_si128((long long)seed), (int)v, 2);
	x = _mm_aesenc_si128(x, ks(0));
	x = _mm_aesenc_si128(x, ks(1));
	return low64(_mm_aesenc_si128(x, ks(2)));
}

/* Follows runtime/asm_amd64.s memhash64 (go1.19), its AES branch. */
AESFN uint64_t aeshash64(const void *p, uint64_t seed)
{
	uint64_t v;
	memcpy(&v, p, 8);
	__m128i x = _mm_insert_epi64(_mm_cvtsi64_si128((long long)seed), (long long)v, 1);
	x = _mm_aesenc_si128(x, ks(0));
	x = _mm_aesenc_si128(x, ks(1));
	return low64(_mm_aesenc_si128(x, ks(2)));
}

#else /* no AES-NI: useAeshash stays false, these are never called */

uint64_t aeshashbody(const void *p, uint64_t seed, uint64_t s)
{
	return memhashFallback(p, seed, s);
}

uint64_t aeshash32(const void *p, uint64_t seed)
{
	return memhashFallback(p, seed, 4);
}

uint64_t aeshash64(const void *p, uint64_t seed)
{
	return memhashFallback(p, seed, 8);
}

#endif
