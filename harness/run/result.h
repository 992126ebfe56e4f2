/*
 * result.h: what one side did with a program, operation by operation.
 *
 * Every side (the C port through the executor, the Go oracle through its one
 * cgo call) fills the same md_results for a program: one md_res per op, and
 * an arena holding panic messages.  A `range` is summarised by an
 * order-independent digest of its entries (count plus two sums of per-entry
 * hashes, md_entry_hash), so comparing two ranges is O(1) and a multiset
 * comparison; when a report needs the entries themselves, the run is
 * repeated with `detail_op` set and that one range writes its entries
 * (canonical key bytes and value) into `entries`.
 *
 * The Go oracle writes into this struct directly (oracle/oracle.go): fixed
 * width fields only.
 */
#ifndef MAPDIFF_RESULT_H
#define MAPDIFF_RESULT_H

#include <stdint.h>
#include <string.h>

#include "format/prog.h"

#define MD_MSG_ARENA 65536
#define MD_IT_ARENA (1 << 20)

typedef struct md_res {
	uint8_t panicked; /* the op panicked; message at msgoff */
	uint8_t ok;       /* GET: the comma-ok */
	uint16_t msglen;
	uint32_t msgoff;
	int64_t val;      /* GET: value, LEN: len(m), RANGE: entries produced */
	uint64_t d1, d2;  /* RANGE: multiset digest of the entries */
	uint32_t itoff;   /* NEXT, DRAIN: the entries produced, at `it` + itoff */
	uint32_t itn;     /* NEXT, DRAIN: how many */
	/* Structure of the op's map after the op, where the side can tell
	 * (the C port; Go's classic map, gc 1.19 to 1.23 and gccgo): */
	uint8_t shape;    /* MD_SHAPE_* bits; 0: not known (or a nil map) */
	uint8_t B;        /* log2 of the bucket count */
	uint8_t pad2[6];
} md_res;

enum {
	MD_SHAPE_KNOWN = 1,    /* B and the bits below are set */
	MD_SHAPE_GROWING = 2,  /* a grow is in progress */
	MD_SHAPE_SAMESIZE = 4, /* ... and it is a same-size grow */
	MD_SHAPE_SAMESEEN = 8, /* this side made a same-size grow earlier in the program */
};

typedef struct md_results {
	uint32_t nres;     /* ops run (== prog nops) */
	uint32_t nmsg;     /* bytes used in msg */
	int32_t detail_op; /* op whose range entries go to `entries`, or -1 */
	uint32_t nentries; /* entries written for detail_op */
	uint32_t entries_len;
	uint32_t entries_truncated;
	uint32_t entries_cap;
	/* detail entries: u32 keylen, key bytes, i64 value (little-endian);
	 * NULL unless the caller wants entries (the report does). */
	uint8_t *entries;
	/* the lockstep twin's record of this side (run/twin.h); NULL unless
	 * the caller runs a twin */
	struct md_twin *twin;
	uint32_t it_len;       /* bytes used in it */
	uint32_t it_truncated; /* it ran out of room: iterator ops unchecked */
	md_res res[MD_MAX_OPS];
	char msg[MD_MSG_ARENA];
	/* entries produced by iterators (NEXT, DRAIN), in op order, each
	 * u32 keylen, canonical key bytes, i64 value (little-endian) */
	uint8_t it[MD_IT_ARENA];
} md_results;

/* Hash of one range entry: key in canonical bytes, value as int64.  Both
 * sides compute exactly this (oracle/digest.go is the Go twin). */
static inline uint64_t md_mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static inline uint64_t md_key_hash(const uint8_t *k, uint32_t len)
{
	uint64_t h = md_mix(0x9e3779b97f4a7c15ULL ^ len); /* apart from the bytes: "" is not "\x01" */
	uint32_t j = 0;
	for (; j + 8 <= len; j += 8) {
		uint64_t w;
		memcpy(&w, k + j, 8);
		h = md_mix(h ^ w) + 0x9e3779b97f4a7c15ULL;
	}
	uint64_t tail = 0;
	for (uint32_t s = 0; j < len; j++, s += 8)
		tail |= (uint64_t)k[j] << s;
	return md_mix(h ^ tail);
}

/* Size in bytes of integer kind k (md_kind_integer). */
static inline uint32_t md_int_size(int k)
{
	static const uint8_t size[12] = {0, 8, 1, 2, 4, 8, 8, 1, 2, 4, 8, 8};
	return k >= 0 && k < 12 ? size[k] : 8;
}

/* x cut to integer kind k's width and widened back: sign-extended for
 * int kinds (1..5), zero-extended for uint kinds. */
static inline int64_t md_int_wrap(int k, uint64_t x)
{
	uint32_t bits = 8 * md_int_size(k);
	if (bits == 64)
		return (int64_t)x;
	x &= (1ULL << bits) - 1;
	if (k <= 5 && (x >> (bits - 1)))
		x |= ~0ULL << bits;
	return (int64_t)x;
}

/* The word that stands for a value in results (GET, range digests,
 * iterator entries): for int64 and the other integer kinds the integer
 * itself, for every other value type md_key_hash of its canonical bytes.
 * Both sides compute exactly this (oracle/digest.go is the Go twin). */
static inline int64_t md_val_word(int kind, const uint8_t *c, uint32_t len)
{
	if (md_kind_integer(kind)) {
		uint64_t x = 0;
		for (uint32_t j = 0; j < len && j < 8; j++)
			x |= (uint64_t)c[j] << (8 * j);
		return md_int_wrap(kind, x);
	}
	return (int64_t)md_key_hash(c, len);
}

/* The word of the value a PUT or ADD op stores (or adds). */
static inline int64_t md_op_word(const md_prog *p, const md_op *op)
{
	if (md_prog_int64_vals(p))
		return op->val;
	uint32_t len;
	const uint8_t *c = md_val_bytes(p, (uint32_t)op->val, &len);
	return md_val_word(p->valkind, c, len);
}

/* Add one entry to a range digest. */
static inline void md_digest_add(md_res *r, uint64_t keyhash, int64_t val)
{
	uint64_t e = md_mix(keyhash ^ md_mix((uint64_t)val + 0x632be59bd9b4e019ULL));
	r->val++;
	r->d1 += e;
	r->d2 += md_mix(e ^ 0x8cb92ba72f3d8dd7ULL);
}

/* What a runner that gave up on a program said in r's message arena (a
 * Go port's skip or taint reason), as a line into buf[0..n): "" when it
 * said nothing (the arena is reset before each run). */
static inline void md_results_reason(const md_results *r, char *buf, size_t n)
{
	size_t len = r->nmsg < n ? r->nmsg : n - 1;
	memcpy(buf, r->msg, len);
	buf[len] = 0;
}

/* Reset results for a run; detail_op -1 asks for no entries. */
static inline void md_results_reset(md_results *r, int32_t detail_op)
{
	r->nres = 0;
	r->nmsg = 0;
	r->detail_op = r->entries ? detail_op : -1;
	r->nentries = 0;
	r->entries_len = 0;
	r->entries_truncated = 0;
	r->it_len = 0;
	r->it_truncated = 0;
}

/* Record that op i panicked with message msg (copied into the arena;
 * a message equal to the last one recorded is shared, not copied). */
static inline void md_results_panic(md_results *r, uint32_t i, const char *msg, size_t len)
{
	md_res *x = &r->res[i];
	x->panicked = 1;
	if (len > 0xffff)
		len = 0xffff;
	if (r->nmsg >= len && memcmp(r->msg + r->nmsg - len, msg, len) == 0) {
		x->msgoff = r->nmsg - (uint32_t)len;
		x->msglen = (uint16_t)len;
		return;
	}
	if (r->nmsg + len > MD_MSG_ARENA)
		len = MD_MSG_ARENA - r->nmsg;
	memcpy(r->msg + r->nmsg, msg, len);
	x->msgoff = r->nmsg;
	x->msglen = (uint16_t)len;
	r->nmsg += (uint32_t)len;
}

/* Write one entry (u32 keylen, key, i64 value) at o. */
static inline void md_put_entry(uint8_t *o, const uint8_t *key, uint32_t keylen, int64_t val)
{
	for (int j = 0; j < 4; j++)
		o[j] = (uint8_t)(keylen >> (8 * j));
	if (keylen) /* an empty string's pointer may be NULL */
		memcpy(o + 4, key, keylen);
	for (int j = 0; j < 8; j++)
		o[4 + keylen + j] = (uint8_t)((uint64_t)val >> (8 * j));
}

/* Read the entry at o; returns the size it takes. */
static inline uint32_t md_get_entry(const uint8_t *o, const uint8_t **key, uint32_t *keylen, int64_t *val)
{
	uint32_t len = o[0] | o[1] << 8 | o[2] << 16 | (uint32_t)o[3] << 24;
	uint64_t v = 0;
	for (int b = 7; b >= 0; b--)
		v = v << 8 | o[4 + len + b];
	*key = o + 4;
	*keylen = len;
	*val = (int64_t)v;
	return 4 + len + 8;
}

/* Record an entry produced by an iterator at op i. */
static inline void md_results_itent(md_results *r, uint32_t i, const uint8_t *key, uint32_t keylen, int64_t val)
{
	md_res *x = &r->res[i];
	size_t need = 4 + (size_t)keylen + 8;
	if (x->itn == 0)
		x->itoff = r->it_len;
	if (r->it_len + need > MD_IT_ARENA) {
		r->it_truncated = 1;
		return;
	}
	md_put_entry(r->it + r->it_len, key, keylen, val);
	r->it_len += (uint32_t)need;
	x->itn++;
}

/* Append one detail entry (marks truncation once the arena is full). */
static inline void md_results_entry(md_results *r, const uint8_t *key, uint32_t keylen, int64_t val)
{
	size_t need = 4 + (size_t)keylen + 8;
	if (r->entries == NULL || r->entries_len + need > r->entries_cap) {
		r->entries_truncated = 1;
		return;
	}
	md_put_entry(r->entries + r->entries_len, key, keylen, val);
	r->entries_len += (uint32_t)need;
	r->nentries++;
}

static inline const char *md_res_msg(const md_results *r, const md_res *x)
{
	return r->msg + x->msgoff;
}

#endif
