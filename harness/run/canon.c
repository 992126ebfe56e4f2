/* canon.c: Go's == on canonical keys (see canon.h). */
#include "run/canon.h"

#include <string.h>

#include "port.h"
#include "format/codec.h"
#include "format/bits.h"
#include "format/types.h"
#include "run/result.h"

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
	return size == 4 ? md_f32_at(a) == md_f32_at(b) : md_f64_at(a) == md_f64_at(b);
}

static bool part_is_nan(int size, const uint8_t *k)
{
	return size == 4 ? md_f32_at(k) != md_f32_at(k) : md_f64_at(k) != md_f64_at(k);
}

static bool scalar_equal(int kind, const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen)
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

static bool scalar_has_nan(int kind, const uint8_t *k, uint32_t len)
{
	(void)len;
	int size, parts = float_parts(kind, &size);
	for (int j = 0; j < parts; j++)
		if (part_is_nan(size, k + j * size))
			return true;
	return false;
}

static uint64_t scalar_norm_hash(int kind, const uint8_t *k, uint32_t len)
{
	int size, parts = float_parts(kind, &size);
	uint8_t norm[16];
	if (parts == 0 || len > sizeof norm)
		return md_key_hash(k, len);
	memcpy(norm, k, len);
	for (int j = 0; j < parts; j++) {
		uint8_t *x = norm + j * size;
		if (size == 4 ? md_f32_at(x) == 0 : md_f64_at(x) == 0)
			memset(x, 0, (size_t)size); /* -0 == +0 */
	}
	return md_key_hash(norm, len);
}

/* ---- composite keys: a copy of the canonical bytes with every float -0
 * made +0, noting NaNs; two keys are == when neither holds a NaN and
 * their copies are the same bytes. ---- */

typedef struct normw {
	uint8_t *o; /* the copy */
	bool nan;
} normw;

static gotypes norm_types; /* dynamic types, per walk */

static bool norm_pre(void *ctx, gonode *n, gocrd *r)
{
	normw *w = ctx;
	int size, parts = n->t->kind < GO_NSCALAR ? float_parts((int)n->t->kind, &size) : 0;
	if (!r->ok)
		return false;
	for (int j = 0; j < parts; j++) {
		uint8_t *x = w->o + n->off + (size_t)(j * size);
		if (part_is_nan(size, x))
			w->nan = true;
		else if (size == 4 ? md_f32_at(x) == 0 : md_f64_at(x) == 0)
			memset(x, 0, (size_t)size); /* -0 == +0 */
	}
	return true;
}

static uint8_t norm_a[MD_MAX_CANON], norm_b[MD_MAX_CANON];

/* Normalize key k of p into out (k's length); false when malformed (then
 * compared as is). */
static bool normalize(const md_prog *p, const uint8_t *k, uint32_t len, uint8_t *out, bool *nan)
{
	normw w = {out, false};
	govisitor v = {norm_pre, NULL, &w, false};
	gocrd r = gocrd_make(k, len, &norm_types);
	if (len > MD_MAX_CANON)
		return false;
	memcpy(out, k, len);
	gotypes_reset(&norm_types);
	gocanon_walk(md_prog_keytype(p), true, &r, &v);
	*nan = w.nan;
	return gocrd_done(&r);
}

bool md_canon_equal(const md_prog *p, const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen)
{
	if (!md_prog_composite(p))
		return scalar_equal(p->keykind, a, alen, b, blen);
	bool anan, bnan;
	if (!normalize(p, a, alen, norm_a, &anan) || !normalize(p, b, blen, norm_b, &bnan))
		return alen == blen && memcmp(a, b, alen) == 0;
	return !anan && !bnan && alen == blen && memcmp(norm_a, norm_b, alen) == 0;
}

bool md_canon_has_nan(const md_prog *p, const uint8_t *k, uint32_t len)
{
	if (!md_prog_composite(p))
		return scalar_has_nan(p->keykind, k, len);
	bool nan;
	return normalize(p, k, len, norm_a, &nan) && nan;
}

uint64_t md_canon_norm_hash(const md_prog *p, const uint8_t *k, uint32_t len)
{
	if (!md_prog_composite(p))
		return scalar_norm_hash(p->keykind, k, len);
	bool nan;
	if (!normalize(p, k, len, norm_a, &nan))
		return md_key_hash(k, len);
	return md_key_hash(norm_a, len);
}

/* A scalar key's form: -0 made +0, NaN noted (scalar_norm_hash's rule). */
static void scalar_form(int kind, const uint8_t *k, uint32_t len, uint8_t *out, bool *nan)
{
	int size, parts = float_parts(kind, &size);
	memcpy(out, k, len);
	*nan = false;
	for (int j = 0; j < parts && (uint32_t)((j + 1) * size) <= len; j++) {
		uint8_t *x = out + j * size;
		if (part_is_nan(size, x))
			*nan = true;
		else if (size == 4 ? md_f32_at(x) == 0 : md_f64_at(x) == 0)
			memset(x, 0, (size_t)size);
	}
}

void md_canon_form_of(const md_prog *p, const uint8_t *k, uint32_t len, uint8_t *out, md_canon_form *f)
{
	*f = (md_canon_form){.raw = k, .norm = out, .len = len, .ok = len <= MD_MAX_CANON};
	if (!f->ok)
		f->norm = k;
	else if (!md_prog_composite(p))
		scalar_form(p->keykind, k, len, out, &f->nan);
	else if (!normalize(p, k, len, out, &f->nan))
		f->ok = false, f->nan = false, f->norm = k;
	f->hash = md_key_hash(f->norm, len);
}

bool md_canon_needkeyupdate(const md_prog *p)
{
	return gotype_needkeyupdate(md_prog_keytype(p));
}
