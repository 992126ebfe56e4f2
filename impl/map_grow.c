/*
 * map_grow.c: incremental growth of the classic map, after runtime/map.go
 * hashGrow, growWork, evacuate and advanceEvacuationMark (go1.19).
 */
#include <stdlib.h>
#include <string.h>

#include "gomap.h"

/* Follows runtime/map.go hashGrow (go1.19). */
void hashGrow(const maptype *t, hmap *h)
{
	/* If we've hit the load factor, get bigger.  Otherwise, there are
	 * too many overflow buckets, so keep the same number of buckets and
	 * "grow" laterally. */
	uint8_t bigger = 1;
	if (!overLoadFactor(h->count + 1, h->B)) {
		bigger = 0;
		h->flags |= sameSizeGrow;
	}
	bmap *oldbuckets = h->buckets;
	bmap *nextOverflow;
	bmap *newbuckets = makeBucketArray(t, (uint8_t)(h->B + bigger), NULL, &nextOverflow);

	uint8_t flags = h->flags & (uint8_t)~(iterator | oldIterator);
	if (h->flags & iterator)
		flags |= oldIterator;
	/* commit the grow */
	h->B += bigger;
	h->flags = flags;
	h->oldbuckets = oldbuckets;
	h->buckets = newbuckets;
	h->nevacuate = 0;
	h->noverflow = 0;

	/* Promote current overflow buckets to the old generation. */
	if (h->extra.oldoverflow.n != 0)
		gofatal(NULL, "oldoverflow is not nil");
	h->extra.oldoverflow = h->extra.overflow;
	memset(&h->extra.overflow, 0, sizeof h->extra.overflow);
	h->extra.nextOverflow = nextOverflow;

	/* the actual copying of the hash table data is done incrementally
	 * by growWork() and evacuate(). */
}

/* Follows runtime/map.go growWork (go1.19). */
void growWork(const maptype *t, hmap *h, uintptr_t bucket)
{
	/* make sure we evacuate the oldbucket corresponding to the bucket
	 * we're about to use */
	evacuate(t, h, bucket & oldbucketmask(h));

	/* evacuate one more oldbucket to make progress on growing */
	if (growing(h))
		evacuate(t, h, h->nevacuate);
}

/* Follows runtime/map.go bucketEvacuated (go1.19). */
static bool bucketEvacuated(const maptype *t, hmap *h, uintptr_t bucket)
{
	return evacuated(bucketAt(t, h->oldbuckets, bucket));
}

/* Follows runtime/map.go evacDst (go1.19): an evacuation destination. */
typedef struct evacDst {
	bmap *b;     /* current destination bucket */
	uintptr_t i; /* key/elem index into b */
	uint8_t *k;  /* pointer to current key storage */
	uint8_t *e;  /* pointer to current elem storage */
} evacDst;

/* Points d at the first slot of bucket b. */
static void evacDst_at(const maptype *t, evacDst *d, bmap *b)
{
	d->b = b;
	d->i = 0;
	d->k = bmap_key(t, b, 0);
	d->e = bmap_elem(t, b, 0);
}

/* Which destination (X=0, Y=1) a live key goes to; may retarget *top.
 * The middle of Go's evacuate loop. */
static uint8_t evacuateChoose(const maptype *t, hmap *h, const void *k, uint8_t *top, uintptr_t newbit)
{
	if (isSameSizeGrow(h))
		return 0;
	/* Compute hash to make our evacuation decision (whether we need
	 * to send this key/elem to bucket x or bucket y). */
	k = slotkey(t, (void *)k);
	uint64_t hash = maphash(t, h, k);
	if ((h->flags & iterator) && !t->reflexivekey && !t->equal(&t->key, k, k)) {
		/* A NaN: its hash is not reproducible and an iterator needs
		 * a repeatable choice, so use the low bit of tophash, and
		 * recompute a new random tophash for the next level. */
		uint8_t useY = *top & 1;
		*top = tophash(hash);
		return useY;
	}
	return (hash & newbit) != 0;
}

/* Follows runtime/map.go evacuate (go1.19). */
void evacuate(const maptype *t, hmap *h, uintptr_t oldbucket)
{
	bmap *b = bucketAt(t, h->oldbuckets, oldbucket);
	uintptr_t newbit = noldbuckets(h);
	if (!evacuated(b)) {
		/* xy contains the x and y (low and high) evacuation
		 * destinations. */
		evacDst xy[2];
		memset(xy, 0, sizeof xy);
		evacDst_at(t, &xy[0], bucketAt(t, h->buckets, oldbucket));
		if (!isSameSizeGrow(h))
			evacDst_at(t, &xy[1], bucketAt(t, h->buckets, oldbucket + newbit));

		for (; b != NULL; b = bmap_overflow(t, b)) {
			for (uintptr_t i = 0; i < bucketCnt; i++) {
				uint8_t top = b->tophash[i];
				if (isEmpty(top)) {
					b->tophash[i] = evacuatedEmpty;
					continue;
				}
				if (top < minTopHash)
					gofatal(NULL, "bad map state");
				uint8_t *k = bmap_key(t, b, i);
				uint8_t *e = bmap_elem(t, b, i);
				uint8_t useY = evacuateChoose(t, h, k, &top, newbit);

				b->tophash[i] = (uint8_t)(evacuatedX + useY);
				evacDst *dst = &xy[useY]; /* evacuation destination */
				if (dst->i == bucketCnt)
					evacDst_at(t, dst, newoverflow(t, h, dst->b));
				dst->b->tophash[dst->i & (bucketCnt - 1)] = top;
				memcpy(dst->k, k, t->keysize); /* copy key */
				memcpy(dst->e, e, t->elemsize); /* copy elem */
				dst->i++;
				dst->k += t->keysize;
				dst->e += t->elemsize;
			}
		}
		/* Unlink the overflow buckets & clear key/elem to help GC
		 * (only if no iterator may still use the old buckets). */
		if ((h->flags & oldIterator) == 0 && t->bucketptrdata) {
			uint8_t *ob = (uint8_t *)bucketAt(t, h->oldbuckets, oldbucket);
			memset(ob + dataOffset, 0, t->bucketsize - dataOffset);
		}
	}

	if (oldbucket == h->nevacuate)
		advanceEvacuationMark(h, t, newbit);
}

/* Follows runtime/map.go advanceEvacuationMark (go1.19). */
void advanceEvacuationMark(hmap *h, const maptype *t, uintptr_t newbit)
{
	h->nevacuate++;
	/* Experiments suggest that 1024 is overkill by at least an order
	 * of magnitude.  Put it in there as a safeguard anyway. */
	uintptr_t stop = h->nevacuate + 1024;
	if (stop > newbit)
		stop = newbit;
	while (h->nevacuate != stop && bucketEvacuated(t, h, h->nevacuate))
		h->nevacuate++;
	if (h->nevacuate == newbit) { /* newbit == # of oldbuckets */
		/* Growing is all done. Free old main bucket array. */
		retire(h, h->oldbuckets);
		h->oldbuckets = NULL;
		/* Can discard old overflow buckets as well. */
		for (size_t i = 0; i < h->extra.oldoverflow.n; i++)
			retire(h, h->extra.oldoverflow.v[i]);
		free(h->extra.oldoverflow.v);
		memset(&h->extra.oldoverflow, 0, sizeof h->extra.oldoverflow);
		h->flags &= (uint8_t)~sameSizeGrow;
	}
}
