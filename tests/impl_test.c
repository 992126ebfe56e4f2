/*
 * impl_test.c: tests of the C port of Go's classic map, through the mapport
 * table (classic_port) plus the inspection helpers of impl/gomap.h.
 *
 * Most tests carry over the behaviour of Go's runtime/map_test.go (go1.19);
 * the others check growth, iteration during growth, clear, same-size growth,
 * the concurrent-write check, determinism and the fast-path dispatch.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gomap.h"
#include "port.h"

static const mapport *P = &classic_port;

/* ---- helpers -------------------------------------------------------- */

static void *newtype(gokind k, gokind e)
{
	return P->type_new(&gotype_scalars[k], &gotype_scalars[e]);
}

/* m[k] = v for an int64 elem; returns false on a panic. */
static bool put(void *t, void *m, const void *k, int64_t v)
{
	gopanic p = {0};
	P->assign(t, m, k, &v, &p);
	return !p.raised;
}

/* v, ok := m[k] for an int64 elem. */
static bool get(void *t, void *m, const void *k, int64_t *v)
{
	gopanic p = {0};
	int64_t tmp = -12345;
	bool ok = P->lookup(t, m, k, &tmp, &p);
	if (v)
		*v = tmp;
	return ok;
}

static void del(void *t, void *m, const void *k)
{
	gopanic p = {0};
	P->del(t, m, k, &p);
}

static void putI(void *t, void *m, int64_t k, int64_t v) { put(t, m, &k, v); }
static bool getI(void *t, void *m, int64_t k, int64_t *v) { return get(t, m, &k, v); }
static void delI(void *t, void *m, int64_t k) { del(t, m, &k); }

/* An iterator buffer; deliberately misaligned by one byte to check the
 * port does not assume alignment. */
typedef struct iterbuf {
	unsigned char raw[256 + 1];
} iterbuf;

static void *iterinit(iterbuf *b, void *t, void *m)
{
	void *it = b->raw + 1;
	P->iter_init(t, m, it);
	return it;
}

/* Collects up to max entries: keys (keysize bytes each) and int64 elems. */
static int64_t collect(void *t, void *m, size_t keysize, void *keys, int64_t *vals, int64_t max)
{
	iterbuf b;
	void *it = iterinit(&b, t, m);
	const void *k, *e;
	int64_t n = 0;
	while (P->iter_next(it, &k, &e)) {
		if (n < max) {
			if (keys)
				memcpy((char *)keys + n * keysize, k, keysize);
			if (vals)
				memcpy(&vals[n], e, 8);
		}
		n++;
	}
	return n;
}

static gostring gs(const char *s)
{
	gostring g = {(const uint8_t *)s, (intptr_t)strlen(s)};
	return g;
}

/* ---- Go's map_test.go behaviour -------------------------------------- */

static void negzero64(bool minusLast)
{
	void *t = newtype(GO_FLOAT64, GO_INT64);
	void *m = P->make(t, 0, false, 1);
	double a = minusLast ? +0.0 : -0.0, b = minusLast ? -0.0 : +0.0;
	put(t, m, &a, 1);
	put(t, m, &b, 2);
	CHECK(P->len(t, m) == 1);
	double k;
	int64_t v;
	CHECK(collect(t, m, 8, &k, &v, 1) == 1);
	CHECK(k == 0 && (signbit(k) != 0) == minusLast); /* stored key is the last written */
	CHECK(v == 2);
	P->free(t, m);
	P->type_free(t);
}

static void negzero32(bool minusLast)
{
	void *t = newtype(GO_FLOAT32, GO_INT64);
	void *m = P->make(t, 0, false, 2);
	float a = minusLast ? +0.0f : -0.0f, b = minusLast ? -0.0f : +0.0f;
	put(t, m, &a, 1);
	put(t, m, &b, 2);
	CHECK(P->len(t, m) == 1);
	float k;
	int64_t v;
	CHECK(collect(t, m, 4, &k, &v, 1) == 1);
	CHECK(k == 0 && (signbit(k) != 0) == minusLast);
	CHECK(v == 2);
	P->free(t, m);
	P->type_free(t);
}

static void test_negative_zero(void)
{
	test_begin("TestNegativeZero");
	negzero64(true);
	negzero64(false);
	negzero32(true);
	negzero32(false);
	/* many +0/-0 and growth: still one entry (TestGrowWithNegativeZero) */
	void *t = newtype(GO_FLOAT64, GO_INT64);
	void *m = P->make(t, 4, true, 3);
	for (int i = 0; i < 100; i++) {
		double z = (i & 1) ? -0.0 : 0.0, x = i + 1;
		put(t, m, &z, i);
		put(t, m, &x, i);
	}
	CHECK(P->len(t, m) == 101);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

static void test_map_assignment_nan(void)
{
	test_begin("TestMapAssignmentNan");
	void *t = newtype(GO_FLOAT64, GO_INT64);
	void *m = P->make(t, 0, false, 4);
	double nan = NAN;
	enum { N = 40 };
	for (int i = 0; i < N; i++) {
		CHECK(put(t, m, &nan, (int64_t)1 << i));
		CHECK(P->len(t, m) == i + 1);
	}
	double keys[N];
	int64_t vals[N];
	CHECK(collect(t, m, 8, keys, vals, N) == N);
	int64_t s = 0;
	for (int i = 0; i < N; i++) {
		CHECK(keys[i] != keys[i]);
		CHECK((s & vals[i]) == 0); /* each entry once */
		s |= vals[i];
	}
	CHECK(s == ((int64_t)1 << N) - 1);
	CHECK(!get(t, m, &nan, NULL));
	del(t, m, &nan); /* delete never finds a NaN */
	CHECK(P->len(t, m) == N);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

static void test_map_operator_assignment_nan(void)
{
	test_begin("TestMapOperatorAssignmentNan");
	void *t = newtype(GO_FLOAT64, GO_INT64);
	void *m = P->make(t, 0, false, 5);
	double nan = NAN;
	for (int64_t add = 1; add <= 4; add <<= 1) { /* m[nan] += add */
		int64_t v;
		get(t, m, &nan, &v);
		CHECK(v == 0);
		put(t, m, &nan, v + add);
	}
	CHECK(P->len(t, m) == 3);
	double keys[3];
	int64_t vals[3], s = 0;
	CHECK(collect(t, m, 8, keys, vals, 3) == 3);
	for (int i = 0; i < 3; i++) {
		CHECK(keys[i] != keys[i]);
		s |= vals[i];
	}
	CHECK(s == 7);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

static void test_grow_with_nan(void)
{
	test_begin("TestGrowWithNaN");
	void *t = newtype(GO_FLOAT64, GO_INT64);
	void *m = P->make(t, 4, true, 6);
	double nan = NAN;
	put(t, m, &nan, 1);
	put(t, m, &nan, 2);
	put(t, m, &nan, 4);
	int cnt = 0, s = 0;
	bool growflag = true;
	iterbuf b;
	void *it = iterinit(&b, t, m);
	const void *k, *e;
	while (P->iter_next(it, &k, &e)) {
		if (growflag) {
			/* force a hashtable resize */
			for (int i = 0; i < 50; i++) {
				double x = i;
				put(t, m, &x, 0);
			}
			for (int i = 50; i < 100; i++) {
				double x = i;
				put(t, m, &x, 0);
			}
			growflag = false;
		}
		double kk;
		int64_t v;
		memcpy(&kk, k, 8);
		memcpy(&v, e, 8);
		if (kk != kk) {
			cnt++;
			s |= (int)v;
		}
	}
	CHECK(cnt == 3);
	CHECK(s == 7);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

static void test_ignore_bogus_map_hint(void)
{
	test_begin("TestIgnoreBogusMapHint");
	const int64_t hints[] = {-1, (int64_t)1 << 62, INT64_MIN, INT64_MAX, -(1 << 30), (int64_t)1 << 45};
	void *t = newtype(GO_INT, GO_INT64);
	for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
		void *m = P->make(t, hints[i], true, 7);
		CHECK(m != NULL);
		CHECK(gomap_buckets(m) == 1);
		for (int64_t k = 0; k < 20; k++)
			putI(t, m, k, k * 3);
		int64_t v;
		CHECK(getI(t, m, 19, &v) && v == 57);
		CHECK(P->len(t, m) == 20);
		P->free(t, m);
	}
	P->type_free(t);
	test_end();
}

static void test_map_buckets(void)
{
	test_begin("TestMapBuckets");
	static const struct { int64_t n, buckets; } tests[] = {
		{-(1 << 30), 1}, {-1, 1}, {0, 1}, {1, 1}, {8, 1},
		{9, 2}, {13, 2}, {14, 4}, {26, 4},
	};
	void *t = newtype(GO_INT, GO_INT64);
	for (size_t j = 0; j < sizeof tests / sizeof tests[0]; j++) {
		for (int hinted = 0; hinted < 2; hinted++) {
			void *m = P->make(t, tests[j].n, hinted, 8 + j);
			for (int64_t i = 0; i < tests[j].n; i++)
				putI(t, m, i, i);
			if (!CHECK(gomap_buckets(m) == tests[j].buckets))
				printf("# n=%" PRId64 " hinted=%d got %" PRId64 "\n", tests[j].n, hinted, gomap_buckets(m));
			P->free(t, m);
		}
	}
	/* no hint, hints 0..8: one bucket */
	void *m = P->make(t, 0, false, 9);
	CHECK(gomap_buckets(m) == 1);
	P->free(t, m);
	for (int64_t h = 0; h <= 8; h++) {
		m = P->make(t, h, true, 10);
		CHECK(gomap_buckets(m) == 1);
		P->free(t, m);
	}
	/* hint ranges */
	for (int64_t h = 9; h <= 52; h++) {
		m = P->make(t, h, true, 11);
		int64_t want = h <= 13 ? 2 : h <= 26 ? 4 : 8;
		CHECK(gomap_buckets(m) == want);
		P->free(t, m);
	}
	/* B grows at the 9th, 14th, 27th, 53rd, 105th, 209th insert */
	static const int64_t grows[] = {9, 14, 27, 53, 105, 209};
	m = P->make(t, 0, true, 12);
	int64_t B = 0;
	size_t g = 0;
	for (int64_t i = 1; i <= 300; i++) {
		putI(t, m, i * 7919, i);
		int64_t nb = gomap_buckets(m);
		if (nb != ((int64_t)1 << B)) {
			CHECK(g < 6 && i == grows[g]);
			CHECK(nb == ((int64_t)1 << (B + 1)));
			B++;
			g++;
		}
	}
	CHECK(g == 6);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

/* m[key1] = 99; delete(m, key1); m[key2]++ for an elem of the given kind. */
static void increment_after_delete(gokind keykind, gokind elemkind, const void *key1, const void *key2)
{
	void *t = newtype(keykind, elemkind);
	void *m = P->make(t, 0, false, 13);
	size_t es = gotype_scalars[elemkind].size;
	gopanic p = {0};
	int64_t v99 = 99, one;
	int32_t v99_32 = 99;
	P->assign(t, m, key1, es == 4 ? (void *)&v99_32 : (void *)&v99, &p);
	P->del(t, m, key1, &p);
	unsigned char buf[8] = {0};
	P->lookup(t, m, key2, buf, &p);
	if (es == 4) {
		int32_t x;
		memcpy(&x, buf, 4);
		x++;
		P->assign(t, m, key2, &x, &p);
		memset(buf, 0xff, sizeof buf);
		P->lookup(t, m, key2, buf, &p);
		memcpy(&x, buf, 4);
		one = x;
	} else {
		int64_t x;
		memcpy(&x, buf, 8);
		x++;
		P->assign(t, m, key2, &x, &p);
		P->lookup(t, m, key2, buf, &p);
		memcpy(&one, buf, 8);
	}
	CHECK(!p.raised);
	CHECK(one == 1);
	P->free(t, m);
	P->type_free(t);
}

static void test_increment_after_delete(void)
{
	int64_t k1 = 12, k2 = 13;
	gostring s1 = gs(""), s2 = gs("x");
	test_begin("TestIncrementAfterDeleteValueInt");
	increment_after_delete(GO_INT, GO_INT, &k1, &k2);
	test_end();
	test_begin("TestIncrementAfterDeleteValueInt32");
	increment_after_delete(GO_INT, GO_INT32, &k1, &k2);
	test_end();
	test_begin("TestIncrementAfterDeleteValueInt64");
	increment_after_delete(GO_INT, GO_INT64, &k1, &k2);
	test_end();
	test_begin("TestIncrementAfterDeleteKeyStringValueInt");
	increment_after_delete(GO_STRING, GO_INT, &s1, &s2);
	test_end();
	test_begin("TestIncrementAfterDeleteKeyStruct-like (float64 key)");
	double d1 = 12.5, d2 = 13.5;
	increment_after_delete(GO_FLOAT64, GO_INT64, &d1, &d2);
	test_end();

	test_begin("TestIncrementAfterBulkClearKeyStringValueInt");
	void *t = newtype(GO_STRING, GO_INT);
	void *m = P->make(t, 0, false, 14);
	put(t, m, &s1, 99);
	iterbuf b;
	void *it = iterinit(&b, t, m);
	const void *k, *e;
	while (P->iter_next(it, &k, &e)) {
		gostring ks;
		memcpy(&ks, k, sizeof ks);
		del(t, m, &ks);
	}
	int64_t v;
	get(t, m, &s2, &v);
	put(t, m, &s2, v + 1);
	CHECK(get(t, m, &s2, &v) && v == 1);
	CHECK(P->len(t, m) == 1);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

static void test_alias(void)
{
	test_begin("TestAlias");
	void *t = newtype(GO_INT, GO_INT);
	void *m = P->make(t, 0, true, 15);
	void *n = m; /* n := m */
	putI(t, m, 0, 5);
	putI(t, n, 0, 6);
	int64_t v;
	CHECK(getI(t, m, 0, &v) && v == 6);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

static void test_map_tombstones(void)
{
	test_begin("TestMapTombstones");
	void *t = newtype(GO_INT, GO_INT);
	void *m = P->make(t, 0, false, 16);
	enum { N = 10000 };
	for (int64_t i = 0; i < N; i++)
		putI(t, m, i, i);
	CHECK(gomap_tombstone_check(t, m));
	for (int64_t i = 0; i < N; i += 2) /* delete half */
		delI(t, m, i);
	CHECK(gomap_tombstone_check(t, m));
	for (int64_t i = N; i < 3 * N / 2; i++) /* add new entries */
		putI(t, m, i, i);
	CHECK(gomap_tombstone_check(t, m));
	for (int64_t i = 0; i < 3 * N / 2; i++) /* delete everything */
		delI(t, m, i);
	CHECK(gomap_tombstone_check(t, m));
	CHECK(P->len(t, m) == 0);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

/* ---- growth, deletion, iteration --------------------------------------- */

static void test_grow_int64(void)
{
	test_begin("grow int64: 5000 keys all hit");
	void *t = newtype(GO_INT64, GO_INT64);
	void *m = P->make(t, 0, false, 17);
	enum { N = 5000 };
	for (int64_t i = 0; i < N; i++) {
		putI(t, m, i * 1000003 - 77, i);
		if ((i & 127) == 0)
			for (int64_t j = 0; j <= i; j += 37) {
				int64_t v;
				CHECK(getI(t, m, j * 1000003 - 77, &v) && v == j);
			}
	}
	CHECK(P->len(t, m) == N);
	for (int64_t i = 0; i < N; i++) {
		int64_t v;
		CHECK(getI(t, m, i * 1000003 - 77, &v) && v == i);
		CHECK(!getI(t, m, i * 1000003 - 76, &v) && v == 0);
	}
	/* overwrite keeps the count */
	for (int64_t i = 0; i < N; i++)
		putI(t, m, i * 1000003 - 77, -i);
	CHECK(P->len(t, m) == N);
	int64_t v;
	CHECK(getI(t, m, 42 * 1000003 - 77, &v) && v == -42);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

static void strkey(char *buf, size_t n, int64_t i)
{
	/* some keys short, some at least 32 bytes (faststr long-key path) */
	if (i % 3 == 0)
		snprintf(buf, n, "key-%" PRId64, i);
	else if (i % 3 == 1)
		snprintf(buf, n, "a-rather-long-string-key-number-%08" PRId64 "-end", i);
	else
		snprintf(buf, n, "%" PRId64, i * 31);
}

static void test_grow_string(void)
{
	test_begin("grow string: 5000 keys all hit (keys copied)");
	void *t = newtype(GO_STRING, GO_INT64);
	void *m = P->make(t, 0, false, 18);
	enum { N = 5000 };
	char buf[96];
	for (int64_t i = 0; i < N; i++) {
		strkey(buf, sizeof buf, i);
		gostring k = gs(buf); /* buf is reused: the map must copy */
		put(t, m, &k, i);
	}
	CHECK(P->len(t, m) == N);
	for (int64_t i = 0; i < N; i++) {
		strkey(buf, sizeof buf, i);
		gostring k = gs(buf);
		int64_t v;
		CHECK(get(t, m, &k, &v) && v == i);
	}
	gostring miss = gs("no such key"), empty = gs("");
	CHECK(!get(t, m, &miss, NULL));
	CHECK(!get(t, m, &empty, NULL));
	put(t, m, &empty, 77);
	int64_t v;
	CHECK(get(t, m, &empty, &v) && v == 77);
	/* delete every other key */
	for (int64_t i = 0; i < N; i += 2) {
		strkey(buf, sizeof buf, i);
		gostring k = gs(buf);
		del(t, m, &k);
	}
	CHECK(P->len(t, m) == N / 2 + 1);
	for (int64_t i = 0; i < N; i++) {
		strkey(buf, sizeof buf, i);
		gostring k = gs(buf);
		CHECK(get(t, m, &k, &v) == (i % 2 == 1));
	}
	P->free(t, m);
	P->type_free(t);
	test_end();
}

static void test_string_one_bucket_long_keys(void)
{
	test_begin("faststr one bucket: long keys sharing ends");
	void *t = newtype(GO_STRING, GO_INT64);
	void *m = P->make(t, 0, false, 19);
	char keys[8][48];
	for (int i = 0; i < 8; i++) {
		snprintf(keys[i], sizeof keys[i], "AAAA-same-prefix-and-suffix-%02d--ZZZZ", i);
		gostring k = gs(keys[i]);
		put(t, m, &k, i + 100);
	}
	CHECK(gomap_buckets(m) == 1);
	for (int i = 0; i < 8; i++) {
		gostring k = gs(keys[i]);
		int64_t v;
		CHECK(get(t, m, &k, &v) && v == i + 100);
	}
	char other[48];
	snprintf(other, sizeof other, "AAAA-same-prefix-and-suffix-%02d--ZZZZ", 9);
	gostring k = gs(other);
	CHECK(!get(t, m, &k, NULL));
	P->free(t, m);
	P->type_free(t);
	test_end();
}

static void test_delete_during_growth(void)
{
	test_begin("deletes during and after growth");
	void *t = newtype(GO_INT64, GO_INT64);
	void *m = P->make(t, 0, false, 20);
	enum { N = 4000 };
	static bool live[N];
	int64_t count = 0;
	bool sawgrow = false;
	for (int64_t i = 0; i < N; i++) {
		putI(t, m, i, i * 2);
		live[i] = true;
		count++;
		sawgrow |= gomap_growing(m);
		if (i % 3 == 2) { /* delete an older key, often while growing */
			int64_t d = (i * 7) % (i + 1);
			if (live[d]) {
				live[d] = false;
				count--;
			}
			delI(t, m, d);
		}
	}
	CHECK(sawgrow);
	CHECK(P->len(t, m) == count);
	for (int64_t i = 0; i < N; i++) {
		int64_t v;
		bool ok = getI(t, m, i, &v);
		CHECK(ok == live[i]);
		if (ok)
			CHECK(v == i * 2);
	}
	for (int64_t i = 0; i < N; i++) /* delete everything after growth */
		delI(t, m, i);
	CHECK(P->len(t, m) == 0);
	CHECK(collect(t, m, 8, NULL, NULL, 0) == 0);
	CHECK(gomap_tombstone_check(t, m));
	P->free(t, m);
	P->type_free(t);
	test_end();
}

/* Iterates m (int64 keys in [0, n)) and checks each key appears once and
 * with value key*10; returns the number seen. */
static int64_t check_iter_once(void *t, void *m, int64_t n, unsigned char *seen)
{
	memset(seen, 0, (size_t)n);
	iterbuf b;
	void *it = iterinit(&b, t, m);
	const void *k, *e;
	int64_t cnt = 0;
	while (P->iter_next(it, &k, &e)) {
		int64_t kk, v;
		memcpy(&kk, k, 8);
		memcpy(&v, e, 8);
		if (!CHECK(kk >= 0 && kk < n && !seen[kk]))
			break;
		CHECK(v == kk * 10);
		seen[kk] = 1;
		cnt++;
	}
	return cnt;
}

static void test_iterate_during_grow(void)
{
	test_begin("iteration during an incremental grow yields each entry once");
	static unsigned char seen[100000];
	void *t = newtype(GO_INT64, GO_INT64);
	/* 1. iterator started while a grow is in progress */
	for (uint64_t seed = 0; seed < 20; seed++) {
		void *m = P->make(t, 0, false, 100 + seed);
		int64_t n = 0;
		while (!(gomap_growing(m) && n > 200)) {
			putI(t, m, n, n * 10);
			n++;
		}
		CHECK(check_iter_once(t, m, n, seen) == n);
		P->free(t, m);
	}
	/* 2. growth started during the iteration: old entries exactly once,
	 * new ones at most once */
	for (uint64_t seed = 0; seed < 20; seed++) {
		void *m = P->make(t, 0, false, 200 + seed);
		int64_t n0 = 300, n = n0;
		for (int64_t i = 0; i < n0; i++)
			putI(t, m, i, i * 10);
		memset(seen, 0, sizeof seen);
		iterbuf b;
		void *it = iterinit(&b, t, m);
		const void *k, *e;
		while (P->iter_next(it, &k, &e)) {
			int64_t kk, v;
			memcpy(&kk, k, 8);
			memcpy(&v, e, 8);
			if (!CHECK(kk >= 0 && kk < (int64_t)sizeof seen && !seen[kk]))
				break;
			CHECK(v == kk * 10);
			seen[kk] = 1;
			for (int j = 0; j < 10; j++, n++) /* grows the map twice over */
				putI(t, m, n, n * 10);
		}
		for (int64_t i = 0; i < n0; i++)
			CHECK(seen[i]);
		P->free(t, m);
	}
	/* 3. deleting entries not yet reached: never produced; updating:
	 * the current value is produced */
	for (uint64_t seed = 0; seed < 20; seed++) {
		void *m = P->make(t, 0, false, 300 + seed);
		enum { N = 500 };
		for (int64_t i = 0; i < N; i++)
			putI(t, m, i, i * 10);
		memset(seen, 0, sizeof seen);
		iterbuf b;
		void *it = iterinit(&b, t, m);
		const void *k, *e;
		int64_t cnt = 0;
		bool first = true;
		while (P->iter_next(it, &k, &e)) {
			int64_t kk, v;
			memcpy(&kk, k, 8);
			memcpy(&v, e, 8);
			CHECK(kk % 2 == 0 || first || kk >= N); /* odd keys < N deleted below */
			CHECK(!seen[kk]);
			seen[kk] = 1;
			cnt++;
			if (first) {
				for (int64_t i = 1; i < N; i += 2)
					if (i != kk)
						delI(t, m, i);
				for (int64_t i = N; i < N + 400; i++) /* and grow */
					putI(t, m, i, i * 10);
				for (int64_t i = 0; i < N; i += 2)
					putI(t, m, i, i * 100);
				first = false;
				continue;
			}
			if (kk < N)
				CHECK(v == kk * 100);
		}
		CHECK(cnt >= N / 2);
		P->free(t, m);
	}
	P->type_free(t);
	test_end();
}

static void test_clear(void)
{
	test_begin("clear empties a map with NaN keys and redraws the seed");
	void *t = newtype(GO_FLOAT64, GO_INT64);
	void *m = P->make(t, 0, false, 21);
	double nan = NAN;
	for (int i = 0; i < 100; i++) {
		double x = i * 1.5;
		put(t, m, &x, i);
		put(t, m, &nan, i);
	}
	CHECK(P->len(t, m) == 200);
	uint32_t seed0 = gomap_hash0(m);
	int64_t nb = gomap_buckets(m);
	gopanic p = {0};
	P->clear(t, m, &p);
	CHECK(!p.raised);
	CHECK(P->len(t, m) == 0);
	CHECK(collect(t, m, 8, NULL, NULL, 0) == 0);
	CHECK(gomap_hash0(m) != seed0);
	CHECK(gomap_buckets(m) == nb); /* clear keeps the bucket array */
	CHECK(!gomap_growing(m));
	for (int i = 0; i < 100; i++) {
		double x = i * 1.5;
		put(t, m, &x, i + 1);
	}
	int64_t v;
	double x = 3.0;
	CHECK(get(t, m, &x, &v) && v == 3);
	CHECK(P->len(t, m) == 100);
	/* clear during a grow, with a live iterator (issue 59411) */
	for (int i = 0; i < 2000; i++) {
		double y = i + 0.25;
		put(t, m, &y, i);
	}
	iterbuf b;
	void *it = iterinit(&b, t, m);
	const void *k, *e;
	CHECK(P->iter_next(it, &k, &e));
	P->clear(t, m, &p);
	CHECK(!P->iter_next(it, &k, &e)); /* Go 1.21: the iterator sees nothing more */
	CHECK(P->len(t, m) == 0);
	P->free(t, m);

	/* string keys: clear frees the copies (checked by LeakSanitizer) */
	void *ts = newtype(GO_STRING, GO_INT64);
	m = P->make(ts, 0, false, 22);
	char buf[64];
	for (int i = 0; i < 300; i++) {
		strkey(buf, sizeof buf, i);
		gostring s = gs(buf);
		put(ts, m, &s, i);
	}
	uint32_t s0 = gomap_hash0(m);
	P->clear(ts, m, &p);
	CHECK(P->len(ts, m) == 0 && gomap_hash0(m) != s0);
	gostring s = gs("after");
	put(ts, m, &s, 5);
	CHECK(get(ts, m, &s, &v) && v == 5);
	P->free(ts, m);
	P->type_free(ts);
	P->type_free(t);
	test_end();
}

static void test_same_size_grow(void)
{
	test_begin("same-size growth by churn keeps all entries");
	void *t = newtype(GO_INT64, GO_INT64);
	void *m = P->make(t, 100, true, 23);
	enum { LIVE = 100, ROUNDS = 20000 };
	int64_t B0 = gomap_buckets(m);
	for (int64_t i = 0; i < LIVE; i++)
		putI(t, m, i, i * 10);
	bool sawSameSize = false;
	for (int64_t i = LIVE; i < ROUNDS; i++) {
		delI(t, m, i - LIVE);
		putI(t, m, i, i * 10);
		sawSameSize |= (gomap_flags(m) & sameSizeGrow) != 0;
		CHECK(P->len(t, m) == LIVE);
	}
	CHECK(sawSameSize);
	CHECK(gomap_buckets(m) == B0);
	for (int64_t i = ROUNDS - LIVE; i < ROUNDS; i++) {
		int64_t v;
		CHECK(getI(t, m, i, &v) && v == i * 10);
	}
	int64_t v;
	CHECK(!getI(t, m, ROUNDS - LIVE - 1, &v));
	P->free(t, m);
	P->type_free(t);
	test_end();
}

/* ---- panics, nil maps, determinism, fast paths ---------------------- */

static void test_concurrent_map_writes(void)
{
	test_begin("hashWriting check reports concurrent map writes");
	void *t = newtype(GO_INT64, GO_INT64);
	void *ts = newtype(GO_FLOAT64, GO_INT64);
	void *tss = newtype(GO_STRING, GO_INT64);
	void *types[3] = {t, ts, tss};
	double d = 1.5;
	gostring s = gs("k");
	int64_t i = 1;
	const void *keys[3] = {&i, &d, &s};
	for (int j = 0; j < 3; j++) {
		void *m = P->make(types[j], 0, false, 24);
		put(types[j], m, keys[j], 1);
		uint8_t f = gomap_flags(m);
		gomap_set_flags(m, f | hashWriting);
		gopanic p = {0};
		int64_t v = 2;
		P->assign(types[j], m, keys[j], &v, &p);
		CHECK(p.raised && strcmp(p.msg, "concurrent map writes") == 0);
		p = (gopanic){0};
		P->del(types[j], m, keys[j], &p);
		CHECK(p.raised && strcmp(p.msg, "concurrent map writes") == 0);
		p = (gopanic){0};
		P->clear(types[j], m, &p);
		CHECK(p.raised && strcmp(p.msg, "concurrent map writes") == 0);
		p = (gopanic){0};
		P->lookup(types[j], m, keys[j], &v, &p);
		CHECK(p.raised && strcmp(p.msg, "concurrent map read and map write") == 0);
		gomap_set_flags(m, f);
		CHECK(get(types[j], m, keys[j], &v) && v == 1);
		CHECK(P->len(types[j], m) == 1);
		P->free(types[j], m);
	}
	for (int j = 0; j < 3; j++)
		P->type_free(types[j]);
	test_end();
}

static void test_nil_map(void)
{
	test_begin("nil map");
	for (int kind = 0; kind < GO_NSCALAR; kind++) {
		void *t = newtype((gokind)kind, GO_INT64);
		unsigned char key[16] = {0};
		gostring s = gs("x");
		if (kind == GO_STRING)
			memcpy(key, &s, sizeof s);
		gopanic p = {0};
		int64_t v = 99;
		CHECK(!P->lookup(t, NULL, key, &v, &p) && v == 0 && !p.raised);
		P->assign(t, NULL, key, &v, &p);
		CHECK(p.raised && strcmp(p.msg, "assignment to entry in nil map") == 0);
		p = (gopanic){0};
		P->del(t, NULL, key, &p);
		P->clear(t, NULL, &p);
		CHECK(!p.raised);
		CHECK(P->len(t, NULL) == 0);
		CHECK(collect(t, NULL, 16, NULL, NULL, 0) == 0);
		P->free(t, NULL);
		P->type_free(t);
	}
	test_end();
}

static void order_of(uint64_t rand, int64_t *keys, int n)
{
	void *t = newtype(GO_INT64, GO_INT64);
	void *m = P->make(t, 0, false, rand);
	for (int64_t i = 0; i < n; i++)
		putI(t, m, i, i);
	collect(t, m, 8, keys, NULL, n);
	P->free(t, m);
	P->type_free(t);
}

static void test_determinism(void)
{
	test_begin("determinism: same rand same order, other rand other order");
	enum { N = 100 };
	int64_t a[N], b[N];
	order_of(42, a, N);
	order_of(42, b, N);
	CHECK(memcmp(a, b, sizeof a) == 0);
	int differ = 0;
	for (uint64_t r = 43; r < 53; r++) {
		order_of(r, b, N);
		differ += memcmp(a, b, sizeof a) != 0;
	}
	CHECK(differ >= 8);
	/* NaN keys too: their hashes come from the map's generator */
	double x[N], y[N];
	for (int round = 0; round < 2; round++) {
		void *t = newtype(GO_FLOAT64, GO_INT64);
		void *m = P->make(t, 0, false, 77);
		for (int i = 0; i < N; i++) {
			double k = (i % 3 == 0) ? NAN : i;
			put(t, m, &k, i);
		}
		int64_t vals[N];
		collect(t, m, 8, round ? (void *)y : (void *)x, vals, N);
		if (round)
			for (int i = 0; i < N; i++)
				CHECK(y[i] != y[i] || vals[i] == (int64_t)y[i]);
		P->free(t, m);
		P->type_free(t);
	}
	CHECK(memcmp(x, y, sizeof x) == 0);
	test_end();
}

static void test_fast_paths(void)
{
	test_begin("fast path dispatch as Go's compiler and fast/slow agree");
	static const struct { gokind k; mapfastkind f; } want[] = {
		{GO_BOOL, mapslow}, {GO_INT8, mapslow}, {GO_INT16, mapslow},
		{GO_UINT8, mapslow}, {GO_UINT16, mapslow},
		{GO_INT32, mapfast32}, {GO_UINT32, mapfast32},
		{GO_INT64, mapfast64}, {GO_UINT64, mapfast64}, {GO_INT, mapfast64},
		{GO_UINT, mapfast64}, {GO_UINTPTR, mapfast64},
		{GO_FLOAT32, mapslow}, {GO_FLOAT64, mapslow},
		{GO_COMPLEX64, mapslow}, {GO_COMPLEX128, mapslow},
		{GO_STRING, mapfaststr},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		void *t = newtype(want[i].k, GO_INT64);
		CHECK(t != NULL && gomap_fastkind(t) == want[i].f);
		P->type_free(t);
	}
	/* int(1) on map[int64]: fast64 and generic lookups agree */
	void *t = newtype(GO_INT64, GO_INT64);
	void *m = P->make(t, 0, false, 25);
	for (int64_t i = -500; i < 500; i++)
		putI(t, m, i, i * 3);
	gopanic p = {0};
	for (int64_t i = -600; i < 600; i++) {
		bool ok1, ok2;
		const int64_t *e1 = mapaccess2_fast64(t, m, (uint64_t)i, &ok1, &p);
		const int64_t *e2 = mapaccess2(t, m, &i, &ok2, &p);
		CHECK(ok1 == ok2 && *e1 == *e2);
		CHECK(mapaccess1_fast64(t, m, (uint64_t)i, &p) == mapaccess1(t, m, &i, &p));
	}
	int64_t one = 1, v;
	CHECK(getI(t, m, one, &v) && v == 3);
	CHECK(!p.raised);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

/* Writes key number i of a kind into buf (distinct for distinct i). */
static void kindkey(gokind kind, int64_t i, unsigned char *buf, char *strbuf)
{
	memset(buf, 0, 16);
	switch (kind) {
	case GO_BOOL: buf[0] = (unsigned char)(i & 1); break;
	case GO_FLOAT32: { float f = (float)i - 100.5f; memcpy(buf, &f, 4); break; }
	case GO_FLOAT64: { double f = (double)i * 0.25 - 3; memcpy(buf, &f, 8); break; }
	case GO_COMPLEX64: { float c[2] = {(float)(i % 17), (float)(i / 17)}; memcpy(buf, c, 8); break; }
	case GO_COMPLEX128: { double c[2] = {(double)(i / 13), -(double)(i % 13)}; memcpy(buf, c, 16); break; }
	case GO_STRING: {
		snprintf(strbuf, 64, "s%" PRId64, i * 7);
		gostring s = gs(strbuf);
		memcpy(buf, &s, sizeof s);
		break;
	}
	default: {
		uint64_t u = (uint64_t)(i * 2654435761u);
		memcpy(buf, &u, gotype_scalars[kind].size);
		break;
	}
	}
}

static void test_all_key_kinds(void)
{
	test_begin("every scalar key kind: insert, lookup, delete, iterate");
	for (int kind = 0; kind < GO_NSCALAR; kind++) {
		int64_t n = kind == GO_BOOL ? 2 : kind == GO_INT8 || kind == GO_UINT8 ? 256 : 1000;
		void *t = newtype((gokind)kind, GO_INT64);
		void *m = P->make(t, 0, false, 26 + kind);
		unsigned char key[16];
		char sb[64];
		for (int64_t i = 0; i < n; i++) {
			kindkey((gokind)kind, i, key, sb);
			put(t, m, key, i);
		}
		if (!CHECK(P->len(t, m) == n))
			printf("# kind %s len %" PRId64 "\n", gotype_scalars[kind].name, P->len(t, m));
		for (int64_t i = 0; i < n; i++) {
			int64_t v;
			kindkey((gokind)kind, i, key, sb);
			CHECK(get(t, m, key, &v) && v == i);
		}
		for (int64_t i = 0; i < n; i += 2) {
			kindkey((gokind)kind, i, key, sb);
			del(t, m, key);
		}
		CHECK(P->len(t, m) == n / 2);
		int64_t vals[1000];
		CHECK(collect(t, m, 16, NULL, vals, n) == n / 2);
		int64_t sum = 0;
		for (int64_t i = 0; i < n / 2; i++) {
			CHECK(vals[i] % 2 == 1);
			sum += vals[i];
		}
		CHECK(sum == (n / 2) * (n / 2)); /* 1+3+...+(n-1) */
		P->free(t, m);
		P->type_free(t);
	}
	test_end();
}

static void test_elem_sizes(void)
{
	test_begin("elem types of every size, stored generically");
	for (int ek = 0; ek < GO_NSCALAR; ek++) {
		void *t = newtype(GO_INT32, (gokind)ek);
		void *m = P->make(t, 0, false, 50 + ek);
		size_t es = gotype_scalars[ek].size;
		unsigned char e[16], got[16];
		for (int32_t i = 0; i < 200; i++) {
			memset(e, (int)(i & 0x7f) + 1, sizeof e);
			gopanic p = {0};
			P->assign(t, m, &i, e, &p);
		}
		for (int32_t i = 0; i < 200; i++) {
			memset(e, (int)(i & 0x7f) + 1, sizeof e);
			gopanic p = {0};
			memset(got, 0xee, sizeof got);
			CHECK(P->lookup(t, m, &i, got, &p) && memcmp(got, e, es) == 0);
		}
		P->free(t, m);
		P->type_free(t);
	}
	test_end();
}


/* ---- randomized model check -------------------------------------------- */

enum { SK = 1500, SITERS = 3 };

typedef struct stressiter {
	bool live;
	iterbuf buf;
	void *it;
	unsigned char seen[SK];
	unsigned char stable[SK]; /* present at start, not deleted since */
} stressiter;

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Key number i of kind (string, int32, float64). */
static void stresskey(gokind kind, int64_t i, unsigned char *buf, char *sb)
{
	memset(buf, 0, 16);
	if (kind == GO_STRING) {
		snprintf(sb, 64, i % 2 ? "k%" PRId64 : "a-long-key-that-is-over-32-bytes-%" PRId64, i);
		gostring s = gs(sb);
		memcpy(buf, &s, sizeof s);
	} else if (kind == GO_INT32) {
		int32_t v = (int32_t)(i * 40503);
		memcpy(buf, &v, 4);
	} else {
		double d = (double)i - 700.25;
		memcpy(buf, &d, 8);
	}
}

static int64_t stresskeyid(gokind kind, const void *k)
{
	if (kind == GO_STRING) {
		gostring s;
		memcpy(&s, k, sizeof s);
		char tmp[80];
		memcpy(tmp, s.ptr, (size_t)s.len);
		tmp[s.len] = 0;
		size_t d = (size_t)s.len; /* the number at the end */
		while (d > 0 && tmp[d - 1] >= '0' && tmp[d - 1] <= '9')
			d--;
		return strtoll(tmp + d, NULL, 10);
	}
	if (kind == GO_INT32) {
		int32_t v;
		memcpy(&v, k, 4);
		for (int64_t i = 0; i < SK; i++)
			if ((int32_t)(i * 40503) == v)
				return i;
		return -1;
	}
	double d;
	memcpy(&d, k, 8);
	return (int64_t)(d + 700.25);
}

static void stress_one(gokind kind, uint64_t seed)
{
	static bool present[SK];
	static int64_t val[SK];
	static stressiter its[SITERS];
	memset(present, 0, sizeof present);
	memset(its, 0, sizeof its);
	void *t = newtype(kind, GO_INT64);
	void *m = P->make(t, (int64_t)(seed % 50), seed % 2, seed);
	int64_t count = 0;
	unsigned char key[16];
	char sb[64];
	uint64_t rs = seed;
	int64_t range = 50 + (int64_t)(splitmix(&rs) % (SK - 50));
	for (int op = 0; op < 20000; op++) {
		uint64_t r = splitmix(&rs);
		int64_t i = (int64_t)((r >> 8) % (uint64_t)range);
		unsigned what = (unsigned)(r % 100);
		stresskey(kind, i, key, sb);
		if (what < 45) {
			put(t, m, key, op);
			count += !present[i];
			present[i] = true;
			val[i] = op;
		} else if (what < 75) {
			del(t, m, key);
			count -= present[i];
			present[i] = false;
			/* a key deleted and added again is a new entry,
			 * which an iterator may produce again */
			for (int j = 0; j < SITERS; j++)
				its[j].stable[i] = its[j].seen[i] = 0;
		} else if (what < 85) {
			int64_t v;
			bool ok = get(t, m, key, &v);
			CHECK(ok == present[i]);
			CHECK(v == (ok ? val[i] : 0));
		} else if (what < 86 && r % 7 == 0) {
			gopanic p = {0};
			P->clear(t, m, &p);
			memset(present, 0, sizeof present);
			count = 0;
			for (int j = 0; j < SITERS; j++) {
				memset(its[j].stable, 0, SK);
				memset(its[j].seen, 0, SK);
			}
		} else {
			stressiter *s = &its[r % SITERS];
			if (!s->live) {
				s->live = true;
				s->it = iterinit(&s->buf, t, m);
				memset(s->seen, 0, SK);
				memcpy(s->stable, present, SK);
			}
			const void *k, *e;
			int steps = 1 + (int)(r >> 40) % 20;
			for (int st = 0; st < steps && s->live; st++) {
				if (!P->iter_next(s->it, &k, &e)) {
					for (int64_t j = 0; j < SK; j++)
						CHECK(!s->stable[j] || s->seen[j]);
					s->live = false;
					break;
				}
				int64_t id = stresskeyid(kind, k), v;
				memcpy(&v, e, 8);
				if (!CHECK(id >= 0 && id < SK && present[id]) || !CHECK(!s->seen[id]))
					break;
				CHECK(v == val[id]);
				s->seen[id] = 1;
			}
		}
		CHECK(P->len(t, m) == count);
	}
	for (int64_t i = 0; i < range; i++) {
		int64_t v;
		stresskey(kind, i, key, sb);
		CHECK(get(t, m, key, &v) == present[i]);
	}
	P->free(t, m);
	P->type_free(t);
}

static void test_stress(void)
{
	test_begin("randomized ops with live iterators match a model");
	for (uint64_t seed = 1; seed <= 12; seed++) {
		stress_one(GO_STRING, seed);
		stress_one(GO_INT32, seed * 977);
		stress_one(GO_FLOAT64, seed * 31337);
	}
	test_end();
}

/* C port addition: clear(m) ends the iterators live on m (mapiternext),
 * whatever bucket they stand in; entries made after the clear are new, and
 * the spec lets an iterator skip them. */
static void test_clear_ends_live_iterators(void)
{
	test_begin("clear_ends_live_iterators");
	void *t = newtype(GO_INT64, GO_INT64);
	for (unsigned bits = 0; bits <= 2; bits++) { /* normal and weak hashing */
		void *m = P->make(t, 0, false, 99 + bits);
		if (bits)
			P->set_weak_hash(t, m, bits);
		for (int64_t i = 0; i < 300; i++)
			putI(t, m, i * 7, i);
		iterbuf b;
		void *it = iterinit(&b, t, m);
		const void *k, *e;
		for (int j = 0; j < 25; j++)
			CHECK(P->iter_next(it, &k, &e));
		gopanic p = {0};
		P->clear(t, m, &p);
		putI(t, m, 1, 1);
		putI(t, m, 2, 2);
		CHECK(!P->iter_next(it, &k, &e));
		CHECK(P->len(t, m) == 2);
		P->free(t, m);
	}
	P->type_free(t);
	test_end();
}

int main(void)
{
	test_negative_zero();
	test_map_assignment_nan();
	test_map_operator_assignment_nan();
	test_grow_with_nan();
	test_ignore_bogus_map_hint();
	test_map_buckets();
	test_increment_after_delete();
	test_alias();
	test_map_tombstones();
	test_grow_int64();
	test_grow_string();
	test_string_one_bucket_long_keys();
	test_delete_during_growth();
	test_iterate_during_grow();
	test_clear();
	test_same_size_grow();
	test_concurrent_map_writes();
	test_nil_map();
	test_determinism();
	test_fast_paths();
	test_all_key_kinds();
	test_elem_sizes();
	test_stress();
	test_clear_ends_live_iterators();
	printf("# classic_port iter_size = %zu\n", classic_port.iter_size);
	return check_exit_status();
}
