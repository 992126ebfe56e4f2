/*
 * impl_types_test.c: composite key and elem types on the C port of Go's
 * classic map: layouts and names (impl/types.c), hashing and == by kind,
 * unhashable dynamic types and their panics, needkeyupdate, indirect keys
 * and elems over 128 bytes.  Carries over the behaviour of Go's
 * runtime/map_test.go (go1.19 and later): TestBigItems, TestMapHugeZero,
 * TestEmptyKeyAndValue, TestMapInterfaceKey, TestEmptyMapWithInterfaceKey,
 * TestMapLargeKeyNoPointer, TestMapLargeValNoPointer,
 * TestMapStringBytesLookup.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gomap.h"
#include "port.h"
#include "format/types.h"

static const mapport *P = &classic_port;
static gotypes A; /* the arena every test builds its types in */

#define S(k) (&gotype_scalars[k])

static const gotype *st2(const char *n0, const gotype *t0, const char *n1, const gotype *t1)
{
	const char *names[] = {n0, n1};
	const gotype *types[] = {t0, t1};
	return gotype_struct(&A, 2, names, types);
}

static const gotype *st1(const char *n0, const gotype *t0)
{
	return gotype_struct(&A, 1, &n0, &t0);
}

static bool put(void *t, void *m, const void *k, const void *e, gopanic *p)
{
	gopanic q = {0};
	P->assign(t, m, k, e, p ? p : &q);
	return !(p ? p : &q)->raised;
}

static bool putv(void *t, void *m, const void *k, int64_t v)
{
	return put(t, m, k, &v, NULL);
}

static bool getv(void *t, void *m, const void *k, int64_t *v)
{
	gopanic p = {0};
	int64_t x = -1;
	bool ok = P->lookup(t, m, k, &x, &p);
	if (v)
		*v = x;
	return ok;
}

static gostring gs(const char *s)
{
	gostring g = {(const uint8_t *)s, (intptr_t)strlen(s)};
	return g;
}

/* ---- types ------------------------------------------------------------- */

static void test_layout_and_names(void)
{
	test_begin("types: Go layout and runtime names");
	gotypes_reset(&A);
	const gotype *sab = st2("a", S(GO_INT8), "b", S(GO_FLOAT64));
	CHECK(sab->size == 16 && sab->align == 8 && sab->fields[1].offset == 8);
	CHECK(strcmp(sab->name, "struct { a int8; b float64 }") == 0);
	const gotype *e = gotype_struct(&A, 0, NULL, NULL);
	CHECK(e->size == 0 && strcmp(e->name, "struct {}") == 0);
	const gotype *tail = st2("a", S(GO_INT64), "b", e);
	CHECK(tail->size == 16); /* a zero-sized last field is padded */
	const gotype *a2 = gotype_array(&A, S(GO_STRING), 2);
	CHECK(a2->size == 32 && strcmp(a2->name, "[2]string") == 0);
	const gotype *sl = gotype_slice(&A, S(GO_INT));
	CHECK(sl->size == 24 && strcmp(sl->name, "[]int") == 0 && !gotype_comparable(sl));
	const gotype *mp = gotype_map(&A, S(GO_STRING), S(GO_INT));
	CHECK(strcmp(mp->name, "map[string]int") == 0 && !gotype_comparable(mp));
	CHECK(strcmp(gotype_ptr(&A, S(GO_INT))->name, "*int") == 0);
	CHECK(strcmp(gotype_chan(&A, S(GO_INT))->name, "chan int") == 0);
	CHECK(strcmp(gotype_eface.name, "interface {}") == 0);
	CHECK(strcmp(gotype_func.name, "func()") == 0);
	const gotype *bl = st2("a", S(GO_INT8), "_", sl);
	CHECK(strcmp(bl->name, "struct { a int8; _ []int }") == 0 && !gotype_comparable(bl));
	CHECK(gotype_identical(sab, st2("a", S(GO_INT8), "b", S(GO_FLOAT64))));
	CHECK(!gotype_identical(sab, st2("a", S(GO_INT8), "c", S(GO_FLOAT64))));
	CHECK(P->type_new(sl, S(GO_INT64)) == NULL); /* not a valid key type */
	test_end();
}

static void test_fast_path_choice(void)
{
	test_begin("types: walk.mapfast picks by AlgType");
	gotypes_reset(&A);
	struct { const gotype *k, *e; mapfastkind want; } cases[] = {
		{gotype_array(&A, S(GO_STRING), 1), S(GO_INT64), mapfaststr},
		{st1("s", S(GO_STRING)), S(GO_INT64), mapfaststr},
		{st2("a", S(GO_INT32), "b", S(GO_UINT32)), S(GO_INT64), mapfast64},
		{gotype_array(&A, S(GO_INT16), 2), S(GO_INT64), mapfast32},
		{gotype_ptr(&A, S(GO_INT)), S(GO_INT64), mapfast64},
		{gotype_chan(&A, S(GO_INT)), S(GO_INT64), mapfast64},
		{st1("f", S(GO_FLOAT64)), S(GO_INT64), mapslow},
		{st2("a", S(GO_INT8), "b", S(GO_INT32)), S(GO_INT64), mapslow}, /* padded */
		{st2("_", S(GO_INT32), "b", S(GO_INT32)), S(GO_INT64), mapslow}, /* blank */
		{&gotype_eface, S(GO_INT64), mapslow},
		{S(GO_INT64), gotype_array(&A, S(GO_UINT8), 129), mapslow},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		void *t = P->type_new(cases[i].k, cases[i].e);
		if (!CHECK(t != NULL))
			continue;
		if (gomap_fastkind(t) != cases[i].want)
			test_fail("case %zu: %s: fast kind %d", i, cases[i].k->name, gomap_fastkind(t));
		P->type_free(t);
	}
	test_end();
}

/* ---- composite keys ------------------------------------------------- */

struct ab { int8_t a; double b; };

/* The "Done means" program: {1, 0.0} then {1, -0.0} is one entry whose
 * stored key is the last written, and padding never matters. */
static void test_struct_negative_zero(void)
{
	test_begin("struct key: {1, 0.0} then {1, -0.0} keeps -0 (needkeyupdate)");
	gotypes_reset(&A);
	void *t = P->type_new(st2("a", S(GO_INT8), "b", S(GO_FLOAT64)), S(GO_INT64));
	void *m = P->make(t, 0, false, 7);
	unsigned char k1[16], k2[16];
	memset(k1, 0xAA, sizeof k1); /* different garbage in the padding */
	memset(k2, 0x55, sizeof k2);
	struct ab x = {1, 0.0}, y = {1, -0.0};
	memcpy(k1, &x.a, 1), memcpy(k1 + 8, &x.b, 8);
	memcpy(k2, &y.a, 1), memcpy(k2 + 8, &y.b, 8);
	putv(t, m, k1, 1);
	putv(t, m, k2, 2);
	CHECK(P->len(t, m) == 1);
	unsigned char it[512];
	const void *k, *e;
	P->iter_init(t, m, it);
	CHECK(P->iter_next(it, &k, &e));
	double b;
	memcpy(&b, (const char *)k + 8, 8);
	int64_t v;
	memcpy(&v, e, 8);
	CHECK(b == 0 && signbit(b) && v == 2);
	CHECK(!P->iter_next(it, &k, &e));
	P->free(t, m);
	P->type_free(t);
	test_end();
}

static void test_array_nan_and_strings(void)
{
	test_begin("array keys: NaN elements never equal, strings by content");
	gotypes_reset(&A);
	void *t = P->type_new(gotype_array(&A, S(GO_FLOAT64), 2), S(GO_INT64));
	void *m = P->make(t, 0, false, 3);
	double k[2] = {NAN, 1};
	for (int i = 0; i < 5; i++)
		putv(t, m, k, i);
	CHECK(P->len(t, m) == 5 && !getv(t, m, k, NULL));
	P->free(t, m);
	P->type_free(t);

	t = P->type_new(gotype_array(&A, S(GO_STRING), 2), S(GO_INT64));
	m = P->make(t, 0, false, 3);
	char b1[] = "hello", b2[] = "hello";
	gostring s1[2] = {gs(b1), gs("x")}, s2[2] = {gs(b2), gs("x")};
	putv(t, m, s1, 1);
	putv(t, m, s2, 2);
	int64_t v;
	CHECK(P->len(t, m) == 1 && getv(t, m, s1, &v) && v == 2);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

/* ---- interface keys --------------------------------------------------- */

static goiface box(const gotype *t, const void *data)
{
	goiface i = {t, data};
	return i;
}

static void test_interface_keys(void)
{
	test_begin("interface{} keys: dynamic type is part of the key, NaN, nil");
	gotypes_reset(&A);
	void *t = P->type_new(&gotype_eface, S(GO_INT64));
	void *m = P->make(t, 0, false, 11);
	int64_t one = 1;
	int8_t one8 = 1;
	double nan = NAN, z = 0.0, nz = -0.0;
	gostring s = gs("s");
	goiface ki = box(S(GO_INT), &one), k8 = box(S(GO_INT8), &one8), knil = box(NULL, NULL);
	goiface kn = box(S(GO_FLOAT64), &nan), ks = box(S(GO_STRING), &s);
	goiface kz = box(S(GO_FLOAT64), &z), knz = box(S(GO_FLOAT64), &nz);
	putv(t, m, &ki, 1);
	putv(t, m, &k8, 2);
	putv(t, m, &knil, 3);
	putv(t, m, &ks, 4);
	putv(t, m, &kn, 5);
	putv(t, m, &kn, 6);
	putv(t, m, &kz, 7);
	putv(t, m, &knz, 8);
	int64_t v;
	CHECK(P->len(t, m) == 7);
	CHECK(getv(t, m, &ki, &v) && v == 1 && getv(t, m, &k8, &v) && v == 2);
	CHECK(getv(t, m, &knil, &v) && v == 3 && getv(t, m, &ks, &v) && v == 4);
	CHECK(!getv(t, m, &kn, NULL) && getv(t, m, &kz, &v) && v == 8);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

static bool panics_with(const gopanic *p, const char *msg)
{
	if (!p->raised || strcmp(p->msg, msg) != 0) {
		test_fail("want panic \"%s\", got %s \"%s\"", msg, p->raised ? "panic" : "none", p->msg);
		return false;
	}
	return true;
}

static void test_unhashable(void)
{
	test_begin("interface keys: hash of unhashable type, as Go (issue 23734)");
	gotypes_reset(&A);
	const gotype *sl = gotype_slice(&A, S(GO_INT));
	const gotype *bad = st2("a", S(GO_INT8), "b", sl);
	const gotype *kt = st2("x", &gotype_eface, "_", &gotype_eface);
	void *t = P->type_new(&gotype_eface, S(GO_INT64));
	int64_t data[3] = {1, 0, 0}, v = 5;
	goiface ks = box(sl, data), kb = box(bad, data);
	gopanic p = {0};
	/* nil map: get and delete panic; assign names the nil map */
	CHECK(!P->lookup(t, NULL, &ks, &v, &p) && v == 0);
	panics_with(&p, "hash of unhashable type: []int"); /* gc 1.26 mapKeyError */
	p = (gopanic){0};
	P->del(t, NULL, &kb, &p);
	panics_with(&p, "hash of unhashable type: struct { a int8; b []int }");
	p = (gopanic){0};
	P->assign(t, NULL, &ks, &v, &p);
	panics_with(&p, "assignment to entry in nil map");
	/* empty, then non-empty map: every op panics; the map is unchanged */
	void *m = P->make(t, 0, false, 2);
	for (int round = 0; round < 2; round++) {
		p = (gopanic){0};
		P->lookup(t, m, &ks, &v, &p);
		panics_with(&p, round ? "runtime error: hash of unhashable type []int"
		                      : "hash of unhashable type: []int");
		p = (gopanic){0};
		P->del(t, m, &ks, &p);
		panics_with(&p, round ? "runtime error: hash of unhashable type []int"
		                      : "hash of unhashable type: []int");
		p = (gopanic){0};
		P->assign(t, m, &ks, &v, &p);
		panics_with(&p, "runtime error: hash of unhashable type []int");
		CHECK(P->len(t, m) == round && gomap_flags(m) == 0);
		goiface one = box(S(GO_INT), data);
		putv(t, m, &one, 1);
	}
	P->free(t, m);
	P->type_free(t);
	/* inside a struct key: the dynamic type is named; a blank field is
	 * never hashed */
	t = P->type_new(kt, S(GO_INT64));
	goiface pair[2] = {box(S(GO_INT), data), ks};
	p = (gopanic){0};
	P->lookup(t, NULL, pair, &v, &p);
	CHECK(!p.raised);
	pair[0] = ks;
	P->lookup(t, NULL, pair, &v, &p);
	panics_with(&p, "hash of unhashable type: []int");
	P->type_free(t);
	test_end();
}

/* TestEmptyMapWithInterfaceKey: hashable keys of every kind on nil and
 * empty maps with interface keys do not panic. */
static void test_empty_map_with_interface_key(void)
{
	test_begin("TestEmptyMapWithInterfaceKey");
	gotypes_reset(&A);
	void *t = P->type_new(&gotype_eface, S(GO_INT64));
	void *m = P->make(t, 0, false, 1);
	unsigned char zero[64] = {0};
	const gotype *dyn[GO_NSCALAR + 4];
	int n = 0;
	for (int k = 0; k < GO_NSCALAR; k++)
		dyn[n++] = S(k);
	dyn[n++] = gotype_array(&A, S(GO_STRING), 4);
	dyn[n++] = st2("x", S(GO_INT), "y", S(GO_INT));
	dyn[n++] = &gotype_eface;
	dyn[n++] = gotype_ptr(&A, S(GO_INT));
	for (int i = 0; i < n; i++) {
		goiface k = box(dyn[i], zero);
		for (int j = 0; j < 2; j++) {
			void *mm = j ? m : NULL;
			gopanic p = {0};
			int64_t v;
			CHECK(!P->lookup(t, mm, &k, &v, &p) && !p.raised);
			P->del(t, mm, &k, &p);
			CHECK(!p.raised);
		}
	}
	P->free(t, m);
	P->type_free(t);
	test_end();
}

/* TestMapInterfaceKey: every special case of typehash through map[any]. */
struct grabbag {
	float f32;
	double f64;
	float c64[2];
	double c128[2];
	gostring s;
	goiface i0, i1;
	gostring a[4];
};

static const gotype *grabbag_type(void)
{
	const char *names[] = {"f32", "f64", "c64", "c128", "s", "i0", "i1", "a"};
	const gotype *types[] = {S(GO_FLOAT32), S(GO_FLOAT64), S(GO_COMPLEX64),
				 S(GO_COMPLEX128), S(GO_STRING), &gotype_eface,
				 &gotype_iface, gotype_array(&A, S(GO_STRING), 4)};
	return gotype_struct(&A, 8, names, types);
}

static void test_map_interface_key(void)
{
	test_begin("TestMapInterfaceKey");
	gotypes_reset(&A);
	const gotype *gb = grabbag_type();
	CHECK(gb->size == sizeof(struct grabbag));
	void *t = P->type_new(&gotype_eface, S(GO_INT64));
	void *m = P->make(t, 0, false, 5);
	static int64_t ints[1000];
	for (int i = 0; i < 1000; i++) {
		ints[i] = i;
		goiface k = box(S(GO_INT), &ints[i]);
		putv(t, m, &k, 1);
	}
	static struct grabbag bags[8], probe[8];
	gostring foo = gs("foo");
	int64_t five = 5;
	for (int j = 0; j < 2; j++) {
		struct grabbag *g = j ? probe : bags;
		memset(g, 0, sizeof bags);
		g[0].f32 = 1, g[1].f64 = 1, g[2].c64[1] = 1, g[3].c128[1] = 1;
		g[4].s = gs("foo");
		g[5].i0 = box(S(GO_STRING), &foo);
		g[6].i1 = box(S(GO_INT), &five);
		g[7].a[0] = gs("foo"), g[7].a[1] = gs("bar"), g[7].a[2] = gs("baz"), g[7].a[3] = gs("bop");
	}
	for (int i = 0; i < 8; i++) {
		goiface k = box(gb, &bags[i]), q = box(gb, &probe[i]);
		putv(t, m, &k, 1);
		if (!getv(t, m, &q, NULL))
			test_fail("grab bag %d not found", i);
	}
	CHECK(P->len(t, m) == 1008);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

/* ---- big items: indirect keys and elems -------------------------------- */

/* TestBigItems: map[[256]string][256]string. */
static void test_big_items(void)
{
	test_begin("TestBigItems (indirect key and elem)");
	gotypes_reset(&A);
	const gotype *a = gotype_array(&A, S(GO_STRING), 256);
	void *t = P->type_new(a, a);
	void *m = P->make(t, 4, true, 9);
	static gostring key[256];
	static char names[100][16];
	for (int i = 0; i < 256; i++)
		key[i] = gs("foo");
	for (int i = 0; i < 100; i++) {
		snprintf(names[i], sizeof names[i], "string%02d", i);
		key[37] = gs(names[i]);
		put(t, m, key, key, NULL);
	}
	bool seenk[100] = {0}, seenv[100] = {0};
	unsigned char it[512];
	const void *k, *e;
	int n = 0;
	P->iter_init(t, m, it);
	while (P->iter_next(it, &k, &e)) {
		gostring ks = ((const gostring *)k)[37], vs = ((const gostring *)e)[37];
		int ki = atoi((const char *)ks.ptr + 6), vi = atoi((const char *)vs.ptr + 6);
		if (ki >= 0 && ki < 100)
			seenk[ki] = true;
		if (vi >= 0 && vi < 100)
			seenv[vi] = true;
		n++;
	}
	CHECK(n == 100);
	for (int i = 0; i < 100; i++)
		if (!seenk[i] || !seenv[i])
			test_fail("#%d: missing key or value", i);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

/* TestMapLargeKeyNoPointer / TestMapLargeValNoPointer, plus delete, grow
 * during iteration and clear of indirect slots (ASan checks the memory). */
static void test_large_no_pointer(void)
{
	test_begin("TestMapLargeKeyNoPointer, TestMapLargeValNoPointer");
	gotypes_reset(&A);
	enum { I = 1000, N = 64 };
	const gotype *T = gotype_array(&A, S(GO_INT), N);
	void *tk = P->type_new(T, S(GO_INT64)), *tv = P->type_new(S(GO_INT64), T);
	void *mk = P->make(tk, 0, false, 1), *mv = P->make(tv, 0, false, 2);
	static int64_t v[N], w[N];
	for (int64_t i = 0; i < I; i++) {
		for (int j = 0; j < N; j++)
			v[j] = i + j;
		putv(tk, mk, v, i);
		put(tv, mv, &i, v, NULL);
	}
	for (int64_t i = 0; i < I; i++) {
		for (int j = 0; j < N; j++)
			v[j] = i + j;
		int64_t x;
		gopanic p = {0};
		if (!getv(tk, mk, v, &x) || x != i)
			test_fail("corrupted key map at %lld", (long long)i);
		if (!P->lookup(tv, mv, &i, w, &p) || memcmp(v, w, sizeof v) != 0)
			test_fail("corrupted value map at %lld", (long long)i);
	}
	/* delete every other entry while iterating, then clear */
	unsigned char it[512];
	const void *k, *e;
	P->iter_init(tk, mk, it);
	int n = 0;
	while (P->iter_next(it, &k, &e)) {
		if (n++ % 2 == 0) {
			gopanic p = {0};
			P->del(tk, mk, k, &p);
		}
		if (n == 10)
			for (int64_t i = I; i < I + 200; i++) {
				for (int j = 0; j < N; j++)
					v[j] = i + j;
				putv(tk, mk, v, i);
			}
	}
	CHECK(P->len(tk, mk) > 0);
	gopanic p = {0};
	P->clear(tk, mk, &p);
	P->clear(tv, mv, &p);
	CHECK(P->len(tk, mk) == 0 && P->len(tv, mv) == 0 && !p.raised);
	putv(tk, mk, v, 1);
	P->free(tk, mk);
	P->free(tv, mv);
	P->type_free(tk);
	P->type_free(tv);
	test_end();
}

/* TestMapHugeZero: a missing key reads as the zero value of a 4000-byte
 * elem. */
static void test_map_huge_zero(void)
{
	test_begin("TestMapHugeZero");
	gotypes_reset(&A);
	void *t = P->type_new(S(GO_INT), gotype_array(&A, S(GO_UINT8), 4000));
	void *m = P->make(t, 0, false, 1);
	static unsigned char x[4000], zero[4000];
	memset(x, 1, sizeof x);
	gopanic p = {0};
	int64_t k = 0;
	CHECK(!P->lookup(t, m, &k, x, &p) && memcmp(x, zero, sizeof x) == 0);
	memset(x, 1, sizeof x);
	CHECK(!P->lookup(t, NULL, &k, x, &p) && memcmp(x, zero, sizeof x) == 0);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

/* TestEmptyKeyAndValue: struct{} keys and elems. */
static void test_empty_key_and_value(void)
{
	test_begin("TestEmptyKeyAndValue");
	gotypes_reset(&A);
	const gotype *e = gotype_struct(&A, 0, NULL, NULL);
	void *ta = P->type_new(S(GO_INT), e), *tb = P->type_new(e, S(GO_INT64));
	void *tc = P->type_new(e, e);
	void *a = P->make(ta, 4, true, 1), *b = P->make(tb, 4, true, 2), *c = P->make(tc, 4, true, 3);
	int64_t zero = 0, v;
	char nothing = 0;
	put(ta, a, &zero, &nothing, NULL);
	putv(tb, b, &nothing, 0);
	putv(tb, b, &nothing, 1);
	put(tc, c, &nothing, &nothing, NULL);
	CHECK(P->len(ta, a) == 1 && P->len(tc, c) == 1);
	CHECK(getv(tb, b, &nothing, &v) && v == 1);
	P->free(ta, a), P->free(tb, b), P->free(tc, c);
	P->type_free(ta), P->type_free(tb), P->type_free(tc);
	test_end();
}

/* TestMapStringBytesLookup: a lookup by bytes that change between
 * lookups (string(buf)) finds the entry for the current bytes. */
static void test_map_string_bytes_lookup(void)
{
	test_begin("TestMapStringBytesLookup");
	void *t = P->type_new(S(GO_STRING), S(GO_INT64));
	void *m = P->make(t, 0, false, 1);
	const char *k1 = "1000000000000000000000000000000000000000000000000";
	const char *k2 = "2000000000000000000000000000000000000000000000000";
	gostring s1 = gs(k1), s2 = gs(k2);
	putv(t, m, &s1, 1);
	putv(t, m, &s2, 2);
	char buf[64];
	strcpy(buf, k1);
	gostring b = gs(buf);
	int64_t v;
	CHECK(getv(t, m, &b, &v) && v == 1);
	buf[0] = '2';
	CHECK(getv(t, m, &b, &v) && v == 2);
	P->free(t, m);
	P->type_free(t);
	test_end();
}


/* ---- descriptors, Go syntax, canonical values (types.h) ----------------- */

static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
	return *x;
}

/* Every byte string decodes (key types comparable, bounded); a decoded
 * type's descriptor and Go syntax read back as an identical type. */
static void test_descriptors(void)
{
	test_begin("type descriptors: total, bounded, round trip with Go syntax");
	static gotypes B;
	uint64_t x = 88172645463325252ull;
	for (int iter = 0; iter < 20000; iter++) {
		uint8_t b[24], d[512];
		size_t n = rnd(&x) % sizeof b, pos = 0, pos2 = 0;
		for (size_t i = 0; i < n; i++)
			b[i] = (uint8_t)(rnd(&x) % 3 ? rnd(&x) % 26 : rnd(&x));
		gotypes_reset(&A);
		bool key = iter % 2;
		const gotype *t = gotype_decode(&A, b, n, &pos, key);
		if (!CHECK(t != NULL && t->size <= GODESC_MAX_SIZE && (!key || gotype_comparable(t))))
			break;
		size_t dn = gotype_encode(t, d, sizeof d);
		gotypes_reset(&B);
		const gotype *u = dn ? gotype_decode(&B, d, dn, &pos2, key) : NULL;
		if (dn == 0 || pos2 != dn || !gotype_identical(t, u) || strcmp(t->name, u->name) != 0) {
			test_fail("descriptor round trip of %s", t->name);
			break;
		}
		char text[4096], err[128];
		gotype_syntax(t, text, sizeof text);
		const char *s = text;
		gotypes_reset(&B);
		u = gotype_parse(&B, &s, err, sizeof err);
		if (u == NULL || *s != 0 || !gotype_identical(t, u)) {
			test_fail("syntax round trip of %s: %s", text, u ? "differs" : err);
			break;
		}
	}
	gotypes_reset(&A);
	const char *src = "struct { a int8; b float64 }", *s = src;
	char err[128], text[256];
	const gotype *t = gotype_parse(&A, &s, err, sizeof err);
	CHECK(t && strcmp(t->name, src) == 0);
	gotype_syntax(t, text, sizeof text);
	CHECK(strcmp(text, "struct{a int8; b float64}") == 0);
	s = "map[[]int]int64";
	CHECK(gotype_parse(&A, &s, err, sizeof err) == NULL);
	s = "map[interface{}]map[string][2]*int";
	t = gotype_parse(&A, &s, err, sizeof err);
	CHECK(t && strcmp(t->name, "map[interface {}]map[string][2]*int") == 0);
	test_end();
}

static size_t le32(uint8_t *o, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		o[i] = (uint8_t)(v >> (8 * i));
	return 4;
}

/* Canonical bytes to Go layout and back; an interface holding []int{1}
 * panics as Go does. */
static void test_canonical_values(void)
{
	test_begin("canonical values: layout, interfaces, pointers, round trip");
	gotypes_reset(&A);
	static gotypes D;
	static uint8_t mem[4096];
	static uint64_t objs[GOOBJ_MAX];
	gotypes_reset(&D);
	gonat nat = {&D, mem, sizeof mem, 0, objs};
	const gotype *sab = st2("a", S(GO_INT8), "b", S(GO_FLOAT64));
	uint8_t c[64], back[64], out[64];
	size_t n = 0, bn;
	double nz = -0.0;
	c[n++] = 1;
	memcpy(c + n, &nz, 8), n += 8;
	CHECK(gocanon_to_native(sab, c, n, true, out, &nat) && out[0] == 1);
	CHECK(memcmp(out + 8, &nz, 8) == 0);
	CHECK(gonative_to_canon(sab, out, true, &nat, back, sizeof back, &bn) && bn == n && memcmp(back, c, n) == 0);
	/* [2]string{"ab", ""}: strings length-prefixed inside composites */
	const gotype *a2 = gotype_array(&A, S(GO_STRING), 2);
	n = le32(c, 2);
	memcpy(c + n, "ab", 2), n += 2;
	n += le32(c + n, 0);
	CHECK(gocanon_to_native(a2, c, n, false, out, &nat));
	CHECK(gonative_to_canon(a2, out, false, &nat, back, sizeof back, &bn) && bn == n && memcmp(back, c, n) == 0);
	CHECK(!gocanon_to_native(a2, c, n - 1, false, out, &nat)); /* malformed */
	/* interface{} holding []int{1}: tag, descriptor, count, element */
	n = 0;
	c[n++] = 1, c[n++] = GODESC_SLICE, c[n++] = GO_INT;
	n += le32(c + n, 1);
	int64_t one = 1;
	memcpy(c + n, &one, 8), n += 8;
	CHECK(gocanon_to_native(&gotype_eface, c, n, true, out, &nat));
	CHECK(gonative_to_canon(&gotype_eface, out, true, &nat, back, sizeof back, &bn) && bn == n && memcmp(back, c, n) == 0);
	void *t = P->type_new(&gotype_eface, S(GO_INT64));
	gopanic p = {0};
	int64_t v;
	P->lookup(t, NULL, out, &v, &p);
	CHECK(p.raised && strcmp(p.msg, "hash of unhashable type: []int") == 0);
	P->type_free(t);
	/* *int: object 3 is &objs[2]; nil is 0 */
	const gotype *pi = gotype_ptr(&A, S(GO_INT));
	n = le32(c, 3);
	CHECK(gocanon_to_native(pi, c, n, true, out, &nat));
	void *ptr;
	memcpy(&ptr, out, 8);
	CHECK(ptr == &objs[2]);
	CHECK(gonative_to_canon(pi, out, true, &nat, back, sizeof back, &bn) && bn == 4 && back[0] == 3);
	test_end();
}


/* tests/types_golden.txt (checked by oracle/types_test.go against Go's
 * reflect too) still says what the C decoder makes of each descriptor. */
static void test_golden_descriptors(void)
{
	test_begin("type descriptors: tests/types_golden.txt, shared with the Go twin");
	FILE *f = fopen("tests/types_golden.txt", "r");
	if (!CHECK(f != NULL)) {
		test_end();
		return;
	}
	char line[8192];
	int n = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#')
			continue;
		uint8_t b[64];
		size_t nb = 0, pos = 0;
		char *p = line;
		while (nb < sizeof b && sscanf(p, "%2hhx", &b[nb]) == 1 && p[0] != '\t')
			nb++, p += 2;
		int key, cmp;
		unsigned size;
		char name[4096];
		if (sscanf(p, "\t%d\t%u\t%d\t%4095[^\n]", &key, &size, &cmp, name) != 4) {
			test_fail("bad line %s", line);
			break;
		}
		gotypes_reset(&A);
		const gotype *t = gotype_decode(&A, b, nb, &pos, key);
		if (strcmp(t->name, name) != 0 || t->size != size || gotype_comparable(t) != cmp) {
			test_fail("%.*s: decodes to %s, golden says %s", (int)(2 * nb), line, t->name, name);
			break;
		}
		n++;
	}
	fclose(f);
	CHECK(n >= 100);
	test_end();
}


/* ---- random composite keys against a linear model ----------------------- */

static uint8_t rmem[1 << 16]; /* interface data of the random keys */
static size_t rused;
static uint64_t robjs[3];

/* A random value of type t at out, drawn from few values per kind so that
 * equal keys (+0 and -0, equal strings at different addresses) are common. */
static void randval(const gotype *t, uint8_t *out, uint64_t *x)
{
	static const char *strs[] = {"", "a", "a", "bc"};
	static const double f64s[] = {0.0, -0.0, NAN, 1};
	uint64_t r = rnd(x);
	memset(out, 0, t->size);
	switch (t->kind) {
	case GO_STRING: {
		gostring s = gs(strs[r % 4]);
		memcpy(out, &s, sizeof s);
		return;
	}
	case GO_FLOAT32: case GO_COMPLEX64: {
		float f = (float)f64s[r % 4];
		memcpy(out, &f, 4);
		return;
	}
	case GO_FLOAT64: case GO_COMPLEX128:
		memcpy(out, &f64s[r % 4], 8);
		return;
	case GO_ARRAY:
		for (uint32_t i = 0; i < t->len; i++)
			randval(t->elem, out + (size_t)i * t->elem->size, x);
		return;
	case GO_STRUCT:
		memset(out, (int)(r & 0xff), t->size); /* garbage in padding and blank fields */
		for (uint32_t i = 0; i < t->nfields; i++)
			randval(t->fields[i].type, out + t->fields[i].offset, x);
		return;
	case GO_EFACE: {
		static const gotype *dyn[9];
		dyn[0] = S(GO_INT), dyn[1] = S(GO_INT8), dyn[2] = S(GO_STRING), dyn[3] = S(GO_FLOAT64);
		dyn[4] = gotype_slice(&A, S(GO_INT));
		dyn[5] = st2("a", S(GO_INT8), "b", S(GO_FLOAT64));
		dyn[6] = gotype_named(GO_INT), dyn[7] = gotype_named(18), dyn[8] = gotype_named(20);
		goiface v = {NULL, NULL}; /* int, ..., MInt, MStruct, *MObj or nil */
		if (r % 10 != 9 && dyn[4] && dyn[5] && rused + 64 <= sizeof rmem) {
			v.type = dyn[r % 10];
			uint8_t *d = rmem + rused;
			rused += 64;
			randval(v.type, d, x);
			v.data = d;
		}
		memcpy(out, &v, sizeof v);
		return;
	}
	case GO_IFACE: { /* MInt, MInt8, MFloat64, MStruct, *MObj, MSlice, MBox or nil */
		static const unsigned dyn[7] = {GO_INT, GO_INT8, GO_FLOAT64, 18, 20, 21, 24};
		goiface v = {NULL, NULL};
		if (r % 8 != 7 && rused + 64 <= sizeof rmem) {
			v.type = gotype_named(dyn[r % 8]);
			uint8_t *d = rmem + rused;
			rused += 64;
			randval(v.type, d, x);
			v.data = d;
		}
		memcpy(out, &v, sizeof v);
		return;
	}
	case GO_PTR: case GO_CHAN: {
		void *o = r % 4 == 3 ? NULL : &robjs[r % 4];
		memcpy(out, &o, sizeof o);
		return;
	}
	default:
		out[0] = (uint8_t)(r % 2); /* bool, integers: 0 or 1 */
	}
}

enum { RKEYS = 12, RMAX = 2048 };
static uint8_t rkeys[RKEYS][RMAX], mkeys[64][RMAX];

static bool same_canon(const gotype *t, const void *a, const void *b)
{
	static uint8_t ca[1 << 15], cb[1 << 15];
	size_t na, nb;
	gonat nat = {NULL, NULL, 0, 0, robjs};
	gonative_to_canon(t, a, true, &nat, ca, sizeof ca, &na);
	gonative_to_canon(t, b, true, &nat, cb, sizeof cb, &nb);
	return na == nb && memcmp(ca, cb, na) == 0;
}

/* One random type, RKEYS random keys, 300 random ops on the port and on a
 * linear model built on typeequal; ranges compared key bits and values. */
static bool random_round(uint64_t *x)
{
	uint8_t b[12];
	size_t pos = 0;
	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (uint8_t)(i == 0 ? 17 + rnd(x) % 9 : rnd(x) % 30);
	gotypes_reset(&A);
	rused = 0;
	const gotype *kt = gotype_decode(&A, b, sizeof b, &pos, true);
	if (kt->size > RMAX)
		return true;
	void *t = P->type_new(kt, S(GO_INT64));
	void *m = P->make(t, 0, false, rnd(x));
	for (int i = 0; i < RKEYS; i++)
		randval(kt, rkeys[i], x);
	int64_t mval[64];
	int n = 0;
	bool ok = true;
	for (int op = 0; op < 300 && ok; op++) {
		int k = (int)(rnd(x) % RKEYS), j = 0;
		int64_t v = (int64_t)op, got = 0;
		gopanic p = {0};
		while (j < n && !typeequal(kt, rkeys[k], mkeys[j]))
			j++;
		switch (rnd(x) % 4) {
		case 0: case 1:
			if (j == n && n == 64)
				break; /* the model is full */
			P->assign(t, m, rkeys[k], &v, &p);
			if (p.raised)
				break; /* unhashable: the model does not change */
			if (j == n || (gotype_flags(kt) & GOTF_NEEDUPDATE))
				memcpy(mkeys[j], rkeys[k], kt->size);
			mval[j] = v;
			n += j == n;
			break;
		case 2:
			ok = P->lookup(t, m, rkeys[k], &got, &p) == (j < n) && (j == n || got == mval[j]);
			break;
		default:
			P->del(t, m, rkeys[k], &p);
			if (!p.raised && j < n) {
				n--;
				memcpy(mkeys[j], mkeys[n], kt->size);
				mval[j] = mval[n];
			}
		}
		ok = ok && P->len(t, m) == n;
	}
	unsigned char it[512];
	const void *k, *e;
	bool seen[64] = {0};
	int cnt = 0;
	P->iter_init(t, m, it);
	while (ok && P->iter_next(it, &k, &e)) {
		int64_t v;
		memcpy(&v, e, 8);
		int j = 0;
		while (j < n && (seen[j] || mval[j] != v || !same_canon(kt, k, mkeys[j])))
			j++;
		ok = j < n;
		if (ok)
			seen[j] = true, cnt++;
	}
	ok = ok && cnt == n;
	if (!ok)
		test_fail("key type %s diverges from the model", kt->name);
	P->free(t, m);
	P->type_free(t);
	return ok;
}

static void test_random_composite_keys(void)
{
	test_begin("random composite key types against a linear model");
	uint64_t x = 0x2545F4914F6CDD1Dull;
	for (int i = 0; i < 300 && random_round(&x); i++) {
	}
	test_end();
}


/* ---- canonical values as text (types_text.c) ---------------------------- */

/* Test scalar leaves: integers and floats as their raw bits in hex, strings
 * quoted with every byte escaped, bools as words; NaN and -0.0 as Go's
 * text form writes them, for the examples. */
static void tfmt(int kind, const uint8_t *c, uint32_t len, char *buf, size_t cap)
{
	uint64_t u = 0;
	double d;
	if (kind == GO_STRING) {
		size_t o = 0;
		buf[o++] = '"';
		for (uint32_t i = 0; i < len && o + 6 < cap; i++)
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", c[i]);
		snprintf(buf + o, cap - o, "\"");
		return;
	}
	if (kind == GO_BOOL) {
		snprintf(buf, cap, c[0] ? "true" : "false");
		return;
	}
	memcpy(&u, c, len < 8 ? len : 8);
	memcpy(&d, c, 8);
	if (kind == GO_FLOAT64 && u == 0x7ff8000000000001ull)
		snprintf(buf, cap, "NaN");
	else if (kind == GO_FLOAT64 && (d == 0 || d == 1))
		snprintf(buf, cap, "%s", u == 0 ? "0.0" : d == 0 ? "-0.0" : "1");
	else if (kind != GO_FLOAT64 && len <= 8 && u < 10)
		snprintf(buf, cap, "%llu", (unsigned long long)u);
	else
		snprintf(buf, cap, "0x%llx", (unsigned long long)u);
	if (len == 16) { /* complex128: both halves */
		uint64_t v;
		memcpy(&v, c + 8, 8);
		snprintf(buf, cap, "0x%llx_%llx", (unsigned long long)u, (unsigned long long)v);
	}
}

static bool tparse(int kind, const char *s, size_t n, uint8_t *out, uint32_t *len)
{
	char w[4200];
	if (n >= sizeof w)
		return false;
	memcpy(w, s, n);
	w[n] = 0;
	uint32_t size = gotype_scalars[kind].size;
	if (kind == GO_STRING) {
		uint32_t k = 0;
		for (size_t i = 1; i + 4 < n + 1 && w[i] == '\\'; i += 4)
			sscanf(w + i, "\\x%2hhx", &out[k++]);
		*len = k;
		return true;
	}
	*len = size;
	if (kind == GO_BOOL)
		return out[0] = strcmp(w, "true") == 0, true;
	uint64_t u, v = 0;
	double d = strcmp(w, "-0.0") == 0 ? -0.0 : 0.0;
	if (strcmp(w, "NaN") == 0)
		u = 0x7ff8000000000001ull;
	else if (strcmp(w, "0.0") == 0 || strcmp(w, "-0.0") == 0)
		memcpy(&u, &d, 8);
	else if (kind == GO_FLOAT64 && strcmp(w, "1") == 0)
		d = 1, memcpy(&u, &d, 8);
	else if (sscanf(w, "0x%llx_%llx", (unsigned long long *)&u, (unsigned long long *)&v) < 1 &&
		 sscanf(w, "%llu", (unsigned long long *)&u) != 1)
		return false;
	memcpy(out, &u, size < 8 ? size : 8);
	if (size == 16)
		memcpy(out + 8, &v, 8);
	return true;
}

static bool text_round_trip(const gotype *t, const char *src, const char *want)
{
	uint8_t c[8192];
	char err[128], back[8192];
	size_t n;
	const char *s = src;
	if (!gocanon_parse(&A, t, &s, true, tparse, c, sizeof c, &n, err, sizeof err) || *s != 0) {
		test_fail("%s: %s", src, *s ? err : "trailing text");
		return false;
	}
	gocanon_format(t, c, n, true, tfmt, back, sizeof back);
	if (strcmp(back, want ? want : src) != 0) {
		test_fail("%s printed back as %s", src, back);
		return false;
	}
	return true;
}

static void test_canonical_text(void)
{
	test_begin("canonical values as Go literals: examples and random round trips");
	gotypes_reset(&A);
	const gotype *sab = st2("a", S(GO_INT8), "b", S(GO_FLOAT64));
	text_round_trip(sab, "{1, -0.0}", NULL);
	text_round_trip(sab, "struct{a int8; b float64}{1, NaN}", "{1, NaN}");
	text_round_trip(gotype_array(&A, S(GO_FLOAT64), 2), "[2]float64{NaN, 1}", "{NaN, 1}");
	text_round_trip(gotype_array(&A, S(GO_STRING), 2), "{\"\\x61\", \"\"}", NULL);
	text_round_trip(&gotype_eface, "[]int{1}", NULL);
	text_round_trip(&gotype_eface, "int8(1)", NULL);
	text_round_trip(&gotype_eface, "\"\\x73\"", NULL);
	text_round_trip(&gotype_eface, "nil", NULL);
	text_round_trip(&gotype_eface, "struct{a int8; b float64}{1, -0.0}", NULL);
	text_round_trip(&gotype_eface, "(*int)(&obj3)", NULL);
	text_round_trip(&gotype_eface, "map[string]int{}", NULL);
	text_round_trip(gotype_ptr(&A, S(GO_INT)), "&obj3", NULL);
	text_round_trip(gotype_chan(&A, S(GO_INT)), "nil", NULL);
	/* interface { M() }: Go conversions and literals of the named types */
	const char *im[] = {"nil", "MInt(1)", "MInt8(0xff)", "MFloat64(NaN)", "MBool(true)",
			    "MString(\"\\x73\")", "MArr{-0.0, 1}",
			    "MStruct{1, -0.0}", "MEmpty{}", "(*MObj)(&obj3)", "(*MObj)(nil)",
			    "MSlice{1, 2}", "MMap{}", "MFunc(nil)", "MBox{[]int{1}}", "MBox{nil}"};
	for (size_t i = 0; i < sizeof im / sizeof im[0]; i++)
		text_round_trip(&gotype_iface, im[i], NULL);
	text_round_trip(&gotype_iface, "MArr{ 1, -0.0 }", "MArr{1, -0.0}");
	text_round_trip(&gotype_iface, "MSlice{}", NULL);
	text_round_trip(gotype_array(&A, &gotype_iface, 2), "{MInt(1), nil}", NULL);
	char err[128];
	uint8_t c[64];
	size_t n;
	const char *s = "{1}";
	CHECK(!gocanon_parse(&A, sab, &s, true, tparse, c, sizeof c, &n, err, sizeof err));
	const char *notm[] = {"int(1)", "MObj(1)", "[]int{1}", "\"s\"", "MInt8{1}"};
	for (size_t i = 0; i < sizeof notm / sizeof notm[0]; i++) {
		s = notm[i];
		CHECK(!gocanon_parse(&A, &gotype_iface, &s, true, tparse, c, sizeof c, &n, err, sizeof err));
	}
	/* a named type in interface {}: 1, GODESC_IFACE, 1 + its index, the value */
	text_round_trip(&gotype_eface, "MInt(1)", NULL);
	text_round_trip(&gotype_eface, "MString(\"\\x73\")", NULL);
	text_round_trip(&gotype_eface, "MStruct{1, -0.0}", NULL);
	text_round_trip(&gotype_eface, "(*MObj)(&obj3)", NULL);
	text_round_trip(gotype_array(&A, &gotype_eface, 2), "{MInt(1), int(1)}", NULL);
	s = "MInt(1)";
	static const uint8_t mint1[] = {1, GODESC_IFACE, 1 + GO_INT, 1, 0, 0, 0, 0, 0, 0, 0};
	CHECK(gocanon_parse(&A, &gotype_eface, &s, true, tparse, c, sizeof c, &n, err, sizeof err) &&
	      n == sizeof mint1 && memcmp(c, mint1, n) == 0);
	s = "MInt8{1}";
	CHECK(!gocanon_parse(&A, &gotype_eface, &s, true, tparse, c, sizeof c, &n, err, sizeof err));
	s = "MObj(1)"; /* MObj's M has a pointer receiver: only *MObj is in the table */
	CHECK(!gocanon_parse(&A, &gotype_eface, &s, true, tparse, c, sizeof c, &n, err, sizeof err));
	/* random keys: native -> canonical -> text -> canonical */
	uint64_t x = 0x9E3779B97F4A7C15ull;
	static uint8_t nat[RMAX], c1[1 << 15], c2[1 << 15];
	static char text[1 << 16];
	for (int i = 0; i < 2000; i++) {
		uint8_t b[12];
		size_t pos = 0, n1, n2;
		for (size_t j = 0; j < sizeof b; j++)
			b[j] = (uint8_t)(j == 0 ? 17 + rnd(&x) % 9 : rnd(&x) % 30);
		gotypes_reset(&A);
		rused = 0;
		const gotype *kt = gotype_decode(&A, b, sizeof b, &pos, true);
		if (kt->size > RMAX)
			continue;
		randval(kt, nat, &x);
		gonat g = {NULL, NULL, 0, 0, robjs};
		gonative_to_canon(kt, nat, true, &g, c1, sizeof c1, &n1);
		gocanon_format(kt, c1, n1, true, tfmt, text, sizeof text);
		s = text;
		if (!gocanon_parse(&A, kt, &s, true, tparse, c2, sizeof c2, &n2, err, sizeof err) ||
		    n1 != n2 || memcmp(c1, c2, n1) != 0) {
			test_fail("%s: %s: %s", kt->name, text, err);
			break;
		}
	}
	test_end();
}

int main(void)
{
	test_layout_and_names();
	test_fast_path_choice();
	test_struct_negative_zero();
	test_array_nan_and_strings();
	test_interface_keys();
	test_unhashable();
	test_empty_map_with_interface_key();
	test_map_interface_key();
	test_big_items();
	test_large_no_pointer();
	test_map_huge_zero();
	test_empty_key_and_value();
	test_map_string_bytes_lookup();
	test_descriptors();
	test_canonical_values();
	test_golden_descriptors();
	test_random_composite_keys();
	test_canonical_text();
	return check_exit_status();
}
