/* codec.c: the reader, writer and walk of canonical bytes (codec.h). */
#include "format/codec.h"

#include <string.h>

gocrd gocrd_make(const uint8_t *c, size_t n, gotypes *types)
{
	return (gocrd){c, n, 0, true, types};
}

/* The short-read rule (codec.h): to the end, zero bytes, bad for good. */
static const uint8_t *short_read(gocrd *r)
{
	static const uint8_t zero[GOCRD_LEAF_MAX];
	r->i = r->n;
	r->ok = false;
	return zero;
}

const uint8_t *gocrd_take(gocrd *r, size_t k)
{
	if (r->n - r->i < k)
		return short_read(r);
	r->i += k;
	return r->c + r->i - k;
}

uint32_t gocrd_u32(gocrd *r)
{
	const uint8_t *p = gocrd_take(r, 4);
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

const uint8_t *gocrd_string(gocrd *r, bool top, uint32_t *len)
{
	uint32_t n = top ? (uint32_t)(r->n - r->i) : gocrd_u32(r);
	const uint8_t *s = r->c + r->i;
	if (n > r->n - r->i) {
		n = (uint32_t)(r->n - r->i); /* the bytes that are left */
		short_read(r);
	} else {
		r->i += n;
	}
	*len = n;
	return s;
}

bool gocrd_done(const gocrd *r)
{
	return r->ok && r->i == r->n;
}

void gocwr_put(gocwr *w, const void *b, size_t k)
{
	if (w->over || w->cap - w->n < k) {
		w->over = true;
		return;
	}
	if (k)
		memcpy(w->o + w->n, b, k);
	w->n += k;
}

void gocwr_u32(gocwr *w, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	gocwr_put(w, b, 4);
}

/* ---- the walk -------------------------------------------------------- */

/* interface { M() }: 0 for nil, else 1 + a named type's index, the value. */
static void read_ifacem(gonode *n, gocrd *r)
{
	uint8_t tag = *gocrd_take(r, 1);
	n->dyn = tag ? gotype_named(tag - 1u) : NULL;
	if (tag && n->dyn == NULL)
		r->ok = false; /* past the table: malformed */
}

/* interface {}: 0 for nil, else 1, a descriptor, the value.  A dynamic
 * type interface {} is read through (the next tag and descriptor follow);
 * interface { M() } is followed by its tag (read_ifacem): a named type,
 * MInt(1) next to int(1) (oracle/types.go canonIface); its nil is
 * malformed.  desc and desclen cover the descriptor and, for a named
 * type, its tag. */
static void read_eface(gonode *n, gocrd *r)
{
	do {
		n->dyn = NULL;
		if (*gocrd_take(r, 1) == 0)
			return;
		size_t pos = r->i;
		n->desc = r->c + r->i;
		n->dyn = gotype_decode(r->types, r->c, r->n, &pos, false);
		if (pos > r->n) {
			pos = r->n;
			r->ok = false;
		}
		r->i = pos;
		if (n->dyn->kind == GO_IFACE) {
			read_ifacem(n, r);
			if (n->dyn == NULL)
				r->ok = false; /* a nil interface{} is 0: one form per value */
			n->desclen = (size_t)(r->c + r->i - n->desc);
			return;
		}
		n->desclen = (size_t)(r->c + r->i - n->desc);
		n->through |= n->dyn->kind == GO_EFACE;
	} while (n->dyn->kind == GO_EFACE);
}

/* What the walk reads of a value before its parts. */
static void read_head(gonode *n, gocrd *r)
{
	const gotype *t = n->t;
	switch (t->kind) {
	case GO_STRING: n->bytes = gocrd_string(r, n->top, &n->len); return;
	case GO_ARRAY: n->len = t->len; return;
	case GO_STRUCT: n->len = t->nfields; return;
	case GO_SLICE: case GO_PTR: case GO_CHAN: n->len = gocrd_u32(r); return;
	case GO_EFACE: read_eface(n, r); return;
	case GO_IFACE: read_ifacem(n, r); return;
	case GO_MAP: case GO_FUNC: return; /* no bytes */
	default: n->bytes = gocrd_take(r, t->size); return;
	}
}

static bool walk(gonode *n, gocrd *r, const govisitor *v);

/* Part i of type t of the value up. */
static bool walk_part(gonode *up, const gotype *t, uint32_t i, bool *first, gocrd *r, const govisitor *v)
{
	gonode p = {.t = t, .up = up, .index = i, .first = *first, .nest = up->nest};
	if (up->t->kind == GO_EFACE || up->t->kind == GO_IFACE)
		p.nest++;
	*first = false;
	return walk(&p, r, v);
}

static bool walk_parts(gonode *n, gocrd *r, const govisitor *v)
{
	const gotype *t = n->t;
	bool first = true;
	uint32_t i;
	switch (t->kind) {
	case GO_ARRAY:
		if (t->size == 0 && !v->zero_parts)
			return true; /* no bytes: [128][1920][1920]struct{} has 471M elements */
		for (i = 0; i < t->len; i++)
			if (!walk_part(n, t->elem, i, &first, r, v))
				return false;
		return true;
	case GO_SLICE:
		if (n->len > GOCANON_MAX_ELEMS)
			r->ok = false;
		for (i = 0; i < n->len && r->ok; i++)
			if (!walk_part(n, t->elem, i, &first, r, v))
				return false;
		return true;
	case GO_STRUCT:
		for (i = 0; i < t->nfields; i++)
			if (strcmp(t->fields[i].name, "_") != 0 && !walk_part(n, t->fields[i].type, i, &first, r, v))
				return false; /* a blank field has no bytes */
		return true;
	case GO_EFACE: case GO_IFACE:
		return n->dyn == NULL || walk_part(n, n->dyn, 0, &first, r, v);
	default:
		return true;
	}
}

static bool walk(gonode *n, gocrd *r, const govisitor *v)
{
	n->off = r->i;
	read_head(n, r);
	if (!v->pre(v->ctx, n, r)) {
		r->ok = false;
		return false;
	}
	if (!walk_parts(n, r, v))
		return false;
	if (v->post)
		v->post(v->ctx, n, r);
	return true;
}

bool gocanon_walk(const gotype *t, bool top, gocrd *r, const govisitor *v)
{
	gonode n = {.t = t, .top = top, .first = true};
	return walk(&n, r, v);
}
