/*
 * map_fast32.c: the classic map's entry points for 4-byte memory keys
 * (int32, uint32), after runtime/map_fast32.go (go1.19).  Go's compiler
 * calls them for AMEM32 keys with elems of at most 128 bytes.
 *
 * Go's growWork_fast32/evacuate_fast32 are evacuate specialised to 4-byte
 * keys; the port uses the generic growWork, which moves entries alike.
 */
#include <string.h>

#include "gomap.h"

/* The 4-byte key in slot i of b. */
static uint32_t key32(const maptype *t, bmap *b, uintptr_t i)
{
	uint32_t k;
	memcpy(&k, bmap_key(t, b, i), 4);
	return k;
}

/* Follows runtime/map_fast32.go mapaccess2_fast32 (go1.19). */
const void *mapaccess2_fast32(const maptype *t, hmap *h, uint32_t key, bool *ok, gopanic *p)
{
	*ok = false;
	if (h == NULL || h->count == 0)
		return zeroVal;
	if (h->flags & hashWriting) {
		gofatal(p, "concurrent map read and map write");
		return zeroVal;
	}
	bmap *b;
	if (h->B == 0) {
		/* One-bucket table. No need to hash. */
		b = h->buckets;
	} else {
		uint64_t hash = maphash(t, h, &key);
		b = bucketForRead(t, h, hash);
	}
	for (; b != NULL; b = bmap_overflow(t, b)) {
		for (uintptr_t i = 0; i < bucketCnt; i++) {
			if (key32(t, b, i) == key && !isEmpty(b->tophash[i])) {
				*ok = true;
				return bmap_elem(t, b, i);
			}
		}
	}
	return zeroVal;
}

/* Follows runtime/map_fast32.go mapaccess1_fast32 (go1.19); Go repeats the
 * body of mapaccess2_fast32, the port calls it. */
const void *mapaccess1_fast32(const maptype *t, hmap *h, uint32_t key, gopanic *p)
{
	bool ok;
	return mapaccess2_fast32(t, h, key, &ok, p);
}

/* Follows runtime/map_fast32.go mapassign_fast32 (go1.19). */
void *mapassign_fast32(const maptype *t, hmap *h, uint32_t key, gopanic *p)
{
	uintptr_t bucket, inserti;
	bmap *b, *insertb;

	if (h == NULL) {
		gofatal(p, "assignment to entry in nil map");
		return NULL;
	}
	if (h->flags & hashWriting) {
		gofatal(p, "concurrent map writes");
		return NULL;
	}
	uint64_t hash = maphash(t, h, &key);
	h->flags ^= hashWriting;

	if (h->buckets == NULL)
		h->buckets = xcalloc(1, t->bucketsize); /* newarray(t.bucket, 1) */

again:
	bucket = hash & bucketMask(h->B);
	if (growing(h))
		growWork(t, h, bucket);
	b = bucketAt(t, h->buckets, bucket);

	insertb = NULL;
	inserti = 0;
	for (;;) {
		for (uintptr_t i = 0; i < bucketCnt; i++) {
			if (isEmpty(b->tophash[i])) {
				if (insertb == NULL) {
					insertb = b;
					inserti = i;
				}
				if (b->tophash[i] == emptyRest)
					goto bucketloop_done;
				continue;
			}
			if (key32(t, b, i) != key)
				continue;
			insertb = b;
			inserti = i;
			goto done;
		}
		bmap *ovf = bmap_overflow(t, b);
		if (ovf == NULL)
			break;
		b = ovf;
	}
bucketloop_done:
	/* Did not find mapping for key. Allocate new cell & add entry. */
	if (!growing(h) && (overLoadFactor(h->count + 1, h->B) ||
	                    tooManyOverflowBuckets(h->noverflow, h->B))) {
		hashGrow(t, h);
		goto again; /* Growing the table invalidates everything, so try again */
	}
	if (insertb == NULL) {
		/* all current buckets are full, allocate a new one. */
		insertb = newoverflow(t, h, b);
		inserti = 0;
	}
	insertb->tophash[inserti & (bucketCnt - 1)] = tophash(hash);
	memcpy(bmap_key(t, insertb, inserti), &key, 4); /* store new key at insert position */
	h->count++;

done:
	if ((h->flags & hashWriting) == 0) {
		gofatal(p, "concurrent map writes");
		return NULL;
	}
	h->flags &= (uint8_t)~hashWriting;
	return bmap_elem(t, insertb, inserti);
}

/* Follows runtime/map_fast32.go mapdelete_fast32 (go1.19). */
void mapdelete_fast32(const maptype *t, hmap *h, uint32_t key, gopanic *p)
{
	if (h == NULL || h->count == 0)
		return;
	if (h->flags & hashWriting) {
		gofatal(p, "concurrent map writes");
		return;
	}
	uint64_t hash = maphash(t, h, &key);
	h->flags ^= hashWriting;

	uintptr_t bucket = hash & bucketMask(h->B);
	if (growing(h))
		growWork(t, h, bucket);
	bmap *b = bucketAt(t, h->buckets, bucket);
	bmap *bOrig = b;
	for (; b != NULL; b = bmap_overflow(t, b)) {
		for (uintptr_t i = 0; i < bucketCnt; i++) {
			if (key != key32(t, b, i) || isEmpty(b->tophash[i]))
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
