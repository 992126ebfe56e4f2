/*
 * prog.h: a mapdiff program, decoded.
 *
 * Every byte string decodes to a program (decode.c; the format is told in
 * docs/FORMAT.md).  A program is a map type, a key table and a list of
 * operations on two map variables, m and m2.  ops[0] is always the start
 * state (nil or make) of m.  Keys live in the key table in their canonical
 * encoding: the value's bits, little-endian, `size` bytes for scalars, the
 * raw bytes for strings.  Every side (C port, Go oracle, later ports) turns
 * canonical keys into its own representation, and turns keys it sees back
 * into canonical bytes, so keys are compared bit for bit and never through
 * padding or pointers.
 *
 * The Go oracle reads this struct directly through cgo (oracle/oracle.go),
 * so its layout is shared: fixed-width fields, no pointers.
 */
#ifndef MAPDIFF_PROG_H
#define MAPDIFF_PROG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MD_FORMAT_VERSION 2
#define MD_MAX_OPS 4096        /* operations, the start op included */
#define MD_MAX_POOL 16         /* keys in the per-program pool */
#define MD_MAX_KEYS (MD_MAX_POOL + MD_MAX_OPS)
#define MD_MAX_STR_BIN 63      /* longest string key the binary form makes */
#define MD_MAX_STR 1024        /* longest string key the text form accepts */
#define MD_KEYBYTES (MD_MAX_KEYS * 64)
#define MD_MAX_DESC 1024       /* bytes of a type descriptor (harness/format/types.h) */
#define MD_MAX_CANON 65536     /* canonical bytes of one key or value */
#define MD_MAX_VALS MD_MAX_OPS /* entries of the value table */

/* Operation codes.  ops[0] is one of NIL, MAKE, MAKEHINT. */
enum md_opcode {
	MD_OP_NIL = 0,      /* m = nil */
	MD_OP_MAKE = 1,     /* m = make(map[K]V) */
	MD_OP_MAKEHINT = 2, /* m = make(map[K]V, hint) */
	MD_OP_PUT = 3,      /* m[k] = v */
	MD_OP_GET = 4,      /* v, ok := m[k] */
	MD_OP_DEL = 5,      /* delete(m, k) */
	MD_OP_LEN = 6,      /* len(m) */
	MD_OP_RANGE = 7,    /* for k, v := range m { collect } */
	MD_OP_CLEAR = 8,    /* clear(m) */
	MD_OP_ALIAS = 9,    /* m2 = m (target 0) or m = m2 (target 1) */
	MD_OP_ADD = 10,     /* m[k] += v */
	/* Iterators (format 2): op.key is the iterator slot, 0..MD_MAX_ITERS-1. */
	MD_OP_ITER = 11,    /* it a: start iterator a on m */
	MD_OP_NEXT = 12,    /* next a: take iterator a's next entry, if any */
	MD_OP_DRAIN = 13,   /* drain a: take all of iterator a's remaining entries */
	MD_OP_STOP = 14,    /* stop a: drop iterator a */
	MD_OP_CLONE = 15,   /* m2 = maps.Clone(m) (target 0) or m = maps.Clone(m2) (target 1) */
	MD_NOPCODES = 16
};

#define MD_MAX_ITERS 4

/* Whether op code c takes a key operand (and so may take a fresh copy). */
static inline int md_op_has_key(int c)
{
	return c == MD_OP_PUT || c == MD_OP_GET || c == MD_OP_DEL || c == MD_OP_ADD;
}

/* Whether op code c is an iterator op. */
static inline int md_op_is_iter(int c)
{
	return c >= MD_OP_ITER && c <= MD_OP_STOP;
}

typedef struct md_op {
	uint8_t code;   /* enum md_opcode */
	uint8_t target; /* 0: m, 1: m2 */
	uint16_t key;   /* index into the key table (PUT, GET, DEL, ADD) */
	uint8_t fresh;  /* PUT, GET, DEL, ADD: the port is handed a fresh copy
	                 * of the key (new string bytes and interface boxes,
	                 * garbage in padding and blank fields; format 2) */
	uint8_t pad[3];
	int64_t val;    /* PUT, ADD: the value (int64 values) or its index in
	                 * the value table (every other value type);
	                 * MAKEHINT: the hint */
} md_op;

/* Whether op hands the port a fresh copy of its key. */
static inline int md_op_fresh(const md_op *op)
{
	return op->fresh && md_op_has_key(op->code);
}

/* The variable whose map an op's structure (B, grow state) is read from
 * after it: the clone after a clone, else the op's target. */
static inline int md_shape_var(const md_op *op)
{
	return op->code == MD_OP_CLONE ? 1 - (op->target & 1) : op->target & 1;
}

typedef struct md_key {
	uint32_t off; /* into keybytes */
	uint32_t len; /* canonical length */
} md_key;

typedef struct md_prog {
	uint8_t version;  /* format version the bytes were decoded with */
	uint8_t keykind;  /* enum gokind (port.h) of the key type: scalars
	                   * below GO_NSCALAR, else its composite kind */
	uint8_t valkind;  /* enum gokind of the value type; GO_INT64 in format 1 */
	uint8_t npool;    /* keys[0..npool) are the pool */
	uint32_t seed;    /* drives the C side's randomness */
	uint8_t hashbits; /* weak-hash mode of the C side: 0 off, else hash bits kept */
	uint8_t pad8[3];
	uint32_t nops;
	uint32_t nkeys;
	uint32_t nkeybytes;
	uint32_t pad;
	uint32_t keydesclen; /* the key type's descriptor (docs/TYPES.md) */
	uint32_t valdesclen; /* the value type's descriptor */
	uint8_t keydesc[MD_MAX_DESC];
	uint8_t valdesc[MD_MAX_DESC];
	md_op ops[MD_MAX_OPS];
	md_key keys[MD_MAX_KEYS];
	/* Values of a value type other than int64, canonical bytes in keybytes;
	 * vals[0] is the zero value. */
	uint32_t nvals;
	uint32_t pad3;
	md_key vals[MD_MAX_VALS];
	uint8_t keybytes[MD_KEYBYTES];
} md_prog;

/* Decode n bytes into *p.  Total: every byte string is a program. */
void md_decode(const uint8_t *b, size_t n, md_prog *p);

/* A decode option: the map types and ops a port under test runs, so that
 * every input decodes as a program it can run (docs/FUZZING.md, "On the
 * port's map types").  The bytes are read as md_decode reads them; then a
 * key type outside keykinds becomes one inside it, picked by a hash of the
 * bytes that chose it, a value type other than int64 becomes int64 when
 * int64_vals, and a clone becomes an alias when no_clone.  The same bytes
 * and the same options give the same program. */
typedef struct md_decode_opts {
	uint32_t keykinds; /* the scalar key kinds allowed (1 << kind); 0: any key type */
	bool int64_vals;   /* every value type decodes as int64 */
	bool no_clone;     /* a clone decodes as an alias */
} md_decode_opts;

/* md_decode with options (NULL: none, as md_decode). */
void md_decode_with(const uint8_t *b, size_t n, md_prog *p, const md_decode_opts *o);

/* Encode *p into its binary form; returns the length, or 0 if cap is too
 * small.  md_decode(md_encode(p)) has the same meaning as p. */
size_t md_encode(const md_prog *p, uint8_t *out, size_t cap);

/* Start an empty program of the given key kind: ops[0] = nil. */
void md_prog_init(md_prog *p, int keykind);

struct gotype;
/* Set p's key type (its descriptor and keykind); false when t has no
 * descriptor or does not decode back to itself as a key type. */
bool md_prog_set_keytype(md_prog *p, const struct gotype *t);
/* p's key type, decoded from its descriptor (scalars: gotype_scalars).
 * Composite types live in a small cache keyed by descriptor: valid until
 * a few other descriptors have been asked for. */
const struct gotype *md_prog_keytype(const md_prog *p);
/* Whether p's keys are composite (arrays, structs, interfaces, ...). */
static inline bool md_prog_composite(const md_prog *p)
{
	return p->keykind >= 17;
}

/* Set p's value type (int64 is the default); false as for key types.  A
 * value type other than int64 starts the value table with its zero value. */
bool md_prog_set_valtype(md_prog *p, const struct gotype *t);
/* p's value type (cached like md_prog_keytype). */
const struct gotype *md_prog_valtype(const md_prog *p);
/* Whether p's values are int64: op.val is then the value itself. */
static inline bool md_prog_int64_vals(const md_prog *p)
{
	return p->valkind == 5 /* GO_INT64 */ && p->valdesclen <= 1;
}
/* Whether kind k is an integer kind (m[k] += v exists, and a value's word
 * is the integer itself). */
static inline bool md_kind_integer(int k)
{
	return k >= 1 /* GO_INT */ && k <= 11 /* GO_UINTPTR */;
}
/* Append a value to the value table; its index, or -1 when full. */
int md_prog_add_val(md_prog *p, const uint8_t *canon, uint32_t len);
/* Canonical bytes of value i (the zero value when i is out of range). */
static inline const uint8_t *md_val_bytes(const md_prog *p, uint32_t i, uint32_t *len)
{
	if (i >= p->nvals)
		i = 0;
	*len = p->vals[i].len;
	return p->keybytes + p->vals[i].off;
}

/* Append a key to the key table; returns its index, or -1 when full. */
int md_prog_add_key(md_prog *p, const uint8_t *canon, uint32_t len);

/* Canonical bytes of key i. */
static inline const uint8_t *md_key_bytes(const md_prog *p, uint32_t i)
{
	return p->keybytes + p->keys[i].off;
}

/* Whether mapdiff runs make with this hint (see docs/FORMAT.md). */
bool md_hint_runnable(int64_t hint);

/* Names of operation codes in the text form ("put", "get", ...). */
const char *md_opname(int code);

#endif
