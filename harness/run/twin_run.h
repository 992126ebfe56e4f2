/*
 * twin_run.h: one program in lockstep on a classic Go and a port of the
 * classic map (twin.h), and the first difference between them.
 *
 * Go runs first, with the harness's draws, and records its hashes and its
 * layout after every op; the port replays the same draws and Go's hashes
 * and records its own.  They must then agree exactly: every result (as
 * compare.h compares them), the layout after every op, the order of every
 * range and every iterator step, the number of draws.  At the first layout
 * that differs, both sides run again with that op's layout written out
 * (md_twin.dump), which says which part differs: a header field, a
 * bucket's tophash, the key in a slot, an overflow chain.
 */
#ifndef MAPDIFF_TWIN_RUN_H
#define MAPDIFF_TWIN_RUN_H

#include <stdio.h>

#include "run/side.h"
#include "run/twin.h"

typedef enum md_twin_outcome { MD_TWIN_AGREE, MD_TWIN_SKIPPED, MD_TWIN_DIFFER } md_twin_outcome;

typedef struct md_twin_run {
	md_side *go, *port;
	md_results *gr, *pr; /* each side's results */
	md_twin *gt, *pt;    /* each side's twin record */
	/* the outcome of the last program */
	md_twin_outcome outcome;
	int op;            /* DIFFER: the first op that differs */
	char part[48];     /* DIFFER: what differs, for the signature ("B", "tophash", "iteration order") */
	char what[400];    /* DIFFER: the difference in words; SKIPPED: why */
} md_twin_run;

/* Ready t for go (a classic gc: gc 1.19 to 1.23) and port: 0, or -1
 * after one line on stderr. */
int md_twin_open(md_twin_run *t, md_side *go, md_side *port);

/* The same for the port under test and the Go helper with that id
 * (mapdiff oracles lists them; "gc-1.19" ... "gc-1.23"), opened. */
int md_twin_open_id(md_twin_run *t, const char *id);

/* Run p on both sides in lockstep and judge it (t->outcome). */
md_twin_outcome md_twin_judge(md_twin_run *t, const md_prog *p);

/* After a DIFFER: both sides' layouts after t->op, side by side, the
 * first difference marked (trace --twin). */
void md_twin_show(md_twin_run *t, const md_prog *p, FILE *out);

#endif
