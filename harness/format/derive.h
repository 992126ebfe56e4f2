/*
 * derive.h: the units of a key's canonical bytes, for derived keys in the
 * binary form (decode.c; docs/FORMAT.md "Derived keys").
 */
#ifndef MAPDIFF_DERIVE_H
#define MAPDIFF_DERIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format/types.h"

/* One unit of a key: where its bytes are in the canonical bytes, how
 * many (1 for a string's byte, 4 for an object number, else the leaf's
 * size) and its kind (GO_STRING: one byte of a string; GO_PTR, GO_CHAN:
 * an object number; else a scalar leaf of that kind). */
typedef struct md_unit {
	size_t off;
	uint32_t size;
	int kind;
} md_unit;

/* How many units the key c[0..len) of type t has (0 when malformed). */
uint32_t md_key_units(const gotype *t, const uint8_t *c, uint32_t len);

/* Unit i of the key c[0..len) of type t into *u; false when it has none. */
bool md_key_unit(const gotype *t, const uint8_t *c, uint32_t len, uint32_t i, md_unit *u);

/* The last unit with a sign (md_unit_has_sign) of the key c[0..len) of
 * type t into *u, in one walk; false when it has none. */
bool md_key_last_sign_unit(const gotype *t, const uint8_t *c, uint32_t len, md_unit *u);

/* The key c[0..len) of type t with every string in it (the key itself,
 * or its leaves: arrays, structs, interfaces' values) made n bytes long,
 * its bytes over again ('a's for an empty one), into out[0..cap): its
 * length; 0 when it holds no string (or more than 64), or out is short. */
uint32_t md_key_long_strings(const gotype *t, const uint8_t *c, uint32_t len, uint32_t n, uint8_t *out, uint32_t cap);

/* Whether unit u is a float or a complex number: a leaf with a sign. */
bool md_unit_has_sign(const md_unit *u);

/* Flips the sign of u in c (0 and -0.0, x and -x: keys equal or near-equal
 * to the base that literals rarely make); of a complex number's imaginary
 * part if imag, else of its real part.  u has a sign (md_unit_has_sign). */
void md_unit_flip_sign(const md_unit *u, bool imag, uint8_t *c);

/* Sets the real part of u (the imaginary part if imag) to +0.  u has a
 * sign (md_unit_has_sign). */
void md_unit_set_zero(const md_unit *u, bool imag, uint8_t *c);

/* The key c[0..len) of type t with its dynamic type swapped for its twin:
 * an interface{} holding a scalar of kind k (int(1)) and one holding the
 * named type of kind k (MInt(1): docs/TYPES.md "Named types"), one way or
 * the other, equal in every byte of the value but never equal as keys.
 * Writes it to out[0..cap) and returns its length; 0 when t is not
 * interface{} or c holds neither. */
uint32_t md_type_twin(const gotype *t, const uint8_t *c, uint32_t len, uint8_t *out, uint32_t cap);

#endif
