/*
 * keyindex.c: the decoder's index of its key table by canonical bytes
 * (keyindex.h).  Not the format: how a key already read is found again,
 * so the fuzz targets do not instrument it for coverage
 * (harness/fuzz/uninstrumented.txt): its loops and probes would only feed
 * the fuzzer features of the input's length and of hash collisions.
 */
#include "format/keyindex.h"

#include <string.h>

#include "run/result.h"

/* The key table's index by canonical bytes: slot -> key index, open
 * addressing.  A slot is in use when its generation is the decode's: a new
 * decode empties the index by moving to the next generation, not by
 * clearing 64 KiB. */
#define KEYHASH_BITS 13
#define KEYHASH_SLOTS (1u << KEYHASH_BITS) /* a power of two above MD_MAX_KEYS */
static struct {
	uint32_t gen;
	int32_t key;
} keyhash[KEYHASH_SLOTS];
static uint32_t keyhash_gen;

static uint32_t keyhash_mask; /* slots in use this decode, less one */

/* Empties the index for an input of n bytes: the next generation (every
 * slot cleared when the counter wraps, so that an old slot can never look
 * current), and only as many slots as its keys can fill twice over (each
 * key after the pool takes a byte), so that a short input's index stays
 * in the first level of the cache. */
void md_keyindex_reset(size_t n)
{
	if (++keyhash_gen == 0) {
		memset(keyhash, 0, sizeof keyhash);
		keyhash_gen = 1;
	}
	size_t need = 2 * (n + MD_MAX_POOL + 1);
	keyhash_mask = 63;
	while (keyhash_mask + 1 < need && keyhash_mask + 1 < KEYHASH_SLOTS)
		keyhash_mask = keyhash_mask << 1 | 1;
}

/* The first slot of canonical bytes b[0..len) in the index: any hash
 * serves here (md_key_hash is the one the sides' digests share); one
 * multiply for a key of up to 8 bytes, every scalar key but strings and
 * complex128. */
static uint32_t keyhash_slot(const uint8_t *b, uint32_t len)
{
	if (len > 8)
		return (uint32_t)md_key_hash(b, len) & keyhash_mask;
	uint64_t w = len;
	if (len == 8) /* int64, uint64, float64, complex64: one load */
		memcpy(&w, b, 8);
	else
		for (uint32_t j = 0; j < len; j++)
			w = w << 8 | b[j];
	return (uint32_t)((w * 0x9e3779b97f4a7c15ULL) >> (64 - KEYHASH_BITS)) & keyhash_mask;
}

/* Whether a[0..len) and b[0..len) are the same bytes: an 8-byte key (the
 * most common) by one comparison, not a call. */
static bool same_bytes(const uint8_t *a, const uint8_t *b, uint32_t len)
{
	if (len != 8)
		return memcmp(a, b, len) == 0;
	uint64_t x, y;
	memcpy(&x, a, 8);
	memcpy(&y, b, 8);
	return x == y;
}

/* The index of the key with canonical bytes b[0..len): the key already in
 * the table with these bytes (as the text form interns keys: one key, one
 * copy, unless an op asks for a fresh one), else a new entry; -1 when the
 * table is full. */
int md_keyindex_intern(md_prog *p, const uint8_t *b, uint32_t len)
{
	uint32_t s = keyhash_slot(b, len);
	for (; keyhash[s].gen == keyhash_gen; s = (s + 1) & keyhash_mask) {
		uint32_t i = (uint32_t)keyhash[s].key;
		if (p->keys[i].len == len && same_bytes(md_key_bytes(p, i), b, len))
			return (int)i;
	}
	int i = md_prog_add_key(p, b, len);
	if (i >= 0) {
		keyhash[s].gen = keyhash_gen;
		keyhash[s].key = i;
	}
	return i;
}
