/* canon.c: Go's == on canonical keys (see canon.h). */
#include "run/canon.h"

#include <string.h>

#include "port.h"
#include "format/types.h"
#include "run/result.h"

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
		if (size == 4 ? f32_at(x) == 0 : f64_at(x) == 0)
			memset(x, 0, (size_t)size); /* -0 == +0 */
	}
	return md_key_hash(norm, len);
}

/* ---- composite keys: a walk that copies the canonical bytes with every
 * float -0 made +0 and notes NaNs; two keys are == when neither holds a
 * NaN and their copies are the same bytes. ---- */

typedef struct nwalk {
	const uint8_t *c;
	size_t n, i;
	uint8_t *o;
	size_t on, ocap;
	bool nan, ok;
} nwalk;

static gotypes norm_types; /* dynamic types, per walk */

static const uint8_t *nw_take(nwalk *w, size_t k)
{
	if (!w->ok || w->n - w->i < k || w->ocap - w->on < k) {
		w->ok = false;
		return NULL;
	}
	memcpy(w->o + w->on, w->c + w->i, k);
	w->i += k;
	w->on += k;
	return w->o + w->on - k;
}

static uint32_t nw_u32(nwalk *w)
{
	const uint8_t *b = nw_take(w, 4);
	return b ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24 : 0;
}

static void nw_float(nwalk *w, int size)
{
	uint8_t *x = (uint8_t *)nw_take(w, (size_t)size);
	if (x == NULL)
		return;
	if (part_is_nan(size, x))
		w->nan = true;
	else if (size == 4 ? f32_at(x) == 0 : f64_at(x) == 0)
		memset(x, 0, (size_t)size); /* -0 == +0 */
}

static void nw_val(nwalk *w, const gotype *t, bool top);

static void nw_iface(nwalk *w)
{
	const uint8_t *tag = nw_take(w, 1);
	if (tag == NULL || *tag == 0)
		return;
	size_t pos = w->i;
	const gotype *dt = gotype_decode(&norm_types, w->c, w->n, &pos, false);
	if (pos > w->n) {
		w->ok = false;
		return;
	}
	nw_take(w, pos - w->i);
	if (dt->kind == GO_IFACE)
		nw_iface(w); /* read through, as gocanon_to_native */
	else
		nw_val(w, dt, false);
}

/* interface { M() }: 0 for nil, else 1 + a named type's index, the value. */
static void nw_ifacem(nwalk *w)
{
	const uint8_t *tag = nw_take(w, 1);
	if (tag == NULL || *tag == 0)
		return;
	const gotype *dt = gotype_named(*tag - 1u);
	if (dt == NULL)
		w->ok = false;
	else
		nw_val(w, dt, false);
}

static void nw_val(nwalk *w, const gotype *t, bool top)
{
	int size;
	if (!w->ok)
		return;
	if (t->kind < GO_NSCALAR && float_parts((int)t->kind, &size) > 0) {
		for (int j = float_parts((int)t->kind, &size); j > 0; j--)
			nw_float(w, size);
		return;
	}
	switch (t->kind) {
	case GO_STRING: nw_take(w, top ? w->n - w->i : nw_u32(w)); return;
	case GO_ARRAY:
		if (t->size == 0)
			return;
		for (uint32_t i = 0; i < t->len && w->ok; i++)
			nw_val(w, t->elem, false);
		return;
	case GO_STRUCT:
		for (uint32_t i = 0; i < t->nfields; i++)
			if (strcmp(t->fields[i].name, "_") != 0)
				nw_val(w, t->fields[i].type, false);
		return;
	case GO_EFACE: nw_iface(w); return;
	case GO_IFACE: nw_ifacem(w); return;
	case GO_PTR: case GO_CHAN: nw_take(w, 4); return;
	case GO_SLICE:
		for (uint32_t i = 0, n = nw_u32(w); i < n && w->ok; i++)
			nw_val(w, t->elem, false);
		return;
	case GO_MAP: case GO_FUNC: return;
	default: nw_take(w, t->size); return;
	}
}

static uint8_t norm_a[MD_MAX_CANON], norm_b[MD_MAX_CANON];

/* Normalize key k of p into out; false when malformed (then compared as is). */
static bool normalize(const md_prog *p, const uint8_t *k, uint32_t len, uint8_t *out, size_t *on, bool *nan)
{
	nwalk w = {k, len, 0, out, 0, MD_MAX_CANON, false, true};
	gotypes_reset(&norm_types);
	nw_val(&w, md_prog_keytype(p), true);
	*on = w.on;
	*nan = w.nan;
	return w.ok && w.i == len;
}

bool md_canon_equal(const md_prog *p, const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen)
{
	if (!md_prog_composite(p))
		return scalar_equal(p->keykind, a, alen, b, blen);
	size_t an, bn;
	bool anan, bnan;
	if (!normalize(p, a, alen, norm_a, &an, &anan) || !normalize(p, b, blen, norm_b, &bn, &bnan))
		return alen == blen && memcmp(a, b, alen) == 0;
	return !anan && !bnan && an == bn && memcmp(norm_a, norm_b, an) == 0;
}

bool md_canon_has_nan(const md_prog *p, const uint8_t *k, uint32_t len)
{
	if (!md_prog_composite(p))
		return scalar_has_nan(p->keykind, k, len);
	size_t n;
	bool nan;
	return normalize(p, k, len, norm_a, &n, &nan) && nan;
}

uint64_t md_canon_norm_hash(const md_prog *p, const uint8_t *k, uint32_t len)
{
	if (!md_prog_composite(p))
		return scalar_norm_hash(p->keykind, k, len);
	size_t n;
	bool nan;
	if (!normalize(p, k, len, norm_a, &n, &nan))
		return md_key_hash(k, len);
	return md_key_hash(norm_a, (uint32_t)n);
}

bool md_canon_needkeyupdate(const md_prog *p)
{
	return gotype_needkeyupdate(md_prog_keytype(p));
}
