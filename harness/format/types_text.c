/*
 * types_text.c: canonical values as Go literals and back (types.h,
 * docs/TYPES.md).  Scalar leaves are the caller's (the harness's text form).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/codec.h"
#include "format/lex.h"
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

/* How many leading elements of an array or slice n of fixed-size scalars
 * to print: a long array's trailing zero elements are left out, as Go's
 * literal [256]int64{1, 2} leaves them (all when the array is short). */
static uint32_t elems_shown(const gonode *n, const gocrd *r)
{
	const gotype *e = n->t->elem;
	uint32_t last = n->len;
	if (last <= 16 || e->kind >= GO_STRING || e->size == 0 || r->n - r->i < (size_t)last * e->size)
		return last;
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

static void fmt_typed(const gotype *t, tout *w)
{
	char ty[1024];
	gotype_syntax(t, ty, sizeof ty);
	out_s(w, ty);
}

/* What comes before and after a dynamic value of type d: T(v) for scalars
 * (a string or bool of an unnamed type as itself), T{...} for composites,
 * (T)(v) for unnamed pointers, channels and funcs. */
static const char *dyn_after(const gotype *d, tout *w)
{
	bool named = (d->tflag & GOTF_NAMED) != 0;
	switch (d->kind) {
	case GO_STRING: case GO_BOOL:
		if (!named)
			return "";
		break;
	case GO_ARRAY: case GO_STRUCT: case GO_SLICE: case GO_MAP:
		fmt_typed(d, w);
		return "";
	case GO_PTR: case GO_CHAN: case GO_FUNC:
		if (named)
			break; /* MFunc(nil) */
		out_s(w, "(");
		fmt_typed(d, w);
		out_s(w, ")(");
		return ")";
	default:
		break;
	}
	fmt_typed(d, w);
	out_s(w, "(");
	return ")";
}

typedef struct fmtw {
	goscalar_fmt fmt;
	tout w;
} fmtw;

/* An array's or slice's trailing zero elements are not printed. */
static bool hidden(const gonode *n)
{
	return n->up && (n->up->t->kind == GO_ARRAY || n->up->t->kind == GO_SLICE) && n->index >= n->up->aux;
}

static bool fmt_pre(void *ctx, gonode *n, gocrd *r)
{
	fmtw *f = ctx;
	char buf[4 * 1024 + 8];
	const gotype *t = n->t;
	if (hidden(n))
		return true;
	if (n->up && n->up->t->kind != GO_EFACE && n->up->t->kind != GO_IFACE && !n->first)
		out_s(&f->w, ", ");
	switch (t->kind) {
	case GO_ARRAY: case GO_SLICE: n->aux = elems_shown(n, r); out_s(&f->w, "{"); return true;
	case GO_STRUCT: out_s(&f->w, "{"); return true;
	case GO_EFACE: case GO_IFACE:
		if (n->dyn == NULL)
			out_s(&f->w, "nil");
		else
			n->user = (void *)dyn_after(n->dyn, &f->w);
		return true;
	case GO_MAP: out_s(&f->w, "{}"); return true;
	case GO_FUNC: out_s(&f->w, "nil"); return true;
	case GO_PTR: case GO_CHAN:
		snprintf(buf, sizeof buf, n->len == 0 ? "nil" : t->kind == GO_PTR ? "&obj%u" : "ch%u", n->len);
		break;
	case GO_STRING: f->fmt(GO_STRING, n->bytes, n->len, buf, sizeof buf); break;
	default: f->fmt(t->kind, n->bytes, t->size, buf, sizeof buf); break;
	}
	out_s(&f->w, buf);
	return true;
}

static void fmt_post(void *ctx, gonode *n, gocrd *r)
{
	fmtw *f = ctx;
	(void)r;
	if (hidden(n))
		return;
	if (n->t->kind == GO_ARRAY || n->t->kind == GO_SLICE || n->t->kind == GO_STRUCT)
		out_s(&f->w, "}");
	else if ((n->t->kind == GO_EFACE || n->t->kind == GO_IFACE) && n->dyn)
		out_s(&f->w, n->user);
}

void gocanon_format(const gotype *t, const uint8_t *c, size_t n, bool top, goscalar_fmt fmt,
		    char *buf, size_t cap)
{
	fmtw f = {fmt, {buf, 0, cap}};
	govisitor v = {fmt_pre, fmt_post, &f, true};
	gocrd r = gocrd_make(c, n, &scratch);
	gotypes_reset(&scratch);
	gocanon_walk(t, top, &r, &v);
	if (cap)
		buf[f.w.n < cap ? f.w.n : cap - 1] = 0;
}

/* ---- parsing ------------------------------------------------------------ */

typedef struct tin {
	gotypes *a;
	const char *s;
	goscalar_parse parse;
	gocwr out;
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

static void sp(tin *p) { md_lex_blanks(&p->s); }

static bool lit(tin *p, const char *w) { return md_lex_eat(&p->s, w, false); }

static bool put_bytes(tin *p, const void *b, size_t k)
{
	gocwr_put(&p->out, b, k);
	return !p->out.over || bad(p, "literal too long");
}

static bool put_u32(tin *p, uint32_t v)
{
	gocwr_u32(&p->out, v);
	return !p->out.over || bad(p, "literal too long");
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
	gocwr count = p->out; /* where a slice's count goes */
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
		gocwr_u32(&count, k);
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

/* The index of the named type dt (gotype_named), or -1. */
static int named_index(const gotype *dt)
{
	int i = 0;
	while (i < GONAMED_N && !gotype_identical(gotype_named((unsigned)i), dt))
		i++;
	return i < GONAMED_N ? i : -1;
}

/* A named type's tag and value (after "(T" when paren): T(v) for scalars
 * and funcs, T{...} for composites, (*MObj)(v). */
static bool parse_named(tin *p, int i, bool paren)
{
	uint8_t tag = (uint8_t)(i + 1);
	const gotype *dt = gotype_named((unsigned)i);
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

/* interface {}: nil, a string or bool, T(v), T{...}, (T)(v); a named type
 * (MInt(1), MStruct{...}) as interface { M() }'s tag after GODESC_IFACE. */
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
	int ni = named_index(dt);
	if (ni >= 0) {
		d[0] = GODESC_IFACE;
		return put_bytes(p, &one, 1) && put_bytes(p, d, 1) && parse_named(p, ni, paren);
	}
	size_t dn = gotype_encode(dt, d, sizeof d);
	if (dn == 0 || dt->kind == GO_EFACE || dt->kind == GO_IFACE)
		return bad(p, "no dynamic value of this type"); /* boxing an interface boxes its value */
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
	sp(p);
	if (lit(p, "nil"))
		return put_bytes(p, "\0", 1);
	bool paren = lit(p, "(");
	if ((dt = gotype_parse(p->a, &p->s, p->err, p->errcap)) == NULL)
		return false;
	int ni = named_index(dt);
	return ni >= 0 ? parse_named(p, ni, paren) : bad(p, "not a type with method M");
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
	tin p = {a, *s, parse, {out, 0, cap, false}, err, errcap, 0};
	if (errcap)
		err[0] = 0;
	if (!parse_val(&p, t, top))
		return false;
	*s = p.s;
	*len = p.out.n;
	return true;
}
