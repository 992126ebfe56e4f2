/*
 * impl_clone_test.c: maps.Clone on the C port of Go's classic map
 * (impl/map_clone.c) and on the model, through the mapport table.
 *
 * In the spirit of Go's own tests of clone (maps/maps_test.go TestClone,
 * TestCloneNil, TestCloneLarge, TestCloneWithDelete, TestCloneWithMapAssign;
 * runtime/map_test.go): a clone has the source's entries and nothing ties
 * the two afterwards; and the cases of runtime/map.go mapclone2: a map in
 * the middle of a doubling (old buckets moved whole, or key by key), in
 * the middle of a same-size grow (issue 69110), keys and elems over 128
 * bytes (stored indirectly), NaN keys, string keys.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gomap.h"
#include "port.h"

static const mapport *P = &classic_port;

static void *newtype(gokind k, gokind e)
{
	return P->type_new(&gotype_scalars[k], &gotype_scalars[e]);
}

static void *clone(void *t, void *m, uint64_t rand)
{
	gopanic p = {0};
	void *c = P->clone(t, m, rand, &p);
	CHECK(!p.raised);
	return c;
}

static void putI(void *t, void *m, int64_t k, int64_t v)
{
	gopanic p = {0};
	P->assign(t, m, &k, &v, &p);
	CHECK(!p.raised);
}

static bool getI(void *t, void *m, int64_t k, int64_t *v)
{
	gopanic p = {0};
	return P->lookup(t, m, &k, v, &p);
}

static void delI(void *t, void *m, int64_t k)
{
	gopanic p = {0};
	P->del(t, m, &k, &p);
}

/* Whether m holds exactly the keys lo..hi-1 with value key*10, seen both
 * by lookup and by a full iteration (each key once). */
static bool holds_range(void *t, void *m, int64_t lo, int64_t hi)
{
	if (P->len(t, m) != hi - lo)
		return false;
	for (int64_t k = lo; k < hi; k++) {
		int64_t v;
		if (!getI(t, m, k, &v) || v != k * 10)
			return false;
	}
	unsigned char it[512];
	static unsigned char seen[4096];
	memset(seen, 0, sizeof seen);
	const void *kp, *ep;
	int64_t n = 0;
	P->iter_init(t, m, it);
	while (P->iter_next(it, &kp, &ep)) {
		int64_t k, v;
		memcpy(&k, kp, 8), memcpy(&v, ep, 8);
		if (k < lo || k >= hi || k - lo >= (int64_t)sizeof seen || seen[k - lo]++ || v != k * 10)
			return false;
		n++;
	}
	return n == hi - lo;
}

static void fill(void *t, void *m, int64_t lo, int64_t hi)
{
	for (int64_t k = lo; k < hi; k++)
		putI(t, m, k, k * 10);
}

static void test_clone_independent(void)
{
	test_begin("clone: same entries, then independent maps (TestClone)");
	void *t = newtype(GO_INT64, GO_INT64);
	for (int64_t n = 0; n <= 300; n += 5) {
		void *m = P->make(t, 0, false, 1 + (uint64_t)n);
		fill(t, m, 0, n);
		void *c = clone(t, m, 1000 + (uint64_t)n);
		CHECK(holds_range(t, c, 0, n));
		putI(t, c, -1, 7);
		delI(t, m, 0);
		CHECK(P->len(t, m) == (n ? n - 1 : 0) && P->len(t, c) == n + 1);
		int64_t v;
		CHECK(!getI(t, m, -1, &v) && (n == 0 || getI(t, c, 0, &v)));
		gopanic p = {0};
		P->clear(t, c, &p);
		CHECK(P->len(t, c) == 0 && P->len(t, m) == (n ? n - 1 : 0));
		P->free(t, m);
		CHECK(P->len(t, c) == 0);
		P->free(t, c);
	}
	P->type_free(t);
	test_end();
}

static void test_clone_keeps_seed(void)
{
	test_begin("clone: keeps the hash seed and the weak-hash mode (mapclone2: dst.hash0 = src.hash0)");
	void *t = newtype(GO_INT64, GO_INT64);
	for (unsigned bits = 0; bits <= 3; bits++) {
		void *m = P->make(t, 0, false, 77 + bits);
		if (bits)
			P->set_weak_hash(t, m, bits);
		fill(t, m, 0, 100);
		void *c = clone(t, m, 5);
		CHECK(gomap_hash0(c) == gomap_hash0(m));
		CHECK(holds_range(t, c, 0, 100));
		fill(t, c, 100, 200); /* writes after the clone hash as the source did */
		CHECK(holds_range(t, c, 0, 200) && holds_range(t, m, 0, 100));
		P->free(t, m);
		P->free(t, c);
	}
	P->type_free(t);
	test_end();
}

/* A map that has just started doubling: n entries, B one up. */
static void *growing_map(void *t, int64_t n, uint64_t rand)
{
	void *m = P->make(t, 0, false, rand);
	fill(t, m, 0, n);
	return m;
}

static void test_clone_mid_grow(void)
{
	test_begin("clone: a map in the middle of doubling, old buckets rehashed (oldB < dst.B)");
	void *t = newtype(GO_INT64, GO_INT64);
	void *m = growing_map(t, 53, 3); /* 53 > 6.5*8: B 3 -> 4 */
	CHECK(gomap_growing(m) && gomap_buckets(m) == 16);
	void *c = clone(t, m, 4);
	CHECK(!gomap_growing(c) && gomap_buckets(c) == 16); /* makemap(53): B 4 */
	CHECK(holds_range(t, c, 0, 53));
	fill(t, m, 53, 60); /* finishes the source's grow */
	CHECK(holds_range(t, c, 0, 53) && holds_range(t, m, 0, 60));
	P->free(t, m);
	P->free(t, c);
	test_end();

	test_begin("clone: a map in the middle of doubling, old buckets moved whole (oldB >= dst.B)");
	m = growing_map(t, 209, 6); /* 209 > 6.5*32: B 5 -> 6 */
	delI(t, m, 208);            /* 208 entries: the clone gets B 5, the old B */
	CHECK(gomap_growing(m) && gomap_buckets(m) == 64);
	c = clone(t, m, 7);
	CHECK(!gomap_growing(c) && gomap_buckets(c) == 32);
	CHECK(holds_range(t, c, 0, 208));
	fill(t, c, 208, 300);
	CHECK(holds_range(t, c, 0, 300) && holds_range(t, m, 0, 208));
	P->free(t, m);
	P->free(t, c);
	P->type_free(t);
	test_end();
}

static void test_clone_same_size(void)
{
	test_begin("clone: during and after a same-size grow, never more buckets than the source (issue 69110)");
	void *t = newtype(GO_INT64, GO_INT64);
	enum { LIVE = 100, ROUNDS = 20000 };
	void *m = P->make(t, LIVE, true, 23);
	fill(t, m, 0, LIVE);
	int during = 0, after = 0;
	for (int64_t i = LIVE; i < ROUNDS && (during < 3 || after < 3); i++) {
		delI(t, m, i - LIVE);
		putI(t, m, i, i * 10);
		bool same = (gomap_flags(m) & sameSizeGrow) != 0;
		if (!same && !(during > after))
			continue;
		void *c = clone(t, m, (uint64_t)i);
		CHECK(holds_range(t, c, i + 1 - LIVE, i + 1));
		CHECK(gomap_buckets(c) <= gomap_buckets(m));
		fill(t, c, i + 1, i + 20);
		CHECK(holds_range(t, c, i + 1 - LIVE, i + 20));
		P->free(t, c);
		if (same)
			during++;
		else
			after++; /* the first clone after one that was made during */
	}
	CHECK(during >= 3 && after >= 3);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

/* [n]T for the big-key tests. */
static gotypes arena;

static void test_clone_big(void)
{
	test_begin("clone: keys and elems over 128 bytes (indirect), one bucket and grown");
	gotypes_reset(&arena);
	const gotype *kt = gotype_array(&arena, &gotype_scalars[GO_FLOAT64], 17); /* 136 bytes, needs key update */
	const gotype *et = gotype_array(&arena, &gotype_scalars[GO_INT64], 20);   /* 160 bytes */
	void *t = P->type_new(kt, et);
	CHECK(t != NULL);
	for (int n = 1; n <= 40; n += 13) {
		void *m = P->make(t, 0, false, (uint64_t)n);
		double k[17] = {0};
		int64_t e[20] = {0}, got[20];
		gopanic p = {0};
		for (int i = 0; i < n; i++) {
			k[0] = i, k[1] = -0.0, e[0] = i, e[19] = -i;
			P->assign(t, m, k, e, &p);
		}
		k[0] = NAN;
		P->assign(t, m, k, e, &p);
		void *c = clone(t, m, 9);
		CHECK(P->len(t, c) == n + 1);
		k[1] = 0.0, e[0] = 1000;
		for (int i = 0; i < n; i++) {
			k[0] = i;
			P->assign(t, c, k, e, &p); /* the clone's key update and elem, not the source's */
		}
		for (int i = 0; i < n; i++) {
			k[0] = i;
			CHECK(P->lookup(t, m, k, got, &p) && got[0] == i && got[19] == -i);
			CHECK(P->lookup(t, c, k, got, &p) && got[0] == 1000);
		}
		unsigned char it[512];
		const void *kp, *ep;
		int negzero = 0;
		P->iter_init(t, m, it);
		while (P->iter_next(it, &kp, &ep)) {
			double k1;
			memcpy(&k1, (const char *)kp + 8, 8);
			negzero += signbit(k1) != 0;
		}
		CHECK(negzero == n + 1); /* the source keeps its keys' -0.0 */
		P->free(t, m);
		P->free(t, c);
	}
	P->type_free(t);
	test_end();
}

static void test_clone_nan(void)
{
	test_begin("clone: NaN keys copied (and rehashed from old buckets), none found again");
	void *t = newtype(GO_FLOAT64, GO_INT64);
	for (int n = 0; n < 60; n += 7) {
		void *m = P->make(t, 0, false, 31 + (uint64_t)n);
		gopanic p = {0};
		int64_t v = 1;
		double nan = NAN;
		for (int i = 0; i < 3; i++)
			P->assign(t, m, &nan, &v, &p);
		for (int i = 0; i < n; i++) {
			double k = i;
			P->assign(t, m, &k, &v, &p);
		}
		void *c = clone(t, m, 8);
		CHECK(P->len(t, c) == n + 3);
		int nans = 0;
		unsigned char it[512];
		const void *kp, *ep;
		P->iter_init(t, c, it);
		while (P->iter_next(it, &kp, &ep)) {
			double k;
			memcpy(&k, kp, 8);
			nans += isnan(k);
		}
		CHECK(nans == 3);
		CHECK(!P->lookup(t, c, &nan, &v, &p));
		P->del(t, c, &nan, &p);
		CHECK(P->len(t, c) == n + 3);
		P->free(t, m);
		P->free(t, c);
	}
	P->type_free(t);
	test_end();
}

static void test_clone_strings(void)
{
	test_begin("clone: string keys are the clone's own (the source freed, cleared)");
	void *t = newtype(GO_STRING, GO_INT64);
	for (int n = 1; n < 100; n += 30) {
		void *m = P->make(t, 0, false, (uint64_t)n);
		char buf[32];
		gopanic p = {0};
		for (int64_t i = 0; i < n; i++) {
			snprintf(buf, sizeof buf, "key-%lld", (long long)i);
			gostring s = {(const uint8_t *)buf, (intptr_t)strlen(buf)};
			P->assign(t, m, &s, &i, &p);
		}
		void *c = clone(t, m, 3);
		P->clear(t, m, &p);
		P->free(t, m);
		for (int64_t i = 0; i < n; i++) {
			snprintf(buf, sizeof buf, "key-%lld", (long long)i);
			gostring s = {(const uint8_t *)buf, (intptr_t)strlen(buf)};
			int64_t v = -1;
			CHECK(P->lookup(t, c, &s, &v, &p) && v == i);
		}
		P->free(t, c);
	}
	P->type_free(t);
	test_end();
}

static void test_model_clone(void)
{
	test_begin("model: clone has the same entries and is independent");
	const mapport *saved = P;
	P = &model_port;
	void *t = newtype(GO_INT64, GO_INT64);
	void *m = P->make(t, 0, false, 0);
	fill(t, m, 0, 50);
	delI(t, m, 10);
	putI(t, m, 10, 100);
	void *c = clone(t, m, 0);
	CHECK(holds_range(t, c, 0, 50) && holds_range(t, m, 0, 50));
	delI(t, c, 3);
	CHECK(P->len(t, c) == 49 && P->len(t, m) == 50);
	P->free(t, m);
	P->free(t, c);
	P->type_free(t);
	P = saved;
	test_end();
}

int main(void)
{
	test_clone_independent();
	test_clone_keeps_seed();
	test_clone_mid_grow();
	test_clone_same_size();
	test_clone_big();
	test_clone_nan();
	test_clone_strings();
	test_model_clone();
	return check_exit_status();
}
