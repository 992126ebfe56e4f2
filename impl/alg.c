/*
 * alg.c: hashing, equality and randomness for the classic map port, after
 * runtime/alg.go, runtime/hash64.go and runtime/stubs.go (go1.19), plus the
 * small memory helpers the port needs where Go has a garbage collector.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gomap.h"

/* hash64.go constants */
static const uint64_t m1 = 0xa0761d6478bd642full;
static const uint64_t m2 = 0xe7037ed1a0b428dbull;
static const uint64_t m3 = 0x8ebc6af09c88c6e3ull;
static const uint64_t m4 = 0x589965cc75374cc3ull;
static const uint64_t m5 = 0x1d8e4e27c47d124full;

/* Go draws hashkey at start-up (alginit); the port fixes it so a program
 * replays exactly.  Odd, as alginit makes them. */
static const uint64_t hashkey[4] = {
	0x243f6a8885a308d3ull, 0x13198a2e03707345ull,
	0xa4093822299f31d1ull, 0x082efa98ec4e6c89ull,
};

/* alg.go constants for float hashing */
static const uint64_t c0 = 33054211828000289ull;
static const uint64_t c1 = 23344194077549503ull;

/* Follows runtime/hash64.go mix (go1.19). */
static uint64_t mix(uint64_t a, uint64_t b)
{
	unsigned __int128 r = (unsigned __int128)a * b;
	return (uint64_t)(r >> 64) ^ (uint64_t)r;
}

/* Follows runtime/hash64.go r4 (go1.19): an unaligned little-endian read. */
static uint64_t r4(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* Follows runtime/hash64.go r8 (go1.19). */
static uint64_t r8(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

/* Follows runtime/stubs.go fastrand (go1.19, the wyrand branch). */
uint32_t fastrand(gorand *r)
{
	r->state += 0xa0761d6478bd642full;
	return (uint32_t)mix(r->state, r->state ^ 0xe7037ed1a0b428dbull);
}

/* Follows runtime/stubs.go fastrand64 (go1.19, the wyrand branch). */
uint64_t fastrand64(gorand *r)
{
	r->state += 0xa0761d6478bd642full;
	return mix(r->state, r->state ^ 0xe7037ed1a0b428dbull);
}

uint32_t drawseed(const maptype *t, hmap *h)
{
	if (t->twin.seed)
		return t->twin.seed(t->twin.ctx);
	return fastrand(&h->rand);
}

/* mapiterinit's r (go1.19: a second fastrand above B 28). */
uint64_t drawiter(const maptype *t, hmap *h)
{
	if (t->twin.iter)
		return t->twin.iter(t->twin.ctx);
	if (h->B > 31 - bucketCntBits)
		return fastrand64(&h->rand);
	return fastrand(&h->rand);
}

/* Follows runtime/asm_amd64.s memhash (go1.19): AES where the CPU has it. */
uint64_t memhash(const void *p, uint64_t seed, uint64_t s)
{
	if (useAeshash)
		return aeshashbody(p, seed, s);
	return memhashFallback(p, seed, s);
}

/* Follows runtime/hash64.go memhashFallback (go1.19). */
uint64_t memhashFallback(const void *ptr, uint64_t seed, uint64_t s)
{
	const uint8_t *p = ptr;
	uint64_t a, b;
	seed ^= hashkey[0] ^ m1;
	if (s == 0)
		return seed;
	if (s < 4) {
		a = p[0];
		a |= (uint64_t)p[s >> 1] << 8;
		a |= (uint64_t)p[s - 1] << 16;
		b = 0;
	} else if (s == 4) {
		a = r4(p);
		b = a;
	} else if (s < 8) {
		a = r4(p);
		b = r4(p + s - 4);
	} else if (s == 8) {
		a = r8(p);
		b = a;
	} else if (s <= 16) {
		a = r8(p);
		b = r8(p + s - 8);
	} else {
		uint64_t l = s;
		if (l > 48) {
			uint64_t seed1 = seed, seed2 = seed;
			for (; l > 48; l -= 48) {
				seed = mix(r8(p) ^ m2, r8(p + 8) ^ seed);
				seed1 = mix(r8(p + 16) ^ m3, r8(p + 24) ^ seed1);
				seed2 = mix(r8(p + 32) ^ m4, r8(p + 40) ^ seed2);
				p += 48;
			}
			seed ^= seed1 ^ seed2;
		}
		for (; l > 16; l -= 16) {
			seed = mix(r8(p) ^ m2, r8(p + 8) ^ seed);
			p += 16;
		}
		a = r8(p + l - 16);
		b = r8(p + l - 8);
	}
	return mix(m5 ^ s, mix(a ^ m2, b ^ seed));
}

/* Follows runtime/alg.go memhash8 (go1.19). */
static uint64_t memhash8(const gotype *t, const void *p, uint64_t seed, gorand *r)
{
	(void)t;
	(void)r;
	return memhash(p, seed, 1);
}

/* Follows runtime/alg.go memhash16 (go1.19). */
static uint64_t memhash16(const gotype *t, const void *p, uint64_t seed, gorand *r)
{
	(void)t;
	(void)r;
	return memhash(p, seed, 2);
}

/* Follows runtime/asm_amd64.s memhash32 (go1.19): AES where the CPU has it. */
uint64_t memhash32(const gotype *t, const void *p, uint64_t seed, gorand *r)
{
	(void)t;
	(void)r;
	if (useAeshash)
		return aeshash32(p, seed);
	return memhash32Fallback(p, seed);
}

/* Follows runtime/hash64.go memhash32Fallback (go1.19). */
uint64_t memhash32Fallback(const void *p, uint64_t seed)
{
	uint64_t a = r4(p);
	return mix(m5 ^ 4, mix(a ^ m2, a ^ seed ^ hashkey[0] ^ m1));
}

/* Follows runtime/asm_amd64.s memhash64 (go1.19): AES where the CPU has it. */
uint64_t memhash64(const gotype *t, const void *p, uint64_t seed, gorand *r)
{
	(void)t;
	(void)r;
	if (useAeshash)
		return aeshash64(p, seed);
	return memhash64Fallback(p, seed);
}

/* Follows runtime/hash64.go memhash64Fallback (go1.19). */
uint64_t memhash64Fallback(const void *p, uint64_t seed)
{
	uint64_t a = r8(p);
	return mix(m5 ^ 8, mix(a ^ m2, a ^ seed ^ hashkey[0] ^ m1));
}

/* Follows runtime/asm_amd64.s strhash (go1.19; strhashFallback without AES). */
uint64_t strhash(const gotype *t, const void *p, uint64_t seed, gorand *r)
{
	(void)t;
	(void)r;
	gostring s;
	memcpy(&s, p, sizeof s);
	return memhash(s.ptr, seed, (uint64_t)s.len);
}

/* Follows runtime/alg.go f32hash (go1.19). */
static uint64_t f32hash(const gotype *t, const void *p, uint64_t seed, gorand *r)
{
	(void)t;
	float f;
	memcpy(&f, p, sizeof f);
	if (f == 0)
		return c1 * (c0 ^ seed); /* +0, -0 */
	if (f != f)
		return c1 * (c0 ^ seed ^ fastrand(r)); /* any kind of NaN */
	return memhash(p, seed, 4);
}

/* Follows runtime/alg.go f64hash (go1.19). */
static uint64_t f64hash(const gotype *t, const void *p, uint64_t seed, gorand *r)
{
	(void)t;
	double f;
	memcpy(&f, p, sizeof f);
	if (f == 0)
		return c1 * (c0 ^ seed); /* +0, -0 */
	if (f != f)
		return c1 * (c0 ^ seed ^ fastrand(r)); /* any kind of NaN */
	return memhash(p, seed, 8);
}

/* Follows runtime/alg.go c64hash (go1.19). */
static uint64_t c64hash(const gotype *t, const void *p, uint64_t seed, gorand *r)
{
	const uint8_t *x = p;
	return f32hash(t, x + 4, f32hash(t, x, seed, r), r);
}

/* Follows runtime/alg.go c128hash (go1.19). */
static uint64_t c128hash(const gotype *t, const void *p, uint64_t seed, gorand *r)
{
	const uint8_t *x = p;
	return f64hash(t, x + 8, f64hash(t, x, seed, r), r);
}


/* Follows runtime/alg.go memequal8 (go1.19). */
static bool memequal8(const gotype *t, const void *a, const void *b)
{
	(void)t;
	return memcmp(a, b, 1) == 0;
}

/* Follows runtime/alg.go memequal16 (go1.19). */
static bool memequal16(const gotype *t, const void *a, const void *b)
{
	(void)t;
	return memcmp(a, b, 2) == 0;
}

/* Follows runtime/alg.go memequal32 (go1.19). */
static bool memequal32(const gotype *t, const void *a, const void *b)
{
	(void)t;
	return memcmp(a, b, 4) == 0;
}

/* Follows runtime/alg.go memequal64 (go1.19). */
static bool memequal64(const gotype *t, const void *a, const void *b)
{
	(void)t;
	return memcmp(a, b, 8) == 0;
}

/* Follows runtime/alg.go f32equal (go1.19): NaN != NaN, -0 == +0. */
static bool f32equal(const gotype *t, const void *a, const void *b)
{
	(void)t;
	float x, y;
	memcpy(&x, a, sizeof x);
	memcpy(&y, b, sizeof y);
	return x == y;
}

/* Follows runtime/alg.go f64equal (go1.19). */
static bool f64equal(const gotype *t, const void *a, const void *b)
{
	(void)t;
	double x, y;
	memcpy(&x, a, sizeof x);
	memcpy(&y, b, sizeof y);
	return x == y;
}

/* Follows runtime/alg.go c64equal (go1.19). */
static bool c64equal(const gotype *t, const void *a, const void *b)
{
	const uint8_t *x = a, *y = b;
	return f32equal(t, x, y) && f32equal(t, x + 4, y + 4);
}

/* Follows runtime/alg.go c128equal (go1.19). */
static bool c128equal(const gotype *t, const void *a, const void *b)
{
	const uint8_t *x = a, *y = b;
	return f64equal(t, x, y) && f64equal(t, x + 8, y + 8);
}

/* Follows runtime/alg.go strequal (go1.19). */
static bool strequal(const gotype *t, const void *a, const void *b)
{
	(void)t;
	gostring x, y;
	memcpy(&x, a, sizeof x);
	memcpy(&y, b, sizeof y);
	return x.len == y.len && memequal_bytes(x.ptr, y.ptr, (size_t)x.len);
}

/* Follows runtime/alg.go nilinterhash and interhash (go1.19): the hash of
 * the dynamic value (the port holds every value indirectly).  Unhashable
 * dynamic types never get here: hashcheck raised their panic first. */
static uint64_t nilinterhash(const gotype *t, const void *p, uint64_t h, gorand *r)
{
	(void)t;
	goiface a;
	memcpy(&a, p, sizeof a);
	if (a.type == NULL || !gotype_comparable(a.type))
		return h;
	return c1 * typehash(a.type, a.data, h ^ c0, r);
}

/* Follows runtime/alg.go typehash (go1.19). */
uint64_t typehash(const gotype *t, const void *p, uint64_t h, gorand *r)
{
	const uint8_t *b = p;
	if (gotype_flags(t) & GOTF_REGMEM) {
		switch (t->size) {
		case 4: return memhash32(t, p, h, r);
		case 8: return memhash64(t, p, h, r);
		default: return memhash(p, h, t->size);
		}
	}
	switch (t->kind) {
	case GO_FLOAT32: return f32hash(t, p, h, r);
	case GO_FLOAT64: return f64hash(t, p, h, r);
	case GO_COMPLEX64: return c64hash(t, p, h, r);
	case GO_COMPLEX128: return c128hash(t, p, h, r);
	case GO_STRING: return strhash(t, p, h, r);
	case GO_EFACE: case GO_IFACE: return nilinterhash(t, p, h, r);
	case GO_ARRAY:
		for (uint32_t i = 0; i < t->len; i++)
			h = typehash(t->elem, b + (size_t)i * t->elem->size, h, r);
		return h;
	case GO_STRUCT:
		for (uint32_t i = 0; i < t->nfields; i++)
			if (strcmp(t->fields[i].name, "_") != 0)
				h = typehash(t->fields[i].type, b + t->fields[i].offset, h, r);
		return h;
	default:
		return h; /* unhashable: hashcheck panicked before */
	}
}

/* Follows runtime/alg.go efaceeq (go1.19), for identical dynamic types.
 * "comparing uncomparable type" cannot happen in a map: the key was
 * hashed, and hashcheck panicked, first. */
static bool efaceeq(const gotype *t, const void *x, const void *y)
{
	if (t == NULL)
		return true;
	return gotype_comparable(t) && typeequal(t, x, y);
}

/* Go's == on two values of type t: the compiler's generated eq functions
 * (reflectdata.geneq, go1.19); blank fields and padding never compared. */
bool typeequal(const gotype *t, const void *a, const void *b)
{
	const uint8_t *x = a, *y = b;
	if (gotype_flags(t) & GOTF_REGMEM)
		return memequal_bytes(a, b, t->size);
	switch (t->kind) {
	case GO_FLOAT32: return f32equal(t, a, b);
	case GO_FLOAT64: return f64equal(t, a, b);
	case GO_COMPLEX64: return c64equal(t, a, b);
	case GO_COMPLEX128: return c128equal(t, a, b);
	case GO_STRING: return strequal(t, a, b);
	case GO_EFACE: case GO_IFACE: {
		goiface i, j;
		memcpy(&i, a, sizeof i);
		memcpy(&j, b, sizeof j);
		return gotype_identical(i.type, j.type) && efaceeq(i.type, i.data, j.data);
	}
	case GO_ARRAY:
		for (uint32_t i = 0; i < t->len; i++) {
			size_t o = (size_t)i * t->elem->size;
			if (!typeequal(t->elem, x + o, y + o))
				return false;
		}
		return true;
	case GO_STRUCT:
		for (uint32_t i = 0; i < t->nfields; i++) {
			const gofield *f = &t->fields[i];
			if (strcmp(f->name, "_") != 0 && !typeequal(f->type, x + f->offset, y + f->offset))
				return false;
		}
		return true;
	default:
		return false;
	}
}

/* The type whose "hash of unhashable type" panic hashing p would raise,
 * or NULL: the walk of typehash, stopping where nilinterhash panics (the
 * topmost unhashable dynamic type). */
static const gotype *unhashable(const gotype *t, const uint8_t *p)
{
	const gotype *u = NULL;
	if (!(gotype_flags(t) & GOTF_MIGHTPANIC))
		return NULL;
	switch (t->kind) {
	case GO_EFACE: case GO_IFACE: {
		goiface a;
		memcpy(&a, p, sizeof a);
		if (a.type == NULL)
			return NULL;
		if (!gotype_comparable(a.type))
			return a.type;
		return unhashable(a.type, a.data);
	}
	case GO_ARRAY:
		for (uint32_t i = 0; i < t->len && u == NULL; i++)
			u = unhashable(t->elem, p + (size_t)i * t->elem->size);
		return u;
	case GO_STRUCT:
		for (uint32_t i = 0; i < t->nfields && u == NULL; i++)
			if (strcmp(t->fields[i].name, "_") != 0)
				u = unhashable(t->fields[i].type, p + t->fields[i].offset);
		return u;
	default:
		return NULL;
	}
}

/* The panic of t.hasher(key) for a key type that contains an interface
 * (runtime/alg.go interhash/nilinterhash, go1.19); false if it panicked.
 * The port checks before hashing, so nothing has changed when it panics. */
static bool check_key(const maptype *t, const void *key, gopanic *p, const char *fmt)
{
	if (!t->hashmightpanic)
		return true;
	const gotype *u = unhashable(&t->key, key);
	if (u == NULL)
		return true;
	p->raised = true;
	snprintf(p->msg, sizeof p->msg, fmt, u->name);
	return false;
}

bool hashcheck(const maptype *t, const void *key, gopanic *p)
{
	return check_key(t, key, p, "runtime error: hash of unhashable type %s");
}

/* On a nil or empty map gc 1.24 and later check the key with mapKeyError,
 * whose error (maps.unhashableTypeError) reads "hash of unhashable type: T"
 * with no "runtime error: " prefix; the classic runtime (gc 1.19..1.23,
 * gccgo) hashes the key and panics as hashcheck does.  The port follows
 * the default oracle, gc 1.26 (docs/TYPES.md). */
bool hashcheck_empty(const maptype *t, const void *key, gopanic *p)
{
	return check_key(t, key, p, "hash of unhashable type: %s");
}

static uint64_t typehash_key(const gotype *t, const void *p, uint64_t seed, gorand *r)
{
	return typehash(t, p, seed, r);
}

/* The key alg of a type, as cmd/compile's AlgType and reflectdata.genhash
 * pick it, and which fast path walk.mapfast picks. */
/* Whether a value of type t holds a pointer (Go: t.ptrdata != 0). */
static bool haspointers(const gotype *t)
{
	switch (t->kind) {
	case GO_STRING:
	case GO_EFACE:
	case GO_IFACE:
	case GO_PTR:
	case GO_CHAN:
	case GO_SLICE:
	case GO_MAP:
	case GO_FUNC: return true;
	case GO_ARRAY: return t->len > 0 && haspointers(t->elem);
	case GO_STRUCT:
		for (uint32_t i = 0; i < t->nfields; i++)
			if (haspointers(t->fields[i].type))
				return true;
		return false;
	default: return false;
	}
}

static bool keyalg(maptype *t, const gotype *key)
{
	uint32_t fl = gotype_flags(key);
	if (!(fl & GOTF_COMPARABLE))
		return false; /* reflect.MapOf panics: invalid key type */
	t->reflexivekey = !(fl & GOTF_IRREFLEXIVE);
	t->needkeyupdate = gotype_needkeyupdate(key);
	t->hashmightpanic = (fl & GOTF_MIGHTPANIC) != 0;
	t->keyptrdata = key->kind == GO_STRING;
	t->fast = mapslow;
	t->hasher = typehash_key, t->equal = typeequal;
	if (fl & GOTF_REGMEM) {
		switch (key->size) {
		case 1: t->hasher = memhash8, t->equal = memequal8; break;
		case 2: t->hasher = memhash16, t->equal = memequal16; break;
		case 4: t->hasher = memhash32, t->equal = memequal32, t->fast = mapfast32; break;
		case 8: t->hasher = memhash64, t->equal = memequal64, t->fast = mapfast64; break;
		}
		return true;
	}
	switch (key->kind) {
	case GO_FLOAT32: t->hasher = f32hash, t->equal = f32equal; break;
	case GO_FLOAT64: t->hasher = f64hash, t->equal = f64equal; break;
	case GO_COMPLEX64: t->hasher = c64hash, t->equal = c64equal; break;
	case GO_COMPLEX128: t->hasher = c128hash, t->equal = c128equal; break;
	default: break;
	}
	if (fl & GOTF_STRALG)
		t->hasher = strhash, t->equal = strequal, t->fast = mapfaststr;
	return true;
}

/* Builds the maptype as cmd/compile/internal/reflectdata MapType and
 * MapBucketType (go1.19) would; false when the port cannot hold the type. */
bool maptype_init(maptype *t, const gotype *key, const gotype *elem)
{
	if (elem->size > zeroValSize || key->align > 8 || elem->align > 8)
		return false;
	if (!keyalg(t, key))
		return false;
	t->key = *key;
	t->elem = *elem;
	t->indirectkey = key->size > maxKeySize;
	t->indirectelem = elem->size > maxElemSize;
	t->keysize = t->indirectkey ? (uint32_t)sizeof(void *) : key->size;
	t->elemsize = t->indirectelem ? (uint32_t)sizeof(void *) : elem->size;
	t->bucketptrdata = t->indirectkey || t->indirectelem || haspointers(key) || haspointers(elem);
	/* tophash[8], keys[8], elems[8], overflow pointer: with 8-byte
	 * tophash and 8-slot arrays every field lands 8-aligned. */
	t->bucketsize = dataOffset + bucketCnt * t->keysize +
		bucketCnt * t->elemsize + (uint32_t)sizeof(void *);
	if (elem->size > maxElemSize)
		t->fast = mapslow;
	return true;
}

/* runtime/sizeclasses.go class_to_size (go1.19). */
static const uint16_t class_to_size[] = {
	0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208,
	224, 240, 256, 288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704,
	768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072,
	3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728,
	10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760,
	24576, 27264, 28672, 32768,
};

/* Follows runtime/msize.go roundupsize (go1.19): the size malloc really
 * returns for a request, which makeBucketArray fills with extra buckets. */
uintptr_t roundupsize(uintptr_t size)
{
	const uintptr_t maxSmallSize = 32768, pageSize = 8192;
	if (size < maxSmallSize) {
		size_t n = sizeof class_to_size / sizeof class_to_size[0];
		for (size_t i = 1; i < n; i++)
			if (class_to_size[i] >= size)
				return class_to_size[i];
	}
	if (size + pageSize < size)
		return size;
	return (size + pageSize - 1) & ~(pageSize - 1);
}

/* calloc that aborts on failure, as Go's allocator throws. */
void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL) {
		fprintf(stderr, "fatal error: out of memory\n");
		abort();
	}
	return p;
}

/* malloc that aborts on failure: for memory written in full at once (a
 * string key's bytes, copied in: Go's rawstring does not clear either). */
void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL) {
		fprintf(stderr, "fatal error: out of memory\n");
		abort();
	}
	return p;
}

void ptrvec_push(ptrvec *v, void *p)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? 2 * v->cap : 8;
		void **nv = realloc(v->v, cap * sizeof *nv);
		if (nv == NULL) {
			fprintf(stderr, "fatal error: out of memory\n");
			abort();
		}
		v->v = nv;
		v->cap = cap;
	}
	v->v[v->n++] = p;
}

/* Frees every pointer in v, then v's own array. */
void ptrvec_free_all(ptrvec *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}

/* Go's fatal/throw: reported through the gopanic (abort without one). */
void gofatal(gopanic *p, const char *msg)
{
	if (p == NULL) {
		fprintf(stderr, "fatal error: %s\n", msg);
		abort();
	}
	p->raised = true;
	snprintf(p->msg, sizeof p->msg, "%s", msg);
}
