/*
 * types_text.c: canonical values as Go literals and back (types.h,
 * docs/TYPES.md).  Scalar leaves are the caller's (the harness's text form).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/types.h"

static gotypes scratch; /* dynamic types while formatting */

typedef struct tout {
	char *o;
	size_t n, cap;
} tout;

static void out_s(tout *w, const char *s)
{
	for (; *s; s++, w->n++)
		if (w->n + 1 < w->cap)
			w->o[w->n] = *s;
}

typedef struct crd {
	const uint8_t *c;
	size_t n, i;
} crd;

static const uint8_t *crd_take(crd *r, size_t k)
{
	static const uint8_t zero[16];
	if (r->n - r->i < k) {
		r->i = r->n;
		return k <= sizeof zero ? zero : NULL;
	}
	r->i += k;
	return r->c + r->i - k;
}

static uint32_t crd_u32(crd *r)
{
	const uint8_t *p = crd_take(r, 4);
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void fmt_val(const gotype *t, crd *r, bool top, goscalar_fmt fmt, tout *w);

/* How many leading elements of an array of n fixed-size scalars at r to
 * print: a long array's trailing zero elements are left out, as Go's
 * literal [256]int64{1, 2} leaves them (n when the array is short). */
static uint32_t elems_shown(const gotype *e, uint32_t n, const crd *r)
{
	if (n <= 16 || e->kind >= GO_STRING || e->size == 0 || r->n - r->i < (size_t)n * e->size)
		return n;
	uint32_t last = n;
	while (last > 0) {
		const uint8_t *b = r->c + r->i + (size_t)(last - 1) * e->size;
		uint32_t j = 0;
		while (j < e->size && b[j] == 0)
			j++;
		if (j < e->size)
			break;
		last--;
	}
	return last;
}

static void fmt_elems(const gotype *e, uint32_t n, crd *r, goscalar_fmt fmt, tout *w)
{
	uint32_t shown = elems_shown(e, n, r);
	if (shown < n) {
		crd tail = *r;
		tail.n = r->i + (size_t)shown * e->size;
		fmt_elems(e, shown, &tail, fmt, w);
		crd_take(r, (size_t)n * e->size);
		return;
	}
	out_s(w, "{");
	for (uint32_t i = 0; i < n && i < (1u << 16); i++) { /* bounded on bad input */
		out_s(w, i ? ", " : "");
		fmt_val(e, r, false, fmt, w);
	}
	out_s(w, "}");
}

static void fmt_typed(const gotype *t, tout *w)
{
	char ty[1024];
	gotype_syntax(t, ty, sizeof ty);
	out_s(w, ty);
}

static void fmt_iface(crd *r, goscalar_fmt fmt, tout *w);

/* A dynamic value of type d: T(v) for scalars (a string or bool of an
 * unnamed type as itself), T{...} for composites, (T)(v) for unnamed
 * pointers, channels and funcs. */
static void fmt_dyn(const gotype *d, crd *r, goscalar_fmt fmt, tout *w)
{
	bool named = (d->tflag & GOTF_NAMED) != 0;
	switch (d->kind) {
	case GO_EFACE: case GO_IFACE: fmt_iface(r, fmt, w); return; /* read through */
	case GO_STRING: case GO_BOOL:
		if (!named) {
			fmt_val(d, r, false, fmt, w);
			return;
		}
		break;
	case GO_ARRAY: case GO_STRUCT: case GO_SLICE: case GO_MAP:
		fmt_typed(d, w);
		fmt_val(d, r, false, fmt, w);
		return;
	case GO_PTR: case GO_CHAN: case GO_FUNC:
		if (named)
			break; /* MFunc(nil) */
		out_s(w, "(");
		fmt_typed(d, w);
		out_s(w, ")(");
		fmt_val(d, r, false, fmt, w);
		out_s(w, ")");
		return;
	default:
		break;
	}
	fmt_typed(d, w);
	out_s(w, "(");
	fmt_val(d, r, false, fmt, w);
	out_s(w, ")");
}

/* interface {}: nil, or a dynamic type's descriptor and value. */
static void fmt_iface(crd *r, goscalar_fmt fmt, tout *w)
{
	const uint8_t *tag = crd_take(r, 1);
	if (tag == NULL || *tag == 0) {
		out_s(w, "nil");
		return;
	}
	size_t pos = r->i;
	const gotype *d = gotype_decode(&scratch, r->c, r->n, &pos, false);
	r->i = pos < r->n ? pos : r->n;
	fmt_dyn(d, r, fmt, w);
}

/* interface { M() }: nil, or a named type's value (gotype_named). */
static void fmt_ifacem(crd *r, goscalar_fmt fmt, tout *w)
{
	const uint8_t *tag = crd_take(r, 1);
	const gotype *d = tag && *tag ? gotype_named(*tag - 1u) : NULL;
	if (d == NULL) {
		out_s(w, "nil");
		return;
	}
	fmt_dyn(d, r, fmt, w);
}

static void fmt_val(const gotype *t, crd *r, bool top, goscalar_fmt fmt, tout *w)
{
	char buf[4 * 1024 + 8];
	switch (t->kind) {
	case GO_ARRAY: fmt_elems(t->elem, t->len, r, fmt, w); return;
	case GO_SLICE: fmt_elems(t->elem, crd_u32(r), r, fmt, w); return;
	case GO_STRUCT:
		out_s(w, "{");
		for (uint32_t i = 0, k = 0; i < t->nfields; i++) {
			if (strcmp(t->fields[i].name, "_") == 0)
				continue;
			out_s(w, k++ ? ", " : "");
			fmt_val(t->fields[i].type, r, false, fmt, w);
		}
		out_s(w, "}");
		return;
	case GO_EFACE: fmt_iface(r, fmt, w); return;
	case GO_IFACE: fmt_ifacem(r, fmt, w); return;
	case GO_MAP: out_s(w, "{}"); return;
	case GO_FUNC: out_s(w, "nil"); return;
	case GO_PTR: case GO_CHAN: {
		uint32_t i = crd_u32(r);
		snprintf(buf, sizeof buf, i == 0 ? "nil" : t->kind == GO_PTR ? "&obj%u" : "ch%u", i);
		out_s(w, buf);
		return;
	}
	case GO_STRING: {
		uint32_t len = top ? (uint32_t)(r->n - r->i) : crd_u32(r);
		if (len > r->n - r->i)
			len = (uint32_t)(r->n - r->i);
		fmt(GO_STRING, r->c + r->i, len, buf, sizeof buf);
		r->i += len;
		out_s(w, buf);
		return;
	}
	default: {
		const uint8_t *p = crd_take(r, t->size);
		fmt(t->kind, p, t->size, buf, sizeof buf);
		out_s(w, buf);
	}
	}
}

void gocanon_format(const gotype *t, const uint8_t *c, size_t n, bool top, goscalar_fmt fmt,
		    char *buf, size_t cap)
{
	tout w = {buf, 0, cap};
	crd r = {c, n, 0};
	gotypes_reset(&scratch);
	fmt_val(t, &r, top, fmt, &w);
	if (cap)
		buf[w.n < cap ? w.n : cap - 1] = 0;
}

/* ---- parsing ------------------------------------------------------------ */

typedef struct tin {
	gotypes *a;
	const char *s;
	goscalar_parse parse;
	uint8_t *o;
	size_t n, cap;
	char *err;
	size_t errcap;
	int depth; /* of nested literals: bounded, so no input runs the stack out */
} tin;

#define TEXT_MAX_DEPTH 64

static bool bad(tin *p, const char *what)
{
	if (p->err[0] == 0)
		snprintf(p->err, p->errcap, "%s at \"%.16s\"", what, p->s);
	return false;
}

static void sp(tin *p)
{
	while (*p->s == ' ' || *p->s == '\t')
		p->s++;
}

static bool lit(tin *p, const char *w)
{
	sp(p);
	size_t k = strlen(w);
	if (strncmp(p->s, w, k) != 0)
		return false;
	p->s += k;
	return true;
}

static bool put_bytes(tin *p, const void *b, size_t k)
{
	if (p->cap - p->n < k)
		return bad(p, "literal too long");
	memcpy(p->o + p->n, b, k);
	p->n += k;
	return true;
}

static bool put_u32(tin *p, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	return put_bytes(p, b, 4);
}

/* The extent of one scalar literal at p->s: a string, a call such as
 * complex(1, 2), or a word up to , } ) or a blank. */
static size_t scalar_extent(const char *s)
{
	size_t i = 0;
	if (s[0] == '"') {
		for (i = 1; s[i] && s[i] != '"'; i++)
			if (s[i] == '\\' && s[i + 1])
				i++;
		return s[i] ? i + 1 : i;
	}
	int depth = 0;
	for (; s[i]; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth-- == 0)
			break;
		else if (depth == 0 && (s[i] == ',' || s[i] == '}' || s[i] == ' ' || s[i] == '\t'))
			break;
	}
	return i;
}

static bool parse_val(tin *p, const gotype *t, bool top);

static bool parse_scalar(tin *p, const gotype *t, bool top)
{
	uint8_t buf[1024];
	uint32_t len = 0;
	sp(p);
	size_t k = scalar_extent(p->s);
	if (k == 0 || !p->parse(t->kind, p->s, k, buf, &len))
		return bad(p, "bad literal");
	p->s += k;
	if (t->kind == GO_STRING && !top && !put_u32(p, len))
		return false;
	return put_bytes(p, buf, len);
}

/* k zero elements of type e: an array literal's missing elements. */
static bool put_zeros(tin *p, const gotype *e, uint32_t k)
{
	uint8_t z[1024];
	size_t zn = 0;
	if (!gocanon_zero(e, false, z, sizeof z, &zn))
		return bad(p, "literal too long");
	for (uint32_t j = 0; j < k; j++)
		if (!put_bytes(p, z, zn))
			return false;
	return true;
}

/* {e, e, ...} with n elements (n < 0: any number, count written first). */
static bool parse_elems(tin *p, const gotype *e, long n)
{
	size_t at = p->n;
	uint32_t k = 0;
	if (n < 0 && !put_u32(p, 0))
		return false;
	if (!lit(p, "{"))
		return bad(p, "expected {");
	while (!lit(p, "}")) {
		if ((k > 0 && !lit(p, ",")) || !parse_val(p, e, false))
			return bad(p, "expected , or }");
		k++;
	}
	if (n >= 0 && k > (uint32_t)n)
		return bad(p, "too many elements");
	if (n >= 0 && k < (uint32_t)n && !put_zeros(p, e, (uint32_t)n - k))
		return false;
	if (n < 0)
		memcpy(p->o + at, (uint8_t[4]){(uint8_t)k, (uint8_t)(k >> 8), (uint8_t)(k >> 16), (uint8_t)(k >> 24)}, 4);
	return true;
}

/* An optional type written before a composite literal; it must be t. */
static bool type_prefix(tin *p, const gotype *t)
{
	sp(p);
	if (*p->s == '{')
		return true;
	const gotype *u = gotype_parse(p->a, &p->s, p->err, p->errcap);
	if (u == NULL || !gotype_identical(t, u))
		return bad(p, "literal of another type");
	return true;
}

static bool parse_iface(tin *p)
{
	uint8_t one = 1, d[1024];
	const gotype *dt;
	sp(p);
	if (lit(p, "nil"))
		return put_bytes(p, "\0", 1);
	if (*p->s == '"' || strncmp(p->s, "true", 4) == 0 || strncmp(p->s, "false", 5) == 0) {
		dt = &gotype_scalars[*p->s == '"' ? GO_STRING : GO_BOOL];
		return put_bytes(p, &one, 1) && put_bytes(p, d, gotype_encode(dt, d, sizeof d)) &&
		       parse_scalar(p, dt, false);
	}
	bool paren = lit(p, "(");
	if ((dt = gotype_parse(p->a, &p->s, p->err, p->errcap)) == NULL)
		return false;
	size_t dn = gotype_encode(dt, d, sizeof d);
	if (dn == 0 || dt->kind == GO_EFACE)
		return bad(p, "no dynamic value of this type");
	if (!put_bytes(p, &one, 1) || !put_bytes(p, d, dn))
		return false;
	if (paren && !lit(p, ")"))
		return bad(p, "expected )");
	bool call = paren || dt->kind < GO_NSCALAR;
	if (call && !lit(p, "("))
		return bad(p, "expected (");
	if (!parse_val(p, dt, false))
		return false;
	return !call || lit(p, ")") || bad(p, "expected )");
}

/* interface { M() }: nil, T(v) or T{...} of a named type (gotype_named),
 * (*MObj)(v). */
static bool parse_ifacem(tin *p)
{
	const gotype *dt;
	int i = 0;
	sp(p);
	if (lit(p, "nil"))
		return put_bytes(p, "\0", 1);
	bool paren = lit(p, "(");
	if ((dt = gotype_parse(p->a, &p->s, p->err, p->errcap)) == NULL)
		return false;
	while (i < GONAMED_N && !gotype_identical(gotype_named((unsigned)i), dt))
		i++;
	if (i == GONAMED_N)
		return bad(p, "not a type with method M");
	uint8_t tag = (uint8_t)(i + 1);
	dt = gotype_named((unsigned)i);
	if (!put_bytes(p, &tag, 1))
		return false;
	if (paren && !lit(p, ")"))
		return bad(p, "expected )");
	bool call = paren || (dt->kind != GO_ARRAY && dt->kind != GO_STRUCT &&
			      dt->kind != GO_SLICE && dt->kind != GO_MAP);
	if (call && !lit(p, "("))
		return bad(p, "expected (");
	if (!parse_val(p, dt, false))
		return false;
	return !call || lit(p, ")") || bad(p, "expected )");
}

static bool parse_obj(tin *p, const gotype *t)
{
	char *end;
	if (lit(p, "nil"))
		return put_u32(p, 0);
	if (!lit(p, t->kind == GO_PTR ? "&obj" : "ch"))
		return bad(p, t->kind == GO_PTR ? "expected nil or &objN" : "expected nil or chN");
	unsigned long i = strtoul(p->s, &end, 10);
	if (end == p->s || i < 1 || i > GOOBJ_MAX)
		return bad(p, "object number must be 1 to 64");
	p->s = end;
	return put_u32(p, (uint32_t)i);
}

static bool parse_val1(tin *p, const gotype *t, bool top);

static bool parse_val(tin *p, const gotype *t, bool top)
{
	if (p->depth >= TEXT_MAX_DEPTH)
		return bad(p, "literal nested too deep");
	p->depth++;
	bool ok = parse_val1(p, t, top);
	p->depth--;
	return ok;
}

static bool parse_val1(tin *p, const gotype *t, bool top)
{
	switch (t->kind) {
	case GO_ARRAY: return type_prefix(p, t) && parse_elems(p, t->elem, t->len);
	case GO_SLICE: return type_prefix(p, t) && parse_elems(p, t->elem, -1);
	case GO_STRUCT:
		if (!type_prefix(p, t) || !lit(p, "{"))
			return bad(p, "expected {");
		for (uint32_t i = 0, k = 0; i < t->nfields; i++) {
			if (strcmp(t->fields[i].name, "_") == 0)
				continue;
			if ((k++ > 0 && !lit(p, ",")) || !parse_val(p, t->fields[i].type, false))
				return bad(p, "expected a field value");
		}
		return lit(p, "}") || bad(p, "expected }");
	case GO_MAP: return (type_prefix(p, t) && lit(p, "{") && lit(p, "}")) || bad(p, "expected {}");
	case GO_FUNC: return lit(p, "nil") || bad(p, "expected nil");
	case GO_PTR: case GO_CHAN: return parse_obj(p, t);
	case GO_EFACE: return parse_iface(p);
	case GO_IFACE: return parse_ifacem(p);
	default: return parse_scalar(p, t, top);
	}
}

bool gocanon_parse(gotypes *a, const gotype *t, const char **s, bool top, goscalar_parse parse,
		   uint8_t *out, size_t cap, size_t *len, char *err, size_t errcap)
{
	tin p = {a, *s, parse, out, 0, cap, err, errcap, 0};
	if (errcap)
		err[0] = 0;
	if (!parse_val(&p, t, top))
		return false;
	*s = p.s;
	*len = p.n;
	return true;
}
