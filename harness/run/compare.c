/* compare.c: the comparator (see compare.h). */
#include "run/compare.h"

#include <string.h>

/* Whether s[0..n) starts with prefix; *rest is what follows. */
static bool has_prefix(const char *s, size_t n, const char *prefix, const char **rest, size_t *restn)
{
	size_t k = strlen(prefix);
	if (n < k || memcmp(s, prefix, k) != 0)
		return false;
	*rest = s + k;
	*restn = n - k;
	return true;
}

/* a is "hash of unhashable type: T" and b "runtime error: hash of
 * unhashable type T", the same T. */
static bool unhashable_wordings(const char *a, size_t an, const char *b, size_t bn)
{
	const char *ta, *tb;
	size_t tan, tbn;
	return has_prefix(a, an, "hash of unhashable type: ", &ta, &tan) &&
	       has_prefix(b, bn, "runtime error: hash of unhashable type ", &tb, &tbn) && tan == tbn &&
	       memcmp(ta, tb, tan) == 0;
}

/* Whether two differing panic messages are a known toolchain difference. */
static bool known_difference(const md_results *ra, const md_res *a, const md_results *rb, const md_res *b)
{
	const char *ma = md_res_msg(ra, a), *mb = md_res_msg(rb, b);
	return
	       (unhashable_wordings(ma, a->msglen, mb, b->msglen) || unhashable_wordings(mb, b->msglen, ma, a->msglen));
}

/* B is fixed by the ops (growth thresholds, hints) until a same-size
 * grow, which depends on where the hash puts entries: whether a and b
 * agree on it, or one cannot tell. */
static bool same_B(const md_res *a, const md_res *b)
{
	return !(a->shape & b->shape & MD_SHAPE_KNOWN) || ((a->shape | b->shape) & MD_SHAPE_SAMESEEN) || a->B == b->B;
}

/* What differs at op i, or NULL, past compare_op's quick agreement. */
static __attribute__((noinline)) const char *compare_op_slow(const md_op *op, const md_results *ra,
							      const md_res *a, const md_results *rb,
							      const md_res *b, bool accept_known)
{
	if (a->panicked != b->panicked)
		return "panic";
	if (a->panicked) {
		if ((a->msglen != b->msglen || memcmp(md_res_msg(ra, a), md_res_msg(rb, b), a->msglen) != 0) &&
		    !(accept_known && known_difference(ra, a, rb, b)))
			return "panic message";
		return NULL;
	}
	if (!same_B(a, b))
		return "B (bucket count)";
	switch (op->code) {
	case MD_OP_GET:
		if (a->ok != b->ok)
			return "get ok";
		if (a->val != b->val)
			return "get value";
		return NULL;
	case MD_OP_LEN:
		return a->val != b->val ? "len" : NULL;
	case MD_OP_RANGE:
		if (a->val != b->val || a->d1 != b->d1 || a->d2 != b->d2)
			return "range";
		return NULL;
	default:
		return NULL;
	}
}

/* What differs at op i, or NULL.  No panic, the same B, ok, value and
 * digests: nothing differs, whatever the op (most ops of an agreeing
 * pair, answered inline with no read of the op); else the rules above. */
static inline const char *compare_op(const md_op *op, const md_results *ra, const md_res *a,
				     const md_results *rb, const md_res *b, bool accept_known)
{
	if (!(a->panicked | b->panicked) && same_B(a, b) && a->ok == b->ok && a->val == b->val &&
	    a->d1 == b->d1 && a->d2 == b->d2)
		return NULL;
	return compare_op_slow(op, ra, a, rb, b, accept_known);
}

const char *md_compare_op(const md_prog *p, uint32_t i, const md_results *a, const md_results *b,
			  const md_compare_opts *o)
{
	return compare_op(&p->ops[i], a, &a->res[i], b, &b->res[i], o && o->accept_known);
}

bool md_compare(const md_prog *p, const md_results *a, const md_results *b, const md_compare_opts *o,
		md_diff *d)
{
	bool known = o && o->accept_known;
	for (uint32_t i = 0; i < p->nops; i++) {
		const char *what = compare_op(&p->ops[i], a, &a->res[i], b, &b->res[i], known);
		if (what) {
			d->op = (int)i;
			d->what = what;
			d->side = NULL;
			return false;
		}
	}
	return true;
}
