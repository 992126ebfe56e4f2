/*
 * listport.c: a tiny example port of Go's map, tested by mapdiff.
 *
 * A chained hash table with a fixed 16 chains: each chain is a singly
 * linked list of nodes, new nodes go at the tail.  A deleted node is only
 * marked dead and stays in its chain until the map is freed, so an
 * iterator can hold a node pointer across any operation.  It is here to
 * show docs/PORTING.md end to end, not to be fast:
 *
 *   ./build.sh port docs/examples/listport.c
 *   out/port/mapdiff run --oracle model corpus/int.txt
 *   out/port/mapdiff-fuzz -max_total_time=10 corpus-dir
 *
 * Everything is static except the one symbol mapdiff looks for,
 * mapdiff_port_under_test.
 */
#include <stdlib.h>
#include <string.h>

#include "port.h"

#define NCHAINS 16

typedef struct node node;
struct node {
	node *next;
	bool live;
	_Alignas(16) unsigned char key[16];  /* Go layout; a string's bytes are owned */
	_Alignas(16) unsigned char elem[16];
};

typedef struct ltype {
	gotype key, elem;
} ltype;

typedef struct lmap {
	node *head[NCHAINS], *tail[NCHAINS];
	int64_t count;
} lmap;

typedef struct liter {
	lmap *m;
	int chain;
	node *at; /* next node to look at in chain */
} liter;

static void *l_type_new(const gotype *key, const gotype *elem)
{
	if (key->kind >= GO_NSCALAR || key->size > 16 || elem->size > 16)
		return NULL;
	ltype *t = malloc(sizeof *t);
	if (t)
		t->key = *key, t->elem = *elem;
	return t;
}

static void l_type_free(void *t) { free(t); }

static void *l_make(void *t, int64_t hint, bool hint_given, uint64_t rand)
{
	(void)t, (void)hint, (void)hint_given, (void)rand;
	return calloc(1, sizeof(lmap));
}

/* Floats and complex numbers compare as numbers: NaN != NaN, -0 == +0. */
static bool k_eq(const ltype *t, const void *a, const void *b)
{
	double x[2] = {0}, y[2] = {0};
	switch (t->key.kind) {
	case GO_FLOAT32:
	case GO_COMPLEX64:
		for (unsigned i = 0; i < t->key.size / 4; i++) {
			float fx, fy;
			memcpy(&fx, (const char *)a + 4 * i, 4), memcpy(&fy, (const char *)b + 4 * i, 4);
			x[i] = fx, y[i] = fy;
		}
		return x[0] == y[0] && x[1] == y[1];
	case GO_FLOAT64:
	case GO_COMPLEX128:
		memcpy(x, a, t->key.size), memcpy(y, b, t->key.size);
		return x[0] == y[0] && x[1] == y[1];
	case GO_STRING: {
		gostring s, u;
		memcpy(&s, a, sizeof s), memcpy(&u, b, sizeof u);
		return s.len == u.len && (s.len == 0 || memcmp(s.ptr, u.ptr, (size_t)s.len) == 0);
	}
	default:
		return memcmp(a, b, t->key.size) == 0;
	}
}

/* A chain for key k: equal keys must land in the same chain, so a float
 * zero of either sign hashes as +0 (NaN may go anywhere: it never matches). */
static unsigned chain_of(const ltype *t, const void *k)
{
	const unsigned char *b = k;
	size_t n = t->key.size;
	unsigned char zero[16] = {0};
	gostring s;
	if (t->key.kind == GO_STRING) {
		memcpy(&s, k, sizeof s);
		b = s.ptr, n = (size_t)s.len;
	} else if (t->key.kind >= GO_FLOAT32 && t->key.kind <= GO_COMPLEX128 && k_eq(t, k, zero)) {
		b = zero;
	}
	unsigned h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h % NCHAINS;
}

static node *find(const ltype *t, lmap *m, const void *key)
{
	if (m == NULL)
		return NULL;
	for (node *n = m->head[chain_of(t, key)]; n; n = n->next)
		if (n->live && k_eq(t, n->key, key))
			return n;
	return NULL;
}

static void set_key(const ltype *t, node *n, const void *key, bool had)
{
	gostring s;
	if (t->key.kind == GO_STRING && had) {
		memcpy(&s, n->key, sizeof s);
		free((void *)s.ptr);
	}
	memcpy(n->key, key, t->key.size);
	if (t->key.kind == GO_STRING) {
		memcpy(&s, key, sizeof s);
		uint8_t *copy = malloc((size_t)s.len + 1);
		if (!copy)
			abort();
		if (s.len)
			memcpy(copy, s.ptr, (size_t)s.len);
		s.ptr = copy;
		memcpy(n->key, &s, sizeof s);
	}
}

static void l_assign(void *tp, void *mp, const void *key, const void *elem, gopanic *p)
{
	const ltype *t = tp;
	lmap *m = mp;
	if (m == NULL) {
		p->raised = true;
		strcpy(p->msg, "assignment to entry in nil map");
		return;
	}
	node *n = find(t, m, key);
	int k = t->key.kind;
	if (n != NULL) { /* Go stores the new key too for floats, complex, strings */
		if (k >= GO_FLOAT32 && k <= GO_STRING)
			set_key(t, n, key, true);
	} else {
		unsigned c = chain_of(t, key);
		if (!(n = calloc(1, sizeof *n)))
			abort();
		set_key(t, n, key, false);
		n->live = true;
		*(m->tail[c] ? &m->tail[c]->next : &m->head[c]) = n;
		m->tail[c] = n;
		m->count++;
	}
	memcpy(n->elem, elem, t->elem.size);
}

static bool l_lookup(void *tp, void *m, const void *key, void *elem, gopanic *p)
{
	const ltype *t = tp;
	(void)p;
	node *n = find(t, m, key);
	if (n)
		memcpy(elem, n->elem, t->elem.size);
	else
		memset(elem, 0, t->elem.size);
	return n != NULL;
}

static void l_del(void *tp, void *mp, const void *key, gopanic *p)
{
	(void)p;
	node *n = find(tp, mp, key);
	if (n) {
		n->live = false;
		((lmap *)mp)->count--;
	}
}

static int64_t l_len(void *t, void *m)
{
	(void)t;
	return m ? ((lmap *)m)->count : 0;
}

static void l_clear(void *t, void *mp, gopanic *p)
{
	lmap *m = mp;
	(void)t, (void)p;
	for (int c = 0; m && c < NCHAINS; c++)
		for (node *n = m->head[c]; n; n = n->next)
			n->live = false;
	if (m)
		m->count = 0;
}

static void l_free(void *tp, void *mp)
{
	const ltype *t = tp;
	lmap *m = mp;
	for (int c = 0; m && c < NCHAINS; c++) {
		for (node *n = m->head[c], *next; n; n = next) {
			next = n->next;
			if (t->key.kind == GO_STRING) {
				gostring s;
				memcpy(&s, n->key, sizeof s);
				free((void *)s.ptr);
			}
			free(n);
		}
	}
	free(m);
}

/* The caller's buffer need not be aligned: copy the iterator in and out. */
static void l_iter_init(void *t, void *m, void *buf)
{
	(void)t;
	liter it = {m, 0, m ? ((lmap *)m)->head[0] : NULL};
	memcpy(buf, &it, sizeof it);
}

static bool l_iter_next(void *buf, const void **key, const void **elem)
{
	liter it;
	memcpy(&it, buf, sizeof it);
	node *found = NULL;
	while (it.m && !found && it.chain < NCHAINS) {
		if (it.at == NULL) { /* this chain is done: on to the next */
			if (++it.chain < NCHAINS)
				it.at = it.m->head[it.chain];
			continue;
		}
		if (it.at->live)
			found = it.at;
		it.at = it.at->next;
	}
	memcpy(buf, &it, sizeof it);
	if (!found)
		return false;
	*key = found->key;
	*elem = found->elem;
	return true;
}

const mapport mapdiff_port_under_test = {
	.name = "listport",
	.iter_size = sizeof(liter),
	.type_new = l_type_new,
	.type_free = l_type_free,
	.make = l_make,
	.free = l_free,
	.assign = l_assign,
	.lookup = l_lookup,
	.del = l_del,
	.len = l_len,
	.clear = l_clear,
	.iter_init = l_iter_init,
	.iter_next = l_iter_next,
};
