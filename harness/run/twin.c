/*
 * twin.c: the lockstep twin's draws, and the port's side of it: replaying
 * Go's hashes into the port (port.h gotwin) and recording its layout after
 * every op in the form Go records its own (docs/TWIN.md; oracle/twin.go
 * is the Go half, and writes the same bytes).
 */
#include <stdlib.h>
#include <string.h>

#include "run/canon.h"
#include "run/result.h"
#include "run/twin_port.h"

#define KEYIDX_BITS 14 /* key index table: 16384 slots for MD_MAX_KEYS keys */
#define KEYIDX_NONE 0xffff

_Static_assert(MD_MAX_KEYS < KEYIDX_NONE && MD_MAX_KEYS <= (1u << KEYIDX_BITS) / 2, "key index table");

struct md_twin_port {
	const md_prog *p;
	md_twin *out;            /* the port's record */
	const md_twin *go;       /* Go's record: the hashes replayed */
	uint32_t op;             /* the op running */
	md_twin_canon_fn canon;  /* a key's canonical bytes (the executor's) */
	void *canon_ctx;
	uint16_t keyidx[1u << KEYIDX_BITS]; /* canonical key digest -> key index */
	gotwin tw;
	uint32_t len;            /* bytes of lay */
	bool full;               /* lay overflowed */
	uint8_t lay[MD_TWIN_DUMP]; /* the layout being written */
};

const char *md_twin_status_text(uint32_t status)
{
	switch (status) {
	case MD_TWIN_OK: return "recorded";
	case MD_TWIN_RANDOM: return "a key Go hashes at random (a NaN in it)";
	case MD_TWIN_NOSEEDS: return "more than 64 hash seeds drawn";
	case MD_TWIN_NOITERS: return "more than 256 iterator starts drawn";
	case MD_TWIN_NOHASHES: return "seeds drawn times keys exceed 65536 hashes";
	case MD_TWIN_NODUMP: return "the layout is larger than 1 MiB";
	case MD_TWIN_NOTGO: return "this Go has no classic map to twin (gc 1.19 to 1.23 only)";
	default: return "unknown status";
	}
}

/* Whether t holds a pointer, a channel or an interface: a key Go hashes
 * by an address, which differs from process to process. */
static bool by_address(const gotype *t)
{
	switch (t->kind) {
	case GO_PTR:
	case GO_CHAN:
	case GO_EFACE:
	case GO_IFACE: return true;
	case GO_ARRAY: return t->len > 0 && by_address(t->elem);
	case GO_STRUCT:
		for (uint32_t i = 0; i < t->nfields; i++)
			if (by_address(t->fields[i].type))
				return true;
		return false;
	default: return false;
	}
}

const char *md_twin_uncovered(const md_prog *p)
{
	if (md_prog_composite(p) && by_address(md_prog_keytype(p)))
		return "keys with pointers, channels or interfaces (Go hashes some by address)";
	if (p->hashbits)
		return "weak hashing (the C port's hash control, not Go's)";
	for (uint32_t i = 0; i < p->nkeys; i++)
		if (md_canon_has_nan(p, md_key_bytes(p, i), p->keys[i].len))
			return "a NaN key (Go hashes it at random, inside its runtime)";
	for (uint32_t i = 0; i < p->nops; i++) {
		const md_op *op = &p->ops[i];
		if (op->code == MD_OP_MAKEHINT && op->val > 212992)
			return "a hint of B 16 or more (incrnoverflow draws at random there)";
	}
	return NULL;
}

void md_twin_prepare(md_twin *tw, const md_prog *p, int32_t dump_op)
{
	tw->dump_op = dump_op;
	uint64_t x = md_mix((uint64_t)p->seed ^ 0x7477696e5f736565ull);
	for (int k = 0; k < MD_TWIN_SEEDS; k++) {
		x = md_mix(x + 0x9e3779b97f4a7c15ull);
		tw->seeds[k] = (uint32_t)x;
	}
	for (int k = 0; k < MD_TWIN_ITERS; k++) {
		x = md_mix(x + 0x9e3779b97f4a7c15ull);
		tw->iters[k] = x;
	}
}

/* ---- the port's side ---------------------------------------------- */

/* The canonical bytes of a key in Go's layout. */
static const uint8_t *key_canon(const md_twin_port *tp, const void *key, uint32_t *len)
{
	const uint8_t *b;
	tp->canon(tp->canon_ctx, key, &b, len);
	return b;
}

static uint32_t keyidx_slot(uint64_t digest)
{
	return (uint32_t)(digest >> (64 - KEYIDX_BITS));
}

/* Index the program's keys by their canonical bytes (the first of equal ones). */
static void index_keys(md_twin_port *tp)
{
	const md_prog *p = tp->p;
	memset(tp->keyidx, 0xff, sizeof tp->keyidx);
	for (uint32_t i = 0; i < p->nkeys; i++) {
		const uint8_t *b = md_key_bytes(p, i);
		uint32_t len = p->keys[i].len, s = keyidx_slot(md_key_hash(b, len));
		for (;; s = (s + 1) & ((1u << KEYIDX_BITS) - 1)) {
			uint16_t j = tp->keyidx[s];
			if (j == KEYIDX_NONE) {
				tp->keyidx[s] = (uint16_t)i;
				break;
			}
			if (p->keys[j].len == len && memcmp(md_key_bytes(p, j), b, len) == 0)
				break;
		}
	}
}

/* The index of the program key equal to key, or -1. */
static int64_t find_key(const md_twin_port *tp, const void *key)
{
	uint32_t len;
	const uint8_t *b = key_canon(tp, key, &len);
	for (uint32_t s = keyidx_slot(md_key_hash(b, len));; s = (s + 1) & ((1u << KEYIDX_BITS) - 1)) {
		uint16_t j = tp->keyidx[s];
		if (j == KEYIDX_NONE)
			return -1;
		if (tp->p->keys[j].len == len && (len == 0 || memcmp(md_key_bytes(tp->p, j), b, len) == 0))
			return j;
	}
}

/* gotwin.hash: the hash Go recorded for key under seed. */
static uint64_t replay_hash(void *ctx, const void *key, uint32_t seed)
{
	md_twin_port *tp = ctx;
	const md_twin *go = tp->go;
	int64_t i = find_key(tp, key);
	for (uint32_t k = 0; i >= 0 && k < go->nseeds; k++)
		if (go->seeds[k] == seed)
			return go->hash[(uint64_t)k * go->nkeys + (uint64_t)i];
	if (tp->out->miss_op == UINT32_MAX)
		tp->out->miss_op = tp->op;
	return md_mix((uint64_t)seed ^ 0x6d69737365642068ull);
}

/* gotwin.seed and gotwin.iter: the next draw (past the end: a fixed one,
 * and the count of draws shows the difference). */
static uint32_t replay_seed(void *ctx)
{
	md_twin_port *tp = ctx;
	uint32_t k = tp->out->nseeds++;
	return tp->out->seeds[k < MD_TWIN_SEEDS ? k : MD_TWIN_SEEDS - 1];
}

static uint64_t replay_iter(void *ctx)
{
	md_twin_port *tp = ctx;
	uint32_t k = tp->out->niters++;
	return tp->out->iters[k < MD_TWIN_ITERS ? k : MD_TWIN_ITERS - 1];
}

md_twin_port *md_twin_port_new(void)
{
	return calloc(1, sizeof(md_twin_port));
}

const gotwin *md_twin_port_begin(md_twin_port *tp, const md_prog *p, md_twin *out, const md_twin *go,
				 md_twin_canon_fn canon, void *ctx)
{
	tp->p = p;
	tp->out = out;
	tp->go = go;
	tp->op = 0;
	tp->canon = canon;
	tp->canon_ctx = ctx;
	out->status = MD_TWIN_OK;
	out->nseeds = out->niters = 0;
	out->nkeys = p->nkeys;
	out->miss_op = UINT32_MAX;
	out->dump_len = 0;
	memset(out->ord, 0, p->nops * sizeof out->ord[0]);
	index_keys(tp);
	tp->tw = (gotwin){.ctx = tp, .hash = replay_hash, .seed = replay_seed, .iter = replay_iter};
	return &tp->tw;
}

void md_twin_port_op(md_twin_port *tp, uint32_t i)
{
	tp->op = i;
}

/* ---- layout records ------------------------------------------------- */

static void put(md_twin_port *tp, const void *b, uint32_t n)
{
	if (tp->len + n > sizeof tp->lay) {
		tp->full = true;
		return;
	}
	memcpy(tp->lay + tp->len, b, n);
	tp->len += n;
}

static void put_le(md_twin_port *tp, uint64_t v, uint32_t n)
{
	uint8_t b[8];
	for (uint32_t j = 0; j < n; j++)
		b[j] = (uint8_t)(v >> (8 * j));
	put(tp, b, n);
}

static void walk_header(void *ctx, const gohdr *h)
{
	md_twin_port *tp = ctx;
	uint8_t tag = MD_TWIN_HDR;
	put(tp, &tag, 1);
	put_le(tp, (uint64_t)h->count, 8);
	put_le(tp, h->flags, 1);
	put_le(tp, h->B, 1);
	put_le(tp, h->noverflow, 2);
	put_le(tp, h->hash0, 4);
	put_le(tp, h->nevacuate, 8);
	put_le(tp, h->old, 1);
	if (h->nobuckets) {
		tag = MD_TWIN_NOBUCKETS;
		put(tp, &tag, 1);
	}
}

static void walk_bucket(void *ctx, int array, int depth, const uint8_t tophash[8], const void *const keys[8])
{
	md_twin_port *tp = ctx;
	uint8_t head[3] = {MD_TWIN_BUCKET, (uint8_t)array, (uint8_t)depth};
	put(tp, head, 3);
	put(tp, tophash, 8);
	for (int j = 0; j < 8; j++) {
		if (!keys[j])
			continue;
		uint32_t len;
		const uint8_t *b = key_canon(tp, keys[j], &len);
		put_le(tp, md_key_hash(b, len), 8);
	}
}

void md_twin_port_layout(md_twin_port *tp, const mapport *port, void *t, void *m, uint32_t i)
{
	md_twin *out = tp->out;
	out->lay[i] = 0;
	if (m == NULL)
		return;
	tp->len = 0;
	tp->full = false;
	gowalker w = {.ctx = tp, .header = walk_header, .bucket = walk_bucket};
	port->walk(t, m, &w);
	out->lay[i] = md_key_hash(tp->lay, tp->len);
	if ((int32_t)i != out->dump_op)
		return;
	if (tp->full)
		out->status = MD_TWIN_NODUMP;
	out->dump_len = tp->len;
	memcpy(out->dump, tp->lay, tp->len);
}
