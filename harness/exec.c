/*
 * exec.c: the executor, which runs a program on a port op by op.
 *
 * Keys are turned from canonical bytes into the port's (Go's) layout once
 * per program; map variables m and m2 hold map handles, and a map is freed
 * as soon as neither variable refers to it.  Every random number the port
 * uses comes from the program's seed, so a run replays exactly.
 */
#include <stdalign.h>
#include <string.h>

#include "side.h"

#define MD_NATIVE_MAX 16 /* largest scalar key: complex128 */
#define MD_ITER_MAX 512

/* A live iterator of the program (it a ... drain a). */
typedef struct exec_iter {
	void *m; /* the map it walks (NULL: a nil map) */
	bool live;
	alignas(16) uint8_t buf[MD_ITER_MAX];
} exec_iter;

typedef struct exec {
	md_side *side;
	const mapport *port;
	void *t;
	int kind;
	void *vars[2]; /* m, m2 */
	uint32_t nmakes; /* makes so far */
	exec_iter its[MD_MAX_ITERS];
	alignas(16) uint8_t native[MD_MAX_KEYS][MD_NATIVE_MAX];
	alignas(16) uint8_t iter[MD_ITER_MAX]; /* for range */
} exec;

static exec ex; /* one executor: the per-input path allocates nothing */

static void native_keys(const md_prog *p)
{
	for (uint32_t i = 0; i < p->nkeys; i++) {
		const uint8_t *b = md_key_bytes(p, i);
		if (p->keykind == GO_STRING) {
			gostring s = {b, (intptr_t)p->keys[i].len};
			memcpy(ex.native[i], &s, sizeof s);
		} else {
			memcpy(ex.native[i], b, p->keys[i].len);
		}
	}
}

/* Whether a variable or a live iterator still refers to map m. */
static bool referenced(const void *m)
{
	if (ex.vars[0] == m || ex.vars[1] == m)
		return true;
	for (int j = 0; j < MD_MAX_ITERS; j++)
		if (ex.its[j].live && ex.its[j].m == m)
			return true;
	return false;
}

/* Frees map m once nothing refers to it (Go's GC would). */
static void release(void *m)
{
	if (m && !referenced(m))
		ex.port->free(ex.t, m);
}

/* vars[v] = m. */
static void set_var(int v, void *m)
{
	void *old = ex.vars[v];
	ex.vars[v] = m;
	release(old);
}

static void iter_stop(exec_iter *it)
{
	if (!it->live)
		return;
	it->live = false;
	release(it->m);
}

/* Take iterator it's next entry into the results of op i; false at the end. */
static bool iter_step(const md_prog *p, md_results *r, uint32_t i, exec_iter *it)
{
	const void *k, *v;
	if (!it->live)
		return false;
	if (!ex.port->iter_next(it->buf, &k, &v)) {
		iter_stop(it);
		return false;
	}
	const uint8_t *kb;
	uint32_t klen;
	int64_t val;
	md_canon_of_native(p->keykind, k, &kb, &klen);
	memcpy(&val, v, sizeof val);
	md_results_itent(r, i, kb, klen, val);
	r->res[i].ok = 1;
	r->res[i].val++;
	return true;
}

static void do_iter_op(const md_prog *p, md_results *r, uint32_t i)
{
	const md_op *op = &p->ops[i];
	exec_iter *it = &ex.its[op->key % MD_MAX_ITERS];
	switch (op->code) {
	case MD_OP_ITER:
		iter_stop(it);
		it->m = ex.vars[op->target];
		it->live = true;
		ex.port->iter_init(ex.t, it->m, it->buf);
		break;
	case MD_OP_NEXT: iter_step(p, r, i, it); break;
	case MD_OP_DRAIN:
		while (iter_step(p, r, i, it))
			;
		break;
	case MD_OP_STOP: iter_stop(it); break;
	}
}

/* The rand a port gets for the n-th make of the program: numbered by
 * makes, not by ops, so removing other ops (mapdiff min) keeps the layout. */
static uint64_t make_rand(const md_prog *p, uint32_t n)
{
	return md_mix(((uint64_t)p->seed << 32 | n) ^ 0x6a09e667f3bcc909ULL);
}

/* make(map[K]V[, hint]), in weak-hash mode if the program asks. */
static void *make_map(const md_prog *p, int64_t hint, bool given)
{
	void *m = ex.port->make(ex.t, hint, given, make_rand(p, ex.nmakes++));
	if (p->hashbits && ex.port->set_weak_hash)
		ex.port->set_weak_hash(ex.t, m, p->hashbits);
	return m;
}

static void do_range(const md_prog *p, md_results *r, uint32_t i, void *m)
{
	md_res *res = &r->res[i];
	bool detail = (int32_t)i == r->detail_op;
	const void *k, *v;
	ex.port->iter_init(ex.t, m, ex.iter);
	while (ex.port->iter_next(ex.iter, &k, &v)) {
		const uint8_t *kb;
		uint32_t klen;
		int64_t val;
		md_canon_of_native(p->keykind, k, &kb, &klen);
		memcpy(&val, v, sizeof val);
		md_digest_add(res, md_key_hash(kb, klen), val);
		if (detail)
			md_results_entry(r, kb, klen, val);
	}
}

static void do_op(const md_prog *p, md_results *r, uint32_t i)
{
	const md_op *op = &p->ops[i];
	md_res *res = &r->res[i];
	const mapport *port = ex.port;
	void *m = ex.vars[op->target];
	const void *key = ex.native[op->key];
	gopanic pn = {0};
	int64_t v = 0;
	switch (op->code) {
	case MD_OP_NIL: set_var(op->target, NULL); break;
	case MD_OP_MAKE: set_var(op->target, make_map(p, 0, false)); break;
	case MD_OP_MAKEHINT: set_var(op->target, make_map(p, op->val, true)); break;
	case MD_OP_PUT: port->assign(ex.t, m, key, &op->val, &pn); break;
	case MD_OP_ADD:
		port->lookup(ex.t, m, key, &v, &pn);
		if (!pn.raised) {
			v = (int64_t)((uint64_t)v + (uint64_t)op->val);
			port->assign(ex.t, m, key, &v, &pn);
		}
		break;
	case MD_OP_GET:
		res->ok = port->lookup(ex.t, m, key, &v, &pn);
		res->val = v;
		break;
	case MD_OP_DEL: port->del(ex.t, m, key, &pn); break;
	case MD_OP_LEN: res->val = port->len(ex.t, m); break;
	case MD_OP_RANGE: do_range(p, r, i, m); break;
	case MD_OP_CLEAR: port->clear(ex.t, m, &pn); break;
	case MD_OP_ALIAS: set_var(1 - op->target, m); break;
	case MD_OP_ITER:
	case MD_OP_NEXT:
	case MD_OP_DRAIN:
	case MD_OP_STOP: do_iter_op(p, r, i); break;
	default: break;
	}
	if (pn.raised) {
		memset(res, 0, sizeof *res);
		md_results_panic(r, i, pn.msg, strnlen(pn.msg, sizeof pn.msg));
	}
}

int md_exec_port(md_side *s, const md_prog *p, md_results *r)
{
	int kind = p->keykind;
	if (!s->types[kind])
		s->types[kind] = s->port->type_new(&gotype_scalars[kind], &gotype_scalars[GO_INT64]);
	if (!s->types[kind] || s->port->iter_size > MD_ITER_MAX)
		return -1;
	ex.side = s;
	ex.port = s->port;
	ex.t = s->types[kind];
	ex.kind = kind;
	ex.vars[0] = ex.vars[1] = NULL;
	ex.nmakes = 0;
	for (int j = 0; j < MD_MAX_ITERS; j++)
		ex.its[j].live = false;
	native_keys(p);
	for (uint32_t i = 0; i < p->nops; i++) {
		memset(&r->res[i], 0, sizeof r->res[i]);
		do_op(p, r, i);
	}
	for (int j = 0; j < MD_MAX_ITERS; j++)
		iter_stop(&ex.its[j]);
	set_var(0, NULL);
	set_var(1, NULL);
	r->nres = p->nops;
	return 0;
}
