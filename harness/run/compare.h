/*
 * compare.h: the comparator.
 *
 * Two sides' results for one program are compared op by op, on what Go
 * fixes: whether the op panicked and with which message, a lookup's value
 * and ok, len, and each range as a multiset of entries (the digest; keys by
 * their canonical bits, so +0/-0 and every NaN count).  Iteration order is
 * never compared.
 */
#ifndef MAPDIFF_COMPARE_H
#define MAPDIFF_COMPARE_H

#include <stdbool.h>

#include "format/prog.h"
#include "run/result.h"

typedef struct md_diff {
	int op;           /* first op that differs */
	const char *what; /* "panic", "panic message", "get ok", "get value", "len", "range" */
	/* A spec violation (spec.h) instead: the side that broke the spec,
	 * `what` is the rule and detail the entry.  NULL for a divergence. */
	const char *side;
	char detail[256];
} md_diff;

/* How results are compared; the run's context carries it (md_multi.opts),
 * all false (every message exact) unless a caller says otherwise. */
typedef struct md_compare_opts {
	/* Accept the known wording difference between Go toolchains as
	 * agreement (the fuzz target does; run, trace and min keep every
	 * message exact): gc 1.24 and later say "hash of unhashable type: T"
	 * on a nil or empty map, older gc and gccgo "runtime error: hash of
	 * unhashable type T" (docs/TYPES.md).  Without it a campaign with
	 * every oracle stops on this one documented difference. */
	bool accept_known;
} md_compare_opts;

/* True when a and b agree on every op of p; else *d names the first
 * difference.  o: the options (NULL: every message exact). */
bool md_compare(const md_prog *p, const md_results *a, const md_results *b, const md_compare_opts *o,
		md_diff *d);

/* What differs at op i of p, or NULL when a and b agree there. */
const char *md_compare_op(const md_prog *p, uint32_t i, const md_results *a, const md_results *b,
			  const md_compare_opts *o);

#endif
