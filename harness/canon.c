/* canon.c: Go's == on canonical keys (see canon.h). */
#include "canon.h"

#include <string.h>

#include "../impl/port.h"
#include "result.h"

static double f64_at(const uint8_t *k)
{
	double d;
	memcpy(&d, k, 8);
	return d;
}

static float f32_at(const uint8_t *k)
{
	float f;
	memcpy(&f, k, 4);
	return f;
}

/* Number of float parts of a kind and their size; 0 parts for non-floats. */
static int float_parts(int kind, int *size)
{
	switch (kind) {
	case GO_FLOAT32: *size = 4; return 1;
	case GO_FLOAT64: *size = 8; return 1;
	case GO_COMPLEX64: *size = 4; return 2;
	case GO_COMPLEX128: *size = 8; return 2;
	default: *size = 0; return 0;
	}
}

static bool part_equal(int size, const uint8_t *a, const uint8_t *b)
{
	return size == 4 ? f32_at(a) == f32_at(b) : f64_at(a) == f64_at(b);
}

static bool part_is_nan(int size, const uint8_t *k)
{
	return size == 4 ? f32_at(k) != f32_at(k) : f64_at(k) != f64_at(k);
}

bool md_canon_equal(int kind, const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen)
{
	int size, parts = float_parts(kind, &size);
	if (alen != blen)
		return false;
	if (parts == 0)
		return memcmp(a, b, alen) == 0;
	for (int j = 0; j < parts; j++)
		if (!part_equal(size, a + j * size, b + j * size))
			return false;
	return true;
}

bool md_canon_has_nan(int kind, const uint8_t *k, uint32_t len)
{
	(void)len;
	int size, parts = float_parts(kind, &size);
	for (int j = 0; j < parts; j++)
		if (part_is_nan(size, k + j * size))
			return true;
	return false;
}

uint64_t md_canon_norm_hash(int kind, const uint8_t *k, uint32_t len)
{
	int size, parts = float_parts(kind, &size);
	uint8_t norm[16];
	if (parts == 0 || len > sizeof norm)
		return md_key_hash(k, len);
	memcpy(norm, k, len);
	for (int j = 0; j < parts; j++) {
		uint8_t *x = norm + j * size;
		if (size == 4 ? f32_at(x) == 0 : f64_at(x) == 0)
			memset(x, 0, (size_t)size); /* -0 == +0 */
	}
	return md_key_hash(norm, len);
}

bool md_canon_needkeyupdate(int kind)
{
	int size;
	return float_parts(kind, &size) > 0 || kind == GO_STRING;
}
