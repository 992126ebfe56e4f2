/*
 * map_iter.c: iteration over the classic map, after runtime/map.go
 * mapiterinit and mapiternext (go1.19).
 */
#include <string.h>

#include "gomap.h"

/* Follows runtime/map.go mapiterinit (go1.19). */
void mapiterinit(const maptype *t, hmap *h, hiter *it)
{
	memset(it, 0, sizeof *it); /* the compiler zeroes a hiter */
	it->t = t;
	if (h == NULL || h->count == 0)
		return;
	it->h = h;
	it->clears = h->clears;
	h->iterated = true; /* C port: keep memory this iterator may read */

	/* grab snapshot of bucket state */
	it->B = h->B;
	it->buckets = h->buckets;

	/* decide where to start */
	uint64_t r = drawiter(t, h);
	it->startBucket = r & bucketMask(h->B);
	it->offset = (uint8_t)(r >> h->B & (bucketCnt - 1));

	/* iterator state */
	it->bucket = it->startBucket;

	/* Remember we have an iterator. */
	h->flags |= iterator | oldIterator;

	mapiternext(it);
}

/* The key and elem mapiternext yields for slot offi of b, or false to skip
 * the slot (the body of Go's mapiternext slot loop). */
static bool iterslot(hiter *it, bmap *b, uint8_t offi, uintptr_t checkBucket)
{
	const maptype *t = it->t;
	hmap *h = it->h;
	void *k = slotkey(t, bmap_key(t, b, offi));
	void *e = slotelem(t, bmap_elem(t, b, offi));
	if (checkBucket != noCheck && !isSameSizeGrow(h)) {
		/* Special case: iterator was started during a grow to a
		 * larger size and the grow is not done yet.  We're working on
		 * a bucket whose oldbucket has not been evacuated yet; process
		 * only the keys that will go to this new bucket. */
		if (t->reflexivekey || t->equal(&t->key, k, k)) {
			uint64_t hash = maphash(t, h, k);
			if ((hash & bucketMask(it->B)) != checkBucket)
				return false;
		} else if ((checkBucket >> (it->B - 1)) != (uintptr_t)(b->tophash[offi] & 1)) {
			/* NaN key: send it to X or Y by the low tophash bit,
			 * as evacuate does during an iteration. */
			return false;
		}
	}
	bool moved = b->tophash[offi] == evacuatedX || b->tophash[offi] == evacuatedY;
	bool nan = !(t->reflexivekey || t->equal(&t->key, k, k));
	if (!moved || nan) {
		/* This is the golden data, we can return it.  Or key != key,
		 * which cannot be deleted or updated, so return it as is. */
		it->key = k;
		it->elem = e;
		return true;
	}
	/* The hash table has grown since the iterator was started; the
	 * golden data for this key is now somewhere else. */
	void *re;
	void *rk = mapaccessK(t, h, k, &re);
	if (rk == NULL)
		return false; /* key has been deleted */
	it->key = rk;
	it->elem = re;
	return true;
}

/* Follows runtime/map.go mapiternext (go1.19). */
void mapiternext(hiter *it)
{
	hmap *h = it->h;
	const maptype *t = it->t;
	/* Go throws "concurrent map iteration and map write" if hashWriting
	 * is set; through the port's API it never is here. */
	if (it->clears != h->clears) {
		/* C port, not in Go: clear(m) ends the iterators it finds live.
		 * Go 1.21's mapclear only marks buckets and oldbuckets empty
		 * (issue 59411), so an iterator still walking an array dropped
		 * by a finished grow, or standing in the last preallocated
		 * overflow bucket (whose overflow pointer makeBucketArray sets
		 * back to the array as a sentinel), could produce a removed NaN
		 * entry, or an entry twice.  mapdiff's spec checker found both in
		 * this port (crashes/clear-*.txt); gc 1.21 to 1.23 produce the
		 * removed NaN entries too (golang/go#70189, docs/FINDINGS.md,
		 * crashes/classic-clear-iterator.txt).  Ending is what the
		 * spec allows: every entry the iterator started with is gone. */
		it->key = NULL;
		it->elem = NULL;
		return;
	}
	uintptr_t bucket = it->bucket;
	bmap *b = it->bptr;
	uint8_t i = it->i;
	uintptr_t checkBucket = it->checkBucket;

next:
	if (b == NULL) {
		if (bucket == it->startBucket && it->wrapped) {
			/* end of iteration */
			it->key = NULL;
			it->elem = NULL;
			return;
		}
		if (growing(h) && it->B == h->B) {
			/* Iterator was started in the middle of a grow, and the
			 * grow isn't done yet.  If the bucket we're looking at
			 * hasn't been filled in yet (i.e. the old bucket hasn't
			 * been evacuated) then we need to iterate through the
			 * old bucket and only return the ones that will be
			 * migrated to this bucket. */
			uintptr_t oldbucket = bucket & oldbucketmask(h);
			b = bucketAt(t, h->oldbuckets, oldbucket);
			if (!evacuated(b)) {
				checkBucket = bucket;
			} else {
				b = bucketAt(t, it->buckets, bucket);
				checkBucket = noCheck;
			}
		} else {
			b = bucketAt(t, it->buckets, bucket);
			checkBucket = noCheck;
		}
		bucket++;
		if (bucket == bucketShift(it->B)) {
			bucket = 0;
			it->wrapped = true;
		}
		i = 0;
	}
	for (; i < bucketCnt; i++) {
		uint8_t offi = (uint8_t)((i + it->offset) & (bucketCnt - 1));
		if (isEmpty(b->tophash[offi]) || b->tophash[offi] == evacuatedEmpty)
			continue; /* emptyRest is hard to use here, as we start
			             iterating in the middle of a bucket */
		if (!iterslot(it, b, offi, checkBucket))
			continue;
		it->bucket = bucket;
		it->bptr = b;
		it->i = (uint8_t)(i + 1);
		it->checkBucket = checkBucket;
		return;
	}
	b = bmap_overflow(t, b);
	i = 0;
	goto next;
}
