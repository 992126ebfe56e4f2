/*
 * map.c: the generic classic map, after runtime/map.go (go1.19), with
 * mapclear as Go 1.21 has it.  See gomap.h for the design.
 */
#include <stdlib.h>
#include <string.h>

#include "gomap.h"

/* Go's zeroVal: what a lookup of a missing key points at. */
const uint8_t zeroVal[zeroValSize];

/* ---- bucket helpers ---------------------------------------------------- */

/* Follows runtime/map.go (*hmap).incrnoverflow (go1.19). */
void incrnoverflow(hmap *h)
{
	/* Exact below 2^16 buckets; above, counted with probability
	 * 1/(1<<(B-15)) so it stays near the number of buckets. */
	if (h->B < 16) {
		h->noverflow++;
		return;
	}
	uint32_t mask = ((uint32_t)1 << (h->B - 15)) - 1;
	if ((fastrand(&h->rand) & mask) == 0)
		h->noverflow++;
}

/* Follows runtime/map.go (*hmap).newoverflow (go1.19). */
bmap *newoverflow(const maptype *t, hmap *h, bmap *b)
{
	bmap *ovf;
	if (h->extra.nextOverflow != NULL) {
		/* Take a preallocated overflow bucket; the last one has a
		 * non-nil overflow pointer as an end marker. */
		ovf = h->extra.nextOverflow;
		if (bmap_overflow(t, ovf) == NULL) {
			h->extra.nextOverflow = bucketAt(t, ovf, 1);
		} else {
			bmap_setoverflow(t, ovf, NULL);
			h->extra.nextOverflow = NULL;
		}
	} else {
		ovf = xcalloc(1, t->bucketsize);
		/* Go records it only for pointer-free buckets (to keep it
		 * alive); the port records every heap bucket to free it. */
		ptrvec_push(&h->extra.overflow, ovf);
	}
	incrnoverflow(h);
	bmap_setoverflow(t, b, ovf);
	return ovf;
}

/* ---- memory Go leaves to its GC ------------------------------------- */

/* Drops memory a live iterator might still read: freed now if the map was
 * never iterated, else kept until the map is freed. */
void retire(hmap *h, void *p)
{
	if (p == NULL)
		return;
	if (!h->iterated)
		free(p);
	else
		ptrvec_push(&h->graveyard, p);
}

/* retire every pointer of v and empty it. */
static void retireall(hmap *h, ptrvec *v)
{
	for (size_t i = 0; i < v->n; i++)
		retire(h, v->v[i]);
	free(v->v);
	memset(v, 0, sizeof *v);
}

/* typedmemmove of a new key into its slot; string bytes are copied so the
 * map does not depend on the caller's memory. */
void storekey(const maptype *t, void *dst, const void *key)
{
	if (!t->keyptrdata) {
		memcpy(dst, key, t->key.size);
		return;
	}
	gostring s;
	memcpy(&s, key, sizeof s);
	if (s.len > 0) {
		uint8_t *copy = xmalloc((size_t)s.len);
		memcpy(copy, s.ptr, (size_t)s.len);
		s.ptr = copy;
	} else {
		s.ptr = NULL;
	}
	memcpy(dst, &s, sizeof s);
}

/* The needkeyupdate overwrite of a stored key (mapassign's typedmemmove).
 * A string's stored copy has the same bytes, so it is kept. */
static void updatekey(const maptype *t, void *k, const void *key)
{
	if (!t->keyptrdata)
		memcpy(k, key, t->key.size);
}

/* Clears a deleted key slot (Go: memclrHasPointers / k.str = nil). */
void releasekey(const maptype *t, hmap *h, void *k)
{
	if (t->indirectkey) {
		retire(h, slotkey(t, k)); /* Go: *(*unsafe.Pointer)(k) = nil */
		memset(k, 0, sizeof(void *));
		return;
	}
	if (!t->keyptrdata)
		return;
	gostring s;
	memcpy(&s, k, sizeof s);
	retire(h, (void *)s.ptr);
	memset(k, 0, sizeof s);
}

/* The tail of mapdelete shared by all delete paths (Go repeats it in each):
 * clear slot i of b, mark it emptyOne, turn a trailing run of emptyOne
 * into emptyRest, and count the entry out. */
void deleteslot(const maptype *t, hmap *h, bmap *bOrig, bmap *b, uintptr_t i)
{
	releasekey(t, h, bmap_key(t, b, i));
	if (t->indirectelem)
		retire(h, slotelem(t, bmap_elem(t, b, i)));
	memset(bmap_elem(t, b, i), 0, t->elemsize);
	b->tophash[i] = emptyOne;
	/* If the bucket now ends in a bunch of emptyOne states, change
	 * those to emptyRest states. */
	if (i == bucketCnt - 1) {
		bmap *ovf = bmap_overflow(t, b);
		if (ovf != NULL && ovf->tophash[0] != emptyRest)
			goto notLast;
	} else if (b->tophash[i + 1] != emptyRest) {
		goto notLast;
	}
	for (;;) {
		b->tophash[i] = emptyRest;
		if (i == 0) {
			if (b == bOrig)
				break; /* beginning of initial bucket, we're done. */
			/* Find previous bucket, continue at its last entry. */
			bmap *c = b;
			for (b = bOrig; bmap_overflow(t, b) != c; b = bmap_overflow(t, b)) {
			}
			i = bucketCnt - 1;
		} else {
			i--;
		}
		if (b->tophash[i] != emptyOne)
			break;
	}
notLast:
	h->count--;
	/* Reset the hash seed to make it more difficult for attackers to
	 * repeatedly trigger hash collisions. See issue 25237. */
	if (h->count == 0)
		h->hash0 = drawseed(t, h);
}

/* The bucket a read of hash starts at: the old bucket while it is not yet
 * evacuated (the first lines of Go's mapaccess1). */
bmap *bucketForRead(const maptype *t, const hmap *h, uint64_t hash)
{
	uintptr_t m = bucketMask(h->B);
	bmap *b = bucketAt(t, h->buckets, hash & m);
	if (h->oldbuckets != NULL) {
		if (!isSameSizeGrow(h))
			m >>= 1; /* There used to be half as many buckets. */
		bmap *oldb = bucketAt(t, h->oldbuckets, hash & m);
		if (!evacuated(oldb))
			b = oldb;
	}
	return b;
}

/* ---- make ------------------------------------------------------------- */

/* Follows runtime/map.go makemap_small (go1.19). */
hmap *makemap_small(const maptype *t, uint64_t rand)
{
	hmap *h = xcalloc(1, sizeof *h);
	h->rand.state = rand;
	h->hash0 = drawseed(t, h);
	return h;
}

/* Follows runtime/map.go makemap (go1.19) and makemap64. */
hmap *makemap(const maptype *t, int64_t hint, uint64_t rand)
{
	return makemap_seed(t, hint, rand, NULL);
}

/* makemap; C port: with seed set, the map takes *seed instead of drawing
 * one (mapclone2, whose Go draws a seed only to overwrite it with the
 * source's: the lockstep twin's draws leave that one out). */
hmap *makemap_seed(const maptype *t, int64_t hint, uint64_t rand, const uint32_t *seed)
{
	/* math.MulUintptr(uintptr(hint), t.bucket.size): a negative hint
	 * wraps to a huge one, which overflows or exceeds maxAlloc. */
	uint64_t uhint = (uint64_t)hint, size = t->bucketsize;
	if ((uhint != 0 && size > UINT64_MAX / uhint) || uhint * size > maxAlloc)
		hint = 0;

	hmap *h = xcalloc(1, sizeof *h);
	h->rand.state = rand;
	h->hash0 = seed ? *seed : drawseed(t, h);

	/* Find the size parameter B which will hold the requested # of elements. */
	uint8_t B = 0;
	while (overLoadFactor(hint, B))
		B++;
	h->B = B;

	/* Allocate initial hash table; for B == 0 mapassign allocates lazily. */
	if (h->B != 0) {
		bmap *nextOverflow = NULL;
		h->buckets = makeBucketArray(t, h->B, NULL, &nextOverflow);
		h->extra.nextOverflow = nextOverflow;
	}
	return h;
}

/* Follows runtime/map.go makeBucketArray (go1.19). */
bmap *makeBucketArray(const maptype *t, uint8_t b, bmap *dirtyalloc, bmap **nextOverflow)
{
	uintptr_t base = bucketShift(b);
	uintptr_t nbuckets = base;
	/* For small b, overflow buckets are unlikely; for b >= 4 add about
	 * 1/16 more, rounded up to what the allocator hands out. */
	if (b >= 4) {
		nbuckets += bucketShift(b - 4);
		uintptr_t sz = t->bucketsize * nbuckets;
		uintptr_t up = roundupsize(sz);
		if (up != sz)
			nbuckets = up / t->bucketsize;
	}

	bmap *buckets;
	if (dirtyalloc == NULL) {
		buckets = xcalloc(nbuckets, t->bucketsize);
	} else {
		/* dirtyalloc was allocated by a previous call with the same
		 * t and b: clear and reuse it. */
		buckets = dirtyalloc;
		memset(buckets, 0, t->bucketsize * nbuckets);
	}

	*nextOverflow = NULL;
	if (base != nbuckets) {
		/* A non-nil overflow pointer in the last preallocated bucket
		 * marks the end of the free ones (newoverflow). */
		*nextOverflow = bucketAt(t, buckets, base);
		bmap *last = bucketAt(t, buckets, nbuckets - 1);
		bmap_setoverflow(t, last, buckets);
	}
	return buckets;
}

/* ---- lookup ------------------------------------------------------------ */

/* Follows runtime/map.go mapaccessK (go1.19): the key and elem slots of
 * key, or NULL.  The port also builds mapaccess1/2 on it. */
void *mapaccessK(const maptype *t, hmap *h, const void *key, void **elem)
{
	*elem = NULL;
	if (h == NULL || h->count == 0)
		return NULL;
	uint64_t hash = maphash(t, h, key);
	bmap *b = bucketForRead(t, h, hash);
	uint8_t top = tophash(hash);
	for (; b != NULL; b = bmap_overflow(t, b)) {
		for (uintptr_t i = 0; i < bucketCnt; i++) {
			if (b->tophash[i] != top) {
				if (b->tophash[i] == emptyRest)
					return NULL;
				continue;
			}
			void *k = slotkey(t, bmap_key(t, b, i));
			if (t->equal(&t->key, key, k)) {
				*elem = slotelem(t, bmap_elem(t, b, i));
				return k;
			}
		}
	}
	return NULL;
}

/* Follows runtime/map.go mapaccess2 (go1.19). */
const void *mapaccess2(const maptype *t, hmap *h, const void *key, bool *ok, gopanic *p)
{
	*ok = false;
	if (h == NULL || h->count == 0) {
		/* t.hasher(key, 0) when it might panic: see issue 23734 */
		hashcheck_empty(t, key, p);
		return zeroVal;
	}
	if (h->flags & hashWriting) {
		gofatal(p, "concurrent map read and map write");
		return zeroVal;
	}
	if (!hashcheck(t, key, p))
		return zeroVal;
	void *e;
	if (mapaccessK(t, h, key, &e) == NULL)
		return zeroVal;
	*ok = true;
	return e;
}

/* Follows runtime/map.go mapaccess1 (go1.19). */
const void *mapaccess1(const maptype *t, hmap *h, const void *key, gopanic *p)
{
	bool ok;
	return mapaccess2(t, h, key, &ok, p);
}

/* ---- assign ------------------------------------------------------------ */

/* Follows runtime/map.go mapassign (go1.19): the elem slot for key,
 * inserting the key if absent; NULL after a panic. */
void *mapassign(const maptype *t, hmap *h, const void *key, gopanic *p)
{
	uintptr_t bucket;
	bmap *b;
	uint8_t top, *inserti;
	void *insertk, *elem;

	if (h == NULL) {
		gofatal(p, "assignment to entry in nil map");
		return NULL;
	}
	if (h->flags & hashWriting) {
		gofatal(p, "concurrent map writes");
		return NULL;
	}
	if (!hashcheck(t, key, p))
		return NULL;
	uint64_t hash = maphash(t, h, key);

	/* Set hashWriting after calling t.hasher, since t.hasher may panic,
	 * in which case we have not actually done a write. */
	h->flags ^= hashWriting;

	if (h->buckets == NULL)
		h->buckets = xcalloc(1, t->bucketsize); /* newarray(t.bucket, 1) */

again:
	bucket = hash & bucketMask(h->B);
	if (growing(h))
		growWork(t, h, bucket);
	b = bucketAt(t, h->buckets, bucket);
	top = tophash(hash);

	inserti = NULL;
	insertk = NULL;
	elem = NULL;
	for (;;) {
		for (uintptr_t i = 0; i < bucketCnt; i++) {
			if (b->tophash[i] != top) {
				if (isEmpty(b->tophash[i]) && inserti == NULL) {
					inserti = &b->tophash[i];
					insertk = bmap_key(t, b, i);
					elem = bmap_elem(t, b, i);
				}
				if (b->tophash[i] == emptyRest)
					goto bucketloop_done;
				continue;
			}
			void *k = slotkey(t, bmap_key(t, b, i));
			if (!t->equal(&t->key, key, k))
				continue;
			/* already have a mapping for key. Update it. */
			if (t->needkeyupdate)
				updatekey(t, k, key);
			elem = bmap_elem(t, b, i);
			goto done;
		}
		bmap *ovf = bmap_overflow(t, b);
		if (ovf == NULL)
			break;
		b = ovf;
	}
bucketloop_done:
	/* Did not find mapping for key. Allocate new cell & add entry.
	 * If we hit the max load factor or we have too many overflow
	 * buckets, and we're not already in the middle of growing, start
	 * growing. */
	if (!growing(h) && (overLoadFactor(h->count + 1, h->B) ||
	                    tooManyOverflowBuckets(h->noverflow, h->B))) {
		hashGrow(t, h);
		goto again; /* Growing the table invalidates everything, so try again */
	}

	if (inserti == NULL) {
		/* The current bucket and all the overflow buckets connected
		 * to it are full, allocate a new one. */
		bmap *newb = newoverflow(t, h, b);
		inserti = &newb->tophash[0];
		insertk = bmap_key(t, newb, 0);
		elem = bmap_elem(t, newb, 0);
	}
	/* store new key/elem at insert position */
	if (t->indirectkey) {
		void *kmem = xcalloc(1, t->key.size);
		memcpy(insertk, &kmem, sizeof kmem);
		insertk = kmem;
	}
	if (t->indirectelem) {
		void *vmem = xcalloc(1, t->elem.size);
		memcpy(elem, &vmem, sizeof vmem);
	}
	storekey(t, insertk, key);
	*inserti = top;
	h->count++;

done:
	if ((h->flags & hashWriting) == 0) {
		gofatal(p, "concurrent map writes");
		return NULL;
	}
	h->flags &= (uint8_t)~hashWriting;
	return slotelem(t, elem);
}

/* ---- delete ------------------------------------------------------------ */

/* Follows runtime/map.go mapdelete (go1.19). */
void mapdelete(const maptype *t, hmap *h, const void *key, gopanic *p)
{
	if (h == NULL || h->count == 0) {
		/* t.hasher(key, 0) when it might panic: see issue 23734 */
		hashcheck_empty(t, key, p);
		return;
	}
	if (h->flags & hashWriting) {
		gofatal(p, "concurrent map writes");
		return;
	}
	if (!hashcheck(t, key, p))
		return;
	uint64_t hash = maphash(t, h, key);
	h->flags ^= hashWriting;

	uintptr_t bucket = hash & bucketMask(h->B);
	if (growing(h))
		growWork(t, h, bucket);
	bmap *b = bucketAt(t, h->buckets, bucket);
	bmap *bOrig = b;
	uint8_t top = tophash(hash);
	for (; b != NULL; b = bmap_overflow(t, b)) {
		for (uintptr_t i = 0; i < bucketCnt; i++) {
			if (b->tophash[i] != top) {
				if (b->tophash[i] == emptyRest)
					goto search_done;
				continue;
			}
			if (!t->equal(&t->key, key, slotkey(t, bmap_key(t, b, i))))
				continue;
			deleteslot(t, h, bOrig, b, i);
			goto search_done;
		}
	}
search_done:
	if ((h->flags & hashWriting) == 0) {
		gofatal(p, "concurrent map writes");
		return;
	}
	h->flags &= (uint8_t)~hashWriting;
}

/* ---- clear and free ------------------------------------------------- */

/* Calls fn on every live slot: the buckets, and the old buckets not
 * yet evacuated (evacuated slots hold marks below minTopHash). */
static void forliveslots(const maptype *t, hmap *h, void (*fn)(const maptype *, hmap *, bmap *, uintptr_t))
{
	for (int pass = 0; pass < 2; pass++) {
		bmap *base = pass == 0 ? h->buckets : h->oldbuckets;
		uintptr_t n = pass == 0 ? bucketShift(h->B) : noldbuckets(h);
		if (base == NULL)
			continue;
		for (uintptr_t j = 0; j < n; j++) {
			for (bmap *b = bucketAt(t, base, j); b != NULL; b = bmap_overflow(t, b))
				for (uintptr_t i = 0; i < bucketCnt; i++)
					if (b->tophash[i] >= minTopHash)
						fn(t, h, b, i);
		}
	}
}

/* Releases what one live slot owns (mapclear; Go leaves it to the GC). */
static void releaseslot(const maptype *t, hmap *h, bmap *b, uintptr_t i)
{
	releasekey(t, h, bmap_key(t, b, i));
	if (t->indirectelem)
		retire(h, slotelem(t, bmap_elem(t, b, i)));
}

/* Follows the markBucketsEmpty closure of runtime/map.go mapclear (go1.21):
 * mark every slot emptyRest so live iterators stop (issue 59411). */
static void markBucketsEmpty(const maptype *t, bmap *bucket, uintptr_t mask)
{
	for (uintptr_t j = 0; j <= mask; j++)
		for (bmap *b = bucketAt(t, bucket, j); b != NULL; b = bmap_overflow(t, b))
			memset(b->tophash, emptyRest, bucketCnt);
}

/* Follows runtime/map.go mapclear (go1.21). */
void mapclear(const maptype *t, hmap *h, gopanic *p)
{
	if (h == NULL || h->count == 0)
		return;
	if (h->flags & hashWriting) {
		gofatal(p, "concurrent map writes");
		return;
	}
	h->flags ^= hashWriting;

	if (t->keyptrdata || t->indirectkey || t->indirectelem)
		forliveslots(t, h, releaseslot); /* C port: memory the map owns */
	markBucketsEmpty(t, h->buckets, bucketMask(h->B));
	if (h->oldbuckets != NULL)
		markBucketsEmpty(t, h->oldbuckets, oldbucketmask(h));

	h->flags &= (uint8_t)~sameSizeGrow;
	h->clears++; /* C port: see iterslot */
	retire(h, h->oldbuckets);
	h->oldbuckets = NULL;
	h->nevacuate = 0;
	h->noverflow = 0;
	h->count = 0;

	/* Reset the hash seed to make it more difficult for attackers to
	 * repeatedly trigger hash collisions. See issue 25237. */
	h->hash0 = drawseed(t, h);

	/* Keep the mapextra allocation but clear any extra information. */
	retireall(h, &h->extra.overflow);
	retireall(h, &h->extra.oldoverflow);
	h->extra.nextOverflow = NULL;

	/* makeBucketArray clears the memory pointed to by h.buckets and
	 * recovers any overflow buckets by generating them as if h.buckets
	 * was newly alloced. */
	bmap *nextOverflow;
	makeBucketArray(t, h->B, h->buckets, &nextOverflow);
	h->extra.nextOverflow = nextOverflow;

	if ((h->flags & hashWriting) == 0) {
		gofatal(p, "concurrent map writes");
		return;
	}
	h->flags &= (uint8_t)~hashWriting;
}

/* Frees what one live slot owns: string key bytes, indirect key and
 * elem (mapfree). */
static void freeslot(const maptype *t, hmap *h, bmap *b, uintptr_t i)
{
	(void)h;
	void *k = bmap_key(t, b, i);
	if (t->indirectkey) {
		free(slotkey(t, k));
	} else if (t->keyptrdata) {
		gostring s;
		memcpy(&s, k, sizeof s);
		free((void *)s.ptr);
	}
	if (t->indirectelem)
		free(slotelem(t, bmap_elem(t, b, i)));
}

/* Frees a map and everything it owns (Go's GC does this). */
void mapfree(const maptype *t, hmap *h)
{
	if (h == NULL)
		return;
	if (t->keyptrdata || t->indirectkey || t->indirectelem)
		forliveslots(t, h, freeslot);
	free(h->buckets);
	free(h->oldbuckets);
	ptrvec_free_all(&h->extra.overflow);
	ptrvec_free_all(&h->extra.oldoverflow);
	ptrvec_free_all(&h->graveyard);
	free(h);
}
