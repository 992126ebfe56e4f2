/*
 * decode.c: bytes -> program, and program -> bytes.
 *
 * The decoder is total: every byte string is a program.  A read past the
 * end yields zero bytes, the op stream stops at the end of the input or at
 * MD_MAX_OPS, and every byte value means something.  docs/FORMAT.md tells
 * the format; this file is its reference.  md_encode writes the plainest
 * bytes with a given meaning (raw literals, no pool tricks).
 */
#include "format/prog.h"
#include "run/result.h"

#include <string.h>

#include "port.h"
#include "format/types.h"

typedef struct reader {
	const uint8_t *b;
	size_t n, i;
} reader;

static bool rd_more(const reader *r) { return r->i < r->n; }

static uint8_t rd_byte(reader *r)
{
	return r->i < r->n ? r->b[r->i++] : 0;
}

static void rd_bytes(reader *r, uint8_t *out, size_t k)
{
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

/* Hints mapdiff never runs: real allocations too big to make on both
 * sides.  The text form accepts hints up to MD_HINT_REAL_MAX; the binary
 * form keeps real hints to 4096 and below (a map made with a big hint is
 * cheap to make but every range walks all its buckets), folding raw hints. */
#define MD_HINT_REAL_MAX (1LL << 16)
#define MD_HINT_ABSURD_MIN (1LL << 50)
#define MD_HINT_FOLD 0xFFF

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

static void put_le(uint8_t *out, uint64_t v, int size)
{
	for (int j = 0; j < size; j++)
		out[j] = (uint8_t)(v >> (8 * j));
}

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
		put_le(out, bits, size);
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
			put_le(out, (uint64_t)(int64_t)((int)t - 0x70), (int)size);
		return size;
	}
	}
}

/* ---- composite key literals (docs/TYPES.md "Canonical values") ---- */

/* Dynamic types of interface keys: once the arena is this full, an
 * interface literal is nil, so that an executor decoding the same
 * descriptors (never more than the decoder did) never fills its own. */
#define DYN_MAX_TYPES (GOTYPES_MAX / 2)
#define DYN_MAX_FIELDS (GOFIELDS_MAX / 2)
#define DYN_MAX_NAMES (GONAMES_MAX * 3 / 8)
#define DYN_MAX_NEST 3 /* interfaces inside interfaces */

static gotypes dec_types; /* the key type of the program being decoded */
static gotypes dyn_types; /* its interface keys' dynamic types */

typedef struct kwriter {
	uint8_t *o;
	size_t n, cap;
	bool over; /* the literal outgrew MD_MAX_CANON: it becomes the zero value */
	int nest;
} kwriter;

static void kw_put(kwriter *w, const void *b, size_t k)
{
	if (w->over || w->cap - w->n < k) {
		w->over = true;
		return;
	}
	if (k)
		memcpy(w->o + w->n, b, k);
	w->n += k;
}

static void kw_u32(kwriter *w, uint32_t v)
{
	uint8_t b[4];
	put_le(b, v, 4);
	kw_put(w, b, 4);
}

static bool dyn_full(void)
{
	return dyn_types.nt > DYN_MAX_TYPES || dyn_types.nf > DYN_MAX_FIELDS ||
	       dyn_types.nn > DYN_MAX_NAMES;
}

static void rd_val(reader *r, const gotype *t, bool top, kwriter *w);

/* interface {}: a dynamic type's descriptor (an interface type: nil), then
 * its value. */
static void rd_iface(reader *r, kwriter *w)
{
	uint8_t d[MD_MAX_DESC];
	if (w->nest >= DYN_MAX_NEST) {
		kw_put(w, "\0", 1);
		return;
	}
	const gotype *dt = gotype_decode(&dyn_types, r->b, r->n, &r->i, false);
	size_t dn = gotype_encode(dt, d, sizeof d);
	if (dt->kind == GO_EFACE || dt->kind == GO_IFACE || dn == 0 || dyn_full()) {
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
	if (w->over || (t->size == 0 && t->kind != GO_STRING))
		return; /* zero-size types have empty canonical bytes */
	switch (t->kind) {
	case GO_ARRAY:
		for (uint32_t i = 0; i < t->len && !w->over; i++)
			rd_val(r, t->elem, false, w);
		return;
	case GO_STRUCT:
		for (uint32_t i = 0; i < t->nfields; i++)
			if (strcmp(t->fields[i].name, "_") != 0)
				rd_val(r, t->fields[i].type, false, w);
		return;
	case GO_EFACE: rd_iface(r, w); return;
	case GO_IFACE: rd_ifacem(r, w); return;
	case GO_PTR: case GO_CHAN: kw_u32(w, rd_byte(r) % (GOOBJ_MAX + 1)); return;
	case GO_SLICE: {
		uint32_t n = rd_byte(r);
		kw_u32(w, n);
		for (uint32_t i = 0; i < n && !w->over; i++)
			rd_val(r, t->elem, false, w);
		return;
	}
	case GO_MAP: case GO_FUNC: return;
	default: {
		uint32_t len = rd_key(r, (int)t->kind, buf);
		if (t->kind == GO_STRING && !top)
			kw_u32(w, len);
		kw_put(w, buf, len);
	}
	}
}

/* A composite key literal of type t into out (MD_MAX_CANON bytes). */
static uint32_t rd_composite(reader *r, const gotype *t, uint8_t *out)
{
	kwriter w = {out, 0, MD_MAX_CANON, false, 0};
	rd_val(r, t, true, &w);
	if (!w.over)
		return (uint32_t)w.n;
	size_t len = 0;
	gocanon_zero(t, true, out, MD_MAX_CANON, &len);
	return (uint32_t)len;
}

/* Read a key literal and add it to the key table; returns its index. */
static int rd_key_entry(reader *r, md_prog *p)
{
	static uint8_t buf[MD_MAX_CANON];
	uint32_t len;
	if (md_prog_composite(p))
		len = rd_composite(r, md_prog_keytype(p), buf);
	else
		len = rd_key(r, p->keykind, buf);
	return md_prog_add_key(p, buf, len);
}

/* Key operand: a pool index, or a fresh literal. */
static uint16_t rd_key_operand(reader *r, md_prog *p)
{
	uint8_t k = rd_byte(r);
	if (p->npool > 0 && k < 0xE0)
		return (uint16_t)(k % p->npool);
	int i = rd_key_entry(r, p);
	return (uint16_t)(i < 0 ? 0 : i);
}

/* ---- values of a value type other than int64 ---- */

static int32_t derived_val[0xC0]; /* value index of derived value b, or -1 */

/* A value literal of p's value type read from r into the value table;
 * its index (0, the zero value, when the table is full). */
static uint32_t rd_val_entry(reader *r, md_prog *p)
{
	static uint8_t buf[MD_MAX_CANON];
	uint32_t len = rd_composite(r, md_prog_valtype(p), buf);
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
		reader sr = {stream, sizeof stream, 0};
		derived_val[b] = (int32_t)rd_val_entry(&sr, p);
	}
	return (uint32_t)derived_val[b];
}

static const uint8_t op_table[16] = {
	MD_OP_PUT, MD_OP_PUT, MD_OP_PUT, MD_OP_PUT, MD_OP_GET, MD_OP_GET,
	MD_OP_GET, MD_OP_DEL, MD_OP_DEL, MD_OP_LEN, MD_OP_RANGE, MD_OP_CLEAR,
	MD_OP_MAKE, MD_OP_NIL, MD_OP_ALIAS, MD_OP_ADD,
};

/* Format 2: an op byte with bits 5 and 6 set is an iterator op: bits 0-2
 * pick it/next/drain/stop, bits 3 and 7 the iterator slot, bit 4 m or m2. */
static const uint8_t iter_table[8] = {
	MD_OP_ITER, MD_OP_NEXT, MD_OP_NEXT, MD_OP_NEXT, MD_OP_DRAIN, MD_OP_STOP, MD_OP_ITER, MD_OP_NEXT,
};

static bool is_iter_byte(const md_prog *p, uint8_t c)
{
	return p->version >= 2 && (c & 0x60) == 0x60;
}

static void rd_op(reader *r, md_prog *p, md_op *op)
{
	uint8_t c = rd_byte(r);
	memset(op, 0, sizeof *op);
	if (is_iter_byte(p, c)) {
		op->code = iter_table[c & 7];
		op->key = (uint16_t)(((c >> 3) & 1) | ((c >> 6) & 2));
		op->target = (c >> 4) & 1;
		return;
	}
	op->code = op_table[c & 15];
	op->target = (c >> 4) & 1;
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

void md_prog_init(md_prog *p, int keykind)
{
	p->version = MD_FORMAT_VERSION;
	p->keykind = (uint8_t)keykind;
	p->valkind = GO_INT64;
	p->npool = 0;
	p->seed = 0;
	p->hashbits = 0;
	memset(p->pad8, 0, sizeof p->pad8);
	p->nkeys = 0;
	p->nkeybytes = 0;
	p->pad = 0;
	p->keydesclen = 1;
	p->keydesc[0] = (uint8_t)keykind;
	p->valdesclen = 1;
	p->valdesc[0] = GO_INT64;
	p->nvals = 0;
	p->pad3 = 0;
	p->nops = 1;
	memset(&p->ops[0], 0, sizeof p->ops[0]);
	p->ops[0].code = MD_OP_NIL;
}

/* Decoded key and value types, by descriptor: a few, round robin. */
#define KT_CACHE 4
static struct {
	uint32_t len;
	uint8_t desc[MD_MAX_DESC];
	const gotype *t;
	gotypes a;
} kt_cache[KT_CACHE];
static unsigned kt_next;

static const gotype *desc_type(const uint8_t *desc, uint32_t len)
{
	uint32_t n = len < MD_MAX_DESC ? len : MD_MAX_DESC;
	for (int j = 0; j < KT_CACHE; j++)
		if (kt_cache[j].t && kt_cache[j].len == n && memcmp(kt_cache[j].desc, desc, n) == 0)
			return kt_cache[j].t;
	unsigned j = kt_next++ % KT_CACHE;
	size_t pos = 0;
	gotypes_reset(&kt_cache[j].a);
	kt_cache[j].len = n;
	memcpy(kt_cache[j].desc, desc, n);
	kt_cache[j].t = gotype_decode(&kt_cache[j].a, desc, n, &pos, true);
	return kt_cache[j].t;
}

const gotype *md_prog_keytype(const md_prog *p)
{
	if (!md_prog_composite(p))
		return &gotype_scalars[p->keykind < GO_NSCALAR ? p->keykind : GO_INT64];
	return desc_type(p->keydesc, p->keydesclen);
}

const gotype *md_prog_valtype(const md_prog *p)
{
	if (p->valkind < GO_NSCALAR)
		return &gotype_scalars[p->valkind];
	return desc_type(p->valdesc, p->valdesclen);
}

/* t's descriptor into d (cap MD_MAX_DESC); 0 when t cannot be a key or
 * value type of a program. */
static size_t type_desc(const gotype *t, uint8_t *d)
{
	size_t n = gotype_encode(t, d, MD_MAX_DESC), pos = 0;
	if (n == 0)
		return 0;
	static gotypes chk;
	gotypes_reset(&chk);
	const gotype *back = gotype_decode(&chk, d, n, &pos, true);
	if (pos != n || !gotype_identical(back, t) || back->size > GODESC_MAX_SIZE)
		return 0;
	return n;
}

bool md_prog_set_keytype(md_prog *p, const gotype *t)
{
	uint8_t d[MD_MAX_DESC];
	size_t n = type_desc(t, d);
	if (n == 0)
		return false;
	memcpy(p->keydesc, d, n);
	p->keydesclen = (uint32_t)n;
	p->keykind = (uint8_t)t->kind;
	return true;
}

bool md_prog_set_valtype(md_prog *p, const gotype *t)
{
	static uint8_t buf[MD_MAX_CANON];
	uint8_t d[MD_MAX_DESC];
	size_t n = type_desc(t, d), len = 0;
	if (n == 0)
		return false;
	memcpy(p->valdesc, d, n);
	p->valdesclen = (uint32_t)n;
	p->valkind = (uint8_t)t->kind;
	p->nvals = 0;
	if (md_prog_int64_vals(p))
		return true;
	for (int j = 0; j < 0xC0; j++)
		derived_val[j] = -1;
	gocanon_zero(t, true, buf, sizeof buf, &len);
	return md_prog_add_val(p, buf, (uint32_t)len) == 0;
}

/* Append canon[0..len) to the program's bytes as table entry *n of tab
 * (cap entries); its index, or -1 when full. */
static int add_entry(md_prog *p, md_key *tab, uint32_t *n, uint32_t cap, const uint8_t *canon, uint32_t len)
{
	if (*n >= cap || p->nkeybytes + len > MD_KEYBYTES)
		return -1;
	tab[*n].off = p->nkeybytes;
	tab[*n].len = len;
	memcpy(p->keybytes + p->nkeybytes, canon, len);
	p->nkeybytes += len;
	return (int)(*n)++;
}

int md_prog_add_val(md_prog *p, const uint8_t *canon, uint32_t len)
{
	return add_entry(p, p->vals, &p->nvals, MD_MAX_VALS, canon, len);
}

int md_prog_add_key(md_prog *p, const uint8_t *canon, uint32_t len)
{
	return add_entry(p, p->keys, &p->nkeys, MD_MAX_KEYS, canon, len);
}

void md_decode(const uint8_t *b, size_t n, md_prog *p)
{
	reader r = {b, n, 0};
	/* version: 1 decodes as format 1; every other value as the latest */
	uint8_t version = rd_byte(&r) == 1 ? 1 : MD_FORMAT_VERSION;
	if (version == 1) {
		md_prog_init(p, rd_byte(&r) % GO_NSCALAR);
	} else { /* a type descriptor: a byte below 17 is that scalar */
		gotypes_reset(&dec_types);
		const gotype *kt = gotype_decode(&dec_types, r.b, r.n, &r.i, true);
		md_prog_init(p, kt->kind < GO_NSCALAR ? (int)kt->kind : GO_INT64);
		if (kt->kind >= GO_NSCALAR)
			md_prog_set_keytype(p, kt);
		gotypes_reset(&dyn_types);
	}
	p->version = version;
	/* value type: int64 in format 1; in format 2 a byte of 0x80 and up
	 * is followed by the value type's descriptor */
	if (rd_byte(&r) >= 0x80 && version >= 2) {
		static gotypes val_types;
		gotypes_reset(&val_types);
		if (!md_prog_set_valtype(p, gotype_decode(&val_types, r.b, r.n, &r.i, true)))
			md_prog_set_valtype(p, &gotype_scalars[GO_INT64]);
	}
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
	p->npool = rd_byte(&r) % (MD_MAX_POOL + 1);
	for (int j = 0; j < p->npool; j++)
		rd_key_entry(&r, p);
	while (rd_more(&r) && p->nops < MD_MAX_OPS)
		rd_op(&r, p, &p->ops[p->nops++]);
}

/* ---- encoding ---- */

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

/* A key literal in raw form. */
static void wr_key(writer *w, const md_prog *p, uint32_t i)
{
	const uint8_t *s = md_key_bytes(p, i);
	uint32_t len = p->keys[i].len;
	switch (p->keykind) {
	case GO_BOOL:
		wr_byte(w, s[0] & 1);
		break;
	case GO_COMPLEX64:
	case GO_COMPLEX128:
		wr_byte(w, 0xFF);
		wr_bytes(w, s, len / 2);
		wr_byte(w, 0xFF);
		wr_bytes(w, s + len / 2, len / 2);
		break;
	case GO_STRING:
		if (len <= 63) {
			wr_byte(w, (uint8_t)len);
		} else {
			wr_byte(w, 0xFF);
			wr_byte(w, (uint8_t)len);
			wr_byte(w, (uint8_t)(len >> 8));
		}
		wr_bytes(w, s, len);
		break;
	default:
		wr_byte(w, 0xFF);
		wr_bytes(w, s, len);
		break;
	}
}

typedef struct creader {
	const uint8_t *c;
	size_t n, i;
	bool ok;
} creader;

static const uint8_t *cr_take(creader *r, size_t k)
{
	if (!r->ok || r->n - r->i < k) {
		r->ok = false;
		return NULL;
	}
	r->i += k;
	return r->c + r->i - k;
}

static uint32_t cr_u32(creader *r)
{
	const uint8_t *b = cr_take(r, 4);
	return b ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24 : 0;
}

/* A string literal (0xF8 form when long): false when too long. */
static bool wr_string(writer *w, const uint8_t *s, uint32_t len)
{
	if (len > MD_MAX_STR)
		return false;
	if (len <= 63) {
		wr_byte(w, (uint8_t)len);
	} else {
		wr_byte(w, 0xFF);
		wr_byte(w, (uint8_t)len);
		wr_byte(w, (uint8_t)(len >> 8));
	}
	wr_bytes(w, s, len);
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

/* The literal bytes rd_val reads back as the canonical value at r. */
static bool wr_val(writer *w, const gotype *t, bool top, creader *r, int nest);

static bool wr_iface(writer *w, creader *r, int nest)
{
	const uint8_t *tag = cr_take(r, 1);
	if (tag == NULL)
		return false;
	if (*tag == 0) {
		if (nest < DYN_MAX_NEST) /* rd_iface reads no descriptor there */
			wr_byte(w, GODESC_EFACE);
		return true;
	}
	if (nest >= DYN_MAX_NEST)
		return false;
	size_t pos = r->i;
	const gotype *dt = gotype_decode(&dyn_types, r->c, r->n, &pos, false);
	if (pos > r->n || dyn_full())
		return false;
	wr_bytes(w, r->c + r->i, pos - r->i);
	r->i = pos;
	return wr_val(w, dt, false, r, nest + 1);
}

/* interface { M() }: rd_ifacem's tag byte, then the value. */
static bool wr_ifacem(writer *w, creader *r, int nest)
{
	const uint8_t *tag = cr_take(r, 1);
	if (tag == NULL || *tag > GONAMED_N)
		return false;
	if (nest >= DYN_MAX_NEST)
		return *tag == 0;
	wr_byte(w, *tag);
	return *tag == 0 || wr_val(w, gotype_named(*tag - 1u), false, r, nest + 1);
}

static bool wr_val(writer *w, const gotype *t, bool top, creader *r, int nest)
{
	if (t->size == 0 && t->kind != GO_STRING)
		return true;
	switch (t->kind) {
	case GO_ARRAY:
		for (uint32_t i = 0; i < t->len; i++)
			if (!wr_val(w, t->elem, false, r, nest))
				return false;
		return true;
	case GO_STRUCT:
		for (uint32_t i = 0; i < t->nfields; i++)
			if (strcmp(t->fields[i].name, "_") != 0 && !wr_val(w, t->fields[i].type, false, r, nest))
				return false;
		return true;
	case GO_EFACE: return wr_iface(w, r, nest);
	case GO_IFACE: return wr_ifacem(w, r, nest);
	case GO_PTR: case GO_CHAN: {
		uint32_t i = cr_u32(r);
		wr_byte(w, (uint8_t)i);
		return r->ok && i <= GOOBJ_MAX;
	}
	case GO_SLICE: {
		uint32_t n = cr_u32(r);
		wr_byte(w, (uint8_t)n);
		for (uint32_t i = 0; i < n && r->ok; i++)
			if (!wr_val(w, t->elem, false, r, nest))
				return false;
		return r->ok && n <= 0xFF;
	}
	case GO_MAP: case GO_FUNC: return true;
	case GO_STRING: {
		uint32_t len = top ? (uint32_t)(r->n - r->i) : cr_u32(r);
		const uint8_t *s = cr_take(r, len);
		return s && wr_string(w, s, len);
	}
	default: {
		const uint8_t *s = cr_take(r, t->size);
		if (s)
			wr_scalar(w, (int)t->kind, s, t->size);
		return s != NULL;
	}
	}
}

/* A composite key literal; false when the decoder cannot read it back. */
static bool wr_composite(writer *w, const md_prog *p, uint32_t i)
{
	creader r = {md_key_bytes(p, i), p->keys[i].len, 0, true};
	return wr_val(w, md_prog_keytype(p), true, &r, 0) && r.ok && r.i == r.n &&
	       p->keys[i].len <= MD_MAX_CANON;
}

/* A value operand, always as a literal (0xC0, then the value). */
static bool wr_val_operand(writer *w, const md_prog *p, int64_t i)
{
	uint32_t len;
	const uint8_t *c = md_val_bytes(p, (uint32_t)i, &len);
	creader r = {c, len, 0, true};
	wr_byte(w, 0xC0);
	return wr_val(w, md_prog_valtype(p), true, &r, 0) && r.ok && r.i == r.n && len <= MD_MAX_CANON;
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
	if (code == MD_OP_MAKEHINT)
		code = MD_OP_MAKE;
	int slot = 0;
	while (slot < 15 && op_table[slot] != code)
		slot++;
	return (uint8_t)(slot | (target & 1) << 4);
}

static uint8_t iter_byte(const md_op *op)
{
	int k = 0;
	while (k < 7 && iter_table[k] != op->code)
		k++;
	return (uint8_t)(0x60 | k | (op->key & 1) << 3 | (op->key & 2) << 6 | (op->target & 1) << 4);
}

static bool wr_op(writer *w, const md_prog *p, const md_op *op)
{
	if (md_op_is_iter(op->code)) {
		wr_byte(w, iter_byte(op));
		return true;
	}
	wr_byte(w, op_byte(op->code, op->target));
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
	gotypes_reset(&dyn_types);
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

static const char *const opnames[MD_NOPCODES] = {
	"nil", "make", "make", "put", "get", "del", "len", "range", "clear", "alias", "add",
	"it", "next", "drain", "stop",
};

const char *md_opname(int code)
{
	return code >= 0 && code < MD_NOPCODES ? opnames[code] : "?";
}
