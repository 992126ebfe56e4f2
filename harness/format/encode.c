/*
 * encode.c: program -> bytes (md_encode): the plainest bytes md_decode
 * reads back as the program (raw literals, no pool tricks); 0 when a key
 * or value has no literal the decoder reads back.
 */
#include "format/prog.h"

#include <string.h>

#include "port.h"
#include "format/codec.h"
#include "format/types.h"
#include "format/wire.h"

typedef struct writer {
	uint8_t *b;
	size_t cap, n;
} writer;

static void wr_byte(writer *w, uint8_t c)
{
	if (w->n < w->cap)
		w->b[w->n] = c;
	w->n++;
}

static void wr_bytes(writer *w, const uint8_t *s, size_t k)
{
	for (size_t j = 0; j < k; j++)
		wr_byte(w, s[j]);
}

static void wr_u64le(writer *w, uint64_t v)
{
	for (int j = 0; j < 8; j++)
		wr_byte(w, (uint8_t)(v >> (8 * j)));
}

static void wr_varint(writer *w, int64_t v)
{
	uint64_t u = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
	while (u >= 0x80) {
		wr_byte(w, (uint8_t)(u | 0x80));
		u >>= 7;
	}
	wr_byte(w, (uint8_t)u);
}

static void wr_hint(writer *w, int64_t h)
{
	if (h >= 0 && h < 0x80) {
		wr_byte(w, (uint8_t)h);
		return;
	}
	if (h >= 0 && h <= MD_HINT_REAL_MAX) {
		wr_byte(w, 0xFE);
		for (int j = 0; j < 3; j++)
			wr_byte(w, (uint8_t)(h >> (8 * j)));
		return;
	}
	wr_byte(w, 0xFF);
	wr_u64le(w, (uint64_t)h);
}

/* A string literal (0xF8 form when long). */
static void wr_strlit(writer *w, const uint8_t *s, uint32_t len)
{
	if (len <= 63) {
		wr_byte(w, (uint8_t)len);
	} else {
		wr_byte(w, 0xFF);
		wr_byte(w, (uint8_t)len);
		wr_byte(w, (uint8_t)(len >> 8));
	}
	wr_bytes(w, s, len);
}

/* A string literal in a composite: false when too long. */
static bool wr_string(writer *w, const uint8_t *s, uint32_t len)
{
	if (len > MD_MAX_STR)
		return false;
	wr_strlit(w, s, len);
	return true;
}

/* A scalar leaf of kind k (not string) in raw form. */
static void wr_scalar(writer *w, int k, const uint8_t *s, uint32_t size)
{
	if (k == GO_BOOL) {
		wr_byte(w, s[0] & 1);
	} else if (k == GO_COMPLEX64 || k == GO_COMPLEX128) {
		wr_byte(w, 0xFF);
		wr_bytes(w, s, size / 2);
		wr_byte(w, 0xFF);
		wr_bytes(w, s + size / 2, size / 2);
	} else {
		wr_byte(w, 0xFF);
		wr_bytes(w, s, size);
	}
}

/* A scalar key literal in raw form. */
static void wr_key(writer *w, const md_prog *p, uint32_t i)
{
	const uint8_t *s = md_key_bytes(p, i);
	uint32_t len = p->keys[i].len;
	if (p->keykind == GO_STRING)
		wr_strlit(w, s, len);
	else
		wr_scalar(w, p->keykind, s, len);
}

/* interface {}: rd_iface's descriptor (interface {} for nil; for a named
 * type interface { M() } and its tag), then the value; false when rd_iface
 * would not read it back. */
static bool wr_iface(writer *w, const gonode *n)
{
	if (n->through)
		return false; /* rd_iface makes an interface dynamic type nil */
	if (n->dyn == NULL) {
		if (n->nest < DYN_MAX_NEST) /* rd_iface reads no descriptor there */
			wr_byte(w, GODESC_EFACE);
		return true;
	}
	bool named = gotype_named_index(n->dyn) >= 0; /* GODESC_IFACE, its tag: no arena */
	if (n->nest >= DYN_MAX_NEST || (!named && md_dyn_full()))
		return false;
	wr_bytes(w, n->desc, n->desclen);
	return true;
}

/* interface { M() }: rd_ifacem's tag byte, then the value. */
static bool wr_ifacem(writer *w, const gonode *n)
{
	if (n->nest >= DYN_MAX_NEST)
		return n->dyn == NULL;
	wr_byte(w, n->dyn ? (uint8_t)(gotype_named_index(n->dyn) + 1) : 0);
	return true;
}

/* The literal bytes rd_val reads back as the canonical value n. */
static bool wr_pre(void *ctx, gonode *n, gocrd *r)
{
	writer *w = ctx;
	if (!r->ok)
		return false;
	switch (n->t->kind) {
	case GO_ARRAY: case GO_STRUCT: case GO_MAP: case GO_FUNC: return true;
	case GO_EFACE: return wr_iface(w, n);
	case GO_IFACE: return wr_ifacem(w, n);
	case GO_PTR: case GO_CHAN:
		wr_byte(w, (uint8_t)n->len);
		return n->len <= GOOBJ_MAX;
	case GO_SLICE:
		wr_byte(w, (uint8_t)n->len);
		return n->len <= 0xFF;
	case GO_STRING: return wr_string(w, n->bytes, n->len);
	default:
		wr_scalar(w, (int)n->t->kind, n->bytes, n->t->size);
		return true;
	}
}

/* Canonical bytes c[0..len) of type t as a literal; false when the decoder
 * cannot read them back. */
static bool wr_val(writer *w, const gotype *t, const uint8_t *c, uint32_t len)
{
	govisitor v = {wr_pre, NULL, w, false};
	gocrd r = gocrd_make(c, len, &md_dyn_types);
	return gocanon_walk(t, true, &r, &v) && gocrd_done(&r) && len <= MD_MAX_CANON;
}

/* A composite key literal; false when the decoder cannot read it back. */
static bool wr_composite(writer *w, const md_prog *p, uint32_t i)
{
	return wr_val(w, md_prog_keytype(p), md_key_bytes(p, i), p->keys[i].len);
}

/* A value operand, always as a literal (0xC0, then the value). */
static bool wr_val_operand(writer *w, const md_prog *p, int64_t i)
{
	uint32_t len;
	const uint8_t *c = md_val_bytes(p, (uint32_t)i, &len);
	wr_byte(w, 0xC0);
	return wr_val(w, md_prog_valtype(p), c, len);
}

static bool wr_key_operand(writer *w, const md_prog *p, uint16_t key)
{
	if (key < p->npool) {
		wr_byte(w, (uint8_t)key);
		return true;
	}
	wr_byte(w, 0xFF);
	if (md_prog_composite(p))
		return wr_composite(w, p, key);
	wr_key(w, p, key);
	return true;
}

/* The op byte: the first op_table slot holding code, plus the target bit. */
static uint8_t op_byte(int code, int target)
{
	if (code == MD_OP_CLONE) /* the alias byte with bit 5 set */
		return (uint8_t)(op_byte(MD_OP_ALIAS, target) | 0x20);
	if (code == MD_OP_MAKEHINT)
		code = MD_OP_MAKE;
	int slot = 0;
	while (slot < 15 && md_op_table[slot] != code)
		slot++;
	return (uint8_t)(slot | (target & 1) << 4);
}

static uint8_t iter_byte(const md_op *op)
{
	int k = 0;
	while (k < 7 && md_iter_table[k] != op->code)
		k++;
	return (uint8_t)(0x60 | k | (op->key & 1) << 3 | (op->key & 2) << 6 | (op->target & 1) << 4);
}

static bool wr_op(writer *w, const md_prog *p, const md_op *op)
{
	if (md_op_is_iter(op->code)) {
		wr_byte(w, iter_byte(op));
		return true;
	}
	wr_byte(w, (uint8_t)(op_byte(op->code, op->target) | (md_op_fresh(op) ? 0x80 : 0)));
	bool ok = true;
	switch (op->code) {
	case MD_OP_PUT:
	case MD_OP_ADD:
		ok = wr_key_operand(w, p, op->key);
		if (md_prog_int64_vals(p))
			wr_varint(w, op->val);
		else
			ok = wr_val_operand(w, p, op->val) && ok;
		break;
	case MD_OP_GET:
	case MD_OP_DEL:
		ok = wr_key_operand(w, p, op->key);
		break;
	case MD_OP_MAKE:
		wr_byte(w, 0);
		break;
	case MD_OP_MAKEHINT:
		wr_byte(w, 1);
		wr_hint(w, op->val);
		break;
	default:
		break;
	}
	return ok;
}

/* The header's key type: its descriptor (a scalar's is its kind). */
static void wr_keytype(writer *w, const md_prog *p)
{
	if (md_prog_composite(p))
		wr_bytes(w, p->keydesc, p->keydesclen < MD_MAX_DESC ? p->keydesclen : MD_MAX_DESC);
	else
		wr_byte(w, p->keykind);
}

size_t md_encode(const md_prog *p, uint8_t *out, size_t cap)
{
	writer w = {out, cap, 0};
	bool ok = true;
	gotypes_reset(&md_dyn_types);
	wr_byte(&w, MD_FORMAT_VERSION);
	wr_keytype(&w, p);
	if (md_prog_int64_vals(p)) {
		wr_byte(&w, 0);
	} else {
		wr_byte(&w, 0x80);
		wr_bytes(&w, p->valdesc, p->valdesclen < MD_MAX_DESC ? p->valdesclen : MD_MAX_DESC);
	}
	const md_op *start = &p->ops[0];
	wr_byte(&w, start->code == MD_OP_NIL ? 0 : start->code == MD_OP_MAKE ? 1 : 2);
	if (start->code == MD_OP_MAKEHINT)
		wr_hint(&w, start->val);
	for (int j = 0; j < 4; j++)
		wr_byte(&w, (uint8_t)(p->seed >> (8 * j)));
	wr_byte(&w, p->hashbits ? (uint8_t)(0xC0 | ((p->hashbits - 1) & 7)) : 0);
	wr_byte(&w, p->npool);
	for (uint32_t j = 0; j < p->npool; j++) {
		if (md_prog_composite(p))
			ok = wr_composite(&w, p, j) && ok;
		else
			wr_key(&w, p, j);
	}
	for (uint32_t j = 1; j < p->nops; j++)
		ok = wr_op(&w, p, &p->ops[j]) && ok;
	return ok && w.n <= cap ? w.n : 0;
}
