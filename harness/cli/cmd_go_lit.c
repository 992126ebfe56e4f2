/*
 * cmd_go_lit.c: Go source for keys, for `mapdiff go` (gosrc.h).
 *
 * A key is written from its canonical bytes (docs/TYPES.md) as a Go
 * expression of exactly those bits: -0.0 is math.Copysign(0, -1), a NaN
 * math.Float64frombits(0x...), float32 leaves math.Float32frombits, a
 * struct a keyed literal of its alias, an interface value a conversion or
 * a typed literal, a pointer &objN and a channel chN (the program's
 * objects, declared per type as the oracle makes them: oracle/types.go),
 * an interface { M() } value a named type of docs/TYPES.md (MInt(int(1)),
 * MStruct{...}, (*MObj)(nil)), declared with its method M.  Values of a
 * value type other than int64 are written the same way (V{...}).
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/gosrc.h"
#include "format/codec.h"

#define MAX_REG 1024

/* Formatted output, or nothing when f is NULL (a walk that only registers). */
static void w(FILE *f, const char *fmt, ...)
{
	if (!f)
		return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
}

/* ---- types: arenas, struct aliases, kid functions, dynamic types ------- */

static gotypes *arenas[256];
static int narenas;
static const gotype *keytype, *valtype; /* valtype NULL: int64 values */
/* The name a literal of the top type takes (K, or V while writing values);
 * while writing values, interface values may hold unhashable types too. */
static const char *topname = "K";
static bool in_vals;

/* An arena with room for one more decoded type (full ones stay alive). */
static gotypes *arena(void)
{
	gotypes *a = narenas ? arenas[narenas - 1] : NULL;
	if (a && a->nt < GOTYPES_MAX - 64 && a->nf < GOFIELDS_MAX - 128 && a->nn < GONAMES_MAX - 8192)
		return a;
	if (narenas == 256)
		return a; /* bounded: a full arena decodes int64 (types.h) */
	a = calloc(1, sizeof *a);
	if (!a)
		abort();
	gotypes_reset(a);
	return arenas[narenas++] = a;
}

/* A registry of types: struct aliases, kid functions, dynamic types. */
typedef struct treg {
	const gotype *t[MAX_REG];
	int n;
} treg;

static treg structs, kids, dyns;
/* The named types (interface { M() } values) the program names. */
static bool named_used[GONAMED_N];

/* t's index in r, registering it; -1 when r is full. */
static int reg_find(treg *r, const gotype *t)
{
	for (int i = 0; i < r->n; i++)
		if (gotype_identical(r->t[i], t))
			return i;
	if (r->n == MAX_REG)
		return -1;
	r->t[r->n] = t;
	return r->n++;
}

static void struct_name(int i, char *buf, size_t cap)
{
	snprintf(buf, cap, i == 0 && keytype->kind == GO_STRUCT ? "K" : "T%d", i + 1);
}

/* Append s to the NUL-terminated buf (cut short at cap). */
static void cat(char *buf, size_t cap, const char *s)
{
	size_t n = strlen(buf);
	while (*s && n + 1 < cap)
		buf[n++] = *s++;
	buf[n] = 0;
}

static void go_type_at(const gotype *t, char *buf, size_t cap);

/* t in Go syntax, gofmt-clean: struct types with fields by their alias. */
static void go_type(const gotype *t, char *buf, size_t cap)
{
	if (cap)
		buf[0] = 0;
	go_type_at(t, buf, cap);
}

static void go_type_at(const gotype *t, char *buf, size_t cap)
{
	char s[1024];
	if ((t->tflag & GOTF_NAMED) && strncmp(t->name, "main.", 5) == 0) {
		cat(buf, cap, t->name + 5); /* MInt, MObj, ...: declared by gosrc_decls */
		return;
	}
	switch (t->kind) {
	case GO_ARRAY: snprintf(s, sizeof s, "[%u]", t->len); cat(buf, cap, s); go_type_at(t->elem, buf, cap); return;
	case GO_PTR: cat(buf, cap, "*"); go_type_at(t->elem, buf, cap); return;
	case GO_CHAN: cat(buf, cap, "chan "); go_type_at(t->elem, buf, cap); return;
	case GO_SLICE: cat(buf, cap, "[]"); go_type_at(t->elem, buf, cap); return;
	case GO_MAP:
		cat(buf, cap, "map[");
		go_type_at(t->key, buf, cap);
		cat(buf, cap, "]");
		go_type_at(t->elem, buf, cap);
		return;
	case GO_STRUCT:
		if (t->nfields == 0)
			cat(buf, cap, "struct{}");
		else
			struct_name(reg_find(&structs, t), s, sizeof s), cat(buf, cap, s);
		return;
	default: gotype_syntax(t, s, sizeof s), cat(buf, cap, s); /* scalars, interface{}, func() */
	}
}

/* The name of t's kid function (t composite). */
static void kid_name(const gotype *t, char *buf, size_t cap)
{
	snprintf(buf, cap, "kid%d", reg_find(&kids, t) + 1);
}

/* A Go expression of type string: the id of the value x of type t. */
static void id_expr(const gotype *t, const char *x, char *buf, size_t cap)
{
	char k[32], u[64];
	if ((t->tflag & GOTF_NAMED) && t->kind < GO_NSCALAR) {
		snprintf(u, sizeof u, "%s(%s)", gotype_scalars[t->kind].name, x); /* MFloat64 to float64 */
		id_expr(&gotype_scalars[t->kind], u, buf, cap);
		return;
	}
	switch (t->kind) {
	case GO_STRING: snprintf(buf, cap, "fmt.Sprintf(\"%%x\", %s)", x); return;
	case GO_FLOAT32: snprintf(buf, cap, "fmt.Sprintf(\"%%08x\", math.Float32bits(%s))", x); return;
	case GO_FLOAT64: snprintf(buf, cap, "fmt.Sprintf(\"%%016x\", math.Float64bits(%s))", x); return;
	case GO_COMPLEX64:
		snprintf(buf, cap, "fmt.Sprintf(\"%%08x,%%08x\", math.Float32bits(real(%s)), math.Float32bits(imag(%s)))", x, x);
		return;
	case GO_COMPLEX128:
		snprintf(buf, cap, "fmt.Sprintf(\"%%016x,%%016x\", math.Float64bits(real(%s)), math.Float64bits(imag(%s)))", x, x);
		return;
	default:
		if (t->kind < GO_NSCALAR) {
			snprintf(buf, cap, "fmt.Sprint(%s)", x); /* bool, integers */
			return;
		}
		kid_name(t, k, sizeof k);
		snprintf(buf, cap, "%s(%s)", k, x);
	}
}

/* ---- objects: &objN and chN, per pointer or channel type ---------------- */

typedef struct gobj {
	int type;      /* index into otypes */
	uint32_t i;    /* object number, 1 to 64 */
} gobj;

static treg otypes;
static gobj objs[MAX_REG];
static int nobjs, need_names;

/* Object i of pointer or channel type t as a Go expression (its id too). */
static void obj_expr(const gotype *t, uint32_t i, char *buf, size_t cap)
{
	int ti = reg_find(&otypes, t), ord = 1;
	for (int j = 0; j < ti; j++)
		ord += otypes.t[j]->kind == t->kind;
	char name[32];
	snprintf(name, sizeof name, "%s%u", t->kind == GO_PTR ? "obj" : "ch", i);
	if (ord > 1)
		snprintf(name + strlen(name), sizeof name - strlen(name), "_%d", ord);
	if (t->kind == GO_CHAN)
		snprintf(buf, cap, "%s", name);
	else
		snprintf(buf, cap, "&%s%s", name, t->elem->size == 0 ? ".v" : "");
	int j = 0;
	while (j < nobjs && !(objs[j].type == ti && objs[j].i == i))
		j++;
	if (j == nobjs && nobjs < MAX_REG)
		objs[nobjs++] = (gobj){ti, i};
}

/* ---- dynamic types ------------------------------------------------------ */

/* An interface value's dynamic type, noted for the declarations: a named
 * type (in interface { M() } or interface{}) to declare, a type of
 * interface{} values for the kid type switch (a value may hold a []int, a
 * key cannot). */
static void note_dyn(const gonode *n)
{
	if (n->dyn == NULL)
		return;
	int ni = gotype_named_index(n->dyn);
	if (ni >= 0)
		named_used[ni] = true;
	if (n->t->kind == GO_EFACE && (in_vals || gotype_comparable(n->dyn)))
		reg_find(&dyns, n->dyn);
}

/* ---- scalar leaves ------------------------------------------------------ */

static uint64_t le_bits(const uint8_t *b, uint32_t n)
{
	uint64_t x = 0;
	for (uint32_t i = 0; i < n && i < 8; i++)
		x |= (uint64_t)b[i] << (8 * i);
	return x;
}

static int is_signed(int kind)
{
	return kind == GO_INT || kind == GO_INT8 || kind == GO_INT16 || kind == GO_INT32 || kind == GO_INT64;
}

/* x, sign-extended from n bytes for a signed kind. */
static uint64_t int_bits(int kind, const uint8_t *b, uint32_t n)
{
	uint64_t x = le_bits(b, n);
	if (is_signed(kind) && n < 8 && (x >> (8 * n - 1)) & 1)
		x |= ~0ULL << (8 * n);
	return x;
}

static void golit_float(FILE *f, int bits32, uint64_t x)
{
	double d;
	if (bits32) {
		w(f, "math.Float32frombits(0x%08" PRIx32 ")", (uint32_t)x);
		return;
	}
	memcpy(&d, &x, 8);
	if (x == 0x7ff8000000000001ULL)
		w(f, "math.NaN()");
	else if (isnan(d))
		w(f, "math.Float64frombits(0x%016" PRIx64 ")", x);
	else if (isinf(d))
		w(f, "math.Inf(%d)", d > 0 ? 1 : -1);
	else if (x == 0x8000000000000000ULL)
		w(f, "math.Copysign(0, -1)");
	else
		w(f, "float64(%.17g)", d);
}

void gosrc_string(FILE *f, const uint8_t *b, uint32_t n)
{
	w(f, "\"");
	for (uint32_t i = 0; i < n; i++) {
		if (b[i] >= 0x20 && b[i] < 0x7f && b[i] != '"' && b[i] != '\\')
			w(f, "%c", b[i]);
		else
			w(f, "\\x%02x", b[i]);
	}
	w(f, "\"");
}

/* A Go expression of the scalar kind with exactly these bytes (typed:
 * int8(1), float64(1.5); strings and bools have their default types). */
static void golit_scalar(FILE *f, int kind, const uint8_t *b, uint32_t n)
{
	uint64_t x = int_bits(kind, b, n);
	switch (kind) {
	case GO_BOOL: w(f, "%s", x ? "true" : "false"); return;
	case GO_STRING: gosrc_string(f, b, n); return;
	case GO_FLOAT32:
	case GO_FLOAT64: golit_float(f, kind == GO_FLOAT32, le_bits(b, n)); return;
	case GO_COMPLEX64:
	case GO_COMPLEX128:
		w(f, "complex(");
		golit_float(f, kind == GO_COMPLEX64, le_bits(b, n / 2));
		w(f, ", ");
		golit_float(f, kind == GO_COMPLEX64, le_bits(b + n / 2, n / 2));
		w(f, ")");
		return;
	default:
		if (is_signed(kind))
			w(f, "%s(%" PRId64 ")", gotype_scalars[kind].name, (int64_t)x);
		else
			w(f, "%s(%" PRIu64 ")", gotype_scalars[kind].name, x);
	}
}

/* The id of a scalar leaf: its exact bits (floats in hex, strings as hex bytes). */
static void id_scalar(FILE *f, int kind, const uint8_t *b, uint32_t n)
{
	uint64_t x = int_bits(kind, b, n);
	switch (kind) {
	case GO_BOOL: w(f, "%s", x ? "true" : "false"); return;
	case GO_STRING:
		for (uint32_t i = 0; i < n; i++)
			w(f, "%02x", b[i]);
		return;
	case GO_FLOAT32:
	case GO_FLOAT64: w(f, "%0*" PRIx64, (int)n * 2, le_bits(b, n)); return;
	case GO_COMPLEX64:
	case GO_COMPLEX128:
		w(f, "%0*" PRIx64 ",%0*" PRIx64, (int)n, le_bits(b, n / 2), (int)n, le_bits(b + n / 2, n / 2));
		return;
	default:
		if (is_signed(kind))
			w(f, "%" PRId64, (int64_t)x);
		else
			w(f, "%" PRIu64, x);
	}
}

/* ---- values as Go expressions ------------------------------------------- */

/* Where a composite literal stands: the map's key (K{...}), an array or
 * slice element (its type elided), anywhere else (its type written). */
enum { AT_TOP, AT_ELEM, AT_TYPED };

/* A walk writing Go source to f (NULL: a walk that only registers). */
typedef struct litw {
	FILE *f;
} litw;

static bool is_elems(const gotype *t) { return t->kind == GO_ARRAY || t->kind == GO_SLICE; }
static bool is_iface(const gotype *t) { return t->kind == GO_EFACE || t->kind == GO_IFACE; }

static int position(const gonode *n)
{
	return n->up == NULL ? AT_TOP : is_elems(n->up->t) ? AT_ELEM : AT_TYPED;
}

static void lit_type(FILE *f, const gotype *t, int at)
{
	char ty[1024];
	if (at == AT_ELEM)
		return;
	go_type(t, ty, sizeof ty);
	w(f, "%s", at == AT_TOP ? topname : ty);
}

static bool expr_pre(void *ctx, gonode *n, gocrd *r);
static void expr_post(void *ctx, gonode *n, gocrd *r);

/* How many of array n's elements a literal lists: up to the last one whose
 * canonical bytes are not all zero (all zero is the zero value); all of
 * them when the array is short.  md_show trims arrays of more than 16 too. */
static uint32_t elems_kept(const gonode *n, const gocrd *r)
{
	litw silent = {NULL};
	govisitor v = {expr_pre, expr_post, &silent, true};
	gocrd look = *r;
	uint32_t kept = 0;
	if (n->len <= 16)
		return n->len;
	for (uint32_t i = 0; i < n->len; i++) {
		size_t s = look.i;
		gocanon_walk(n->t->elem, false, &look, &v);
		while (s < look.i && look.c[s] == 0)
			s++;
		if (s < look.i)
			kept = i + 1;
	}
	return kept;
}

/* A pointer, channel or func: nil (typed in an interface) or object i. */
static void expr_ref(FILE *f, const gotype *t, uint32_t i, bool dyn)
{
	char buf[64], ty[1024];
	if (i != 0) {
		obj_expr(t, i, buf, sizeof buf);
		w(f, "%s", buf);
		return;
	}
	go_type(t, ty, sizeof ty);
	if (dyn)
		w(f, "(%s)(nil)", ty);
	else
		w(f, "nil");
}

/* A scalar; a named one (MInt, MString, ...) converted: MInt(int(1)). */
static void expr_scalar(FILE *f, const gonode *n)
{
	bool named = n->t->tflag & GOTF_NAMED;
	if (named)
		w(f, "%s(", n->t->name + 5);
	golit_scalar(f, n->t->kind, n->bytes, n->t->kind == GO_STRING ? n->len : n->t->size);
	if (named)
		w(f, ")");
}

/* What comes before a part: ", " and a struct field's name. */
static void expr_sep(FILE *f, const gonode *n)
{
	if (n->up == NULL || is_iface(n->up->t))
		return;
	if (n->up->t->kind == GO_STRUCT)
		w(f, "%s%s: ", n->first ? "" : ", ", n->up->t->fields[n->index].name);
	else if (!n->first)
		w(f, ", ");
}

static bool expr_pre(void *ctx, gonode *n, gocrd *r)
{
	litw *x = ctx;
	const gotype *t = n->t;
	r->types = arena(); /* where the next dynamic type goes */
	n->user = x->f;     /* back in expr_post */
	if (n->up && n->up->t->kind == GO_ARRAY && n->index >= n->up->aux)
		x->f = NULL; /* a trailing zero element: registered, not written */
	expr_sep(x->f, n);
	switch (t->kind) {
	case GO_ARRAY: case GO_SLICE: case GO_STRUCT:
		lit_type(x->f, t, position(n));
		n->aux = t->kind == GO_ARRAY ? elems_kept(n, r) : n->len;
		w(x->f, "{");
		return true;
	case GO_MAP: lit_type(x->f, t, position(n)); w(x->f, "{}"); return true;
	case GO_EFACE: case GO_IFACE:
		note_dyn(n);
		if (n->dyn == NULL)
			w(x->f, "nil");
		return true;
	case GO_PTR: case GO_CHAN: case GO_FUNC:
		expr_ref(x->f, t, n->len, n->up && is_iface(n->up->t));
		return true;
	default: expr_scalar(x->f, n); return true;
	}
}

static void expr_post(void *ctx, gonode *n, gocrd *r)
{
	litw *x = ctx;
	(void)r;
	if (is_elems(n->t) || n->t->kind == GO_STRUCT)
		w(x->f, "}");
	x->f = n->user;
}

static void expr(FILE *f, const gotype *t, const uint8_t *c, uint32_t n)
{
	litw x = {f};
	govisitor v = {expr_pre, expr_post, &x, true};
	gocrd r = gocrd_make(c, n, arena());
	gocanon_walk(t, true, &r, &v);
}

/* ---- ids: what the written program's kid() says of a key --------------- */

static bool id_pre(void *ctx, gonode *n, gocrd *r)
{
	FILE *f = ((litw *)ctx)->f;
	char buf[64];
	r->types = arena(); /* where the next dynamic type goes */
	if (n->up && !is_iface(n->up->t) && !n->first)
		w(f, ",");
	switch (n->t->kind) {
	case GO_ARRAY: case GO_SLICE: case GO_STRUCT: w(f, "{"); return true; /* slices: in interface{} values */
	case GO_EFACE: case GO_IFACE:
		note_dyn(n);
		if (n->dyn == NULL)
			w(f, "nil");
		else
			w(f, "%s(", n->dyn->name);
		return true;
	case GO_PTR: case GO_CHAN:
		if (n->len == 0)
			w(f, "nil");
		else
			obj_expr(n->t, n->len, buf, sizeof buf), w(f, "%s", buf);
		return true;
	case GO_MAP: case GO_FUNC: w(f, "?"); return true;
	case GO_STRING: id_scalar(f, GO_STRING, n->bytes, n->len); return true;
	default: id_scalar(f, n->t->kind, n->bytes, n->t->size); return true;
	}
}

static void id_post(void *ctx, gonode *n, gocrd *r)
{
	FILE *f = ((litw *)ctx)->f;
	(void)r;
	if (is_elems(n->t) || n->t->kind == GO_STRUCT)
		w(f, "}");
	else if (is_iface(n->t) && n->dyn)
		w(f, ")");
}

static void id_val(FILE *f, const gotype *t, const uint8_t *c, uint32_t n)
{
	litw x = {f};
	govisitor v = {id_pre, id_post, &x, true};
	gocrd r = gocrd_make(c, n, arena());
	gocanon_walk(t, true, &r, &v);
}

/* ---- the interface of gosrc.h ------------------------------------------- */

static void reset(void)
{
	for (int i = 0; i < narenas; i++)
		free(arenas[i]);
	narenas = 0;
	structs.n = kids.n = dyns.n = otypes.n = 0;
	nobjs = need_names = 0;
	memset(named_used, 0, sizeof named_used);
}

void gosrc_init(const md_prog *p)
{
	reset();
	size_t pos = 0;
	keytype = md_prog_composite(p) ? gotype_decode(arena(), p->keydesc, p->keydesclen, &pos, true)
				       : &gotype_scalars[p->keykind < GO_NSCALAR ? p->keykind : GO_INT64];
	if (keytype->kind == GO_STRUCT && keytype->nfields > 0)
		reg_find(&structs, keytype); /* named K */
	for (uint32_t i = 0; i < p->nkeys; i++)
		gosrc_key(NULL, p, i); /* objects and dynamic types in order of first use */
	valtype = NULL;
	if (md_prog_int64_vals(p))
		return;
	pos = 0;
	valtype = p->valkind < GO_NSCALAR ? &gotype_scalars[p->valkind]
					  : gotype_decode(arena(), p->valdesc, p->valdesclen, &pos, true);
	for (uint32_t i = 0; i < p->nvals; i++)
		gosrc_val(NULL, p, i);
}

const gotype *gosrc_keytype(void) { return keytype; }

void gosrc_key(FILE *f, const md_prog *p, uint32_t i)
{
	expr(f, keytype, md_key_bytes(p, i), p->keys[i].len);
}

bool gosrc_int64_vals(void) { return valtype == NULL; }

void gosrc_val(FILE *f, const md_prog *p, uint32_t i)
{
	uint32_t n;
	const uint8_t *c = md_val_bytes(p, i, &n);
	topname = "V";
	in_vals = true;
	expr(f, valtype, c, n);
	topname = "K";
	in_vals = false;
}

void gosrc_val_id(FILE *f, const uint8_t *c, uint32_t n)
{
	in_vals = true;
	id_val(f, valtype, c, n);
	in_vals = false;
}

void gosrc_vid_body(FILE *f)
{
	char e[1024];
	id_expr(valtype, "v", e, sizeof e);
	w(f, "return %s", e);
}

void gosrc_key_id(FILE *f, const uint8_t *c, uint32_t n)
{
	id_val(f, keytype, c, n);
}

void gosrc_kid_body(FILE *f)
{
	char e[1024];
	id_expr(keytype, "k", e, sizeof e);
	w(f, "return %s", e);
}

/* ---- declarations ------------------------------------------------------- */

static void kid_array(FILE *f, const gotype *t)
{
	char e[1024];
	id_expr(t->elem, "e", e, sizeof e);
	w(f, "\ts := \"{\"\n\tfor i, e := range k {\n\t\tif i > 0 {\n\t\t\ts += \",\"\n\t\t}\n");
	w(f, "\t\ts += %s\n\t}\n\treturn s + \"}\"\n", e);
}

static void kid_struct(FILE *f, const gotype *t)
{
	char e[1024], x[16];
	int k = 0;
	w(f, "\treturn \"{");
	for (uint32_t i = 0; i < t->nfields; i++) {
		if (strcmp(t->fields[i].name, "_") == 0)
			continue;
		snprintf(x, sizeof x, "k.%s", t->fields[i].name);
		id_expr(t->fields[i].type, x, e, sizeof e);
		w(f, "%s\" + %s + \"", k++ ? "," : "", e);
	}
	w(f, "}\"\n");
}

static void kid_case(FILE *f, const gotype *d)
{
	char e[1024], ty[1024];
	go_type(d, ty, sizeof ty);
	id_expr(d, "x", e, sizeof e);
	w(f, "\tcase %s:\n\t\treturn \"%s(\" + %s + \")\"\n", ty, d->name, e);
}

/* A type switch over the dynamic types the program's interface{} values
 * (eface) or interface { M() } values (the named types) have. */
static void kid_iface(FILE *f, bool eface)
{
	w(f, "\tswitch x := k.(type) {\n\tcase nil:\n\t\treturn \"nil\"\n");
	for (int i = 0; eface && i < dyns.n; i++)
		kid_case(f, dyns.t[i]);
	for (int i = 0; !eface && i < GONAMED_N; i++)
		if (named_used[i])
			kid_case(f, gotype_named((unsigned)i));
	w(f, "\tdefault:\n\t\treturn fmt.Sprintf(\"?%%T\", x)\n\t}\n");
}

/* func kidN(k T) string: a key's id, as id_val writes it. */
static void kid_func(FILE *f, int i)
{
	const gotype *t = kids.t[i];
	char ty[1024];
	go_type(t, ty, sizeof ty);
	w(f, "\nfunc kid%d(k %s) string {\n", i + 1, ty);
	switch (t->kind) {
	case GO_ARRAY: case GO_SLICE: kid_array(f, t); break;
	case GO_STRUCT: kid_struct(f, t); break;
	case GO_EFACE: case GO_IFACE: kid_iface(f, t->kind == GO_EFACE); break;
	case GO_PTR: case GO_CHAN:
		need_names = 1;
		w(f, "\tif k == nil {\n\t\treturn \"nil\"\n\t}\n\treturn names[k]\n");
		break;
	default: w(f, "\treturn \"?\"\n"); /* maps, funcs: no bits to compare */
	}
	w(f, "}\n");
}

static void obj_decls(FILE *f)
{
	char ty[1024], x[64];
	int zbox = 0;
	if (nobjs || need_names)
		w(f, "\n// names are the program's objects by their text (a key's id).\nvar names = map[interface{}]string{}\n");
	if (nobjs)
		w(f, "\n// The program's objects (&objN, chN): a pointer key names one of them.\n");
	for (int j = 0; j < nobjs; j++) {
		const gotype *t = otypes.t[objs[j].type];
		obj_expr(t, objs[j].i, x, sizeof x);
		go_type(t->kind == GO_PTR ? t->elem : t, ty, sizeof ty);
		if (t->kind == GO_CHAN)
			w(f, "var %s = make(%s)\n", x, ty);
		else if (t->elem->size == 0)
			w(f, "var %.*s zbox[%s]\n", (int)(strlen(x) - 3), x + 1, ty), zbox = 1;
		else
			w(f, "var %s %s\n", x + 1, ty);
	}
	if (nobjs) {
		w(f, "\nfunc init() {\n");
		for (int j = 0; j < nobjs; j++) {
			obj_expr(otypes.t[objs[j].type], objs[j].i, x, sizeof x);
			w(f, "\tnames[%s] = \"%s\"\n", x, x);
		}
		w(f, "}\n");
	}
	if (zbox)
		w(f, "\n// zbox keeps a zero-size object apart: Go may give every zero-size\n"
		     "// variable one address (the oracle does the same, oracle/types.go).\n"
		     "type zbox[T any] struct {\n\tv T\n\t_ [8]byte\n}\n");
}

/* Struct type t's fields, one a line. */
static void struct_fields(FILE *f, const gotype *t)
{
	char ty[1024];
	for (uint32_t j = 0; j < t->nfields; j++) {
		go_type(t->fields[j].type, ty, sizeof ty);
		w(f, "\t%s %s\n", t->fields[j].name, ty);
	}
}

static void struct_decl(FILE *f, int i)
{
	char name[16];
	struct_name(i, name, sizeof name);
	w(f, "\ntype %s = struct {\n", name);
	struct_fields(f, structs.t[i]);
	w(f, "}\n");
}

void gosrc_key_decl(FILE *f)
{
	char ty[1024];
	if (keytype->kind == GO_STRUCT && keytype->nfields > 0) {
		struct_decl(f, 0);
		return;
	}
	go_type(keytype, ty, sizeof ty);
	w(f, "\ntype K = %s\n", ty);
}

void gosrc_map_decl(FILE *f, const char *vt)
{
	char ty[1024];
	w(f, "\n// M is map[K]%s with K written out: gccgo before 13 writes no hash\n"
	     "// function for a map whose key type is an alias (golang/go#52846).\n", vt);
	if (keytype->kind == GO_STRUCT && keytype->nfields > 0) {
		w(f, "type M = map[struct {\n");
		struct_fields(f, keytype);
		w(f, "}]%s\n", vt);
		return;
	}
	go_type(keytype, ty, sizeof ty);
	w(f, "type M = map[%s]%s\n", ty, vt);
}

void gosrc_val_decl(FILE *f)
{
	char ty[1024];
	go_type(valtype, ty, sizeof ty);
	w(f, "\ntype V = %s\n", ty);
}

/* The underlying types of the named types (harness/format/types_named.c order),
 * gofmt's layout; *MObj (index 20) declares MObj. */
static const char *const named_under[GONAMED_N] = {
	"bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
	"uintptr", "float32", "float64", "complex64", "complex128", "string", "[2]float64",
	"struct {\n\ta int8\n\tb float64\n}", "struct{}", "int", "[]int", "map[int]int", "func()",
	"struct {\n\tx interface{}\n}",
};

/* type MInt int; func (MInt) M() {} for each named type the program names. */
static void named_decls(FILE *f)
{
	for (int i = 0; i < GONAMED_N; i++) {
		if (!named_used[i])
			continue;
		const char *n = gotype_named_syntax((unsigned)i);
		w(f, "\ntype %s %s\n\nfunc (%s) M() {}\n", n[0] == '*' ? n + 1 : n, named_under[i], n);
	}
}

void gosrc_decls(FILE *f)
{
	for (int i = 0; i < kids.n; i++)
		kid_func(f, i);
	named_decls(f);
	obj_decls(f);
	int first = keytype->kind == GO_STRUCT && keytype->nfields > 0;
	for (int i = first; i < structs.n; i++)
		struct_decl(f, i);
}
