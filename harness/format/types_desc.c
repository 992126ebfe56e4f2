/*
 * types_desc.c: type descriptors (the binary form of a Go type) and Go
 * type syntax (its text form).  See types.h and docs/TYPES.md.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/lex.h"
#include "format/types.h"

/* Field names a descriptor can give: lower case for compiled types,
 * upper case for types reflect.StructOf builds, and the blank name. */
static const char *const field_names[8] = {"a", "b", "c", "d", "A", "B", "C", "_"};

static uint8_t rd(const uint8_t *b, size_t n, size_t *pos)
{
	return *pos < n ? b[(*pos)++] : (uint8_t)((*pos)++, 0);
}

static uint32_t len_of(uint8_t l)
{
	return l < 0x80 ? l : 128u * (uint32_t)(l - 0x7F);
}

/* Whether a built type is one a descriptor may give at this position. */
static const gotype *fit(const gotype *t, bool key)
{
	if (t == NULL)
		return &gotype_scalars[GO_INT64]; /* arena full */
	if (t->size > GODESC_MAX_SIZE || (key && !gotype_comparable(t)))
		return &gotype_eface;
	return t;
}

static const gotype *decode(gotypes *a, const uint8_t *b, size_t n, size_t *pos, bool key, int depth)
{
	uint8_t c = rd(b, n, pos);
	if (c < GO_NSCALAR || c >= GODESC_NCODES || depth >= GODESC_MAX_DEPTH)
		return &gotype_scalars[c % GO_NSCALAR];
	switch (c) {
	case GODESC_ARRAY: {
		uint32_t len = len_of(rd(b, n, pos));
		const gotype *e = decode(a, b, n, pos, key, depth + 1);
		if ((uint64_t)e->size * len > GODESC_MAX_SIZE || (e->size == 0 && len > GODESC_MAX_ZEROLEN))
			return &gotype_eface;
		return fit(gotype_array(a, e, len), key);
	}
	case GODESC_STRUCT: {
		uint32_t nf = rd(b, n, pos) % (GODESC_MAX_FIELDS + 1);
		const char *names[GODESC_MAX_FIELDS];
		const gotype *types[GODESC_MAX_FIELDS];
		unsigned used = 0;
		for (uint32_t i = 0; i < nf; i++) {
			unsigned x = rd(b, n, pos) % 8;
			while (x != 7 && (used & 1u << x)) /* a name is used once, "_" any number of times */
				x = (x + 1) % 8;
			used |= 1u << x;
			names[i] = field_names[x];
			types[i] = decode(a, b, n, pos, key, depth + 1);
		}
		return fit(gotype_struct(a, nf, names, types), key);
	}
	case GODESC_EFACE: return &gotype_eface;
	case GODESC_IFACE: return &gotype_iface;
	case GODESC_FUNC: return fit(&gotype_func, key);
	case GODESC_PTR: return fit(gotype_ptr(a, decode(a, b, n, pos, false, depth + 1)), key);
	case GODESC_CHAN: return fit(gotype_chan(a, decode(a, b, n, pos, false, depth + 1)), key);
	case GODESC_SLICE: return fit(gotype_slice(a, decode(a, b, n, pos, false, depth + 1)), key);
	default: { /* GODESC_MAP */
		const gotype *k = decode(a, b, n, pos, true, depth + 1);
		return fit(gotype_map(a, k, decode(a, b, n, pos, false, depth + 1)), key);
	}
	}
}

const gotype *gotype_decode(gotypes *a, const uint8_t *b, size_t n, size_t *pos, bool key)
{
	return decode(a, b, n, pos, key, 0);
}

typedef struct wbuf {
	uint8_t *o;
	size_t n, cap;
	bool ok;
} wbuf;

static void put(wbuf *w, uint8_t c)
{
	if (w->n < w->cap)
		w->o[w->n] = c;
	else
		w->ok = false;
	w->n++;
}

static bool encode(const gotype *t, wbuf *w, int depth)
{
	if (t->tflag & GOTF_NAMED)
		return false; /* only interface { M() } values hold named types */
	if (t->kind < GO_NSCALAR) {
		put(w, (uint8_t)t->kind);
		return true;
	}
	if (depth >= GODESC_MAX_DEPTH)
		return false;
	switch (t->kind) {
	case GO_ARRAY:
		if (t->len > GODESC_MAX_LEN || (t->len >= 128 && t->len % 128 != 0))
			return false;
		put(w, GODESC_ARRAY);
		put(w, (uint8_t)(t->len < 128 ? t->len : t->len / 128 + 0x7F));
		return encode(t->elem, w, depth + 1);
	case GO_STRUCT:
		if (t->nfields > GODESC_MAX_FIELDS)
			return false;
		put(w, GODESC_STRUCT);
		put(w, (uint8_t)t->nfields);
		for (uint32_t i = 0; i < t->nfields; i++) {
			int x = 0;
			while (x < 8 && strcmp(field_names[x], t->fields[i].name) != 0)
				x++;
			if (x == 8)
				return false;
			put(w, (uint8_t)x);
			if (!encode(t->fields[i].type, w, depth + 1))
				return false;
		}
		return true;
	case GO_EFACE: put(w, GODESC_EFACE); return true;
	case GO_IFACE: put(w, GODESC_IFACE); return true;
	case GO_FUNC: put(w, GODESC_FUNC); return true;
	case GO_PTR: put(w, GODESC_PTR); return encode(t->elem, w, depth + 1);
	case GO_CHAN: put(w, GODESC_CHAN); return encode(t->elem, w, depth + 1);
	case GO_SLICE: put(w, GODESC_SLICE); return encode(t->elem, w, depth + 1);
	case GO_MAP:
		put(w, GODESC_MAP);
		return encode(t->key, w, depth + 1) && encode(t->elem, w, depth + 1);
	default:
		return false;
	}
}

size_t gotype_encode(const gotype *t, uint8_t *out, size_t cap)
{
	wbuf w = {out, 0, cap, true};
	if (!encode(t, &w, 0) || !w.ok)
		return 0;
	return w.n;
}

/* ---- Go syntax --------------------------------------------------------- */

typedef struct sbuf {
	char *o;
	size_t n, cap;
} sbuf;

static void puts_(sbuf *s, const char *x)
{
	for (; *x; x++, s->n++)
		if (s->n + 1 < s->cap)
			s->o[s->n] = *x;
}

static void syntax(const gotype *t, sbuf *s)
{
	char n[16];
	if (t->tflag & GOTF_NAMED) {
		puts_(s, strncmp(t->name, "main.", 5) == 0 ? t->name + 5 : t->name);
		return;
	}
	switch (t->kind) {
	case GO_ARRAY:
		snprintf(n, sizeof n, "[%u]", t->len);
		puts_(s, n);
		syntax(t->elem, s);
		return;
	case GO_STRUCT:
		puts_(s, "struct{");
		for (uint32_t i = 0; i < t->nfields; i++) {
			puts_(s, i ? "; " : "");
			puts_(s, t->fields[i].name);
			puts_(s, " ");
			syntax(t->fields[i].type, s);
		}
		puts_(s, "}");
		return;
	case GO_EFACE: puts_(s, "interface{}"); return;
	case GO_IFACE: puts_(s, "interface{ M() }"); return;
	case GO_PTR: puts_(s, "*"); syntax(t->elem, s); return;
	case GO_CHAN: puts_(s, "chan "); syntax(t->elem, s); return;
	case GO_SLICE: puts_(s, "[]"); syntax(t->elem, s); return;
	case GO_MAP:
		puts_(s, "map[");
		syntax(t->key, s);
		puts_(s, "]");
		syntax(t->elem, s);
		return;
	default:
		puts_(s, t->name); /* scalars, func() */
	}
}

void gotype_syntax(const gotype *t, char *buf, size_t cap)
{
	sbuf s = {buf, 0, cap};
	syntax(t, &s);
	if (cap)
		buf[s.n < cap ? s.n : cap - 1] = 0;
}

typedef struct tparser {
	gotypes *a;
	const char *s;
	char *err;
	size_t errcap;
	int depth;
} tparser;

static const gotype *perr(tparser *p, const char *what)
{
	if (p->err[0] == 0)
		snprintf(p->err, p->errcap, "%s at \"%.12s\"", what, p->s);
	return NULL;
}

static void blanks(tparser *p) { md_lex_blanks(&p->s); }

/* Consumes the token tok (after blanks) if it is next, not a longer word. */
static bool eat(tparser *p, const char *tok) { return md_lex_eat(&p->s, tok, true); }

static size_t ident(tparser *p, char *out, size_t cap)
{
	blanks(p);
	size_t n = 0;
	while ((isalnum((unsigned char)p->s[n]) || p->s[n] == '_') && n + 1 < cap)
		n++;
	memcpy(out, p->s, n);
	out[n] = 0;
	p->s += n;
	return n;
}

static const gotype *ptype(tparser *p);

static const gotype *pstruct(tparser *p)
{
	const char *names[GOFIELDS_MAX];
	const gotype *types[GOFIELDS_MAX];
	char nm[GOFIELDS_MAX][16];
	uint32_t n = 0;
	if (!eat(p, "{"))
		return perr(p, "expected {");
	while (!eat(p, "}")) {
		if (n > 0 && !eat(p, ";"))
			return perr(p, "expected ; or }");
		if (n == GOFIELDS_MAX || ident(p, nm[n], sizeof nm[n]) == 0 ||
		    isdigit((unsigned char)nm[n][0]))
			return perr(p, "expected a field name");
		names[n] = nm[n];
		for (uint32_t j = 0; j < n; j++)
			if (strcmp(nm[j], nm[n]) == 0 && strcmp(nm[n], "_") != 0)
				return perr(p, "duplicate field");
		if ((types[n] = ptype(p)) == NULL)
			return NULL;
		n++;
	}
	const gotype *t = gotype_struct(p->a, n, names, types);
	return t ? t : perr(p, "type too big");
}

static const gotype *pnamed(tparser *p)
{
	char w[32];
	ident(p, w, sizeof w);
	for (int k = 0; k < GO_NSCALAR; k++)
		if (strcmp(w, gotype_scalars[k].name) == 0)
			return &gotype_scalars[k];
	if (strcmp(w, "byte") == 0)
		return &gotype_scalars[GO_UINT8];
	if (strcmp(w, "rune") == 0)
		return &gotype_scalars[GO_INT32];
	for (unsigned i = 0; i < GONAMED_N; i++) { /* interface { M() } values */
		const char *nm = gotype_named_syntax(i);
		if (strcmp(w, nm) == 0)
			return gotype_named(i);
		if (nm[0] == '*' && strcmp(w, nm + 1) == 0)
			return gotype_named(i)->elem; /* MObj, as in *MObj */
	}
	return perr(p, "unknown type");
}

static const gotype *ptype1(tparser *p)
{
	const gotype *e, *k;
	if (eat(p, "[]"))
		return (e = ptype(p)) ? gotype_slice(p->a, e) : NULL;
	if (eat(p, "[")) {
		char *end;
		unsigned long len = strtoul(p->s, &end, 10);
		if (end == p->s || !isdigit((unsigned char)*p->s) || len > GODESC_MAX_LEN)
			return perr(p, "expected an array length up to 16384");
		p->s = end;
		if (!eat(p, "]") || (e = ptype(p)) == NULL)
			return perr(p, "expected ] and the element type");
		if ((uint64_t)e->size * len > (1u << 24))
			return perr(p, "array too big");
		return gotype_array(p->a, e, (uint32_t)len);
	}
	if (eat(p, "*"))
		return (e = ptype(p)) ? gotype_ptr(p->a, e) : NULL;
	if (eat(p, "chan"))
		return (e = ptype(p)) ? gotype_chan(p->a, e) : NULL;
	if (eat(p, "map")) {
		if (!eat(p, "[") || (k = ptype(p)) == NULL || !eat(p, "]") || (e = ptype(p)) == NULL)
			return perr(p, "expected map[K]V");
		if (!gotype_comparable(k))
			return perr(p, "invalid map key type");
		return gotype_map(p->a, k, e);
	}
	if (eat(p, "struct"))
		return pstruct(p);
	if (eat(p, "interface")) {
		if (!eat(p, "{"))
			return perr(p, "expected {");
		if (eat(p, "}"))
			return &gotype_eface;
		if (eat(p, "M") && eat(p, "(") && eat(p, ")") && eat(p, "}"))
			return &gotype_iface;
		return perr(p, "only interface{} and interface{ M() } are supported");
	}
	if (eat(p, "func")) {
		if (eat(p, "(") && eat(p, ")"))
			return &gotype_func;
		return perr(p, "only func() is supported");
	}
	return pnamed(p);
}

static const gotype *ptype(tparser *p)
{
	if (++p->depth > 16)
		return perr(p, "type nests too deep");
	const gotype *t = ptype1(p);
	p->depth--;
	if (t == NULL)
		return perr(p, "type too big");
	return t;
}

const gotype *gotype_parse(gotypes *a, const char **s, char *err, size_t errcap)
{
	tparser p = {a, *s, err, errcap, 0};
	if (errcap)
		err[0] = 0;
	const gotype *t = ptype(&p);
	if (t)
		*s = p.s;
	return t;
}
