/*
 * map_faststr.c: the classic map's entry points for string keys, after
 * runtime/map_faststr.go (go1.19).  Go's compiler calls them for ASTRING
 * keys with elems of at most 128 bytes.
 *
 * Go's growWork_faststr/evacuate_faststr are evacuate specialised to string
 * keys; the port uses the generic growWork, which moves entries alike.
 */
#include <string.h>

#include "gomap.h"

/* The string header in slot i of b. */
static gostring keystr(const maptype *t, bmap *b, uintptr_t i)
{
	gostring k;
	memcpy(&k, bmap_key(t, b, i), sizeof k);
	return k;
}

/* k.str == key.str || memequal(k.str, key.str, len), lengths known equal. */
static bool samebytes(gostring k, gostring key)
{
	return k.ptr == key.ptr || memequal_bytes(k.ptr, key.ptr, (size_t)key.len);
}

/* The one-bucket (B == 0) lookup of mapaccess2_faststr: for short keys
 * compare directly; for long keys (>= 32 bytes) first compare lengths and
 * the first and last 4 bytes, and fall back to hashing (*dohash) if more
 * than one slot might match. */
static void *faststr_onebucket(const maptype *t, bmap *b, gostring key, bool *dohash)
{
	*dohash = false;
	if (key.len < 32) {
		/* short key, doing lots of comparisons is ok */
		for (uintptr_t i = 0; i < bucketCnt; i++) {
			gostring k = keystr(t, b, i);
			if (k.len != key.len || isEmpty(b->tophash[i])) {
				if (b->tophash[i] == emptyRest)
					break;
				continue;
			}
			if (samebytes(k, key))
				return bmap_elem(t, b, i);
		}
		return NULL;
	}
	/* long key, try not to do more comparisons than necessary */
	uintptr_t keymaybe = bucketCnt;
	for (uintptr_t i = 0; i < bucketCnt; i++) {
		gostring k = keystr(t, b, i);
		if (k.len != key.len || isEmpty(b->tophash[i])) {
			if (b->tophash[i] == emptyRest)
				break;
			continue;
		}
		if (k.ptr == key.ptr)
			return bmap_elem(t, b, i);
		/* check first 4 bytes */
		if (memcmp(key.ptr, k.ptr, 4) != 0)
			continue;
		/* check last 4 bytes */
		if (memcmp(key.ptr + key.len - 4, k.ptr + key.len - 4, 4) != 0)
			continue;
		if (keymaybe != bucketCnt) {
			/* Two keys are potential matches. Use hash to distinguish them. */
			*dohash = true;
			return NULL;
		}
		keymaybe = i;
	}
	if (keymaybe != bucketCnt) {
		gostring k = keystr(t, b, keymaybe);
		if (memequal_bytes(k.ptr, key.ptr, (size_t)key.len))
			return bmap_elem(t, b, keymaybe);
	}
	return NULL;
}

/* Follows runtime/map_faststr.go mapaccess2_faststr (go1.19). */
const void *mapaccess2_faststr(const maptype *t, hmap *h, gostring key, bool *ok, gopanic *p)
{
	*ok = false;
	if (h == NULL || h->count == 0)
		return zeroVal;
	if (h->flags & hashWriting) {
		gofatal(p, "concurrent map read and map write");
		return zeroVal;
	}
	if (h->B == 0) {
		/* One-bucket table. */
		bool dohash;
		void *e = faststr_onebucket(t, h->buckets, key, &dohash);
		if (!dohash) {
			*ok = e != NULL;
			return e != NULL ? e : zeroVal;
		}
	}
	/* dohash: */
	uint64_t hash = maphash(t, h, &key);
	bmap *b = bucketForRead(t, h, hash);
	uint8_t top = tophash(hash);
	for (; b != NULL; b = bmap_overflow(t, b)) {
		for (uintptr_t i = 0; i < bucketCnt; i++) {
			gostring k = keystr(t, b, i);
			if (k.len != key.len || b->tophash[i] != top)
				continue;
			if (samebytes(k, key)) {
				*ok = true;
				return bmap_elem(t, b, i);
			}
		}
	}
	return zeroVal;
}

/* Follows runtime/map_faststr.go mapaccess1_faststr (go1.19); Go repeats
 * the body of mapaccess2_faststr, the port calls it. */
const void *mapaccess1_faststr(const maptype *t, hmap *h, gostring key, gopanic *p)
{
	bool ok;
	return mapaccess2_faststr(t, h, key, &ok, p);
}

/* Follows runtime/map_faststr.go mapassign_faststr (go1.19). */
void *mapassign_faststr(const maptype *t, hmap *h, gostring key, gopanic *p)
{
	uintptr_t bucket, inserti;
	bmap *b, *insertb;
	uint8_t top;

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
	top = tophash(hash);

	insertb = NULL;
	inserti = 0;
	for (;;) {
		for (uintptr_t i = 0; i < bucketCnt; i++) {
			if (b->tophash[i] != top) {
				if (isEmpty(b->tophash[i]) && insertb == NULL) {
					insertb = b;
					inserti = i;
				}
				if (b->tophash[i] == emptyRest)
					goto bucketloop_done;
				continue;
			}
			gostring k = keystr(t, b, i);
			if (k.len != key.len || !samebytes(k, key))
				continue;
			/* already have a mapping for key. Update it.  (Go also
			 * stores key.str; the port keeps its copy of the same
			 * bytes.) */
			inserti = i;
			insertb = b;
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
	insertb->tophash[inserti & (bucketCnt - 1)] = top;
	storekey(t, bmap_key(t, insertb, inserti), &key); /* store new key at insert position */
	h->count++;

done:
	if ((h->flags & hashWriting) == 0) {
		gofatal(p, "concurrent map writes");
		return NULL;
	}
	h->flags &= (uint8_t)~hashWriting;
	return bmap_elem(t, insertb, inserti);
}

/* Follows runtime/map_faststr.go mapdelete_faststr (go1.19). */
void mapdelete_faststr(const maptype *t, hmap *h, gostring key, gopanic *p)
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
	uint8_t top = tophash(hash);
	for (; b != NULL; b = bmap_overflow(t, b)) {
		for (uintptr_t i = 0; i < bucketCnt; i++) {
			gostring k = keystr(t, b, i);
			if (k.len != key.len || b->tophash[i] != top)
				continue;
			if (!samebytes(k, key))
				continue;
			deleteslot(t, h, bOrig, b, i); /* clears k.str too */
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
