/*
 * types_canon.c: canonical values <-> values in Go's memory layout, for a
 * port.  See types.h and docs/TYPES.md for the canonical encoding.
 */
#include <string.h>

#include "format/types.h"

typedef struct creader {
	const uint8_t *c;
	size_t n, i;
	bool ok;
} creader;

static const uint8_t *take(creader *r, size_t k)
{
	if (!r->ok || r->n - r->i < k) {
		r->ok = false;
		return NULL;
	}
	const uint8_t *p = r->c + r->i;
	r->i += k;
	return p;
}

static uint32_t take_u32(creader *r)
{
	const uint8_t *p = take(r, 4);
	return p ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24 : 0;
}

static void *alloc(gonat *nat, size_t size)
{
	size_t at = (nat->used + 15) & ~(size_t)15;
	if (at > nat->cap || nat->cap - at < size)
		return NULL;
	nat->used = at + size;
	memset(nat->mem + at, 0, size);
	return nat->mem + at;
}

static bool to_native(const gotype *t, creader *r, bool top, uint8_t *out, gonat *nat);

/* The dynamic value of v (v->type set) into memory of its own. */
static bool box_to_native(goiface *v, creader *r, gonat *nat)
{
	uint8_t *data = alloc(nat, v->type->size ? v->type->size : 1);
	if (data == NULL || !to_native(v->type, r, false, data, nat))
		return false;
	v->data = data;
	return true;
}

/* interface {}: 0 for nil, else 1, a descriptor, the value. */
static bool iface_to_native(creader *r, uint8_t *out, gonat *nat)
{
	const uint8_t *tag = take(r, 1);
	goiface v = {NULL, NULL};
	if (tag && *tag) {
		size_t pos = r->i;
		v.type = gotype_decode(nat->types, r->c, r->n, &pos, false);
		if (pos > r->n)
			return r->ok = false;
		r->i = pos;
		if (v.type->kind == GO_EFACE || v.type->kind == GO_IFACE)
			return iface_to_native(r, out, nat); /* boxing an interface boxes its dynamic value */
		if (!box_to_native(&v, r, nat))
			return false;
	}
	memcpy(out, &v, sizeof v);
	return r->ok;
}

/* interface { M() }: 0 for nil, else 1 + a named type's index, the value. */
static bool ifacem_to_native(creader *r, uint8_t *out, gonat *nat)
{
	const uint8_t *tag = take(r, 1);
	goiface v = {NULL, NULL};
	if (tag && *tag) {
		if ((v.type = gotype_named(*tag - 1u)) == NULL)
			return r->ok = false;
		if (!box_to_native(&v, r, nat))
			return false;
	}
	memcpy(out, &v, sizeof v);
	return r->ok;
}

static bool to_native(const gotype *t, creader *r, bool top, uint8_t *out, gonat *nat)
{
	const uint8_t *p;
	switch (t->kind) {
	case GO_STRING: {
		uint32_t len = top ? (uint32_t)(r->n - r->i) : take_u32(r);
		gostring s = {take(r, len), len};
		memcpy(out, &s, sizeof s);
		return r->ok;
	}
	case GO_ARRAY:
		if (t->size == 0) /* no canonical bytes: [128][1920][1920]struct{} has 471M elements */
			return true;
		for (uint32_t i = 0; i < t->len; i++)
			if (!to_native(t->elem, r, false, out + (size_t)i * t->elem->size, nat))
				return false;
		return true;
	case GO_STRUCT:
		for (uint32_t i = 0; i < t->nfields; i++)
			if (strcmp(t->fields[i].name, "_") != 0 &&
			    !to_native(t->fields[i].type, r, false, out + t->fields[i].offset, nat))
				return false;
		return true;
	case GO_EFACE:
		return iface_to_native(r, out, nat);
	case GO_IFACE:
		return ifacem_to_native(r, out, nat);
	case GO_PTR: case GO_CHAN: {
		uint32_t i = take_u32(r);
		void *obj = i == 0 || i > GOOBJ_MAX ? NULL : &nat->objs[i - 1];
		memcpy(out, &obj, sizeof obj);
		return r->ok && i <= GOOBJ_MAX;
	}
	case GO_SLICE: {
		uint32_t len = take_u32(r);
		if (!r->ok || len > r->n)
			return r->ok = false;
		uint8_t *arr = alloc(nat, (size_t)len * t->elem->size + 1);
		if (arr == NULL)
			return false;
		for (uint32_t i = 0; i < len; i++)
			if (!to_native(t->elem, r, false, arr + (size_t)i * t->elem->size, nat))
				return false;
		intptr_t hdr[3] = {(intptr_t)arr, (intptr_t)len, (intptr_t)len};
		memcpy(out, hdr, sizeof hdr);
		return true;
	}
	case GO_MAP: case GO_FUNC:
		return true; /* nil: only the type matters (it is unhashable) */
	default:
		p = take(r, t->size); /* the other scalars: their bits */
		if (p)
			memcpy(out, p, t->size);
		return r->ok;
	}
}

bool gocanon_to_native(const gotype *t, const uint8_t *c, size_t n, bool top, void *out, gonat *nat)
{
	creader r = {c, n, 0, true};
	memset(out, 0, t->size);
	return to_native(t, &r, top, out, nat) && r.ok && r.i == n;
}

typedef struct cwriter {
	uint8_t *o;
	size_t n, cap;
} cwriter;

static void emit(cwriter *w, const void *p, size_t k)
{
	if (w->n <= w->cap && w->cap - w->n >= k && k)
		memcpy(w->o + w->n, p, k);
	w->n += k;
}

static void emit_u32(cwriter *w, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	emit(w, b, 4);
}

static void to_canon(const gotype *t, const uint8_t *v, bool top, const gonat *nat, cwriter *w)
{
	switch (t->kind) {
	case GO_STRING: {
		gostring s;
		memcpy(&s, v, sizeof s);
		if (!top)
			emit_u32(w, (uint32_t)s.len);
		emit(w, s.ptr, (size_t)s.len);
		return;
	}
	case GO_ARRAY:
		if (t->size == 0) /* no canonical bytes (see to_native) */
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
		int ni = t->kind == GO_IFACE && x.type ? gotype_named_index(x.type) : 0;
		if (t->kind == GO_IFACE && x.type)
			tag = ni < 0 ? 0xFF : (uint8_t)(ni + 1); /* 0xFF: not in the table */
		emit(w, &tag, 1);
		if (x.type) {
			size_t dn = t->kind == GO_EFACE ? gotype_encode(x.type, d, sizeof d) : 0;
			emit(w, d, dn);
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
		emit_u32(w, i);
		return;
	}
	case GO_SLICE: {
		intptr_t hdr[3];
		memcpy(hdr, v, sizeof hdr);
		emit_u32(w, (uint32_t)hdr[1]);
		for (intptr_t i = 0; i < hdr[1]; i++)
			to_canon(t->elem, (const uint8_t *)hdr[0] + (size_t)i * t->elem->size, false, nat, w);
		return;
	}
	case GO_MAP: case GO_FUNC:
		return;
	default:
		emit(w, v, t->size);
	}
}

bool gonative_to_canon(const gotype *t, const void *v, bool top, const gonat *nat,
		       uint8_t *out, size_t cap, size_t *len)
{
	cwriter w = {out, 0, cap};
	to_canon(t, v, top, nat, &w);
	*len = w.n;
	return w.n <= cap;
}

bool gocanon_zero(const gotype *t, bool top, uint8_t *out, size_t cap, size_t *len)
{
	static const uint8_t zero[GODESC_MAX_SIZE + 16]; /* every type a descriptor gives fits */
	*len = 0;
	return t->size <= sizeof zero && gonative_to_canon(t, zero, top, NULL, out, cap, len);
}
