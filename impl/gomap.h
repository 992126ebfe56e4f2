/*
 * gomap.h: a C port of Go's classic map (gc 1.19 runtime/map.go and friends).
 *
 * A map is a hash table.  The data is arranged into an array of buckets.
 * Each bucket holds up to 8 key/elem pairs.  The low-order B bits of the
 * hash select a bucket; the high-order 8 bits (the "tophash") are kept in
 * each bucket to tell the entries apart without comparing whole keys.
 * Values of tophash below minTopHash are reserved as slot marks (empty,
 * emptyRest, evacuated...).
 *
 * A bucket that fills up chains to an overflow bucket.  makeBucketArray
 * preallocates some overflow buckets behind the 2^B regular ones (B >= 4);
 * newoverflow takes from those before allocating.  The layout of one bucket
 * is as Go's compiler lays out bmap:
 *
 *     tophash[8] | key[8] | elem[8] | overflow pointer
 *
 * (keys packed together, then elems, which avoids padding for map[int64]int8).
 *
 * When the table reaches the load factor 6.5 per bucket (overLoadFactor) it
 * doubles; when it has too many overflow buckets for its size
 * (tooManyOverflowBuckets, typical after churn) it grows to the same size to
 * pack entries again.  Growth is incremental: hashGrow only allocates the new
 * array and keeps the old one in oldbuckets; each later write or delete
 * evacuates the old bucket it touches plus the next one at nevacuate
 * (growWork, evacuate, advanceEvacuationMark).  On a doubling, old bucket i
 * splits into new buckets i ("X") and i+2^oldB ("Y") by one more hash bit.
 *
 * Iteration walks the buckets from a random start bucket and a random slot
 * offset.  An iterator remembers the bucket array and B it started with; if
 * a grow starts meanwhile it keeps walking its (now old) array, and for
 * entries that were evacuated it looks the key up again to return the current
 * elem or skip a deleted entry.  An iterator started during a grow walks the
 * new layout but reads not-yet-evacuated old buckets, keeping only the
 * entries that will land in the new bucket it is visiting (checkBucket).
 *
 * Differences from Go, all invisible to a Go program:
 *  - fatal errors ("concurrent map writes"...) and panics go to a gopanic;
 *  - every random number comes from a per-map wyrand state (hmap.rand),
 *    seeded by make, not from the M's fastrand;
 *  - the map owns copies of string key bytes (Go relies on the GC);
 *  - memory Go leaves to its GC is freed here: heap overflow buckets are
 *    always listed in mapextra (Go lists them only for pointer-free
 *    buckets), and memory a live iterator may still read (old bucket arrays,
 *    dropped overflow buckets, string bytes of deleted keys) is freed at
 *    once only if the map was never iterated, else kept until the map is
 *    freed (hmap.graveyard);
 *  - keys and elems over 128 bytes live in their own allocation, a pointer
 *    in the slot, as in Go; the map frees them (retire) when the slot is
 *    deleted or cleared.  Elems larger than zeroValSize are refused;
 *  - a composite key or any elem is copied bit for bit: what it points at
 *    (string bytes, interface data) stays the caller's;
 *  - maps.Clone copies string key bytes and indirect keys Go shares
 *    between a map and its clone (map_clone.c).
 * Differences a Go program can see, both allowed by the Go spec:
 *  - clear(m) ends the iterators live on m (hmap.clears, mapiternext):
 *    following Go 1.21's mapclear, an iterator could produce a removed
 *    entry, or an entry twice (mapdiff's spec checker found both);
 *  - weak-hash mode (maphash, hmap.hashbits) squeezes every hash to a few
 *    bits, for mapdiff's hash control; it moves entries, nothing else.
 */
#ifndef MAPDIFF_GOMAP_H
#define MAPDIFF_GOMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "port.h"

_Static_assert(sizeof(void *) == 8, "the port models a 64-bit Go (amd64/arm64)");

/* Constants of runtime/map.go. */
enum {
	bucketCntBits = 3,
	bucketCnt = 1 << bucketCntBits,
	loadFactorNum = 13,
	loadFactorDen = 2,
	maxKeySize = 128,
	maxElemSize = 128,
	zeroValSize = 16384, /* C port: largest elem (Go's mapaccess1_fat has no limit) */
	dataOffset = 8, /* offsetof the keys in a bucket: after tophash[8] */

	/* tophash marks */
	emptyRest = 0,
	emptyOne = 1,
	evacuatedX = 2,
	evacuatedY = 3,
	evacuatedEmpty = 4,
	minTopHash = 5,

	/* hmap.flags */
	iterator = 1,
	oldIterator = 2,
	hashWriting = 4,
	sameSizeGrow = 8,
};

#define noCheck UINTPTR_MAX         /* sentinel bucket ID for iterator checks */
#define maxAlloc ((uint64_t)1 << 48) /* malloc.go maxAlloc on linux/amd64 */

/* A bucket: its tophash array; keys, elems and the overflow pointer follow
 * at offsets computed from the maptype. */
typedef struct bmap {
	uint8_t tophash[bucketCnt];
} bmap;

/* The per-map random number generator (Go's wyrand fastrand). */
typedef struct gorand {
	uint64_t state;
} gorand;

/* A key's hash and == (t is the key type; scalars ignore it). */
typedef uint64_t (*hashfn)(const gotype *t, const void *key, uint64_t seed, gorand *r);
typedef bool (*equalfn)(const gotype *t, const void *a, const void *b);

/* Which runtime entry points Go's compiler picks for a map type. */
typedef enum mapfastkind { mapslow, mapfast32, mapfast64, mapfaststr } mapfastkind;

/* runtime maptype plus the alg of its key. */
typedef struct maptype {
	gotype key;
	gotype elem;
	uint32_t keysize;    /* size of a key slot */
	uint32_t elemsize;   /* size of an elem slot */
	uint32_t bucketsize; /* size of a bucket */
	hashfn hasher;
	equalfn equal;
	bool reflexivekey;  /* true if k==k for all keys */
	bool needkeyupdate; /* true if an overwrite must store the new key */
	bool keyptrdata;    /* the map owns a copy of the key's bytes (string keys) */
	bool bucketptrdata; /* t.bucket.ptrdata != 0: a bucket holds pointers (Go clears
	                     * an evacuated old bucket, its overflow link included) */
	bool indirectkey;   /* key slots hold a pointer to the key (key > 128 bytes) */
	bool indirectelem;  /* elem slots hold a pointer to the elem (elem > 128 bytes) */
	bool hashmightpanic; /* the key contains an interface (issue 23734) */
	mapfastkind fast;
	gotwin twin; /* C port: the lockstep twin's hashes and draws (hash NULL: off) */
} maptype;

/* A growable list of pointers (Go's *[]*bmap and the graveyard). */
typedef struct ptrvec {
	void **v;
	size_t n, cap;
} ptrvec;

/* runtime mapextra, embedded in hmap (Go allocates it lazily). */
typedef struct mapextra {
	ptrvec overflow;    /* heap overflow buckets of buckets */
	ptrvec oldoverflow; /* heap overflow buckets of oldbuckets */
	bmap *nextOverflow; /* free preallocated overflow bucket */
} mapextra;

/* runtime hmap. */
typedef struct hmap {
	int64_t count; /* live cells == len(m) */
	uint8_t flags;
	uint8_t B;          /* log_2 of # of buckets */
	uint16_t noverflow; /* approximate number of overflow buckets */
	uint32_t hash0;     /* hash seed */
	bmap *buckets;      /* array of 2^B buckets; NULL while count==0 */
	bmap *oldbuckets;   /* previous bucket array while growing */
	uintptr_t nevacuate; /* buckets below this have been evacuated */
	mapextra extra;
	/* C port additions */
	gorand rand;       /* replaces fastrand */
	bool iterated;     /* an iterator was ever started on this map */
	ptrvec graveyard;  /* memory an old iterator may read; freed with the map */
	uint8_t hashbits;  /* weak-hash mode: 0 off, else 1 + the bits hashes keep (1: none, all collide) */
	uint32_t clears;   /* mapclear calls so far (see iterslot in map_iter.c) */
} hmap;

/* C port addition: hash a key for h.  In weak-hash mode (mapdiff's hash
 * control) the hash is squeezed to 2^(hashbits-1) values, spread over 64
 * bits, which forces long overflow chains and same-size growth without
 * changing what the map means; with none kept every key collides, so key
 * equality runs on every lookup. */
static inline uint64_t maphash(const maptype *t, hmap *h, const void *key)
{
	if (t->twin.hash)
		return t->twin.hash(t->twin.ctx, key, h->hash0);
	uint64_t hash = t->hasher(&t->key, key, h->hash0, &h->rand);
	if (h->hashbits)
		hash = (hash & ((1ULL << (h->hashbits - 1)) - 1)) * 0x9e3779b97f4a7c15ULL;
	return hash;
}

/* runtime hiter: a hash iteration structure. */
typedef struct hiter {
	void *key;  /* NULL at the end of iteration */
	void *elem;
	const maptype *t;
	hmap *h;
	bmap *buckets;       /* bucket array at mapiterinit time */
	bmap *bptr;          /* current bucket */
	uintptr_t startBucket;
	uint8_t offset;      /* slot offset to start from in each bucket */
	bool wrapped;        /* wrapped around from the end to the beginning */
	uint8_t B;
	uint8_t i;
	uint32_t clears;     /* C port: h->clears when the iterator started */
	uintptr_t bucket;
	uintptr_t checkBucket;
} hiter;

/* map.c helpers shared by the generic and the fast paths, here so that
 * they inline as Go's do (the compiler inlines these leaf functions). */
/* Follows runtime/map.go bucketShift (go1.19). */
static inline uintptr_t bucketShift(uint8_t b)
{
	return (uintptr_t)1 << (b & 63);
}

/* Follows runtime/map.go bucketMask (go1.19). */
static inline uintptr_t bucketMask(uint8_t b)
{
	return bucketShift(b) - 1;
}

/* Follows runtime/map.go tophash (go1.19). */
static inline uint8_t tophash(uint64_t hash)
{
	uint8_t top = (uint8_t)(hash >> 56);
	if (top < minTopHash)
		top += minTopHash;
	return top;
}

/* Follows runtime/map.go isEmpty (go1.19). */
static inline bool isEmpty(uint8_t x)
{
	return x <= emptyOne;
}

/* Follows runtime/map.go evacuated (go1.19). */
static inline bool evacuated(const bmap *b)
{
	uint8_t h = b->tophash[0];
	return h > emptyOne && h < minTopHash;
}

/* Follows runtime/map.go (*bmap).overflow (go1.19). */
static inline bmap *bmap_overflow(const maptype *t, const bmap *b)
{
	bmap *ovf;
	memcpy(&ovf, (const uint8_t *)b + t->bucketsize - sizeof(void *), sizeof ovf);
	return ovf;
}

/* Follows runtime/map.go (*bmap).setoverflow (go1.19). */
static inline void bmap_setoverflow(const maptype *t, bmap *b, bmap *ovf)
{
	memcpy((uint8_t *)b + t->bucketsize - sizeof(void *), &ovf, sizeof ovf);
}

/* Bucket i of a bucket array (Go: add(base, i*uintptr(t.bucketsize))). */
static inline bmap *bucketAt(const maptype *t, bmap *base, uintptr_t i)
{
	return (bmap *)((uint8_t *)base + i * t->bucketsize);
}

/* Key slot i of b (Go: add(b, dataOffset+i*uintptr(t.keysize))). */
static inline void *bmap_key(const maptype *t, bmap *b, uintptr_t i)
{
	return (uint8_t *)b + dataOffset + i * t->keysize;
}

/* Elem slot i of b (Go: add(b, dataOffset+bucketCnt*keysize+i*elemsize)). */
static inline void *bmap_elem(const maptype *t, bmap *b, uintptr_t i)
{
	return (uint8_t *)b + dataOffset + bucketCnt * t->keysize + i * t->elemsize;
}

/* Follows runtime/map.go overLoadFactor (go1.19). */
static inline bool overLoadFactor(int64_t count, uint8_t B)
{
	return count > bucketCnt &&
		(uint64_t)count > loadFactorNum * (bucketShift(B) / loadFactorDen);
}

/* Follows runtime/map.go tooManyOverflowBuckets (go1.19). */
static inline bool tooManyOverflowBuckets(uint16_t noverflow, uint8_t B)
{
	if (B > 15)
		B = 15;
	return noverflow >= (uint16_t)(1u << (B & 15));
}

/* Follows runtime/map.go (*hmap).growing (go1.19). */
static inline bool growing(const hmap *h)
{
	return h->oldbuckets != NULL;
}

/* Follows runtime/map.go (*hmap).sameSizeGrow (go1.19). */
static inline bool isSameSizeGrow(const hmap *h)
{
	return (h->flags & sameSizeGrow) != 0;
}

/* Follows runtime/map.go (*hmap).noldbuckets (go1.19). */
static inline uintptr_t noldbuckets(const hmap *h)
{
	uint8_t oldB = h->B;
	if (!isSameSizeGrow(h))
		oldB--;
	return bucketShift(oldB);
}

/* Follows runtime/map.go (*hmap).oldbucketmask (go1.19). */
static inline uintptr_t oldbucketmask(const hmap *h)
{
	return noldbuckets(h) - 1;
}

/* Follows runtime/internal/bytealg memequal (go1.19, amd64 memeqbody):
 * keys of 8 to 32 bytes compared by overlapping 8-byte loads, inline, as
 * memeqbody compares them in registers; others by memcmp.  n == 0 is
 * always equal (the pointers may be NULL). */
static inline uint64_t load8(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static inline bool memequal_bytes(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	if (n == 0 || x == y)
		return true;
	if (n >= 8 && n <= 16)
		return ((load8(x) ^ load8(y)) | (load8(x + n - 8) ^ load8(y + n - 8))) == 0;
	if (n > 16 && n <= 32)
		return ((load8(x) ^ load8(y)) | (load8(x + 8) ^ load8(y + 8)) |
			(load8(x + n - 16) ^ load8(y + n - 16)) | (load8(x + n - 8) ^ load8(y + n - 8))) == 0;
	return memcmp(x, y, n) == 0;
}

/* alg.c: hashes, equality, randomness, memory helpers */
uint32_t fastrand(gorand *r);
uint64_t fastrand64(gorand *r);
/* C port: a new hash seed and an iterator start for a map of type t, from
 * the twin when one drives t (port.h gotwin), else from h's generator. */
uint32_t drawseed(const maptype *t, hmap *h);
uint64_t drawiter(const maptype *t, hmap *h);
uint64_t memhash(const void *p, uint64_t seed, uint64_t s);
uint64_t memhashFallback(const void *p, uint64_t seed, uint64_t s);
uint64_t memhash32Fallback(const void *p, uint64_t seed);
uint64_t memhash64Fallback(const void *p, uint64_t seed);
/* aeshash.c: Go's AES hash (amd64), used when useAeshash (set at start-up
 * where the CPU has AES, SSSE3 and SSE4.1; tests may clear it) */
extern bool useAeshash;
uint64_t aeshashbody(const void *p, uint64_t seed, uint64_t s);
uint64_t aeshash32(const void *p, uint64_t seed);
uint64_t aeshash64(const void *p, uint64_t seed);
uint64_t memhash32(const gotype *t, const void *p, uint64_t seed, gorand *r);
uint64_t memhash64(const gotype *t, const void *p, uint64_t seed, gorand *r);
uint64_t strhash(const gotype *t, const void *p, uint64_t seed, gorand *r);
uint64_t typehash(const gotype *t, const void *p, uint64_t h, gorand *r);
bool typeequal(const gotype *t, const void *a, const void *b);
bool hashcheck(const maptype *t, const void *key, gopanic *p);
/* hashcheck on a nil or empty map: gc 1.26 words (alg.c). */
bool hashcheck_empty(const maptype *t, const void *key, gopanic *p);
bool maptype_init(maptype *t, const gotype *key, const gotype *elem);
void ptrvec_push(ptrvec *v, void *p);
void ptrvec_free_all(ptrvec *v);
void *xcalloc(size_t n, size_t size);
void *xmalloc(size_t n);
uintptr_t roundupsize(uintptr_t size);
void gofatal(gopanic *p, const char *msg);

/* map.c: helpers shared by the generic and the fast paths */
void incrnoverflow(hmap *h);
bmap *newoverflow(const maptype *t, hmap *h, bmap *b);
void retire(hmap *h, void *p);
void storekey(const maptype *t, void *dst, const void *key);
void releasekey(const maptype *t, hmap *h, void *k);
void deleteslot(const maptype *t, hmap *h, bmap *bOrig, bmap *b, uintptr_t i);
bmap *bucketForRead(const maptype *t, const hmap *h, uint64_t hash);
extern const uint8_t zeroVal[zeroValSize];

/* The key a key slot holds: the slot, or what an indirect key's pointer
 * points at (Go: if t.indirectkey() { k = *((*unsafe.Pointer)(k)) }). */
static inline void *slotkey(const maptype *t, void *k)
{
	if (t->indirectkey)
		memcpy(&k, k, sizeof k);
	return k;
}

/* The elem an elem slot holds (Go: the same for t.indirectelem()). */
static inline void *slotelem(const maptype *t, void *e)
{
	if (t->indirectelem)
		memcpy(&e, e, sizeof e);
	return e;
}

/* map.c: the generic map */
hmap *makemap_small(const maptype *t, uint64_t rand);
hmap *makemap(const maptype *t, int64_t hint, uint64_t rand);
hmap *makemap_seed(const maptype *t, int64_t hint, uint64_t rand, const uint32_t *seed);
bmap *makeBucketArray(const maptype *t, uint8_t b, bmap *dirtyalloc, bmap **nextOverflow);
const void *mapaccess1(const maptype *t, hmap *h, const void *key, gopanic *p);
const void *mapaccess2(const maptype *t, hmap *h, const void *key, bool *ok, gopanic *p);
void *mapaccessK(const maptype *t, hmap *h, const void *key, void **elem);
void *mapassign(const maptype *t, hmap *h, const void *key, gopanic *p);
void mapdelete(const maptype *t, hmap *h, const void *key, gopanic *p);
void mapclear(const maptype *t, hmap *h, gopanic *p);
void mapfree(const maptype *t, hmap *h);
void hashGrow(const maptype *t, hmap *h);
void growWork(const maptype *t, hmap *h, uintptr_t bucket);
void evacuate(const maptype *t, hmap *h, uintptr_t oldbucket);
void advanceEvacuationMark(hmap *h, const maptype *t, uintptr_t newbit);
void mapiterinit(const maptype *t, hmap *h, hiter *it);
void mapiternext(hiter *it);

/* map_clone.c: maps.Clone (Go 1.21) */
hmap *mapclone2(const maptype *t, hmap *src, uint64_t rand, gopanic *p);

/* map_fast32.c, map_fast64.c, map_faststr.c */
const void *mapaccess1_fast32(const maptype *t, hmap *h, uint32_t key, gopanic *p);
const void *mapaccess2_fast32(const maptype *t, hmap *h, uint32_t key, bool *ok, gopanic *p);
void *mapassign_fast32(const maptype *t, hmap *h, uint32_t key, gopanic *p);
void mapdelete_fast32(const maptype *t, hmap *h, uint32_t key, gopanic *p);
const void *mapaccess1_fast64(const maptype *t, hmap *h, uint64_t key, gopanic *p);
const void *mapaccess2_fast64(const maptype *t, hmap *h, uint64_t key, bool *ok, gopanic *p);
void *mapassign_fast64(const maptype *t, hmap *h, uint64_t key, gopanic *p);
void mapdelete_fast64(const maptype *t, hmap *h, uint64_t key, gopanic *p);
const void *mapaccess1_faststr(const maptype *t, hmap *h, gostring key, gopanic *p);
const void *mapaccess2_faststr(const maptype *t, hmap *h, gostring key, bool *ok, gopanic *p);
void *mapassign_faststr(const maptype *t, hmap *h, gostring key, gopanic *p);
void mapdelete_faststr(const maptype *t, hmap *h, gostring key, gopanic *p);

/* classic.c: inspection helpers for tests (m is a classic_port handle) */
int64_t gomap_buckets(const void *m);   /* 1<<B, 1 for a nil map */
uint8_t gomap_flags(const void *m);     /* hmap.flags */
void gomap_set_flags(void *m, uint8_t flags);
uint32_t gomap_hash0(const void *m);    /* the hash seed */
bool gomap_growing(const void *m);      /* oldbuckets != NULL */
mapfastkind gomap_fastkind(const void *t); /* t is a classic_port type */
bool gomap_tombstone_check(const void *t, const void *m); /* Go's MapTombstoneCheck */

#endif
