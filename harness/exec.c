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

typedef struct exec {
	md_side *side;
	const mapport *port;
	void *t;
	int kind;
	void *vars[2]; /* m, m2 */
	alignas(16) uint8_t native[MD_MAX_KEYS][MD_NATIVE_MAX];
	alignas(16) uint8_t iter[MD_ITER_MAX];
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

/* vars[v] = m, freeing the map vars[v] held if nothing else holds it. */
static void set_var(int v, void *m)
{
	void *old = ex.vars[v];
	ex.vars[v] = m;
	if (old && old != m && old != ex.vars[1 - v])
		ex.port->free(ex.t, old);
}

/* The rand a port gets for the make at op i. */
static uint64_t make_rand(const md_prog *p, uint32_t i)
{
	return md_mix(((uint64_t)p->seed << 32 | i) ^ 0x6a09e667f3bcc909ULL);
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
	case MD_OP_MAKE: set_var(op->target, port->make(ex.t, 0, false, make_rand(p, i))); break;
	case MD_OP_MAKEHINT: set_var(op->target, port->make(ex.t, op->val, true, make_rand(p, i))); break;
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
	native_keys(p);
	for (uint32_t i = 0; i < p->nops; i++) {
		memset(&r->res[i], 0, sizeof r->res[i]);
		do_op(p, r, i);
	}
	set_var(0, NULL);
	set_var(1, NULL);
	r->nres = p->nops;
	return 0;
}
