/*
 * types_canon.c: canonical values <-> values in Go's memory layout, for a
 * port.  See types.h and docs/TYPES.md for the canonical encoding.
 */
#include <string.h>

#include "format/codec.h"
#include "format/types.h"

static void *alloc(gonat *nat, size_t size)
{
	size_t at = (nat->used + 15) & ~(size_t)15;
	if (at > nat->cap || nat->cap - at < size)
		return NULL;
	nat->used = at + size;
	memset(nat->mem + at, 0, size);
	return nat->mem + at;
}

typedef struct natwalk {
	uint8_t *out;
	gonat *nat;
} natwalk;

/* Where the value n goes: the walk's out at the top; in its array, slice,
 * struct or interface box (up->user) below. */
static uint8_t *native_at(const gonode *n, const natwalk *w)
{
	const gonode *up = n->up;
	if (up == NULL)
		return w->out;
	uint8_t *base = up->user;
	switch (up->t->kind) {
	case GO_STRUCT: return base + up->t->fields[n->index].offset;
	case GO_EFACE: case GO_IFACE: return base;
	default: return base + (size_t)n->index * n->t->size; /* an element */
	}
}

/* An interface: its dynamic value gets memory of its own (n->user). */
static bool box_native(gonode *n, uint8_t *at, gonat *nat)
{
	goiface v = {n->dyn, NULL};
	if (v.type && (v.data = n->user = alloc(nat, v.type->size ? v.type->size : 1)) == NULL)
		return false;
	memcpy(at, &v, sizeof v);
	return true;
}

/* A slice: its array (n->user) and header. */
static bool slice_native(gonode *n, const gocrd *r, uint8_t *at, gonat *nat)
{
	size_t esize = n->t->elem->size;
	if (n->len > r->n || (n->user = alloc(nat, (size_t)n->len * esize + 1)) == NULL)
		return false;
	intptr_t hdr[3] = {(intptr_t)n->user, (intptr_t)n->len, (intptr_t)n->len};
	memcpy(at, hdr, sizeof hdr);
	return true;
}

static bool native_pre(void *ctx, gonode *n, gocrd *r)
{
	natwalk *w = ctx;
	uint8_t *at = native_at(n, w);
	n->user = at;
	if (!r->ok)
		return false;
	switch (n->t->kind) {
	case GO_STRING: {
		gostring s = {n->bytes, n->len};
		memcpy(at, &s, sizeof s);
		return true;
	}
	case GO_EFACE: case GO_IFACE: return box_native(n, at, w->nat);
	case GO_PTR: case GO_CHAN: {
		void *obj = n->len == 0 || n->len > GOOBJ_MAX ? NULL : &w->nat->objs[n->len - 1];
		memcpy(at, &obj, sizeof obj);
		return n->len <= GOOBJ_MAX;
	}
	case GO_SLICE: return slice_native(n, r, at, w->nat);
	case GO_ARRAY: case GO_STRUCT: case GO_MAP: case GO_FUNC:
		return true; /* a map or func is nil: only its type matters (it is unhashable) */
	default:
		memcpy(at, n->bytes, n->t->size); /* the other scalars: their bits */
		return true;
	}
}

bool gocanon_to_native(const gotype *t, const uint8_t *c, size_t n, bool top, void *out, gonat *nat)
{
	natwalk w = {out, nat};
	govisitor v = {native_pre, NULL, &w, false};
	gocrd r = gocrd_make(c, n, nat->types);
	memset(out, 0, t->size);
	return gocanon_walk(t, top, &r, &v) && gocrd_done(&r);
}

static void to_canon(const gotype *t, const uint8_t *v, bool top, const gonat *nat, gocwr *w)
{
	switch (t->kind) {
	case GO_STRING: {
		gostring s;
		memcpy(&s, v, sizeof s);
		if (!top)
			gocwr_u32(w, (uint32_t)s.len);
		gocwr_put(w, s.ptr, (size_t)s.len);
		return;
	}
	case GO_ARRAY:
		if (t->size == 0) /* no canonical bytes (see gocanon_walk) */
			return;
		for (uint32_t i = 0; i < t->len; i++)
			to_canon(t->elem, v + (size_t)i * t->elem->size, false, nat, w);
		return;
	case GO_STRUCT:
		for (uint32_t i = 0; i < t->nfields; i++)
			if (strcmp(t->fields[i].name, "_") != 0)
				to_canon(t->fields[i].type, v + t->fields[i].offset, false, nat, w);
		return;
	case GO_EFACE: case GO_IFACE: {
		goiface x;
		memcpy(&x, v, sizeof x);
		uint8_t tag = x.type != NULL, d[1024];
		int ni = x.type ? gotype_named_index(x.type) : -1;
		if (t->kind == GO_IFACE && x.type)
			tag = ni < 0 ? 0xFF : (uint8_t)(ni + 1); /* 0xFF: not in the table */
		gocwr_put(w, &tag, 1);
		if (x.type) {
			size_t dn = t->kind == GO_EFACE ? gotype_encode(x.type, d, sizeof d) : 0;
			if (t->kind == GO_EFACE && ni >= 0) { /* a named type: interface { M() }'s tag */
				d[0] = GODESC_IFACE;
				d[1] = (uint8_t)(ni + 1);
				dn = 2;
			}
			gocwr_put(w, d, dn);
			to_canon(x.type, x.data, false, nat, w);
		}
		return;
	}
	case GO_PTR: case GO_CHAN: {
		const uint64_t *obj;
		memcpy(&obj, v, sizeof obj);
		uint32_t i = 0;
		if (obj && nat && nat->objs && obj >= nat->objs && obj < nat->objs + GOOBJ_MAX)
			i = (uint32_t)(obj - nat->objs) + 1;
		gocwr_u32(w, i);
		return;
	}
	case GO_SLICE: {
		intptr_t hdr[3];
		memcpy(hdr, v, sizeof hdr);
		gocwr_u32(w, (uint32_t)hdr[1]);
		for (intptr_t i = 0; i < hdr[1]; i++)
			to_canon(t->elem, (const uint8_t *)hdr[0] + (size_t)i * t->elem->size, false, nat, w);
		return;
	}
	case GO_MAP: case GO_FUNC:
		return;
	default:
		gocwr_put(w, v, t->size);
	}
}

bool gonative_to_canon(const gotype *t, const void *v, bool top, const gonat *nat,
		       uint8_t *out, size_t cap, size_t *len)
{
	gocwr w = {out, 0, cap, false};
	to_canon(t, v, top, nat, &w);
	*len = w.n;
	return !w.over;
}

bool gocanon_zero(const gotype *t, bool top, uint8_t *out, size_t cap, size_t *len)
{
	static const uint8_t zero[GODESC_MAX_SIZE + 16]; /* every type a descriptor gives fits */
	*len = 0;
	return t->size <= sizeof zero && gonative_to_canon(t, zero, top, NULL, out, cap, len);
}
