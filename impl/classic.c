/*
 * classic.c: the mapport glue for the C port of Go's classic map, and the
 * Go types of the scalar kinds.
 *
 * Each operation calls the runtime entry point Go's compiler would call
 * for the map type (walk.mapfast in cmd/compile, go1.19): the _fast32,
 * _fast64 or _faststr variant, else the generic one.  The choice is made
 * once, in type_new.
 */
#include <stdlib.h>
#include <string.h>

#include "gomap.h"

#define SCALAR(k, s, a, n) [k] = {.kind = k, .size = s, .align = a, .name = n}
const gotype gotype_scalars[GO_NSCALAR] = {
	SCALAR(GO_BOOL, 1, 1, "bool"),
	SCALAR(GO_INT, 8, 8, "int"),
	SCALAR(GO_INT8, 1, 1, "int8"),
	SCALAR(GO_INT16, 2, 2, "int16"),
	SCALAR(GO_INT32, 4, 4, "int32"),
	SCALAR(GO_INT64, 8, 8, "int64"),
	SCALAR(GO_UINT, 8, 8, "uint"),
	SCALAR(GO_UINT8, 1, 1, "uint8"),
	SCALAR(GO_UINT16, 2, 2, "uint16"),
	SCALAR(GO_UINT32, 4, 4, "uint32"),
	SCALAR(GO_UINT64, 8, 8, "uint64"),
	SCALAR(GO_UINTPTR, 8, 8, "uintptr"),
	SCALAR(GO_FLOAT32, 4, 4, "float32"),
	SCALAR(GO_FLOAT64, 8, 8, "float64"),
	SCALAR(GO_COMPLEX64, 8, 4, "complex64"),
	SCALAR(GO_COMPLEX128, 16, 8, "complex128"),
	SCALAR(GO_STRING, 16, 8, "string"),
};

static void *classic_type_new(const gotype *key, const gotype *elem)
{
	maptype *t = xcalloc(1, sizeof *t);
	if (!maptype_init(t, key, elem)) {
		free(t);
		return NULL;
	}
	return t;
}

static void classic_type_free(void *t)
{
	free(t);
}

static void *classic_make(void *t, int64_t hint, bool hint_given, uint64_t rand)
{
	if (!hint_given)
		return makemap_small(t, rand);
	return makemap(t, hint, rand);
}

static void classic_free(void *t, void *m)
{
	mapfree(t, m);
}

static uint32_t load32(const void *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

static uint64_t load64(const void *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

static gostring loadstr(const void *p)
{
	gostring s;
	memcpy(&s, p, sizeof s);
	return s;
}

/* Copy an elem of size n (Go: typedmemmove, which the compiler inlines as
 * a move for the common sizes; a plain memcpy of a variable size is a call). */
static inline void copyelem(void *dst, const void *src, uint32_t n)
{
	switch (n) {
	case 8: memcpy(dst, src, 8); break;
	case 4: memcpy(dst, src, 4); break;
	case 16: memcpy(dst, src, 16); break;
	default: memcpy(dst, src, n); break;
	}
}

/* The mapassign the compiler picks for t's key (walk.mapfast). */
static void *classic_assign_slot(void *tp, void *m, const void *key, gopanic *p)
{
	const maptype *t = tp;
	switch (t->fast) {
	case mapfast32: return mapassign_fast32(t, m, load32(key), p);
	case mapfast64: return mapassign_fast64(t, m, load64(key), p);
	case mapfaststr: return mapassign_faststr(t, m, loadstr(key), p);
	default: return mapassign(t, m, key, p);
	}
}

static void classic_assign(void *tp, void *m, const void *key, const void *elem, gopanic *p)
{
	const maptype *t = tp;
	void *slot = classic_assign_slot(tp, m, key, p);
	if (slot != NULL && t->elem.size != 0)
		copyelem(slot, elem, t->elem.size);
}

static bool classic_lookup(void *tp, void *m, const void *key, void *elem, gopanic *p)
{
	const maptype *t = tp;
	const void *e;
	bool ok;
	switch (t->fast) {
	case mapfast32: e = mapaccess2_fast32(t, m, load32(key), &ok, p); break;
	case mapfast64: e = mapaccess2_fast64(t, m, load64(key), &ok, p); break;
	case mapfaststr: e = mapaccess2_faststr(t, m, loadstr(key), &ok, p); break;
	default: e = mapaccess2(t, m, key, &ok, p); break;
	}
	if (t->elem.size != 0)
		copyelem(elem, e, t->elem.size);
	return ok;
}

static void classic_del(void *tp, void *m, const void *key, gopanic *p)
{
	const maptype *t = tp;
	switch (t->fast) {
	case mapfast32: mapdelete_fast32(t, m, load32(key), p); break;
	case mapfast64: mapdelete_fast64(t, m, load64(key), p); break;
	case mapfaststr: mapdelete_faststr(t, m, loadstr(key), p); break;
	default: mapdelete(t, m, key, p); break;
	}
}

static int64_t classic_len(void *t, void *m)
{
	(void)t;
	const hmap *h = m;
	return h == NULL ? 0 : h->count;
}

static void classic_clear(void *t, void *m, gopanic *p)
{
	mapclear(t, m, p);
}

/* The caller's buffer need not be aligned: the hiter is copied in and out. */
/* An iterator as the harness holds it: Go's hiter, set up by the first
 * step, as reflect.MapIter does (mapiterinit already finds the first entry,
 * so running it at "it a" would let a later delete go unnoticed). */
typedef struct classic_iter {
	const maptype *t;
	hmap *h;
	bool inited;
	hiter it;
} classic_iter;

static void classic_iter_init(void *t, void *m, void *buf)
{
	classic_iter ci = {.t = t, .h = m};
	memcpy(buf, &ci, sizeof ci);
}

/* One step of ci: the first runs mapiterinit, each later one mapiternext. */
static bool iter_step(classic_iter *ci, const void **key, const void **elem)
{
	if (!ci->inited) {
		mapiterinit(ci->t, ci->h, &ci->it);
		ci->inited = true;
	} else if (ci->it.key != NULL) {
		mapiternext(&ci->it);
	}
	if (ci->it.key == NULL)
		return false;
	*key = ci->it.key;
	*elem = ci->it.elem;
	return true;
}

/* In place when the caller's buffer is aligned for an iterator (Go's hiter
 * lives where its caller put it), else through an aligned copy. */
static bool classic_iter_next(void *buf, const void **key, const void **elem)
{
	if ((uintptr_t)buf % _Alignof(classic_iter) == 0)
		return iter_step(buf, key, elem);
	classic_iter ci;
	memcpy(&ci, buf, sizeof ci);
	bool more = iter_step(&ci, key, elem);
	memcpy(buf, &ci, sizeof ci);
	return more;
}

/* maps.Clone(m): runtime/map.go mapclone, whose unpacking of the
 * interface is the caller's (m is never nil: maps.Clone checks). */
static void *classic_clone(void *t, void *m, uint64_t rand, gopanic *p)
{
	return mapclone2(t, m, rand, p);
}

/* mapdiff's weak-hash mode: see maphash in gomap.h. */
static void classic_set_weak_hash(void *t, void *m, unsigned bits)
{
	(void)t;
	if (m)
		((hmap *)m)->hashbits = (uint8_t)((bits > 62 ? 62 : bits) + 1);
}

/* B and the grow state, for mapdiff's structure comparison. */
static void classic_shape(void *t, void *m, uint8_t *B, bool *growing, bool *samesize)
{
	(void)t;
	const hmap *h = m;
	*B = h->B;
	*growing = h->oldbuckets != NULL;
	*samesize = *growing && (h->flags & sameSizeGrow);
}

/* The lockstep twin (port.h gotwin): hashes and draws from outside. */
static void classic_set_twin(void *t, const gotwin *tw)
{
	maptype *mt = t;
	memset(&mt->twin, 0, sizeof mt->twin);
	if (tw)
		mt->twin = *tw;
}

/* One array of buckets, each followed by its overflow chain. */
static void walk_array(const maptype *t, bmap *base, uintptr_t n, int array, const gowalker *w)
{
	for (uintptr_t i = 0; i < n; i++) {
		int depth = 0;
		for (bmap *b = bucketAt(t, base, i); b != NULL; b = bmap_overflow(t, b), depth++) {
			const void *keys[bucketCnt];
			for (uintptr_t j = 0; j < bucketCnt; j++)
				keys[j] = b->tophash[j] >= minTopHash ? slotkey(t, bmap_key(t, b, j)) : NULL;
			w->bucket(w->ctx, array, depth, b->tophash, keys);
		}
	}
}

/* The layout of m for the twin: the header, buckets, oldbuckets. */
static void classic_walk(void *t, void *m, const gowalker *w)
{
	const hmap *h = m;
	gohdr hd = {.count = h->count, .flags = h->flags, .B = h->B, .noverflow = h->noverflow,
		    .hash0 = h->hash0, .nevacuate = h->nevacuate, .old = h->oldbuckets != NULL,
		    .nobuckets = h->buckets == NULL};
	w->header(w->ctx, &hd);
	if (h->buckets)
		walk_array(t, h->buckets, bucketShift(h->B), 0, w);
	if (h->oldbuckets)
		walk_array(t, h->oldbuckets, noldbuckets(h), 1, w);
}

const mapport classic_port = {
	.name = "C port",
	.iter_size = sizeof(classic_iter),
	.type_new = classic_type_new,
	.type_free = classic_type_free,
	.make = classic_make,
	.free = classic_free,
	.assign = classic_assign,
	.assign_slot = classic_assign_slot,
	.lookup = classic_lookup,
	.del = classic_del,
	.len = classic_len,
	.clear = classic_clear,
	.iter_init = classic_iter_init,
	.iter_next = classic_iter_next,
	.set_weak_hash = classic_set_weak_hash,
	.shape = classic_shape,
	.clone = classic_clone,
	.set_twin = classic_set_twin,
	.walk = classic_walk,
};

/* ---- inspection helpers for tests ---------------------------------- */

int64_t gomap_buckets(const void *m)
{
	const hmap *h = m;
	return h == NULL ? 1 : (int64_t)bucketShift(h->B);
}

uint8_t gomap_flags(const void *m)
{
	const hmap *h = m;
	return h == NULL ? 0 : h->flags;
}

void gomap_set_flags(void *m, uint8_t flags)
{
	hmap *h = m;
	h->flags = flags;
}

uint32_t gomap_hash0(const void *m)
{
	const hmap *h = m;
	return h == NULL ? 0 : h->hash0;
}

bool gomap_growing(const void *m)
{
	const hmap *h = m;
	return h != NULL && growing(h);
}

mapfastkind gomap_fastkind(const void *t)
{
	return ((const maptype *)t)->fast;
}

/* Follows runtime/export_test.go MapTombstoneCheck (go1.19): in every
 * bucket chain, filled and emptyOne cells come first, then only emptyRest
 * cells, and the last cell before them is not emptyOne. */
bool gomap_tombstone_check(const void *tp, const void *m)
{
	const maptype *t = tp;
	const hmap *h = m;
	if (h == NULL || h->buckets == NULL)
		return true;
	for (uintptr_t x = 0; x < bucketShift(h->B); x++) {
		bmap *b0 = bucketAt(t, h->buckets, x);
		uintptr_t n = 0, k = 0;
		for (bmap *b = b0; b != NULL; b = bmap_overflow(t, b))
			for (int i = 0; i < bucketCnt; i++)
				if (b->tophash[i] != emptyRest)
					n++;
		for (bmap *b = b0; b != NULL; b = bmap_overflow(t, b)) {
			for (int i = 0; i < bucketCnt; i++, k++) {
				if (k < n && b->tophash[i] == emptyRest)
					return false; /* early emptyRest */
				if (k >= n && b->tophash[i] != emptyRest)
					return false; /* late non-emptyRest */
				if (k + 1 == n && b->tophash[i] == emptyOne)
					return false; /* last non-emptyRest entry is emptyOne */
			}
		}
	}
	return true;
}
