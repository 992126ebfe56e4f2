/*
 * canon.h: Go's == on keys in canonical form (see prog.h).
 *
 * The spec checker keeps its own picture of each map, so it needs Go's key
 * equality without any port: floats compare as numbers (+0 == -0, NaN is
 * never equal), complex numbers part by part, everything else by bits.
 * A key type that adds float fields (composites, interfaces) extends
 * md_canon_equal and md_canon_norm_hash together.
 */
#ifndef MAPDIFF_CANON_H
#define MAPDIFF_CANON_H

#include <stdbool.h>
#include <stdint.h>

#include "format/prog.h"

/* a == b for keys of p's key type. */
bool md_canon_equal(const md_prog *p, const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen);

/* Whether the key can never equal anything (it holds a NaN). */
bool md_canon_has_nan(const md_prog *p, const uint8_t *k, uint32_t len);

/* A hash on which equal keys agree (-0 hashes as +0). */
uint64_t md_canon_norm_hash(const md_prog *p, const uint8_t *k, uint32_t len);

/* Whether an overwrite also replaces the stored key (Go's needkeyupdate). */
bool md_canon_needkeyupdate(const md_prog *p);

#endif
