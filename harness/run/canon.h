/*
 * canon.h: Go's == on keys in canonical form (see prog.h).
 *
 * The spec checker keeps its own picture of each map, so it needs Go's key
 * equality without any port: floats compare as numbers (+0 == -0, NaN is
 * never equal), complex numbers part by part, everything else by bits.
 * md_canon_form_of owns the rule; md_canon_equal, md_canon_has_nan and
 * md_canon_norm_hash answer from a key's form.
 */
#ifndef MAPDIFF_CANON_H
#define MAPDIFF_CANON_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "format/prog.h"

/* a == b for keys of p's key type. */
bool md_canon_equal(const md_prog *p, const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen);

/* Whether the key can never equal anything (it holds a NaN). */
bool md_canon_has_nan(const md_prog *p, const uint8_t *k, uint32_t len);

/* A hash on which equal keys agree (-0 hashes as +0). */
uint64_t md_canon_norm_hash(const md_prog *p, const uint8_t *k, uint32_t len);

/* A key's == form: its canonical bytes with every float -0 made +0.  Two
 * keys are == when both are well formed (ok), neither holds a NaN, and
 * their forms are the same bytes (md_canon_same); a malformed key is
 * compared by its bits.  hash is md_canon_norm_hash's.  One walk of the
 * key, where md_canon_equal walks both keys on every call. */
typedef struct md_canon_form {
	const uint8_t *raw, *norm; /* the key, its form */
	uint32_t len;
	uint64_t hash;
	bool nan, ok; /* nan: it holds a NaN (never when malformed) */
} md_canon_form;

/* The form of key k[0..len) of p into *f, its bytes into out[0..len)
 * (MD_MAX_CANON bytes at most: a longer key is malformed). */
void md_canon_form_of(const md_prog *p, const uint8_t *k, uint32_t len, uint8_t *out, md_canon_form *f);

/* a == b, from their forms (md_canon_equal's answer). */
static inline bool md_canon_same(const md_canon_form *a, const md_canon_form *b)
{
	if (!a->ok || !b->ok)
		return a->len == b->len && memcmp(a->raw, b->raw, a->len) == 0;
	return !a->nan && !b->nan && a->hash == b->hash && a->len == b->len && memcmp(a->norm, b->norm, a->len) == 0;
}

/* Whether an overwrite also replaces the stored key (Go's needkeyupdate). */
bool md_canon_needkeyupdate(const md_prog *p);

#endif
