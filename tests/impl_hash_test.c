/*
 * impl_hash_test.c: the C port's AES hash (impl/aeshash.c, Go's
 * aeshashbody, memhash32 and memhash64 on amd64) and its fallback.
 *
 * Every length 0..300, at every alignment and ending at the last byte of
 * a readable page (the next page is PROT_NONE: a read past a key's end
 * faults, and ASan sees it in the sanitizer build): equal bytes hash
 * equal, the hash is a function of (bytes, seed), a change of seed or of
 * any one byte changes it, and the map ops still agree with the model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "gomap.h"
#include "port.h"

#define MAXLEN 300

static uint8_t ref[MAXLEN + 1];

/* A page-end buffer: n readable bytes ending at a PROT_NONE page. */
static uint8_t *page_end(size_t n)
{
	static uint8_t *base;
	static long pg;
	if (!base) {
		pg = sysconf(_SC_PAGESIZE);
		base = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (base == MAP_FAILED || mprotect(base + pg, (size_t)pg, PROT_NONE) != 0)
			abort();
	}
	return base + pg - n;
}

/* The same bytes at every alignment and at a page end hash alike. */
static void test_equal_keys_hash_equal(void)
{
	test_begin("aeshash: equal keys hash equal, lengths 0..300, unaligned and at a page end");
	static uint8_t buf[MAXLEN + 64];
	for (size_t s = 0; s <= MAXLEN; s++) {
		uint64_t h = memhash(ref, 0x1234, s);
		for (size_t a = 0; a < 17; a++) {
			memcpy(buf + a, ref, s);
			CHECK(memhash(buf + a, 0x1234, s) == h);
		}
		uint8_t *pe = page_end(s);
		memcpy(pe, ref, s);
		CHECK(memhash(pe, 0x1234, s) == h);
		CHECK(!useAeshash || memhash(pe, 0x1234, s) == aeshashbody(ref, 0x1234, s));
	}
	test_end();
}

/* A seed, a length or any one byte changes the hash. */
static void test_hash_distinguishes(void)
{
	test_begin("aeshash: distinct seeds, lengths and bytes give distinct hashes");
	static uint8_t buf[MAXLEN];
	for (size_t s = 0; s <= MAXLEN; s++) {
		uint64_t h = memhash(ref, 7, s);
		CHECK(memhash(ref, 8, s) != h);
		CHECK(memhash(ref, 7, s + 1) != h);
		memcpy(buf, ref, s);
		for (size_t i = 0; i < s; i++) {
			buf[i] ^= 0x40;
			CHECK(memhash(buf, 7, s) != h);
			buf[i] ^= 0x40;
		}
	}
	test_end();
}

/* memhash32/64 are the map's hashers for 4- and 8-byte keys. */
static void test_hash32_64(void)
{
	test_begin("aeshash: memhash32 and memhash64 deterministic, keyed by seed and value");
	uint64_t seen[64];
	for (int i = 0; i < 64; i++) {
		uint64_t k = (uint64_t)i * 0x9E3779B97F4A7C15ULL;
		uint64_t h = memhash64(NULL, &k, 99, NULL);
		CHECK(memhash64(NULL, &k, 99, NULL) == h);
		CHECK(memhash64(NULL, &k, 100, NULL) != h);
		uint32_t k32 = (uint32_t)k;
		CHECK(memhash32(NULL, &k32, 99, NULL) == memhash32(NULL, &k32, 99, NULL));
		CHECK(memhash32(NULL, &k32, 99, NULL) != memhash32(NULL, &k32, 98, NULL));
		seen[i] = h;
		for (int j = 0; j < i; j++)
			CHECK(seen[j] != h);
	}
	test_end();
}

/* Where the CPU has AES the port uses it, as Go does; the fallback stays. */
static void test_aes_used_where_present(void)
{
	test_begin("aeshash: used where the CPU has AES, SSSE3, SSE4.1; the fallback otherwise");
#if defined(__x86_64__)
	__builtin_cpu_init();
	bool has = __builtin_cpu_supports("aes") && __builtin_cpu_supports("ssse3") &&
		   __builtin_cpu_supports("sse4.1");
	CHECK(useAeshash == has);
#endif
	for (size_t s = 0; s <= MAXLEN; s++) {
		bool was = useAeshash;
		useAeshash = false;
		uint64_t fb = memhash(ref, 5, s);
		CHECK(fb == memhashFallback(ref, 5, s));
		useAeshash = was;
		if (useAeshash)
			CHECK(memhash(ref, 5, s) == aeshashbody(ref, 5, s) && aeshashbody(ref, 5, s) != fb);
	}
	test_end();
}

/* Maps of string keys of every length 0..300 still behave, either hash. */
static void test_maps_either_hash(void)
{
	test_begin("aeshash: string-keyed maps of keys 0..300 bytes, AES and fallback");
	const mapport *P = &classic_port;
	void *t = P->type_new(&gotype_scalars[GO_STRING], &gotype_scalars[GO_INT64]);
	bool was = useAeshash;
	for (int pass = 0; pass < 2; pass++) {
		useAeshash = pass == 0 ? was : false;
		gopanic p = {0};
		void *m = P->make(t, 0, false, 42);
		for (int64_t s = 0; s <= MAXLEN; s++) {
			gostring k = {ref, s};
			P->assign(t, m, &k, &s, &p);
		}
		CHECK(P->len(t, m) == MAXLEN + 1);
		for (int64_t s = 0; s <= MAXLEN; s++) {
			gostring k = {page_end((size_t)s), s};
			memcpy((void *)k.ptr, ref, (size_t)s);
			int64_t v = -1;
			CHECK(P->lookup(t, m, &k, &v, &p) && v == s);
		}
		P->free(t, m);
		CHECK(!p.raised);
	}
	useAeshash = was;
	P->type_free(t);
	test_end();
}

/* The inline memequal: every length 0..40, a difference in any byte. */
static void test_memequal(void)
{
	test_begin("memequal_bytes: equal copies equal, one changed byte unequal, lengths 0..40");
	static uint8_t a[48], b[48];
	for (size_t n = 0; n <= 40; n++) {
		memcpy(a + 1, ref, n);
		memcpy(b + 3, ref, n);
		CHECK(memequal_bytes(a + 1, b + 3, n));
		for (size_t i = 0; i < n; i++) {
			b[3 + i] ^= 0x80;
			CHECK(!memequal_bytes(a + 1, b + 3, n));
			b[3 + i] ^= 0x80;
		}
	}
	test_end();
}

int main(void)
{
	for (size_t i = 0; i < MAXLEN; i++)
		ref[i] = (uint8_t)(i * 131 + 7);
	test_equal_keys_hash_equal();
	test_hash_distinguishes();
	test_hash32_64();
	test_aes_used_where_present();
	test_maps_either_hash();
	test_memequal();
	printf("# useAeshash = %d\n", useAeshash);
	return check_exit_status();
}
