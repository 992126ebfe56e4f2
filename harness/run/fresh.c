/*
 * fresh.c: fresh copies of keys (fresh.h): new string bytes, new
 * interface boxes, garbage in padding and blank fields.
 */
#include "run/fresh.h"

#include <stdlib.h>
#include <string.h>

#include "run/result.h"

#define MD_FRESH_MEM (16u << 20)

bool md_fresh_reset(md_fresh *f, const md_prog *p)
{
	if (f->mem == NULL)
		f->mem = malloc(MD_FRESH_MEM);
	f->used = 0;
	f->junk = md_mix((uint64_t)p->seed ^ 0x3c6ef372fe94f82bULL);
	return f->mem != NULL;
}

/* size bytes of the arena, 16-aligned and zeroed; NULL when it is full. */
static uint8_t *take(md_fresh *f, size_t size)
{
	size_t at = (f->used + 15) & ~(size_t)15;
	if (at > MD_FRESH_MEM || MD_FRESH_MEM - at < size)
		return NULL;
	f->used = at + size;
	memset(f->mem + at, 0, size);
	return f->mem + at;
}

/* n bytes of garbage into b. */
static void junk(md_fresh *f, uint8_t *b, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		if (j % 8 == 0)
			f->junk = md_mix(f->junk + 0x9e3779b97f4a7c15ULL);
		b[j] = (uint8_t)(f->junk >> (8 * (j % 8)));
	}
}

static bool fill(md_fresh *f, const gotype *t, uint8_t *v, const gonat *nat, bool blank);

/* Garbage in the gaps of struct t at v (between fields and after the
 * last); its fields filled as fill says (a blank one as blank). */
static bool fill_struct(md_fresh *f, const gotype *t, uint8_t *v, const gonat *nat, bool blank)
{
	uint32_t end = 0;
	for (uint32_t i = 0; i < t->nfields; i++) {
		const gofield *fd = &t->fields[i];
		if (fd->offset > end)
			junk(f, v + end, fd->offset - end);
		if (!fill(f, fd->type, v + fd->offset, nat, blank || strcmp(fd->name, "_") == 0))
			return false;
		end = fd->offset + fd->type->size;
	}
	if (t->size > end)
		junk(f, v + end, t->size - end);
	return true;
}

/* A blank field's string: any bytes of its own, up to 7. */
static bool blank_string(md_fresh *f, uint8_t *v)
{
	uint8_t n;
	junk(f, &n, 1);
	gostring s = {take(f, n % 8 + 1), n % 8};
	if (s.ptr == NULL)
		return false;
	junk(f, (uint8_t *)s.ptr, (size_t)s.len);
	memcpy(v, &s, sizeof s);
	return true;
}

/* A blank field's pointer or channel: any object. */
static void blank_object(md_fresh *f, uint8_t *v, const gonat *nat)
{
	uint8_t n;
	junk(f, &n, 1);
	void *obj = nat->objs ? &nat->objs[n % GOOBJ_MAX] : NULL;
	memcpy(v, &obj, sizeof obj);
}

/* Garbage in the padding and blank fields of the value of type t at v,
 * and of the values its interfaces hold (their boxes are the copy's).
 * blank: v is (inside) a blank field, all garbage that is still a value
 * of its type (Go never reads it, a faulty port may): scalars any bits,
 * strings any bytes, pointers any object; interfaces stay nil. */
static bool fill(md_fresh *f, const gotype *t, uint8_t *v, const gonat *nat, bool blank)
{
	switch (t->kind) {
	case GO_STRUCT: return fill_struct(f, t, v, nat, blank);
	case GO_ARRAY:
		for (uint32_t i = 0; i < t->len; i++)
			if (!fill(f, t->elem, v + (size_t)i * t->elem->size, nat, blank))
				return false;
		return true;
	case GO_EFACE: case GO_IFACE: {
		goiface x;
		memcpy(&x, v, sizeof x);
		return blank || x.type == NULL || fill(f, x.type, (uint8_t *)(uintptr_t)x.data, nat, false);
	}
	case GO_STRING: return !blank || blank_string(f, v);
	case GO_PTR: case GO_CHAN:
		if (blank)
			blank_object(f, v, nat);
		return true;
	case GO_SLICE: case GO_MAP: case GO_FUNC: return true;
	default:
		if (blank)
			junk(f, v, t->size);
		return true;
	}
}

/* A copy of b[0..n) in the arena; NULL when it is full. */
static uint8_t *copy_bytes(md_fresh *f, const void *b, size_t n)
{
	uint8_t *c = take(f, n ? n : 1);
	if (c != NULL && n)
		memcpy(c, b, n);
	return c;
}

/* Make the value of type t at v (a copy of the shared key's memory) hold
 * string bytes and interface boxes of its own; pointers and channels keep
 * their objects (their identity is the key), slices their arrays (never
 * read: a slice in a key panics). */
static bool own_parts(md_fresh *f, const gotype *t, uint8_t *v)
{
	switch (t->kind) {
	case GO_STRING: {
		gostring s;
		memcpy(&s, v, sizeof s);
		if ((s.ptr = copy_bytes(f, s.ptr, (size_t)s.len)) == NULL)
			return false;
		memcpy(v, &s, sizeof s);
		return true;
	}
	case GO_EFACE: case GO_IFACE: {
		goiface x;
		memcpy(&x, v, sizeof x);
		if (x.type == NULL)
			return true;
		uint8_t *box = copy_bytes(f, x.data, x.type->size);
		x.data = box;
		memcpy(v, &x, sizeof x);
		return box != NULL && own_parts(f, x.type, box);
	}
	case GO_ARRAY:
		for (uint32_t i = 0; i < t->len; i++)
			if (!own_parts(f, t->elem, v + (size_t)i * t->elem->size))
				return false;
		return true;
	case GO_STRUCT:
		for (uint32_t i = 0; i < t->nfields; i++)
			if (!own_parts(f, t->fields[i].type, v + t->fields[i].offset))
				return false;
		return true;
	default: return true;
	}
}

const void *md_fresh_key(md_fresh *f, const gotype *t, const void *key, const gonat *nat)
{
	uint8_t *v = copy_bytes(f, key, t->size);
	if (v == NULL || !own_parts(f, t, v) || !fill(f, t, v, nat, false))
		return NULL;
	return v;
}
