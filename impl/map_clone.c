/*
 * map_clone.c: maps.Clone on the classic map, after runtime/map.go
 * mapclone2 and moveToBmap (go1.22 and go1.23; see mapclone2 for go1.21).
 *
 * A clone starts as a map made for src's count, with src's hash seed.  Its
 * bucket array is never larger than src's, so the entries of src's buckets
 * i, i+2^dst.B, i+2*2^dst.B, ... all belong in dst's bucket i and are moved
 * there slot by slot, tophash and all, without hashing (moveToBmap).  While
 * src is growing, its old buckets not yet evacuated are moved too: whole,
 * when the old array is at least as large as dst's, else key by key through
 * mapassign, which hashes again (a NaN key then gets a new random hash).
 *
 * Where the port differs from Go, invisibly to a Go program:
 *  - Go shares string key bytes, and an indirect key that needs no update
 *    (its memory is immutable), between a map and its clone; the port
 *    copies them, since each map frees what it holds (clonekey);
 *  - the clone keeps src's weak-hash mode (hmap.hashbits) with its seed:
 *    its entries sit where src's hash put them.
 */
#include <string.h>

#include "gomap.h"

/* The key in src slot srcK into dst slot dstK: moveToBmap's key half. */
static void clonekey(const maptype *t, void *dstK, void *srcK)
{
	if (t->indirectkey) {
		/* Go: a new object when t.NeedKeyUpdate(), else the same
		 * (immutable) memory; the port always copies (see above). */
		void *kStore = xcalloc(1, t->key.size);
		memcpy(kStore, slotkey(t, srcK), t->key.size);
		memcpy(dstK, &kStore, sizeof kStore);
		return;
	}
	storekey(t, dstK, srcK); /* typedmemmove; a string's bytes copied */
}

/* The elem in src slot srcEle into dst slot dstEle: moveToBmap's elem half. */
static void cloneelem(const maptype *t, void *dstEle, void *srcEle)
{
	if (t->indirectelem) {
		void *eStore = xcalloc(1, t->elem.size);
		memcpy(eStore, slotelem(t, srcEle), t->elem.size);
		memcpy(dstEle, &eStore, sizeof eStore);
		return;
	}
	memcpy(dstEle, srcEle, t->elem.size);
}

/* Follows runtime/map.go moveToBmap (go1.21-go1.23): moves the entries of
 * bucket src into dst's chain from slot *pos on, chaining an overflow
 * bucket when dst is full; returns the bucket to go on with (*pos its slot). */
static bmap *moveToBmap(const maptype *t, hmap *h, bmap *dst, int *pos, bmap *src)
{
	for (int i = 0; i < bucketCnt; i++) {
		if (isEmpty(src->tophash[i]))
			continue;
		for (; *pos < bucketCnt; (*pos)++)
			if (isEmpty(dst->tophash[*pos]))
				break;
		if (*pos == bucketCnt) {
			dst = newoverflow(t, h, dst);
			*pos = 0;
		}
		dst->tophash[*pos] = src->tophash[i];
		clonekey(t, bmap_key(t, dst, (uintptr_t)*pos), bmap_key(t, src, (uintptr_t)i));
		cloneelem(t, bmap_elem(t, dst, (uintptr_t)*pos), bmap_elem(t, src, (uintptr_t)i));
		(*pos)++;
		h->count++;
	}
	return dst;
}

/* The quick copy of a one-bucket map (mapclone2): the bucket bit for bit,
 * then (C port) the string bytes and indirect keys dst must own. */
static void copysmall(const maptype *t, hmap *dst, hmap *src)
{
	dst->buckets = xcalloc(1, t->bucketsize); /* newobject(t.Bucket) */
	dst->count = src->count;
	memcpy(dst->buckets, src->buckets, t->bucketsize); /* typedmemmove */
	if (!t->keyptrdata && !t->indirectkey)
		return;
	for (uintptr_t i = 0; i < bucketCnt; i++)
		if (src->buckets->tophash[i] >= minTopHash)
			clonekey(t, bmap_key(t, dst->buckets, i), bmap_key(t, src->buckets, i));
}

/* Moves src's old bucket chain srcBmap (old bucket i) into dst: whole
 * when oldB >= dst.B, else entry by entry through mapassign (the tail of
 * mapclone2); false after a fatal error. */
static bool cloneold(const maptype *t, hmap *dst, hmap *src, bmap *srcBmap, uintptr_t i, uint8_t oldB,
		     gopanic *p)
{
	if (oldB >= dst->B) { /* main bucket bits in dst is less than oldB bits in src */
		bmap *dstBmap = bucketAt(t, dst->buckets, i & bucketMask(dst->B));
		while (bmap_overflow(t, dstBmap) != NULL)
			dstBmap = bmap_overflow(t, dstBmap);
		int pos = 0;
		for (; srcBmap != NULL; srcBmap = bmap_overflow(t, srcBmap))
			dstBmap = moveToBmap(t, dst, dstBmap, &pos, srcBmap);
		return true;
	}
	/* oldB < dst.B, so a single source bucket may go to multiple
	 * destination buckets.  Process entries one at a time. */
	for (; srcBmap != NULL; srcBmap = bmap_overflow(t, srcBmap)) {
		for (uintptr_t k = 0; k < bucketCnt; k++) {
			if (isEmpty(srcBmap->tophash[k]))
				continue;
			if (src->flags & hashWriting) {
				gofatal(p, "concurrent map clone and map write");
				return false;
			}
			void *srcK = slotkey(t, bmap_key(t, srcBmap, k));
			void *srcEle = slotelem(t, bmap_elem(t, srcBmap, k));
			void *dstEle = mapassign(t, dst, srcK, p);
			if (dstEle == NULL)
				return false;
			memcpy(dstEle, srcEle, t->elem.size);
		}
	}
	return true;
}

/* Follows runtime/map.go mapclone2 (go1.22, go1.23).  go1.21 sizes dst
 * for src.count even when src is overloaded (possible during a same-size
 * grow), which can make dst's bucket array larger than src's (issue
 * 69110: go1.21 then reads past src's buckets); go1.22.7 and go1.23.1 on
 * cap the hint, as here.  rand is dst's own randomness (C port). */
hmap *mapclone2(const maptype *t, hmap *src, uint64_t rand, gopanic *p)
{
	int64_t hint = src->count;
	if (overLoadFactor(hint, src->B))
		hint = (int64_t)(loadFactorNum * (bucketShift(src->B) / loadFactorDen));
	hmap *dst = makemap_seed(t, hint, rand, &src->hash0); /* Go: makemap, then */
	dst->hash0 = src->hash0;
	dst->hashbits = src->hashbits; /* C port: see the top of this file */
	dst->nevacuate = 0;
	/* flags do not need to be copied here, just like a new map has no flags. */
	if (src->count == 0)
		return dst;
	if (src->flags & hashWriting) {
		gofatal(p, "concurrent map clone and map write");
		return dst;
	}
	if (src->B == 0 && !(t->indirectkey && t->needkeyupdate) && !t->indirectelem) {
		copysmall(t, dst, src); /* Quick copy for small maps. */
		return dst;
	}
	if (dst->B == 0)
		dst->buckets = xcalloc(1, t->bucketsize);
	uintptr_t dstArraySize = bucketShift(dst->B), srcArraySize = bucketShift(src->B);
	for (uintptr_t i = 0; i < dstArraySize; i++) {
		bmap *dstBmap = bucketAt(t, dst->buckets, i);
		int pos = 0;
		for (uintptr_t j = 0; j < srcArraySize; j += dstArraySize)
			for (bmap *srcBmap = bucketAt(t, src->buckets, i + j); srcBmap != NULL;
			     srcBmap = bmap_overflow(t, srcBmap))
				dstBmap = moveToBmap(t, dst, dstBmap, &pos, srcBmap);
	}
	if (src->oldbuckets == NULL)
		return dst;
	uint8_t oldB = src->B;
	if (!isSameSizeGrow(src))
		oldB--;
	for (uintptr_t i = 0; i < bucketShift(oldB); i++) {
		bmap *srcBmap = bucketAt(t, src->oldbuckets, i);
		if (!evacuated(srcBmap) && !cloneold(t, dst, src, srcBmap, i, oldB, p))
			break;
	}
	return dst;
}
