/*
 * model.c: an executable model of Go's map semantics, behind impl/port.h.
 *
 * Written for obviousness, not speed: a map is an unordered array of
 * entries, every operation a linear walk.  It knows nothing of buckets,
 * hashing or growth; it only says what a Go program can observe:
 *
 *   - keys are equal when Go's == says so: NaN is never equal to anything
 *     (so every m[NaN] = v adds an entry that lookup and delete never
 *     find), and +0 == -0;
 *   - assigning to an existing key replaces the value, and for floats,
 *     complex numbers and strings also the stored key (m[+0.0] = 1;
 *     m[-0.0] = 2 leaves the key -0.0);
 *   - a nil map (handle NULL) reads as empty, deletes and clears nothing,
 *     and panics on assignment with "assignment to entry in nil map";
 *   - clear(m) removes every entry, NaN keys included;
 *   - maps.Clone(m) is a new map holding a copy of every entry of m, NaN
 *     keys included, keys bit for bit;
 *   - iteration walks the array: an entry keeps its slot for its whole
 *     life, so an iterator produces every entry present at its start and
 *     not deleted before it is reached exactly once, and an entry added
 *     later may or may not be produced (a freed slot is reused).
 *
 * The model uses no randomness, so iteration order is array order.
 */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "port.h"

/* An oracle: coverage feedback comes from the port under test, not from
 * here (the Go oracles are not instrumented either). */
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
#endif

#define MODEL_MAX_SIZE 16 /* largest key or elem the model holds: complex128 */

typedef struct mtype {
	gotype key, elem;
} mtype;

typedef struct mentry {
	bool live;
	alignas(16) unsigned char key[MODEL_MAX_SIZE];  /* Go layout; a string's bytes are owned */
	alignas(16) unsigned char elem[MODEL_MAX_SIZE];
} mentry;

typedef struct mmap {
	mentry *e;
	size_t n, cap; /* slots in use (live or freed), slots allocated */
	int64_t count; /* live entries */
} mmap;

typedef struct miter {
	mmap *m;
	size_t next;
} miter;

static void *model_type_new(const gotype *key, const gotype *elem)
{
	if (key->kind >= GO_NSCALAR || key->size > MODEL_MAX_SIZE || elem->size > MODEL_MAX_SIZE)
		return NULL;
	mtype *t = calloc(1, sizeof *t);
	if (t) {
		t->key = *key;
		t->elem = *elem;
	}
	return t;
}

static void model_type_free(void *t)
{
	free(t);
}

static void *model_make(void *t, int64_t hint, bool hint_given, uint64_t rand)
{
	(void)t, (void)hint, (void)hint_given, (void)rand;
	return calloc(1, sizeof(mmap));
}

/* Go's == on two keys of type t. */
static bool key_equal(const mtype *t, const void *a, const void *b)
{
	switch (t->key.kind) {
	case GO_FLOAT32: {
		float x, y;
		memcpy(&x, a, 4), memcpy(&y, b, 4);
		return x == y;
	}
	case GO_FLOAT64: {
		double x, y;
		memcpy(&x, a, 8), memcpy(&y, b, 8);
		return x == y;
	}
	case GO_COMPLEX64: {
		float x[2], y[2];
		memcpy(x, a, 8), memcpy(y, b, 8);
		return x[0] == y[0] && x[1] == y[1];
	}
	case GO_COMPLEX128: {
		double x[2], y[2];
		memcpy(x, a, 16), memcpy(y, b, 16);
		return x[0] == y[0] && x[1] == y[1];
	}
	case GO_STRING: {
		gostring x, y;
		memcpy(&x, a, sizeof x), memcpy(&y, b, sizeof y);
		return x.len == y.len && (x.len == 0 || memcmp(x.ptr, y.ptr, (size_t)x.len) == 0);
	}
	default:
		return memcmp(a, b, t->key.size) == 0;
	}
}

static void key_release(const mtype *t, mentry *e)
{
	if (t->key.kind == GO_STRING) {
		gostring s;
		memcpy(&s, e->key, sizeof s);
		free((void *)s.ptr);
	}
}

/* Store key into e (a string's bytes are copied: the map owns them). */
static void key_store(const mtype *t, mentry *e, const void *key)
{
	memcpy(e->key, key, t->key.size);
	if (t->key.kind == GO_STRING) {
		gostring s;
		memcpy(&s, key, sizeof s);
		uint8_t *copy = malloc(s.len > 0 ? (size_t)s.len : 1);
		if (!copy)
			abort();
		if (s.len > 0)
			memcpy(copy, s.ptr, (size_t)s.len);
		s.ptr = copy;
		memcpy(e->key, &s, sizeof s);
	}
}

/* The live entry whose key == key, or NULL. */
static mentry *find(const mtype *t, mmap *m, const void *key)
{
	for (size_t i = 0; m != NULL && i < m->n; i++)
		if (m->e[i].live && key_equal(t, m->e[i].key, key))
			return &m->e[i];
	return NULL;
}

/* A free slot: the first freed one, else a new one at the end. */
static mentry *free_slot(mmap *m)
{
	for (size_t i = 0; i < m->n; i++)
		if (!m->e[i].live)
			return &m->e[i];
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 8;
		mentry *e = realloc(m->e, cap * sizeof *e);
		if (!e)
			abort();
		m->e = e;
		m->cap = cap;
	}
	memset(&m->e[m->n], 0, sizeof m->e[m->n]);
	return &m->e[m->n++];
}

static void model_assign(void *tp, void *mp, const void *key, const void *elem, gopanic *p)
{
	const mtype *t = tp;
	mmap *m = mp;
	if (m == NULL) {
		p->raised = true;
		strcpy(p->msg, "assignment to entry in nil map");
		return;
	}
	mentry *e = find(t, m, key);
	if (e != NULL && gotype_needkeyupdate(&t->key)) {
		key_release(t, e);
		key_store(t, e, key);
	} else if (e == NULL) {
		e = free_slot(m);
		key_store(t, e, key);
		e->live = true;
		m->count++;
	}
	memcpy(e->elem, elem, t->elem.size);
}

static bool model_lookup(void *tp, void *m, const void *key, void *elem, gopanic *p)
{
	const mtype *t = tp;
	(void)p;
	mentry *e = find(t, m, key);
	if (e == NULL) {
		memset(elem, 0, t->elem.size);
		return false;
	}
	memcpy(elem, e->elem, t->elem.size);
	return true;
}

static void remove_entry(const mtype *t, mmap *m, mentry *e)
{
	key_release(t, e);
	e->live = false;
	m->count--;
}

static void model_del(void *tp, void *mp, const void *key, gopanic *p)
{
	(void)p;
	mentry *e = find(tp, mp, key);
	if (e != NULL)
		remove_entry(tp, mp, e);
}

static int64_t model_len(void *t, void *mp)
{
	(void)t;
	const mmap *m = mp;
	return m == NULL ? 0 : m->count;
}

static void model_clear(void *tp, void *mp, gopanic *p)
{
	mmap *m = mp;
	(void)p;
	for (size_t i = 0; m != NULL && i < m->n; i++)
		if (m->e[i].live)
			remove_entry(tp, m, &m->e[i]);
}

static void model_free(void *t, void *mp)
{
	mmap *m = mp;
	model_clear(t, m, NULL);
	if (m != NULL)
		free(m->e);
	free(m);
}

/* maps.Clone(m): a new map with a copy of each live entry, in array order. */
static void *model_clone(void *tp, void *mp, uint64_t rand, gopanic *p)
{
	const mtype *t = tp;
	const mmap *m = mp;
	(void)rand, (void)p;
	mmap *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	for (size_t i = 0; i < m->n; i++) {
		if (!m->e[i].live)
			continue;
		mentry *e = free_slot(c);
		key_store(t, e, m->e[i].key);
		memcpy(e->elem, m->e[i].elem, t->elem.size);
		e->live = true;
		c->count++;
	}
	return c;
}

/* The caller's buffer need not be aligned: the iterator is copied in and out. */
static void model_iter_init(void *t, void *m, void *buf)
{
	(void)t;
	miter it = {m, 0};
	memcpy(buf, &it, sizeof it);
}

static bool model_iter_next(void *buf, const void **key, const void **elem)
{
	miter it;
	memcpy(&it, buf, sizeof it);
	while (it.m != NULL && it.next < it.m->n && !it.m->e[it.next].live)
		it.next++;
	if (it.m == NULL || it.next >= it.m->n)
		return false;
	*key = it.m->e[it.next].key;
	*elem = it.m->e[it.next].elem;
	it.next++;
	memcpy(buf, &it, sizeof it);
	return true;
}

const mapport model_port = {
	.name = "model",
	.iter_size = sizeof(miter),
	.type_new = model_type_new,
	.type_free = model_type_free,
	.make = model_make,
	.free = model_free,
	.assign = model_assign,
	.lookup = model_lookup,
	.del = model_del,
	.len = model_len,
	.clear = model_clear,
	.iter_init = model_iter_init,
	.iter_next = model_iter_next,
	.clone = model_clone,
};

#if defined(__clang__)
#pragma clang attribute pop
#endif
