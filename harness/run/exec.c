/*
 * exec.c: the executor, which runs a program on a port op by op.
 *
 * Keys are turned from canonical bytes into the port's (Go's) layout once
 * per program; map variables m and m2 hold map handles, and a map is freed
 * as soon as neither variable refers to it.  Every random number the port
 * uses comes from the program's seed, so a run replays exactly.
 */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "format/types.h"
#include "run/fresh.h"
#include "run/side.h"
#include "run/twin_port.h"

#define MD_NATIVE_MAX 16 /* largest scalar key: complex128 */
#define MD_ITER_MAX 512
/* The longest program the colliding run runs: one chain of every key makes
 * each op walk all of them, and on a campaign's corpus (inputs up to 8192
 * bytes) running every program doubled the CPU time per input; programs
 * this short cost next to nothing (docs/FUZZING.md, bench/RESULTS.md). */
#define MD_COLLIDE_MAXOPS 256
#define MD_NAT_MEM (16u << 20) /* interface data and slices of composite keys */

/* A live iterator of the program (it a ... drain a). */
typedef struct exec_iter {
	void *m; /* the map it walks (NULL: a nil map) */
	bool live;
	alignas(16) uint8_t buf[MD_ITER_MAX];
} exec_iter;

/* One executor per side that runs a port: its state across the ops of a
 * program, and the buffers it reuses from program to program. */
typedef struct exec {
	const mapport *port;
	void *types[GO_NSCALAR];   /* the port's map types, made once per scalar key kind */
	void *t;                   /* the map type of the program running */
	void *vars[2]; /* m, m2 */
	uint32_t nmakes; /* makes so far */
	bool samesize_seen; /* a same-size grow happened in this program */
	bool collide;       /* the colliding run (md_side_collide) */
	atomic_int op;      /* the op running, or -1 (md_side_op_running) */
	exec_iter its[MD_MAX_ITERS];
	alignas(16) uint8_t native[MD_MAX_KEYS][MD_NATIVE_MAX];
	alignas(16) uint8_t iter[MD_ITER_MAX]; /* for range */
	/* composite keys (arrays, structs, interfaces, pointers, channels) */
	const gotype *kt;                  /* NULL: a scalar key kind */
	const void *keyp[MD_MAX_KEYS];     /* native keys, in knat */
	uint8_t *knat;                     /* grown, never shrunk */
	size_t knatcap;
	gonat nat;                         /* their interface data, objects */
	gotypes dyn;                       /* their dynamic types */
	uint64_t *objs;                    /* GOOBJ_MAX objects (objs_pool) */
	uint8_t canon[MD_MAX_CANON];       /* a range key's canonical bytes */
	/* values of a value type other than int64 */
	const gotype *vt;                  /* NULL: int64 values */
	uint32_t nvals;                    /* entries of valp */
	bool own_type;                     /* t is made for this program */
	const void *valp[MD_MAX_VALS];     /* native values, in vnat */
	uint8_t *vnat;                     /* grown, never shrunk */
	size_t vnatcap;
	alignas(16) uint8_t vbuf[GODESC_MAX_SIZE + 16]; /* a looked-up value */
	uint8_t vcanon[MD_MAX_CANON];      /* a value's canonical bytes */
	/* the key each op hands the port: the key's, or a fresh copy (fresh.h) */
	const void *opkey[MD_MAX_OPS];
	md_fresh fresh;
	md_twin_port *twin;                /* the lockstep twin, made by its first run */
	md_twin *tw;                       /* this run's twin record, or NULL */
	const md_prog *prog;               /* the program running (for the twin's key_canon) */
} exec;


static void native_keys(exec *ex, const md_prog *p)
{
	for (uint32_t i = 0; i < p->nkeys; i++) {
		const uint8_t *b = md_key_bytes(p, i);
		if (p->keykind == GO_STRING) {
			gostring s = {b, (intptr_t)p->keys[i].len};
			memcpy(ex->native[i], &s, sizeof s);
		} else {
			memcpy(ex->native[i], b, p->keys[i].len);
		}
	}
}

/* The room one native of type t takes in a table: its size, at least 1,
 * rounded up to 16. */
static size_t slot_size(const gotype *t) { return ((t->size ? t->size : 1) + 15) & ~(size_t)15; }

/* Room for n natives of type t in *buf; false when out of memory. */
static bool grow(uint8_t **buf, size_t *cap, const gotype *t, size_t n)
{
	size_t need = slot_size(t) * (n + 1);
	if (need > *cap) {
		free(*buf);
		*buf = aligned_alloc(16, need);
		*cap = *buf ? need : 0;
	}
	return *buf != NULL;
}

/* The objects pointer and channel keys name, at one fixed address in
 * every process: a pointer key hashes by its address (as in Go), and
 * with address randomisation a port whose results depend on where keys
 * land (a faulty one) would give another verdict on each run. */
static uint64_t *objs_pool(void)
{
	static uint64_t *pool;
	if (pool == NULL) {
		void *want = (void *)(uintptr_t)0x6d6170640000ULL; /* "mapd", far from heap, PIE and Go */
		void *p = mmap(want, GOOBJ_MAX * sizeof *pool, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (p == MAP_FAILED) /* taken: still correct, only not the same address each run */
			p = mmap(NULL, GOOBJ_MAX * sizeof *pool, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		pool = p == MAP_FAILED ? NULL : p;
	}
	return pool;
}

/* Empty the arena of interface data and dynamic types, once per program. */
static bool nat_reset(exec *ex)
{
	if (ex->nat.mem == NULL) {
		ex->nat.mem = malloc(MD_NAT_MEM);
		ex->nat.cap = ex->nat.mem ? MD_NAT_MEM : 0;
	}
	gotypes_reset(&ex->dyn);
	ex->nat.types = &ex->dyn;
	ex->nat.used = 0;
	ex->objs = objs_pool();
	ex->nat.objs = ex->objs;
	return ex->nat.mem != NULL && ex->objs != NULL;
}

/* Whether the dynamic types arena has room left: a full arena would have
 * decoded some dynamic type wrong. */
static bool dyn_ok(exec *ex)
{
	return ex->dyn.nt < GOTYPES_MAX && ex->dyn.nf + GODESC_MAX_FIELDS < GOFIELDS_MAX &&
	       ex->dyn.nn + 4096 < GONAMES_MAX;
}

/* The native values of a value type other than int64, once per program. */
static bool native_vals(exec *ex, const md_prog *p)
{
	if (!grow(&ex->vnat, &ex->vnatcap, ex->vt, p->nvals))
		return false;
	uint8_t *at = ex->vnat;
	ex->nvals = 0;
	if (p->nvals == 0) /* a hand-made program: value 0 is the zero value */
		memset(at, 0, slot_size(ex->vt));
	ex->valp[0] = at;
	for (uint32_t i = 0; i < p->nvals && i < MD_MAX_VALS; i++) {
		uint32_t len;
		const uint8_t *c = md_val_bytes(p, i, &len);
		if (!gocanon_to_native(ex->vt, c, len, true, at, &ex->nat))
			return false;
		ex->valp[i] = at;
		ex->nvals = i + 1;
		at += slot_size(ex->vt);
	}
	return dyn_ok(ex);
}

/* The native keys of a composite key type, once per program; false when
 * they do not fit (the side then skips the program). */
static bool composite_keys(exec *ex, const md_prog *p)
{
	if (!grow(&ex->knat, &ex->knatcap, ex->kt, p->nkeys))
		return false;
	uint8_t *at = ex->knat;
	memset(at, 0, slot_size(ex->kt)); /* keyp[0] when there are no keys */
	ex->keyp[0] = at;
	for (uint32_t i = 0; i < p->nkeys; i++) {
		if (!gocanon_to_native(ex->kt, md_key_bytes(p, i), p->keys[i].len, true, at, &ex->nat))
			return false;
		ex->keyp[i] = at;
		at += slot_size(ex->kt);
	}
	return dyn_ok(ex);
}

/* The key each op of p hands the port (ex->opkey): the key's native
 * value, or a fresh copy of it for an op that asks for one; false when
 * the copies do not fit. */
static bool op_keys(exec *ex, const md_prog *p)
{
	const gotype *t = ex->kt ? ex->kt : &gotype_scalars[p->keykind];
	bool fresh = false;
	for (uint32_t i = 0; i < p->nops; i++)
		fresh |= md_op_fresh(&p->ops[i]);
	if (fresh && !md_fresh_reset(&ex->fresh, p))
		return false;
	for (uint32_t i = 0; i < p->nops; i++) {
		const md_op *op = &p->ops[i];
		const void *key = ex->kt ? ex->keyp[op->key] : ex->native[op->key];
		if (md_op_fresh(op) && (key = md_fresh_key(&ex->fresh, t, key, &ex->nat)) == NULL)
			return false;
		ex->opkey[i] = key;
	}
	return true;
}

/* The word of native value v (result.h md_val_word). */
static int64_t val_word(exec *ex, const void *v)
{
	int64_t w;
	if (ex->vt == NULL) {
		memcpy(&w, v, sizeof w);
		return w;
	}
	if (md_kind_integer((int)ex->vt->kind))
		return md_val_word((int)ex->vt->kind, v, ex->vt->size);
	size_t len = 0;
	if (!gonative_to_canon(ex->vt, v, true, &ex->nat, ex->vcanon, sizeof ex->vcanon, &len))
		len = 0;
	return md_val_word((int)ex->vt->kind, ex->vcanon, (uint32_t)len);
}

/* Canonical bytes of a scalar key in Go's memory layout. */
static void canon_of_scalar(int kind, const void *native, const uint8_t **b, uint32_t *len)
{
	if (kind == GO_STRING) {
		const gostring *s = (const gostring *)native;
		*b = s->ptr;
		*len = (uint32_t)s->len;
		return;
	}
	*b = (const uint8_t *)native;
	*len = gotype_scalars[kind].size;
}

/* Canonical bytes of native key k. */
static void key_canon(exec *ex, const md_prog *p, const void *k, const uint8_t **kb, uint32_t *klen)
{
	if (ex->kt == NULL) {
		canon_of_scalar(p->keykind, k, kb, klen);
		return;
	}
	size_t len = 0;
	if (!gonative_to_canon(ex->kt, k, true, &ex->nat, ex->canon, sizeof ex->canon, &len))
		len = 0;
	*kb = ex->canon;
	*klen = (uint32_t)len;
}

/* Whether a variable or a live iterator still refers to map m. */
static bool referenced(exec *ex, const void *m)
{
	if (ex->vars[0] == m || ex->vars[1] == m)
		return true;
	for (int j = 0; j < MD_MAX_ITERS; j++)
		if (ex->its[j].live && ex->its[j].m == m)
			return true;
	return false;
}

/* Frees map m once nothing refers to it (Go's GC would). */
static void release(exec *ex, void *m)
{
	if (m && !referenced(ex, m))
		ex->port->free(ex->t, m);
}

/* vars[v] = m. */
static void set_var(exec *ex, int v, void *m)
{
	void *old = ex->vars[v];
	ex->vars[v] = m;
	release(ex, old);
}

static void iter_stop(exec *ex, exec_iter *it)
{
	if (!it->live)
		return;
	it->live = false;
	release(ex, it->m);
}

/* Take iterator it's next entry into the results of op i; false at the end. */
static bool iter_step(exec *ex, const md_prog *p, md_results *r, uint32_t i, exec_iter *it)
{
	const void *k, *v;
	if (!it->live)
		return false;
	if (!ex->port->iter_next(it->buf, &k, &v)) {
		iter_stop(ex, it);
		return false;
	}
	const uint8_t *kb;
	uint32_t klen;
	key_canon(ex, p, k, &kb, &klen);
	md_results_itent(r, i, kb, klen, val_word(ex, v));
	r->res[i].ok = 1;
	r->res[i].val++;
	return true;
}

static void do_iter_op(exec *ex, const md_prog *p, md_results *r, uint32_t i)
{
	const md_op *op = &p->ops[i];
	exec_iter *it = &ex->its[op->key % MD_MAX_ITERS];
	switch (op->code) {
	case MD_OP_ITER:
		iter_stop(ex, it);
		it->m = ex->vars[op->target];
		it->live = true;
		ex->port->iter_init(ex->t, it->m, it->buf);
		break;
	case MD_OP_NEXT: iter_step(ex, p, r, i, it); break;
	case MD_OP_DRAIN:
		while (iter_step(ex, p, r, i, it))
			;
		break;
	case MD_OP_STOP: iter_stop(ex, it); break;
	}
}

/* The rand a port gets for the n-th make of the program: numbered by
 * makes, not by ops, so removing other ops (mapdiff min) keeps the layout. */
uint64_t md_make_rand(const md_prog *p, uint32_t n)
{
	return md_mix(((uint64_t)p->seed << 32 | n) ^ 0x6a09e667f3bcc909ULL);
}

/* make(map[K]V[, hint]), in weak-hash mode if the program asks; keys
 * colliding in the colliding run. */
static void *make_map(exec *ex, const md_prog *p, int64_t hint, bool given)
{
	void *m = ex->port->make(ex->t, hint, given, md_make_rand(p, ex->nmakes++));
	if ((p->hashbits || ex->collide) && ex->port->set_weak_hash)
		ex->port->set_weak_hash(ex->t, m, ex->collide ? 0 : p->hashbits);
	return m;
}

static void do_range(exec *ex, const md_prog *p, md_results *r, uint32_t i, void *m)
{
	md_res *res = &r->res[i];
	bool detail = (int32_t)i == r->detail_op;
	const void *k, *v;
	ex->port->iter_init(ex->t, m, ex->iter);
	while (ex->port->iter_next(ex->iter, &k, &v)) {
		const uint8_t *kb;
		uint32_t klen;
		int64_t val = val_word(ex, v);
		key_canon(ex, p, k, &kb, &klen);
		uint64_t kh = md_key_hash(kb, klen);
		md_digest_add(res, kh, val);
		if (ex->tw)
			ex->tw->ord[i] = md_twin_ord(ex->tw->ord[i], kh);
		if (detail)
			md_results_entry(r, kb, klen, val);
	}
}

/* The native value a PUT or ADD stores. */
static const void *op_val(exec *ex, const md_op *op)
{
	if (ex->vt == NULL)
		return &op->val;
	return ex->valp[(uint64_t)op->val < ex->nvals ? op->val : 0];
}

/* m[k] += v: Go compiles it to *mapassign(m, k) += v, so an empty map only
 * assigns.  Integer values only (int64, or an integer value type). */
/* m[key] += v through the slot mapassign returns, as Go compiles it:
 * integers, wrapping at the value type's width. */
static void add_in_place(exec *ex, void *m, const void *key, const md_op *op, gopanic *pn)
{
	uint8_t *slot = ex->port->assign_slot(ex->t, m, key, pn);
	if (pn->raised || slot == NULL)
		return;
	uint32_t size = md_int_size(ex->vt ? (int)ex->vt->kind : GO_INT64);
	uint64_t a = 0, b = 0;
	memcpy(&a, slot, size); /* little-endian, as Go's amd64 and arm64 */
	memcpy(&b, op_val(ex, op), size);
	a += b;
	memcpy(slot, &a, size);
}

static void do_add(exec *ex, void *m, const void *key, const md_op *op, gopanic *pn)
{
	const mapport *port = ex->port;
	if (port->assign_slot) {
		add_in_place(ex, m, key, op, pn);
		return;
	}
	if (port->len(ex->t, m) == 0) {
		port->assign(ex->t, m, key, op_val(ex, op), pn);
		return;
	}
	port->lookup(ex->t, m, key, ex->vbuf, pn);
	if (pn->raised)
		return;
	int kind = ex->vt ? (int)ex->vt->kind : GO_INT64;
	uint32_t size = md_int_size(kind);
	uint64_t a = 0, b = 0;
	memcpy(&a, ex->vbuf, size); /* little-endian, as Go's amd64 and arm64 */
	memcpy(&b, op_val(ex, op), size);
	a += b;
	memcpy(ex->vbuf, &a, size);
	port->assign(ex->t, m, key, ex->vbuf, pn);
}

/* m2 = maps.Clone(m) (or m = maps.Clone(m2)): maps.Clone of a nil map is
 * nil; a clone is a new map, numbered with the makes for its randomness. */
static void do_clone(exec *ex, const md_prog *p, const md_op *op, void *m, gopanic *pn)
{
	void *dst = NULL;
	if (m != NULL)
		dst = ex->port->clone(ex->t, m, md_make_rand(p, ex->nmakes++), pn);
	set_var(ex, 1 - op->target, dst);
}

static void do_op(exec *ex, const md_prog *p, md_results *r, uint32_t i)
{
	const md_op *op = &p->ops[i];
	md_res *res = &r->res[i];
	const mapport *port = ex->port;
	void *m = ex->vars[op->target];
	const void *key = ex->opkey[i];
	gopanic pn; /* not zeroed: GOPANIC_MSG is large, and msg is read only when raised */
	pn.raised = false;
	pn.msg[0] = 0;
	switch (op->code) {
	case MD_OP_NIL: set_var(ex, op->target, NULL); break;
	case MD_OP_MAKE: set_var(ex, op->target, make_map(ex, p, 0, false)); break;
	case MD_OP_MAKEHINT: set_var(ex, op->target, make_map(ex, p, op->val, true)); break;
	case MD_OP_PUT: port->assign(ex->t, m, key, op_val(ex, op), &pn); break;
	case MD_OP_ADD: do_add(ex, m, key, op, &pn); break;
	case MD_OP_GET:
		res->ok = port->lookup(ex->t, m, key, ex->vbuf, &pn);
		res->val = pn.raised ? 0 : val_word(ex, ex->vbuf);
		break;
	case MD_OP_DEL: port->del(ex->t, m, key, &pn); break;
	case MD_OP_LEN: res->val = port->len(ex->t, m); break;
	case MD_OP_RANGE: do_range(ex, p, r, i, m); break;
	case MD_OP_CLEAR: port->clear(ex->t, m, &pn); break;
	case MD_OP_ALIAS: set_var(ex, 1 - op->target, m); break;
	case MD_OP_CLONE: do_clone(ex, p, op, m, &pn); break;
	case MD_OP_ITER:
	case MD_OP_NEXT:
	case MD_OP_DRAIN:
	case MD_OP_STOP: do_iter_op(ex, p, r, i); break;
	default: break;
	}
	if (pn.raised) {
		memset(res, 0, sizeof *res);
		md_results_panic(r, i, pn.msg, strnlen(pn.msg, sizeof pn.msg));
	}
}

/* Records the structure of op i's map, where the port can tell: the
 * clone, after a clone (md_shape_var). */
static void do_shape(exec *ex, const md_prog *p, md_results *r, uint32_t i)
{
	void *m = ex->vars[md_shape_var(&p->ops[i])];
	bool growing, samesize;
	uint8_t B;
	md_res *res = &r->res[i];
	if (!ex->port->shape || !m || ex->collide) /* the colliding run's B is its own */
		return;
	ex->port->shape(ex->t, m, &B, &growing, &samesize);
	ex->samesize_seen |= samesize;
	res->B = B;
	res->shape = (uint8_t)(MD_SHAPE_KNOWN | (growing ? MD_SHAPE_GROWING : 0) |
			       (samesize ? MD_SHAPE_SAMESIZE : 0) | (ex->samesize_seen ? MD_SHAPE_SAMESEEN : 0));
}

/* The map type of p: made once per scalar kind, per program for
 * composite key types (ex->kt set).  NULL when the port cannot run it. */
static void *map_type(exec *ex, const md_prog *p)
{
	int kind = p->keykind;
	ex->kt = md_prog_composite(p) ? md_prog_keytype(p) : NULL;
	ex->vt = md_prog_int64_vals(p) ? NULL : md_prog_valtype(p);
	ex->own_type = ex->kt || ex->vt;
	if (ex->own_type)
		return ex->port->type_new(md_prog_keytype(p), ex->vt ? ex->vt : &gotype_scalars[GO_INT64]);
	if (!ex->types[kind])
		ex->types[kind] = ex->port->type_new(&gotype_scalars[kind], &gotype_scalars[GO_INT64]);
	return ex->types[kind];
}

static void run_ops(exec *ex, const md_prog *p, md_results *r)
{
	for (uint32_t i = 0; i < p->nops; i++) {
		atomic_store_explicit(&ex->op, (int)i, memory_order_relaxed);
		memset(&r->res[i], 0, sizeof r->res[i]);
		if (ex->tw)
			md_twin_port_op(ex->twin, i);
		do_op(ex, p, r, i);
		do_shape(ex, p, r, i);
		if (ex->tw)
			md_twin_port_layout(ex->twin, ex->port, ex->t, ex->vars[md_shape_var(&p->ops[i])], i);
	}
	for (int j = 0; j < MD_MAX_ITERS; j++)
		iter_stop(ex, &ex->its[j]);
	set_var(ex, 0, NULL);
	set_var(ex, 1, NULL);
	atomic_store_explicit(&ex->op, -1, memory_order_relaxed);
}

int md_side_op_running(const md_side *s)
{
	if (s->ops != &md_exec_ops || !s->state)
		return -1;
	return atomic_load_explicit(&((exec *)s->state)->op, memory_order_relaxed);
}

/* Gives up on a program: the reason in s->skip (multi.h reports it), -1. */
static int give_up(md_side *s, const char *why)
{
	snprintf(s->skip, sizeof s->skip, "%s", why);
	return -1;
}

/* type_new refused p's map type. */
static int type_refused(md_side *s, const md_prog *p)
{
	snprintf(s->skip, sizeof s->skip, "type_new returned NULL for map[%.44s]%.44s", md_prog_keytype(p)->name,
		 md_prog_valtype(p)->name);
	return -1;
}

/* What p needs that the port leaves NULL: a reason, or NULL. */
static const char *port_lacks(const mapport *port, const md_prog *p)
{
	if (port->iter_size > MD_ITER_MAX)
		return "iter_size is larger than 512 bytes";
	bool clear = false, iter = false, clone = false;
	for (uint32_t i = 0; i < p->nops; i++) {
		clear |= p->ops[i].code == MD_OP_CLEAR;
		clone |= p->ops[i].code == MD_OP_CLONE;
		iter |= p->ops[i].code == MD_OP_RANGE || md_op_is_iter(p->ops[i].code);
	}
	if (clear && !port->clear)
		return "no clear";
	if (clone && !port->clone)
		return "no clone";
	if (iter && (!port->iter_init || !port->iter_next))
		return "no iter_init or iter_next";
	return NULL;
}

/* The port's map type for p, or NULL when the port cannot run p (the
 * reason in s->skip): what it lacks, or a type it refuses. */
static void *usable_type(md_side *s, const md_prog *p)
{
	exec *ex = s->state;
	const char *lacks = port_lacks(ex->port, p);
	if (lacks) {
		give_up(s, lacks);
		return NULL;
	}
	void *t = map_type(ex, p);
	if (!t)
		type_refused(s, p);
	return t;
}

/* md_twin_canon_fn: key_canon for the twin. */
static void twin_key_canon(void *ctx, const void *key, const uint8_t **b, uint32_t *len)
{
	exec *ex = ctx;
	key_canon(ex, ex->prog, key, b, len);
}

/* A twin run (r->twin set): the port replays Go's record (twin.h). */
static int twin_begin(md_side *s, const md_prog *p, md_results *r)
{
	exec *ex = s->state;
	ex->tw = r->twin;
	if (!r->twin)
		return 0;
	if (!ex->port->set_twin || !ex->port->walk || !r->twin->replay) {
		ex->tw = NULL;
		return give_up(s, "no set_twin or walk (the twin needs a port of the classic map)");
	}
	if (!ex->twin && !(ex->twin = md_twin_port_new())) {
		ex->tw = NULL;
		return give_up(s, "out of memory for the twin");
	}
	ex->prog = p;
	ex->port->set_twin(ex->t, md_twin_port_begin(ex->twin, p, r->twin, r->twin->replay, twin_key_canon, ex));
	return 0;
}

/* Run p on the side's port, filling r; -1 when the port cannot run it
 * (the reason in s->skip). */
static int exec_run(md_side *s, const md_prog *p, md_results *r)
{
	exec *ex = s->state;
	if (ex->collide && p->nops > MD_COLLIDE_MAXOPS) /* folded: multi.c */
		return give_up(s, "the colliding run runs programs of at most 256 ops");
	void *t = usable_type(s, p);
	if (!t)
		return -1;
	ex->t = t;
	ex->vars[0] = ex->vars[1] = NULL;
	ex->nmakes = 0;
	ex->samesize_seen = false;
	for (int j = 0; j < MD_MAX_ITERS; j++)
		ex->its[j].live = false;
	if (!ex->kt)
		native_keys(ex, p);
	if ((ex->own_type && !nat_reset(ex)) || (ex->kt && !composite_keys(ex, p)) || (ex->vt && !native_vals(ex, p)) ||
	    !op_keys(ex, p)) {
		if (ex->own_type)
			ex->port->type_free(t);
		return give_up(s, "its keys or values do not fit the executor's buffers");
	}
	if (twin_begin(s, p, r) != 0) {
		if (ex->own_type)
			ex->port->type_free(t);
		return -1;
	}
	run_ops(ex, p, r);
	if (ex->tw)
		ex->port->set_twin(t, NULL);
	ex->tw = NULL;
	if (ex->own_type)
		ex->port->type_free(t);
	r->nres = p->nops;
	return 0;
}

/* Whether exec_run would refuse p before its first op (the fuzz target
 * asks first, so that Go never runs what the port cannot): the same
 * checks, with type_new asked as exec_run asks it (a handle made for this
 * program is freed at once). */
static int exec_check(md_side *s, const md_prog *p)
{
	exec *ex = s->state;
	void *t = usable_type(s, p);
	if (!t)
		return -1;
	if (ex->own_type)
		ex->port->type_free(t);
	return 0;
}

/* An executor for the side's port, made once: the per-input path
 * allocates nothing. */
static int exec_open(md_side *s)
{
	exec *ex = calloc(1, sizeof *ex);
	if (!ex)
		return fprintf(stderr, "mapdiff: %s: out of memory\n", s->name), -1;
	ex->port = s->port;
	ex->collide = s->collide;
	atomic_init(&ex->op, -1);
	s->state = ex;
	return 0;
}

const md_side_ops md_exec_ops = {.open = exec_open, .run = exec_run, .check = exec_check};
