/*
 * bits.h: little-endian integers and IEEE floats in canonical bytes.
 *
 * Canonical bytes (docs/TYPES.md) hold every scalar little-endian, a
 * float as its bits; every reader and writer of them uses these.
 */
#ifndef MAPDIFF_BITS_H
#define MAPDIFF_BITS_H

#include <stdint.h>
#include <string.h>

/* The size-byte little-endian integer at s. */
static inline uint64_t md_get_le(const uint8_t *s, int size)
{
	uint64_t v = 0;
	for (int j = size - 1; j >= 0; j--)
		v = v << 8 | s[j];
	return v;
}

/* v as size little-endian bytes at out. */
static inline void md_put_le(uint8_t *out, uint64_t v, int size)
{
	for (int j = 0; j < size; j++)
		out[j] = (uint8_t)(v >> (8 * j));
}

static inline double md_f64_of_bits(uint64_t b)
{
	double d;
	memcpy(&d, &b, 8);
	return d;
}

static inline uint64_t md_bits_of_f64(double d)
{
	uint64_t b;
	memcpy(&b, &d, 8);
	return b;
}

static inline float md_f32_of_bits(uint32_t b)
{
	float f;
	memcpy(&f, &b, 4);
	return f;
}

static inline uint32_t md_bits_of_f32(float f)
{
	uint32_t b;
	memcpy(&b, &f, 4);
	return b;
}

/* The float64 / float32 whose canonical bytes are at k. */
static inline double md_f64_at(const uint8_t *k) { return md_f64_of_bits(md_get_le(k, 8)); }
static inline float md_f32_at(const uint8_t *k) { return md_f32_of_bits((uint32_t)md_get_le(k, 4)); }

#endif
