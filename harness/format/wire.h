/*
 * wire.h: what the binary form's decoder (decode.c) and encoder
 * (encode.c) share; not for other users (they include prog.h).
 */
#ifndef MAPDIFF_WIRE_H
#define MAPDIFF_WIRE_H

#include <stdbool.h>
#include <stdint.h>

#include "port.h"

/* Hints mapdiff never runs: real allocations too big to make on both
 * sides.  The text form accepts hints up to MD_HINT_REAL_MAX; the binary
 * form keeps real hints to 4096 and below (a map made with a big hint is
 * cheap to make but every range walks all its buckets), folding raw hints. */
#define MD_HINT_REAL_MAX (1LL << 16)
#define MD_HINT_ABSURD_MIN (1LL << 50)
#define MD_HINT_FOLD 0xFFF

/* Dynamic types of interface keys: once the arena is this full, an
 * interface literal is nil, so that an executor decoding the same
 * descriptors (never more than the decoder did) never fills its own. */
#define DYN_MAX_TYPES (GOTYPES_MAX / 2)
#define DYN_MAX_FIELDS (GOFIELDS_MAX / 2)
#define DYN_MAX_NAMES (GONAMES_MAX * 3 / 8)
#define DYN_MAX_NEST 3 /* interfaces inside interfaces */

extern gotypes md_dyn_types; /* a program's interface keys' dynamic types (decode.c) */
bool md_dyn_full(void);

/* A key operand byte in [MD_KEY_DERIVED, MD_KEY_DERIVED + 16) is a
 * derived key (format 2): a key of the program with one unit changed
 * (decode.c rd_derived).  The encoder writes literals as 0xFF. */
#define MD_KEY_DERIVED 0xE0

/* The op byte's low 4 bits, and an iterator op byte's low 3 (ops.c). */
extern const uint8_t md_op_table[16];
extern const uint8_t md_iter_table[8];

#endif
