/*
 * impl_iface_test.c: interface { M() } keys on the C port: the named
 * types their values hold (harness/format/types_named.c) and their layout, type
 * identity, hashing and == through the dynamic type (runtime/alg.go
 * interhash, ifaceeq), NaN, -0 and the stored key, and the "hash of
 * unhashable type" panics naming the named type (main.MSlice).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "gomap.h"
#include "port.h"
#include "format/types.h"

static const mapport *P = &classic_port;
static gotypes A;

#define S(k) (&gotype_scalars[k])

enum { MARR = 17, MSTRUCT, MEMPTY, MOBJP, MSLICE, MMAP, MFUNC, MBOX };

static const gotype *N(unsigned i)
{
	return gotype_named(i);
}

static goiface box(const gotype *t, const void *data)
{
	goiface i = {t, data};
	return i;
}

static bool putv(void *t, void *m, const void *k, int64_t v)
{
	gopanic p = {0};
	P->assign(t, m, k, &v, &p);
	return !p.raised;
}

static bool getv(void *t, void *m, const void *k, int64_t *v)
{
	gopanic p = {0};
	int64_t x = -1;
	bool ok = P->lookup(t, m, k, &x, &p);
	if (v)
		*v = x;
	return ok && !p.raised;
}

/* Whether named type i has the layout and flags of its unnamed twin u. */
static bool same_layout(unsigned i, const gotype *u)
{
	const gotype *t = N(i);
	uint32_t fl = gotype_flags(t) & ~(uint32_t)GOTF_NAMED;
	if (t->kind != u->kind || t->size != u->size || t->align != u->align || fl != gotype_flags(u)) {
		test_fail("%s: kind %d size %u align %u flags %#x, want %d %u %u %#x", t->name, t->kind,
			  t->size, t->align, fl, u->kind, u->size, u->align, gotype_flags(u));
		return false;
	}
	return true;
}

static void test_named_types(void)
{
	test_begin("interface { M() }: the named types, their layout, names and identity");
	gotypes_reset(&A);
	const char *ab[] = {"a", "b"}, *x[] = {"x"};
	const gotype *tab[] = {S(GO_INT8), S(GO_FLOAT64)}, *tx[] = {&gotype_eface};
	for (unsigned k = 0; k < GO_NSCALAR; k++)
		same_layout(k, S(k));
	same_layout(MARR, gotype_array(&A, S(GO_FLOAT64), 2));
	same_layout(MSTRUCT, gotype_struct(&A, 2, ab, tab));
	same_layout(MEMPTY, gotype_struct(&A, 0, NULL, NULL));
	same_layout(MOBJP, gotype_ptr(&A, S(GO_INT)));
	same_layout(MSLICE, gotype_slice(&A, S(GO_INT)));
	same_layout(MMAP, gotype_map(&A, S(GO_INT), S(GO_INT)));
	same_layout(MFUNC, &gotype_func);
	same_layout(MBOX, gotype_struct(&A, 1, x, tx));
	CHECK(N(GONAMED_N) == NULL && gotype_named_index(S(GO_INT)) == -1);
	for (unsigned i = 0; i < GONAMED_N; i++)
		CHECK(gotype_named_index(N(i)) == (int)i && gotype_identical(N(i), N(i)));
	CHECK(strcmp(N(GO_INT)->name, "main.MInt") == 0 && strcmp(N(MOBJP)->name, "*main.MObj") == 0);
	CHECK(strcmp(gotype_named_syntax(MSLICE), "MSlice") == 0);
	CHECK(strcmp(gotype_named_syntax(MOBJP), "*MObj") == 0);
	/* a named type is identical only to itself; *MObj is not *int */
	CHECK(!gotype_identical(N(GO_INT), S(GO_INT)) && !gotype_identical(S(GO_INT), N(GO_INT)));
	CHECK(!gotype_identical(N(GO_INT), N(GO_INT64)));
	CHECK(!gotype_identical(N(MSTRUCT), gotype_struct(&A, 2, ab, tab)));
	CHECK(!gotype_identical(N(MOBJP), gotype_ptr(&A, S(GO_INT))));
	CHECK(gotype_identical(N(MOBJP), gotype_ptr(&A, N(MOBJP)->elem)));
	/* no descriptor: a named type is no interface {} value */
	uint8_t d[16];
	CHECK(gotype_encode(N(GO_INT), d, sizeof d) == 0 && gotype_encode(N(MOBJP), d, sizeof d) == 0);
	CHECK(gotype_encode(&gotype_iface, d, sizeof d) == 1 && d[0] == GODESC_IFACE);
	test_end();
}

static void test_descriptor_and_syntax(void)
{
	test_begin("interface { M() }: descriptor 25 and Go syntax");
	gotypes_reset(&A);
	uint8_t b[] = {GODESC_IFACE};
	size_t pos = 0;
	CHECK(gotype_decode(&A, b, 1, &pos, true) == &gotype_iface && pos == 1);
	char text[64], err[128];
	gotype_syntax(&gotype_iface, text, sizeof text);
	CHECK(strcmp(text, "interface{ M() }") == 0);
	const char *spell[] = {"interface{ M() }", "interface{M()}", "interface { M() }", "interface {M ( ) }"};
	for (int i = 0; i < 4; i++) {
		const char *s = spell[i];
		CHECK(gotype_parse(&A, &s, err, sizeof err) == &gotype_iface && *s == 0);
	}
	const char *s = "struct{a interface{ M() }; b [2]interface{M()}}";
	const gotype *t = gotype_parse(&A, &s, err, sizeof err);
	CHECK(t && strcmp(t->name, "struct { a interface { M() }; b [2]interface { M() } }") == 0);
	s = "interface{ N() }";
	CHECK(gotype_parse(&A, &s, err, sizeof err) == NULL);
	s = "*MObj";
	t = gotype_parse(&A, &s, err, sizeof err);
	CHECK(t && gotype_identical(t, N(MOBJP)));
	test_end();
}

/* MInt(1), MInt8(1), MInt64(1) and MUint(1) are four keys; nil is one. */
static void test_keys_by_type(void)
{
	test_begin("interface { M() } keys: the named type is part of the key");
	void *t = P->type_new(&gotype_iface, S(GO_INT64));
	void *m = P->make(t, 0, false, 5);
	int64_t one = 1, v;
	int8_t one8 = 1;
	goiface k[5] = {box(N(GO_INT), &one), box(N(GO_INT8), &one8), box(N(GO_INT64), &one),
			box(N(GO_UINT), &one), box(NULL, NULL)};
	for (int i = 0; i < 5; i++)
		putv(t, m, &k[i], i + 10);
	CHECK(P->len(t, m) == 5);
	for (int i = 0; i < 5; i++)
		CHECK(getv(t, m, &k[i], &v) && v == i + 10);
	goiface k16 = box(N(GO_INT16), &one);
	CHECK(!getv(t, m, &k16, NULL));
	/* *MObj: identity keys */
	static uint64_t objs[2];
	goiface p0 = box(N(MOBJP), &(void *){&objs[0]}), p1 = box(N(MOBJP), &(void *){&objs[1]});
	goiface p0b = box(N(MOBJP), &(void *){&objs[0]});
	putv(t, m, &p0, 1);
	putv(t, m, &p1, 2);
	CHECK(getv(t, m, &p0b, &v) && v == 1 && P->len(t, m) == 7);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

/* The stored key of the one entry, as bytes of its dynamic value. */
static bool stored(void *t, void *m, const void *want, size_t n)
{
	unsigned char it[512];
	const void *k, *e;
	P->iter_init(t, m, it);
	if (!P->iter_next(it, &k, &e))
		return false;
	goiface i;
	memcpy(&i, k, sizeof i);
	return memcmp(i.data, want, n) == 0;
}

static void test_nan_and_zero(void)
{
	test_begin("interface { M() } keys: NaN inside is NaN, -0 == +0 and the key is updated");
	void *t = P->type_new(&gotype_iface, S(GO_INT64));
	void *m = P->make(t, 0, false, 9);
	double nan = NAN;
	struct { int8_t a; double b; } sn = {1, NAN}, sz = {1, 0.0}, snz = {1, -0.0};
	goiface kn = box(N(GO_FLOAT64), &nan), ksn = box(N(MSTRUCT), &sn);
	goiface ksz = box(N(MSTRUCT), &sz), ksnz = box(N(MSTRUCT), &snz);
	putv(t, m, &kn, 1);
	putv(t, m, &kn, 2);
	putv(t, m, &ksn, 3);
	CHECK(P->len(t, m) == 3 && !getv(t, m, &kn, NULL) && !getv(t, m, &ksn, NULL));
	gopanic p = {0};
	P->del(t, m, &kn, &p);
	CHECK(P->len(t, m) == 3);
	P->clear(t, m, &p);
	putv(t, m, &ksz, 4);
	putv(t, m, &ksnz, 5);
	int64_t v;
	CHECK(P->len(t, m) == 1 && getv(t, m, &ksz, &v) && v == 5);
	CHECK(stored(t, m, &snz, sizeof snz)); /* needkeyupdate: the -0 key now */
	float f = -0.0f, g = 0.0f;
	goiface kf = box(N(GO_FLOAT32), &f), kg = box(N(GO_FLOAT32), &g);
	CHECK(putv(t, m, &kf, 6) && getv(t, m, &kg, &v) && v == 6 && P->len(t, m) == 2);
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

/* get and del of k on m panic with msg (in the colon form when colon). */
static void panics_on_get_del(void *t, void *m, const goiface *k, const char *name, bool colon)
{
	char msg[128];
	snprintf(msg, sizeof msg, colon ? "hash of unhashable type: %s" : "runtime error: hash of unhashable type %s", name);
	gopanic p = {0};
	int64_t v = 7;
	CHECK(!P->lookup(t, m, k, &v, &p) && v == 0);
	panics_with(&p, msg);
	p = (gopanic){0};
	P->del(t, m, k, &p);
	panics_with(&p, msg);
}

static void test_unhashable(void)
{
	test_begin("interface { M() } keys: hash of unhashable type main.MSlice, MMap, MFunc, MBox{[]int}");
	gotypes_reset(&A);
	void *t = P->type_new(&gotype_iface, S(GO_INT64));
	int64_t hdr[3] = {0, 0, 0}, one = 1;
	goiface sl = box(gotype_slice(&A, S(GO_INT)), hdr);
	goiface boxed = {N(MBOX), &sl};
	goiface k[4] = {box(N(MSLICE), hdr), box(N(MMAP), hdr), box(N(MFUNC), hdr), boxed};
	const char *name[4] = {"main.MSlice", "main.MMap", "main.MFunc", "[]int"};
	void *m = P->make(t, 0, false, 3);
	for (int i = 0; i < 4; i++) {
		char msg[128];
		snprintf(msg, sizeof msg, "runtime error: hash of unhashable type %s", name[i]);
		panics_on_get_del(t, NULL, &k[i], name[i], true); /* nil map: gc 1.26 mapKeyError */
		gopanic p = {0};
		P->assign(t, NULL, &k[i], &one, &p);
		panics_with(&p, "assignment to entry in nil map");
		panics_on_get_del(t, m, &k[i], name[i], true); /* empty map */
		p = (gopanic){0};
		P->assign(t, m, &k[i], &one, &p);
		panics_with(&p, msg);
		CHECK(P->len(t, m) == 0);
	}
	goiface ki = box(N(GO_INT), &one);
	putv(t, m, &ki, 1);
	for (int i = 0; i < 4; i++)
		panics_on_get_del(t, m, &k[i], name[i], false); /* non-empty map */
	CHECK(P->len(t, m) == 1);
	P->free(t, m);
	P->type_free(t);
	test_end();
}

/* struct{a interface{ M() }; b int} and [2]interface{ M() } keys. */
static void test_composite_keys(void)
{
	test_begin("interface { M() } inside struct and array keys");
	gotypes_reset(&A);
	const char *nm[] = {"a", "b"};
	const gotype *ty[] = {&gotype_iface, S(GO_INT)};
	const gotype *st = gotype_struct(&A, 2, nm, ty), *ar = gotype_array(&A, &gotype_iface, 2);
	CHECK(st && ar && (gotype_flags(st) & GOTF_MIGHTPANIC) && (gotype_flags(ar) & GOTF_NEEDUPDATE));
	void *t = P->type_new(ar, S(GO_INT64));
	void *m = P->make(t, 0, false, 1);
	int64_t one = 1, hdr[3] = {0};
	int8_t one8 = 1;
	goiface a[2] = {box(N(GO_INT), &one), box(NULL, NULL)}, b[2] = {box(N(GO_INT8), &one8), box(NULL, NULL)};
	putv(t, m, a, 1);
	putv(t, m, b, 2);
	int64_t v;
	CHECK(P->len(t, m) == 2 && getv(t, m, a, &v) && v == 1);
	goiface bad[2] = {box(N(GO_INT), &one), box(N(MSLICE), hdr)};
	gopanic p = {0};
	P->lookup(t, m, bad, &v, &p);
	panics_with(&p, "runtime error: hash of unhashable type main.MSlice");
	P->free(t, m);
	P->type_free(t);
	test_end();
}

/* Canonical bytes: 0 for nil, 1 + the index, the value; back unchanged. */
static void test_canonical(void)
{
	test_begin("interface { M() } canonical values");
	static gotypes D;
	static uint8_t mem[4096];
	static uint64_t objs[GOOBJ_MAX];
	gonat nat = {&D, mem, sizeof mem, 0, objs};
	uint8_t c[64], back[64], out[16];
	size_t bn;
	/* MStruct{1, -0.0} */
	double nz = -0.0;
	c[0] = MSTRUCT + 1, c[1] = 1;
	memcpy(c + 2, &nz, 8);
	CHECK(gocanon_to_native(&gotype_iface, c, 10, true, out, &nat));
	goiface v;
	memcpy(&v, out, sizeof v);
	CHECK(v.type == N(MSTRUCT) && ((const uint8_t *)v.data)[0] == 1);
	CHECK(gonative_to_canon(&gotype_iface, out, true, &nat, back, sizeof back, &bn) && bn == 10 &&
	      memcmp(back, c, 10) == 0);
	/* (*MObj)(&obj2), nil, MEmpty{} */
	uint8_t cp[5] = {MOBJP + 1, 2, 0, 0, 0}, cn[1] = {0}, ce[1] = {MEMPTY + 1};
	CHECK(gocanon_to_native(&gotype_iface, cp, 5, true, out, &nat));
	memcpy(&v, out, sizeof v);
	CHECK(v.type == N(MOBJP) && *(void *const *)v.data == &objs[1]);
	CHECK(gonative_to_canon(&gotype_iface, out, true, &nat, back, sizeof back, &bn) && bn == 5 && back[1] == 2);
	CHECK(gocanon_to_native(&gotype_iface, cn, 1, true, out, &nat));
	CHECK(gocanon_to_native(&gotype_iface, ce, 1, true, out, &nat));
	/* malformed: an index past the table, a short value */
	uint8_t bad[2] = {GONAMED_N + 1, 0}, shortv[3] = {GO_INT + 1, 1, 0};
	CHECK(!gocanon_to_native(&gotype_iface, bad, 1, true, out, &nat));
	CHECK(!gocanon_to_native(&gotype_iface, shortv, 3, true, out, &nat));
	test_end();
}

int main(void)
{
	test_named_types();
	test_descriptor_and_syntax();
	test_keys_by_type();
	test_nan_and_zero();
	test_unhashable();
	test_composite_keys();
	test_canonical();
	return check_exit_status();
}
