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

static bool part_is_nan(int size, const uint8_t *k)
{
	return size == 4 ? md_f32_at(k) != md_f32_at(k) : md_f64_at(k) != md_f64_at(k);
}

/* The == form of a scalar leaf of kind k at x (len bytes there): a float
 * part's -0 made +0, *nan set when a part is a NaN; other kinds as they are. */
static void leaf_form(int kind, uint8_t *x, uint32_t len, bool *nan)
{
	int size, parts = kind < GO_NSCALAR ? float_parts(kind, &size) : 0;
	for (int j = 0; j < parts && (uint32_t)((j + 1) * size) <= len; j++) {
		uint8_t *y = x + j * size;
		if (part_is_nan(size, y))
			*nan = true;
		else if (size == 4 ? md_f32_at(y) == 0 : md_f64_at(y) == 0)
			memset(y, 0, (size_t)size); /* -0 == +0 */
	}
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
	if (!r->ok)
		return false;
	leaf_form((int)n->t->kind, w->o + n->off, (uint32_t)n->t->size, &w->nan);
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

void md_canon_form_of(const md_prog *p, const uint8_t *k, uint32_t len, uint8_t *out, md_canon_form *f)
{
	*f = (md_canon_form){.raw = k, .norm = out, .len = len, .ok = len <= MD_MAX_CANON};
	if (!f->ok) {
		f->norm = k;
	} else if (!md_prog_composite(p)) {
		memcpy(out, k, len);
		leaf_form(p->keykind, out, len, &f->nan);
	} else if (!normalize(p, k, len, out, &f->nan)) {
		f->ok = false, f->nan = false, f->norm = k;
	}
	f->hash = md_key_hash(f->norm, len);
}

bool md_canon_equal(const md_prog *p, const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen)
{
	md_canon_form fa, fb;
	md_canon_form_of(p, a, alen, norm_a, &fa);
	md_canon_form_of(p, b, blen, norm_b, &fb);
	return md_canon_same(&fa, &fb);
}

bool md_canon_has_nan(const md_prog *p, const uint8_t *k, uint32_t len)
{
	md_canon_form f;
	md_canon_form_of(p, k, len, norm_a, &f);
	return f.nan;
}

uint64_t md_canon_norm_hash(const md_prog *p, const uint8_t *k, uint32_t len)
{
	md_canon_form f;
	md_canon_form_of(p, k, len, norm_a, &f);
	return f.hash;
}

bool md_canon_needkeyupdate(const md_prog *p)
{
	return gotype_needkeyupdate(md_prog_keytype(p));
}
