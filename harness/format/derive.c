/*
 * derive.c: the units of a key, for the binary form's derived keys
 * (docs/FORMAT.md "Derived keys"): a key one unit apart from another of
 * the program.  A unit is one byte of a string, or one other leaf (a
 * number, a bool, a pointer's or channel's object), anywhere in the key,
 * interfaces' dynamic values included; the walk is the one of codec.h.
 * Also the other near keys the custom mutator makes (fuzz/mutator.c): a
 * float's zero of either sign, an interface's named twin.
 */
#include "format/derive.h"

#include <string.h>

#include "format/bits.h"
#include "format/codec.h"

typedef struct unitw {
	uint32_t count;  /* units seen so far */
	uint32_t target; /* the unit wanted (UINT32_MAX: only count) */
	md_unit *u;
	bool found;
	bool last_sign; /* want the last unit with a sign instead */
} unitw;

static bool kind_has_sign(int kind)
{
	return kind == GO_FLOAT32 || kind == GO_FLOAT64 || kind == GO_COMPLEX64 || kind == GO_COMPLEX128;
}

static void take(unitw *w, size_t off, uint32_t size, int kind)
{
	if (w->count == w->target || (w->last_sign && kind_has_sign(kind))) {
		w->u->off = off;
		w->u->size = size;
		w->u->kind = kind;
		w->found = true;
	}
	w->count++;
}

static bool unit_pre(void *ctx, gonode *n, gocrd *r)
{
	unitw *w = ctx;
	int k = (int)n->t->kind;
	if (!r->ok)
		return false;
	if (k == GO_STRING) {
		if (w->target >= w->count && w->target - w->count < n->len) {
			uint32_t k0 = w->count;
			w->count = w->target;
			take(w, (size_t)(n->bytes - r->c) + (w->target - k0), 1, GO_STRING);
			w->count = k0;
		}
		w->count += n->len;
		return true;
	}
	if (k == GO_PTR || k == GO_CHAN)
		take(w, n->off, 4, k);
	else if (k < GO_NSCALAR)
		take(w, n->off, n->t->size, k);
	return true;
}

/* Walk c[0..len) of type t: the units, and unit `target` (with
 * last_sign, the last unit with a sign) into *u. */
static uint32_t walk_units(const gotype *t, const uint8_t *c, uint32_t len, uint32_t target, bool last_sign, md_unit *u,
			   bool *found)
{
	static gotypes types; /* dynamic types of interfaces, per walk */
	md_unit none;
	unitw w = {0, target, u ? u : &none, false, last_sign};
	govisitor v = {unit_pre, NULL, &w, false};
	gocrd r = gocrd_make(c, len, &types);
	gotypes_reset(&types);
	gocanon_walk(t, true, &r, &v);
	if (found)
		*found = w.found && r.ok;
	return r.ok ? w.count : 0;
}

bool md_unit_has_sign(const md_unit *u)
{
	return kind_has_sign(u->kind);
}

void md_unit_flip_sign(const md_unit *u, bool imag, uint8_t *c)
{
	bool complex = u->kind == GO_COMPLEX64 || u->kind == GO_COMPLEX128;
	uint32_t top = complex && !imag ? u->size / 2 - 1 : u->size - 1; /* little-endian: a part's last byte */
	c[u->off + top] ^= 0x80;
}

void md_unit_set_zero(const md_unit *u, bool imag, uint8_t *c)
{
	bool complex = u->kind == GO_COMPLEX64 || u->kind == GO_COMPLEX128;
	uint32_t part = complex ? u->size / 2 : u->size;
	memset(c + u->off + (complex && imag ? part : 0), 0, part);
}

uint32_t md_type_twin(const gotype *t, const uint8_t *c, uint32_t len, uint8_t *out, uint32_t cap)
{
	/* interface{}: 01, a scalar's descriptor (its kind k), its value;
	 * its named twin: 01, 25 (interface { M() }), 1 + k, the same value */
	if (t->kind != GO_EFACE || len < 2 || c[0] != 1)
		return 0;
	if (c[1] < GO_NSCALAR && len + 1 <= cap) {
		out[0] = 1, out[1] = 25, out[2] = (uint8_t)(c[1] + 1);
		memcpy(out + 3, c + 2, len - 2);
		return len + 1;
	}
	if (c[1] == 25 && len >= 3 && c[2] >= 1 && c[2] <= GO_NSCALAR) {
		out[0] = 1, out[1] = (uint8_t)(c[2] - 1);
		memcpy(out + 2, c + 3, len - 3);
		return len - 1;
	}
	return 0;
}

uint32_t md_key_units(const gotype *t, const uint8_t *c, uint32_t len)
{
	return walk_units(t, c, len, UINT32_MAX, false, NULL, NULL);
}

bool md_key_unit(const gotype *t, const uint8_t *c, uint32_t len, uint32_t i, md_unit *u)
{
	bool found;
	walk_units(t, c, len, i, false, u, &found);
	return found;
}

bool md_key_last_sign_unit(const gotype *t, const uint8_t *c, uint32_t len, md_unit *u)
{
	bool found;
	walk_units(t, c, len, UINT32_MAX, true, u, &found);
	return found;
}

/* ---- a key with its strings made long (the custom mutator's near edit) ---- */

#define LONG_MAX_STRINGS 64

typedef struct strw {
	uint32_t n;                       /* strings seen */
	uint32_t off[LONG_MAX_STRINGS];   /* where each string's bytes start */
	uint32_t len[LONG_MAX_STRINGS];
	bool top;                         /* the key is a string: no length prefix */
} strw;

static bool str_pre(void *ctx, gonode *n, gocrd *r)
{
	strw *w = ctx;
	if (!r->ok)
		return false;
	if (n->t->kind != GO_STRING)
		return true;
	if (w->n == LONG_MAX_STRINGS)
		return false;
	w->off[w->n] = (uint32_t)(n->bytes - r->c);
	w->len[w->n++] = n->len;
	w->top |= n->top;
	return true;
}

/* s[0..len) over again (or 'a's when empty) as n bytes into out. */
static void repeat(const uint8_t *s, uint32_t len, uint32_t n, uint8_t *out)
{
	for (uint32_t i = 0; i < n; i++)
		out[i] = len ? s[i % len] : 'a';
}

uint32_t md_key_long_strings(const gotype *t, const uint8_t *c, uint32_t len, uint32_t n, uint8_t *out, uint32_t cap)
{
	static gotypes types;
	strw w = {0};
	govisitor v = {str_pre, NULL, &w, false};
	gocrd r = gocrd_make(c, len, &types);
	gotypes_reset(&types);
	if (!gocanon_walk(t, true, &r, &v) || !gocrd_done(&r) || w.n == 0)
		return 0;
	uint32_t at = 0, pos = 0, pre = w.top ? 0 : 4;
	for (uint32_t i = 0; i < w.n; i++) {
		uint32_t head = w.off[i] - pre; /* the string's length prefix, if any */
		if ((uint64_t)at + (head - pos) + pre + n > cap)
			return 0;
		memcpy(out + at, c + pos, head - pos);
		at += head - pos;
		if (pre)
			md_put_le(out + at, n, 4), at += 4;
		repeat(c + w.off[i], w.len[i], n, out + at);
		at += n;
		pos = w.off[i] + w.len[i];
	}
	if (at + (len - pos) > cap)
		return 0;
	memcpy(out + at, c + pos, len - pos);
	return at + (len - pos);
}
