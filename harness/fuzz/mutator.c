/*
 * mutator.c: libFuzzer's custom mutator (LLVMFuzzerCustomMutator): one
 * mutation in two edits the program, not its bytes: it decodes the
 * input, makes one of the edits below, and encodes the program again.
 * The others are libFuzzer's own (LLVMFuzzerMutate).  Of all mutations,
 * 7 in 32 are near edits, one in 16 each of zeros, twin, fresh and
 * shape, and one in 32 a wrap.
 *
 * The edits insert ops where byte mutation rarely writes them (issue 16,
 * blind spots 3, 4 and 6), each at a random place:
 *   near   a put, get or delete of a key one unit apart from a key of the
 *          program (a string's byte, an element, a field, a float's sign:
 *          format/derive.h), sometimes after a put of that key; half the
 *          time the key's strings (the key, or strings inside it) are
 *          first made 32 to 63 bytes long, and that key put (Go's faststr
 *          lookup takes another path from 32 bytes; a prefix compare
 *          misses what differs late)
 *   zeros  a put of a key with a float set to +0, then an op on the same
 *          key with -0.0: equal keys of other bits
 *   twin   a put of an interface{} key, then an op on its named twin
 *          (int(1) and MInt(1)): equal bits, keys never equal
 *   fresh  an op on a fresh copy of a key (new string bytes and
 *          interface boxes: docs/FORMAT.md), half the time after a put of
 *          the key itself
 *   shape  a clear, len, range, or an iterator's start or step: ops on
 *          the whole map
 *   wrap   the key type K becomes [1]K or struct{ a K }, every key the
 *          same value in it: Go's compiler picks other hash and equality
 *          code for such types (a [1]string hashes as a string)
 * Keyed ops are fresh copies half the time, and every inserted op goes
 * a quarter of the time just after a put that grows the map (a guess
 * from the ops: mid-grow, where old buckets are still read), a quarter
 * just after a write, an eighth just after a delete (a tombstone before
 * a key).
 *
 * Deterministic: every choice comes from libFuzzer's seed.  AFL++ links
 * this file too but never calls it (LLVMFuzzerMutate is weak: absent
 * there).  $MAPDIFF_MUTATOR=0 leaves every mutation to libFuzzer (to
 * measure what this one adds: bench/RESULTS.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format/bits.h"
#include "format/derive.h"
#include "format/prog.h"
#include "run/result.h"

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max) __attribute__((weak));
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned int seed);

static md_prog mp;
static uint8_t kbuf[MD_MAX_CANON];
static uint8_t ebuf[1 << 20]; /* the program encoded, before it is known to fit */

static uint32_t draw(uint64_t *s)
{
	*s = md_mix(*s + 0x9e3779b97f4a7c15ULL);
	return (uint32_t)(*s >> 32);
}

/* A unit of key b of mp, copied into kbuf, into *u (a signed one when
 * sign: the last found if any): half the time the last (what a loop one
 * short misses), but any byte of a string key alike (a compare of its
 * first and last bytes misses the middle); the key's length, or -1. */
static int64_t key_unit(uint32_t b, bool sign, md_unit *u, uint64_t *s)
{
	const gotype *t = md_prog_keytype(&mp);
	uint32_t len = mp.keys[b].len, n;
	memcpy(kbuf, md_key_bytes(&mp, b), len);
	n = md_key_units(t, kbuf, len);
	bool last = t->kind != GO_STRING && draw(s) % 2;
	if (n == 0 || !md_key_unit(t, kbuf, len, last ? n - 1 : draw(s) % n, u))
		return -1;
	if (sign && !md_unit_has_sign(u) && !md_key_last_sign_unit(t, kbuf, len, u))
		return -1;
	return (int64_t)len;
}

/* Key b of mp with one unit changed into kbuf; its length, or -1. */
static int64_t near_key(uint32_t b, uint64_t *s)
{
	md_unit u;
	int64_t len = key_unit(b, false, &u, s);
	if (len < 0)
		return -1;
	if (u.kind == GO_BOOL)
		kbuf[u.off] ^= 1;
	else if (u.kind == GO_PTR || u.kind == GO_CHAN)
		kbuf[u.off] = (uint8_t)(kbuf[u.off] % 64 + 1), memset(kbuf + u.off + 1, 0, 3);
	else if (u.kind == GO_STRING)
		kbuf[u.off] = (uint8_t)(kbuf[u.off] + 1 + draw(s) % 255);
	else if (md_unit_has_sign(&u) && draw(s) % 2)
		md_unit_flip_sign(&u, draw(s) % 2, kbuf);
	else
		kbuf[u.off] ^= (uint8_t)(1u << (draw(s) % 8)); /* the low byte: a near value */
	return len;
}

/* Insert op o at position at (1 .. nops) of mp. */
static void insert_op(uint32_t at, const md_op *o)
{
	memmove(&mp.ops[at + 1], &mp.ops[at], (mp.nops - at) * sizeof mp.ops[0]);
	mp.ops[at] = *o;
	mp.nops++;
}

/* A keyed op on key k (a put, a put, a get or a delete), a fresh copy
 * half the time. */
static md_op keyed_op(int k, uint64_t *s)
{
	static const uint8_t codes[4] = {MD_OP_PUT, MD_OP_PUT, MD_OP_GET, MD_OP_DEL};
	md_op o = {.code = codes[draw(s) % 4], .target = (uint8_t)(draw(s) % 4 == 0), .key = (uint16_t)k};
	o.fresh = (uint8_t)(draw(s) % 2);
	o.val = md_prog_int64_vals(&mp) ? (int64_t)(draw(s) % 16) : 0;
	return o;
}

/* Whether a put that makes m's count n starts a grow of Go's classic map
 * from its smallest size (overLoadFactor: n > 8 and n > 6.5 * 2^B). */
static bool grows_at(uint32_t n)
{
	for (uint32_t b = 0; b < 12; b++)
		if (n == (b == 0 ? 9 : 13u * (1u << b) / 2 + 1))
			return true;
	return false;
}

/* The place just after a put that grows m (grows_at, counting distinct
 * key indices: a guess, no key compared), a random one of them; 0 when
 * there is none. */
static uint32_t after_grow(uint64_t *s)
{
	static uint8_t live[MD_MAX_KEYS];
	static uint32_t at[MD_MAX_OPS];
	uint32_t n = 0, nat = 0;
	memset(live, 0, mp.nkeys);
	for (uint32_t i = 1; i < mp.nops; i++) {
		const md_op *o = &mp.ops[i];
		if (o->target || o->key >= mp.nkeys) {
			continue;
		} else if ((o->code == MD_OP_PUT || o->code == MD_OP_ADD) && !live[o->key]) {
			live[o->key] = 1;
			if (grows_at(++n))
				at[nat++] = i + 1;
		} else if (o->code == MD_OP_DEL && live[o->key]) {
			live[o->key] = 0, n--;
		} else if (o->code == MD_OP_CLEAR) {
			memset(live, 0, mp.nkeys), n = 0;
		}
	}
	return nat ? at[draw(s) % nat] : 0;
}

/* Whether op o writes m: a put, add or (when del) a delete. */
static bool writes(const md_op *o, bool del)
{
	return o->code == MD_OP_DEL || (!del && (o->code == MD_OP_PUT || o->code == MD_OP_ADD));
}

/* A place for an op: 1 .. nops; a quarter of the time just after a put
 * that grows the map (where a grow is under way: after_grow), a quarter
 * just after a write at or after a random op, an eighth just after a
 * delete there (a tombstone before a key). */
static uint32_t place(uint64_t *s)
{
	uint32_t at = 1 + draw(s) % mp.nops, how = draw(s) % 8, g;
	if (how <= 1 && (g = after_grow(s)) > 0)
		return g;
	if (how <= 4)
		for (uint32_t i = at - 1; i < mp.nops; i++)
			if (writes(&mp.ops[i], how == 4))
				return i + 1;
	return at;
}

/* Insert, at a place (place), an op on key k after a put of key first
 * (none when first < 0); with fresh, the op on k is a fresh copy and the
 * put is not: 0, or -1 when k is not a key. */
static int insert_pair(int first, int k, bool fresh, uint64_t *s)
{
	if (k < 0)
		return -1;
	uint32_t at = place(s);
	md_op o = keyed_op(k, s);
	o.fresh |= fresh;
	insert_op(at, &o);
	if (first >= 0) {
		o.code = MD_OP_PUT;
		o.key = (uint16_t)first;
		o.fresh &= !fresh;
		insert_op(at, &o);
	}
	return 0;
}

/* Key b's one unit apart (near), sometimes after a put of b; half the
 * time b with its strings made 32 to 63 bytes long first (a new key, then
 * always put: md_key_long_strings), when it holds any. */
static int edit_near(uint32_t b, uint64_t *s)
{
	bool first = draw(s) % 2;
	if (draw(s) % 2) {
		uint32_t n = md_key_long_strings(md_prog_keytype(&mp), md_key_bytes(&mp, b), mp.keys[b].len,
						 32 + draw(s) % 32, kbuf, sizeof kbuf);
		int l = n ? md_prog_add_key(&mp, kbuf, n) : -1;
		if (l >= 0)
			b = (uint32_t)l, first = true;
	}
	int64_t len = near_key(b, s);
	int k = len < 0 ? -1 : md_prog_add_key(&mp, kbuf, (uint32_t)len);
	return insert_pair(first ? (int)b : -1, k, false, s);
}

/* Key b with a float set to +0, then the same with -0.0 (zeros). */
static int edit_zeros(uint32_t b, uint64_t *s)
{
	md_unit u;
	bool imag = draw(s) % 2;
	int64_t len = key_unit(b, true, &u, s);
	if (len < 0)
		return -1;
	md_unit_set_zero(&u, imag, kbuf);
	int pos = md_prog_add_key(&mp, kbuf, (uint32_t)len);
	md_unit_flip_sign(&u, imag, kbuf);
	return pos < 0 ? -1 : insert_pair(pos, md_prog_add_key(&mp, kbuf, (uint32_t)len), false, s);
}

/* Key b, then its named twin (twin). */
static int edit_twin(uint32_t b, uint64_t *s)
{
	uint32_t n = md_type_twin(md_prog_keytype(&mp), md_key_bytes(&mp, b), mp.keys[b].len, kbuf, sizeof kbuf);
	return n == 0 ? -1 : insert_pair((int)b, md_prog_add_key(&mp, kbuf, n), false, s);
}

/* A fresh copy of key b, half the time after a put of b (fresh). */
static int edit_fresh(uint32_t b, uint64_t *s)
{
	return insert_pair(draw(s) % 2 ? (int)b : -1, (int)b, true, s);
}

/* An op on the whole map (shape). */
static int edit_shape(uint64_t *s)
{
	static const uint8_t codes[8] = {MD_OP_CLEAR, MD_OP_CLEAR, MD_OP_CLEAR, MD_OP_LEN,
					 MD_OP_RANGE, MD_OP_ITER, MD_OP_NEXT, MD_OP_NEXT};
	md_op o = {.code = codes[draw(s) % 8], .target = (uint8_t)(draw(s) % 4 == 0)};
	o.key = (uint16_t)(draw(s) % MD_MAX_ITERS); /* an iterator's slot */
	insert_op(place(s), &o);
	return 0;
}

/* The key type K made [1]K or struct{ a K } (wrap): the canonical bytes
 * of a key stay, but for a string's length, which a string inside a
 * composite carries (docs/TYPES.md, "Canonical values"). */
static int edit_wrap(uint64_t *s)
{
	static gotypes arena;
	static const char *const names[1] = {"a"};
	const gotype *k = md_prog_keytype(&mp), *w;
	gotypes_reset(&arena);
	w = draw(s) % 2 ? gotype_array(&arena, k, 1) : gotype_struct(&arena, 1, names, &k);
	bool str = k->kind == GO_STRING;
	if (!w || !md_prog_set_keytype(&mp, w))
		return -1;
	if (!str)
		return 0;
	for (uint32_t i = 0; i < mp.nkeys; i++) {
		uint32_t len = mp.keys[i].len;
		md_put_le(kbuf, len, 4);
		memcpy(kbuf + 4, md_key_bytes(&mp, i), len);
		int j = md_prog_add_key(&mp, kbuf, len + 4);
		if (j < 0)
			return -1;
		mp.keys[i] = mp.keys[j];
		mp.nkeys--;
	}
	return 0;
}

/* One edit of the program data[0..size): the new size, or 0. */
static size_t edit(uint8_t *data, size_t size, size_t max, uint64_t *s)
{
	md_decode(data, size, &mp);
	if (mp.nkeys == 0 || mp.nkeys + 2 > MD_MAX_KEYS || mp.nops + 2 > MD_MAX_OPS)
		return 0;
	uint32_t b = draw(s) % mp.nkeys;
	int rc;
	switch (draw(s) % 16) { /* of all mutations: half of these */
	case 0: case 1: rc = edit_zeros(b, s); break;
	case 2: case 3: rc = edit_twin(b, s); break;
	case 4: case 5: rc = edit_fresh(b, s); break;
	case 6: case 7: rc = edit_shape(s); break;
	case 8: rc = edit_wrap(s); break;
	default: rc = edit_near(b, s); break;
	}
	size_t n = rc < 0 ? 0 : md_encode(&mp, ebuf, sizeof ebuf);
	if (n == 0 || n > max)
		return 0;
	memcpy(data, ebuf, n);
	return n;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned int seed)
{
	static int on = -1;
	uint64_t s = seed;
	size_t n = 0;
	if (on < 0)
		on = !(getenv("MAPDIFF_MUTATOR") && strcmp(getenv("MAPDIFF_MUTATOR"), "0") == 0);
	if (on && draw(&s) % 2)
		n = edit(data, size, max, &s);
	if (n > 0)
		return n;
	return LLVMFuzzerMutate ? LLVMFuzzerMutate(data, size, max) : size;
}
