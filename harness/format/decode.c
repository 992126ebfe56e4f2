/*
 * decode.c: bytes -> program (md_decode).
 *
 * The decoder is total: every byte string is a program.  A read past the
 * end yields zero bytes, the op stream stops at the end of the input or at
 * MD_MAX_OPS, and every byte value means something.  docs/FORMAT.md tells
 * the format; this file is its reference (encode.c writes it back).
 */
#include "format/prog.h"
#include "run/result.h"

#include <string.h>

#include "port.h"
#include "format/codec.h"
#include "format/bits.h"
#include "format/derive.h"
#include "format/keyindex.h"
#include "format/types.h"
#include "format/wire.h"

typedef struct reader {
	const uint8_t *b;
	size_t n, i;
	uint8_t npool;                /* pool keys as the header counts them */
	uint32_t pool_inv;            /* 65536 / npool + 1 (pool_index) */
	uint16_t pool[MD_MAX_POOL];   /* their key indexes (equal ones share one) */
	bool no_clone;                /* md_decode_opts: a clone is an alias */
	const gotype *kt, *vt;        /* the key and value types, from the header */
} reader;

static bool rd_more(const reader *r) { return r->i < r->n; }

static uint8_t rd_byte(reader *r)
{
	return r->i < r->n ? r->b[r->i++] : 0;
}

static void rd_bytes(reader *r, uint8_t *out, size_t k)
{
	if (k <= r->n - r->i) { /* all there: one copy */
		memcpy(out, r->b + r->i, k);
		r->i += k;
		return;
	}
	for (size_t j = 0; j < k; j++)
		out[j] = rd_byte(r);
}

static uint64_t rd_u64le(reader *r)
{
	uint8_t b[8];
	rd_bytes(r, b, 8);
	uint64_t v = 0;
	for (int j = 7; j >= 0; j--)
		v = v << 8 | b[j];
	return v;
}

/* Zigzag LEB128, at most 10 bytes. */
static int64_t rd_varint(reader *r)
{
	uint64_t u = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		uint8_t c = rd_byte(r);
		u |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			break;
	}
	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

static const int64_t absurd_hints[30] = {
	INT64_MIN, INT64_MAX, 1LL << 62, -(1LL << 62), 1LL << 50, 1LL << 56,
	1LL << 60, 1LL << 61, INT64_MAX - 1, INT64_MIN + 1, -4096, -65536,
	4095, 2048, 1000, 3328, 9, 13, 14, 26, 27, 52, 53,
	104, 105, 208, 209, 416, 417, 832,
};

bool md_hint_runnable(int64_t h)
{
	return h <= MD_HINT_REAL_MAX || h >= MD_HINT_ABSURD_MIN;
}

static int64_t rd_hint(reader *r)
{
	uint8_t h = rd_byte(r);
	if (h < 0x80)
		return h;
	if (h < 0xC0)
		return ((int64_t)(h & 0x3f) + 1) * 64;
	if (h < 0xE0)
		return -((int64_t)(h & 0x1f) + 1);
	if (h < 0xFE)
		return absurd_hints[h - 0xE0];
	if (h == 0xFE) { /* a big real hint, up to 2^16 */
		uint32_t b0 = rd_byte(r), b1 = rd_byte(r), b2 = rd_byte(r);
		return (int64_t)((b0 | b1 << 8 | b2 << 16) % (MD_HINT_REAL_MAX + 1));
	}
	int64_t v = (int64_t)rd_u64le(r);
	return v <= MD_HINT_FOLD || v >= MD_HINT_ABSURD_MIN ? v : (v & MD_HINT_FOLD);
}

static const uint64_t f64_specials[32] = {
	0x0000000000000000ULL, 0x8000000000000000ULL, 0x7ff8000000000001ULL,
	0x7ff0000000000000ULL, 0xfff0000000000000ULL, 0x7ff8000000000000ULL,
	0xfff8000000000001ULL, 0x7ff0000000000001ULL, 0x7fefffffffffffffULL,
	0xffefffffffffffffULL, 0x0000000000000001ULL, 0x8000000000000001ULL,
	0x3fb999999999999aULL, 0xbfb999999999999aULL, 0x7e37e43c8800759cULL,
	0x01a56e1fc2f8f359ULL, 0x4340000000000000ULL, 0x4340000000000001ULL,
	0x43e0000000000000ULL, 0xc3e0000000000000ULL, 0x43f0000000000000ULL,
	0x3fd5555555555555ULL, 0x400921fb54442d18ULL, 0x4005bf0a8b145769ULL,
	0x4202a05f20000000ULL, 0xc202a05f20000000ULL, 0x40f0000800000000ULL,
	0x0010000000000000ULL, 0x3fe0000000000000ULL, 0xbfe0000000000000ULL,
	0x3ff0000000000000ULL, 0xbff0000000000000ULL,
};

static const uint32_t f32_specials[32] = {
	0x00000000U, 0x80000000U, 0x7fc00000U, 0x7f800000U, 0xff800000U,
	0x7fc00001U, 0xffc00000U, 0x7f800001U, 0x7f7fffffU, 0xff7fffffU,
	0x00000001U, 0x80000001U, 0x3dcccccdU, 0xbdcccccdU, 0x7149f2caU,
	0x0da24260U, 0x4b800000U, 0x4b800001U, 0x4f000000U, 0xcf000000U,
	0x4f800000U, 0x3eaaaaabU, 0x40490fdbU, 0x402df854U, 0x501502f9U,
	0xd01502f9U, 0x47800040U, 0x00800000U, 0x3f000000U, 0xbf000000U,
	0x3f800000U, 0xbf800000U,
};

/* One float literal of `size` bytes (4 or 8) into out. */
static void rd_float(reader *r, uint8_t *out, int size)
{
	uint8_t t = rd_byte(r);
	if (t >= 0xE0) {
		rd_bytes(r, out, (size_t)size);
		return;
	}
	if (t >= 0xC0) {
		uint64_t bits = size == 8 ? f64_specials[t - 0xC0] : f32_specials[t - 0xC0];
		md_put_le(out, bits, size);
		return;
	}
	double d = t < 0xA0 ? (double)((int)t - 0x50) : (double)((int)t - 0xA0 - 16) + 0.5;
	if (size == 8) {
		memcpy(out, &d, 8);
	} else {
		float f = (float)d;
		memcpy(out, &f, 4);
	}
}

/* One string literal into out; returns its length. */
static uint32_t rd_string(reader *r, uint8_t *out)
{
	uint8_t t = rd_byte(r);
	uint32_t len = t & 63;
	if (t >= 0xF8) {
		uint32_t lo = rd_byte(r), hi = rd_byte(r);
		len = (lo | hi << 8) % (MD_MAX_STR + 1);
	}
	rd_bytes(r, out, len);
	return len;
}

/* One key literal of kind k into out (canonical form); returns its length. */
static uint32_t rd_key(reader *r, int k, uint8_t *out)
{
	uint32_t size = gotype_scalars[k].size;
	switch (k) {
	case GO_BOOL:
		out[0] = rd_byte(r) & 1;
		return 1;
	case GO_FLOAT32:
	case GO_FLOAT64:
		rd_float(r, out, (int)size);
		return size;
	case GO_COMPLEX64:
	case GO_COMPLEX128:
		rd_float(r, out, (int)size / 2);
		rd_float(r, out + size / 2, (int)size / 2);
		return size;
	case GO_STRING:
		return rd_string(r, out);
	default: { /* integers */
		uint8_t t = rd_byte(r);
		if (t >= 0xE0)
			rd_bytes(r, out, size);
		else
			md_put_le(out, (uint64_t)(int64_t)((int)t - 0x70), (int)size);
		return size;
	}
	}
}

/* ---- composite key literals (docs/TYPES.md "Canonical values") ---- */

static gotypes dec_types; /* the key type of the program being decoded */
gotypes md_dyn_types; /* its interface keys' dynamic types */

/* A literal's canonical bytes (over: it outgrew MD_MAX_CANON, so it
 * becomes the zero value) and how many interfaces hold the value read. */
typedef struct kwriter {
	gocwr c;
	int nest;
} kwriter;

static void kw_put(kwriter *w, const void *b, size_t k)
{
	gocwr_put(&w->c, b, k);
}

bool md_dyn_full(void)
{
	return md_dyn_types.nt > DYN_MAX_TYPES || md_dyn_types.nf > DYN_MAX_FIELDS ||
	       md_dyn_types.nn > DYN_MAX_NAMES;
}

static void rd_val(reader *r, const gotype *t, bool top, kwriter *w);

/* interface {}: a dynamic type's descriptor (interface {}: nil), then its
 * value; interface { M() } is followed by rd_ifacem's byte: a named type
 * (MInt next to int) or nil. */
static void rd_iface(reader *r, kwriter *w)
{
	uint8_t d[MD_MAX_DESC];
	if (w->nest >= DYN_MAX_NEST) {
		kw_put(w, "\0", 1);
		return;
	}
	const gotype *dt = gotype_decode(&md_dyn_types, r->b, r->n, &r->i, false);
	size_t dn = gotype_encode(dt, d, sizeof d);
	if (dt->kind == GO_IFACE) {
		uint8_t head[3] = {1, GODESC_IFACE, rd_byte(r) % (GONAMED_N + 1)};
		kw_put(w, head[2] ? head : head + 2, head[2] ? 3 : 1);
		if (head[2] == 0)
			return;
		w->nest++;
		rd_val(r, gotype_named(head[2] - 1u), false, w);
		w->nest--;
		return;
	}
	if (dt->kind == GO_EFACE || dn == 0 || md_dyn_full()) {
		kw_put(w, "\0", 1);
		return;
	}
	kw_put(w, "\1", 1);
	kw_put(w, d, dn);
	w->nest++;
	rd_val(r, dt, false, w);
	w->nest--;
}

/* interface { M() }: a byte picking nil (0) or a named type (gotype_named,
 * 1 + its index, modulo GONAMED_N + 1), then its value. */
static void rd_ifacem(reader *r, kwriter *w)
{
	if (w->nest >= DYN_MAX_NEST) {
		kw_put(w, "\0", 1);
		return;
	}
	uint8_t tag = rd_byte(r) % (GONAMED_N + 1);
	kw_put(w, &tag, 1);
	if (tag == 0)
		return;
	w->nest++;
	rd_val(r, gotype_named(tag - 1u), false, w);
	w->nest--;
}

static void rd_val(reader *r, const gotype *t, bool top, kwriter *w)
{
	uint8_t buf[MD_MAX_STR];
	if (w->c.over || (t->size == 0 && t->kind != GO_STRING))
		return; /* zero-size types have empty canonical bytes */
	switch (t->kind) {
	case GO_ARRAY:
		for (uint32_t i = 0; i < t->len && !w->c.over; i++)
			rd_val(r, t->elem, false, w);
		return;
	case GO_STRUCT:
		for (uint32_t i = 0; i < t->nfields; i++)
			if (strcmp(t->fields[i].name, "_") != 0)
				rd_val(r, t->fields[i].type, false, w);
		return;
	case GO_EFACE: rd_iface(r, w); return;
	case GO_IFACE: rd_ifacem(r, w); return;
	case GO_PTR: case GO_CHAN: gocwr_u32(&w->c, rd_byte(r) % (GOOBJ_MAX + 1)); return;
	case GO_SLICE: {
		uint32_t n = rd_byte(r);
		gocwr_u32(&w->c, n);
		for (uint32_t i = 0; i < n && !w->c.over; i++)
			rd_val(r, t->elem, false, w);
		return;
	}
	case GO_MAP: case GO_FUNC: return;
	default: {
		uint32_t len = rd_key(r, (int)t->kind, buf);
		if (t->kind == GO_STRING && !top)
			gocwr_u32(&w->c, len);
		kw_put(w, buf, len);
	}
	}
}

/* A composite key literal of type t into out (MD_MAX_CANON bytes). */
static uint32_t rd_composite(reader *r, const gotype *t, uint8_t *out)
{
	kwriter w = {{out, 0, MD_MAX_CANON, false}, 0};
	rd_val(r, t, true, &w);
	if (!w.c.over)
		return (uint32_t)w.c.n;
	size_t len = 0;
	gocanon_zero(t, true, out, MD_MAX_CANON, &len);
	return (uint32_t)len;
}

/* Read a key literal into the key table; returns its index (0 when the
 * table is full). */
static uint16_t rd_key_entry(reader *r, md_prog *p)
{
	static uint8_t buf[MD_MAX_CANON];
	uint32_t len;
	if (md_prog_composite(p))
		len = rd_composite(r, r->kt, buf);
	else
		len = rd_key(r, p->keykind, buf);
	int i = md_keyindex_intern(p, buf, len);
	return (uint16_t)(i < 0 ? 0 : i);
}

/* Unit u of buf changed from r's bytes: a string's byte to another byte
 * (old + 1 + b % 255), an object number to b % (GOOBJ_MAX + 1), a float
 * or complex leaf's sign flipped or, after a byte from 0x80, a key literal
 * of its kind, another scalar leaf to a key literal of its kind. */
static void rd_unit_change(reader *r, const md_unit *u, uint8_t *buf)
{
	uint8_t leaf[GOCRD_LEAF_MAX];
	if (md_unit_has_sign(u)) {
		uint8_t b = rd_byte(r); /* below 0x80 a sign flip (a complex number's real part below 0x40) */
		if (b < 0x80) {
			md_unit_flip_sign(u, b >= 0x40, buf);
			return;
		}
	}
	if (u->kind == GO_STRING) {
		buf[u->off] = (uint8_t)(buf[u->off] + 1 + rd_byte(r) % 255);
		return;
	}
	if (u->kind == GO_PTR || u->kind == GO_CHAN) {
		md_put_le(buf + u->off, rd_byte(r) % (GOOBJ_MAX + 1), 4);
		return;
	}
	if (rd_key(r, u->kind, leaf) == u->size)
		memcpy(buf + u->off, leaf, u->size);
}

/* A derived key (docs/FORMAT.md "Derived keys"): a byte j picks the key
 * j back from the newest of the key table, a byte w the unit w back from
 * its last, and that unit changes (rd_unit_change).  With no key yet, a
 * literal; a key with no unit is itself. */
static uint16_t rd_derived(reader *r, md_prog *p)
{
	static uint8_t buf[MD_MAX_CANON];
	uint8_t j = rd_byte(r);
	if (p->nkeys == 0)
		return rd_key_entry(r, p);
	uint32_t base = p->nkeys - 1 - j % p->nkeys, len = p->keys[base].len;
	const gotype *t = r->kt;
	memcpy(buf, md_key_bytes(p, base), len);
	uint32_t n = md_key_units(t, buf, len);
	uint8_t w = rd_byte(r);
	md_unit u;
	if (n == 0 || !md_key_unit(t, buf, len, n - 1 - w % n, &u))
		return (uint16_t)base;
	rd_unit_change(r, &u, buf);
	int i = md_keyindex_intern(p, buf, len);
	return (uint16_t)(i < 0 ? (int)base : i);
}

/* k % npool without a division: q = k * (65536 / npool + 1) >> 16 is
 * k / npool exactly for every k below 256 and npool up to 16 (the error,
 * k * (inv * npool - 65536) / npool, stays under 65536 / npool). */
static uint32_t pool_index(const reader *r, uint8_t k)
{
	uint32_t q = (uint32_t)k * r->pool_inv >> 16;
	return k - q * r->npool;
}

/* Key operand: a pool key, a derived key, or a literal. */
static uint16_t rd_key_operand(reader *r, md_prog *p)
{
	uint8_t k = rd_byte(r);
	if (r->npool > 0 && k < 0xE0)
		return r->pool[pool_index(r, k)];
	if (k >= MD_KEY_DERIVED && k < MD_KEY_DERIVED + 16 && p->version >= 2)
		return rd_derived(r, p);
	return rd_key_entry(r, p);
}

/* ---- values of a value type other than int64 ---- */

static int32_t derived_val[0xC0]; /* value index of derived value b, or -1 */

/* A value literal of p's value type read from r into the value table;
 * its index (0, the zero value, when the table is full). */
static uint32_t rd_val_entry(reader *r, md_prog *p)
{
	static uint8_t buf[MD_MAX_CANON];
	uint32_t len = rd_composite(r, r->vt, buf);
	int i = md_prog_add_val(p, buf, len);
	return i < 0 ? 0 : (uint32_t)i;
}

/* Value operand: a byte below 0xC0 names a value derived from that byte
 * alone (read from a fixed pseudo-random stream, so that small programs
 * get varied values of any size); 0xC0 and up: a literal follows. */
static uint32_t rd_val_operand(reader *r, md_prog *p)
{
	uint8_t b = rd_byte(r);
	if (b >= 0xC0)
		return rd_val_entry(r, p);
	if (derived_val[b] < 0) {
		uint8_t stream[48];
		for (int j = 0; j < 48; j += 8) {
			uint64_t x = md_mix((uint64_t)b * 0x9e3779b97f4a7c15ULL + (uint64_t)j);
			memcpy(stream + j, &x, 8);
		}
		stream[0] = b; /* the first leaf follows b: 0, 1, 2, ... */
		reader sr = {.b = stream, .n = sizeof stream, .kt = r->kt, .vt = r->vt};
		derived_val[b] = (int32_t)rd_val_entry(&sr, p);
	}
	return (uint32_t)derived_val[b];
}

static bool is_iter_byte(const md_prog *p, uint8_t c)
{
	return p->version >= 2 && (c & 0x60) == 0x60;
}

/* Format 2: the alias byte (low 4 bits 14) with bit 5 set (and bit 6
 * clear: not an iterator op) is a clone. */
static bool is_clone_byte(const md_prog *p, uint8_t c)
{
	return p->version >= 2 && md_op_table[c & 15] == MD_OP_ALIAS && (c & 0x20);
}

static void rd_op(reader *r, md_prog *p, md_op *op)
{
	uint8_t c = rd_byte(r);
	memset(op, 0, sizeof *op);
	if (is_iter_byte(p, c)) {
		op->code = md_iter_table[c & 7];
		op->key = (uint16_t)(((c >> 3) & 1) | ((c >> 6) & 2));
		op->target = (c >> 4) & 1;
		return;
	}
	op->code = is_clone_byte(p, c) && !r->no_clone ? MD_OP_CLONE : md_op_table[c & 15];
	op->target = (c >> 4) & 1;
	op->fresh = p->version >= 2 && md_op_has_key(op->code) && (c & 0x80);
	switch (op->code) {
	case MD_OP_PUT:
	case MD_OP_ADD:
		op->key = rd_key_operand(r, p);
		if (md_prog_int64_vals(p)) {
			op->val = rd_varint(r);
			break;
		}
		op->val = rd_val_operand(r, p);
		if (!md_kind_integer(p->valkind))
			op->code = MD_OP_PUT; /* += exists for integer values only */
		break;
	case MD_OP_GET:
	case MD_OP_DEL:
		op->key = rd_key_operand(r, p);
		break;
	case MD_OP_MAKE:
		if (rd_byte(r) & 1) {
			op->code = MD_OP_MAKEHINT;
			op->val = rd_hint(r);
		}
		break;
	default:
		break;
	}
}

/* The key kind o allows for a key type read from b[from..to) (to may be
 * past the input's n bytes: a read past the end reads zeros, hashed as no
 * bytes): kind itself when allowed (or o allows any), else one of o's
 * kinds, picked by the FNV-1a hash of those bytes. */
static int allowed_kind(const md_decode_opts *o, int kind, const uint8_t *b, size_t n, size_t from, size_t to)
{
	if (!o || !o->keykinds || (kind < GO_NSCALAR && (o->keykinds >> kind & 1)))
		return kind;
	uint32_t h = 2166136261u;
	for (size_t j = from; j < to && j < n; j++)
		h = (h ^ b[j]) * 16777619u;
	int nk = __builtin_popcount(o->keykinds), pick = (int)(h % (uint32_t)nk);
	for (int k = 0; k < GO_NSCALAR; k++)
		if ((o->keykinds >> k & 1) && pick-- == 0)
			return k;
	return kind; /* o names no scalar kind: left as it is */
}

void md_decode(const uint8_t *b, size_t n, md_prog *p)
{
	md_decode_with(b, n, p, NULL);
}

void md_decode_with(const uint8_t *b, size_t n, md_prog *p, const md_decode_opts *o)
{
	reader r = {.b = b, .n = n, .no_clone = o && o->no_clone};
	md_keyindex_reset(n); /* the key table starts anew */
	/* version: 1 decodes as format 1; every other value as the latest */
	uint8_t version = rd_byte(&r) == 1 ? 1 : MD_FORMAT_VERSION;
	size_t from = r.i;
	if (version == 1) {
		int k = rd_byte(&r) % GO_NSCALAR;
		md_prog_init(p, allowed_kind(o, k, r.b, r.n, from, r.i));
	} else { /* a type descriptor: a byte below 17 is that scalar */
		gotypes_reset(&dec_types);
		const gotype *kt = gotype_decode(&dec_types, r.b, r.n, &r.i, true);
		int k = allowed_kind(o, (int)kt->kind, r.b, r.n, from, r.i);
		md_prog_init(p, k < GO_NSCALAR ? k : GO_INT64);
		if (k >= GO_NSCALAR)
			md_prog_set_keytype(p, kt);
		gotypes_reset(&md_dyn_types);
	}
	p->version = version;
	/* value type: int64 in format 1; in format 2 a byte of 0x80 and up
	 * is followed by the value type's descriptor */
	if (rd_byte(&r) >= 0x80 && version >= 2) {
		static gotypes val_types;
		gotypes_reset(&val_types);
		const gotype *vt = gotype_decode(&val_types, r.b, r.n, &r.i, true);
		if ((o && o->int64_vals) || !md_prog_set_valtype(p, vt))
			md_prog_set_valtype(p, &gotype_scalars[GO_INT64]);
	}
	r.kt = md_prog_keytype(p);
	r.vt = md_prog_valtype(p);
	if (!md_prog_int64_vals(p)) /* and the value table (int64 values have none) */
		for (int j = 0; j < 0xC0; j++)
			derived_val[j] = -1;
	uint8_t start = rd_byte(&r) % 3;
	p->ops[0].code = start == 0 ? MD_OP_NIL : start == 1 ? MD_OP_MAKE : MD_OP_MAKEHINT;
	if (start == 2)
		p->ops[0].val = rd_hint(&r);
	uint32_t seed = 0;
	for (int j = 0; j < 4; j++)
		seed |= (uint32_t)rd_byte(&r) << (8 * j);
	p->seed = seed;
	if (version >= 2) {
		uint8_t h = rd_byte(&r); /* hash mode: 0xC0 and up is weak hashing */
		p->hashbits = h >= 0xC0 ? (uint8_t)((h & 7) + 1) : 0;
	}
	r.npool = rd_byte(&r) % (MD_MAX_POOL + 1);
	for (int j = 0; j < r.npool; j++)
		r.pool[j] = rd_key_entry(&r, p);
	p->npool = (uint8_t)p->nkeys; /* the distinct pool keys */
	r.pool_inv = r.npool ? 65536u / r.npool + 1 : 0;
	while (rd_more(&r) && p->nops < MD_MAX_OPS)
		rd_op(&r, p, &p->ops[p->nops++]);
}
