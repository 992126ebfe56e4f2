/*
 * spec.h: the spec checker for iterators.
 *
 * Go fixes little about iteration, so sides are not compared on it; each
 * side's iterator steps are judged on their own against the Go spec:
 *   - no entry is produced twice by one iterator;
 *   - a drained iterator produced every entry that was in the map when it
 *     started and was not deleted before the iterator reached it;
 *   - an entry deleted before it is reached is never produced;
 *   - the value (and stored key) produced is the entry's at that moment;
 *   - an entry added after the start may or may not be produced, at most once.
 * NaN entries count by multiplicity.  The checker keeps its own picture of
 * every map the program makes (a clone is a map of its own, with copies of
 * its source's entries), from the ops and the side's own results
 * (an op that panicked on that side changed nothing).
 */
#ifndef MAPDIFF_SPEC_H
#define MAPDIFF_SPEC_H

#include <stdbool.h>

#include "format/prog.h"
#include "run/result.h"

typedef struct md_spec_violation {
	int op;           /* the op at which the side broke the spec */
	const char *rule; /* "produced twice", "missed an entry", ... */
	char detail[256]; /* the entry concerned, in Go words */
} md_spec_violation;

/* Whether p has iterator ops (only then is there anything to check). */
bool md_prog_has_iters(const md_prog *p);

/* True when the iterator steps in r obey the spec; else *v says where not.
 * Results whose iterator arena overflowed are not judged (true), nor the
 * ops after maps.Clone copies make more than MD_MAX_OPS entries in all. */
bool md_spec_check(const md_prog *p, const md_results *r, md_spec_violation *v);

#endif
