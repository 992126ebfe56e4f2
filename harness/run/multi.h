/*
 * multi.h: one program on N sides.
 *
 * A run has a port under test (the registry's first side, the C port
 * unless a port was linked in, see docs/PORTING.md) and one or more
 * oracles: the Go linked into this binary, Go toolchains in helper
 * processes (oracles/oracle_proc.h), and the model (impl/model.c).  Each
 * side that can run the program runs it; each is compared with the first
 * side that ran (the reference), and the sides are grouped by who agrees
 * with whom.  A side that lacks what the program needs (clear or maps.Clone,
 * on a Go before 1.21) is skipped before anything runs, and reported as skipped,
 * never as agreeing.  report/report.h tells the outcome in words.
 */
#ifndef MAPDIFF_MULTI_H
#define MAPDIFF_MULTI_H

#include <stdatomic.h>

#include "run/compare.h"
#include "run/side.h"

#define MD_MAX_SIDES 12

/* What a program needs that not every side has (md_side.lacks); and
 * MD_NOT_PICKED, a helper left out of this program by rotation;
 * MD_FOLDED, the port's colliding run when it did what the port's own run
 * did (it is then the port, and not shown). */
enum { MD_NEED_CLEAR = 1, MD_NEED_CLONE = 2, MD_FOLDED = 1u << 30, MD_NOT_PICKED = 1u << 31 };

/* The MD_NEED_* bits program p needs (a scan of its ops). */
uint32_t md_prog_needs(const md_prog *p);

/* Outcome of running one program on its sides. */
typedef enum md_verdict { MD_AGREE, MD_DIVERGE, MD_SKIPPED, MD_SPEC } md_verdict;

/* A run's context: its sides, its options, and the outcome of the last
 * program run. */
typedef struct md_multi {
	int n;
	md_side *side[MD_MAX_SIDES];
	md_results *res[MD_MAX_SIDES];
	md_compare_opts opts;        /* how sides are compared (compare.h) */
	/* Rotation (fuzzing with many oracles): rotate > 0 runs each program
	 * on every side but the Go helpers, and on `rotate` of those, the
	 * ones after the (pick % helpers)-th; 0 runs every side. */
	int rotate;
	uint32_t pick;
	/* The side of the port's colliding run (md_side_collide), run with
	 * the port on every program: 1, or 0 when there is none. */
	int collide;
	atomic_int running;          /* the side running now, or -1 (watchdog.h) */
	/* Outcome of the last md_multi_run: */
	int group[MD_MAX_SIDES];     /* -1 skipped, 0 agrees with ref, k > 0 the k-th other opinion */
	uint32_t missing[MD_MAX_SIDES]; /* a skipped side: MD_NEED_* it lacks, or
	                                 * MD_NOT_PICKED (0: it failed) */
	md_diff diff[MD_MAX_SIDES];  /* a side in group > 0: its first difference from ref */
	int ref;                     /* first side that ran, or -1 */
	int worst;                   /* side whose difference from ref comes first, or -1 */
	md_diff d;                   /* that difference */
	const md_prog *prog;         /* the program last run */
	bool iters;                  /* it has iterator ops (md_prog_has_iters) */
	md_verdict verdict;          /* what md_multi_run returned for it */
} md_multi;

/* Sets up m for the port under test (and its colliding run, side 1, when
 * it has one) and the oracles named by spec: NULL or "" (the Go linked
 * in), "all", or a comma-separated list of oracle ids ("gc-1.19,model").
 * Options start all false.  Returns 0, or -1 after one line on stderr. */
int md_multi_init(md_multi *m, const char *spec);

/* Runs p on every side of m and compares: MD_SKIPPED when fewer than two
 * sides could run it.  The port's colliding run is folded into the port
 * (group -1, missing MD_FOLDED) unless it ran and differs from the port's
 * own run or breaks the spec: then it is a side of its own, and a
 * difference of it from Go is the port's. */
md_verdict md_multi_run(const md_prog *p, md_multi *m);

/* Judges the results of the last md_multi_run again, under m->opts as
 * they are now (accept_known turned on): the new verdict. */
md_verdict md_multi_rejudge(md_multi *m);

/* The question `mapdiff run` answers per program: does the port under
 * test (side 0) diverge from Go?  Its judges are the real Go sides that
 * ran the program (the Go linked in, Go toolchains in helpers); when no Go
 * ran it (--oracle model), every oracle that ran it. */
typedef enum md_port_verdict {
	MD_PORT_AGREES,   /* it ran; every side that ran agrees, no spec violation */
	MD_PORT_SKIPPED,  /* it could not run the program, or no oracle could */
	MD_PORT_DIVERGES, /* it differs from a judge, or it broke the spec */
	MD_PORT_OTHERS,   /* it ran and agrees with every judge, but other
	                   * sides differ from it (the model) or broke the spec */
} md_port_verdict;

/* The port's verdict on the program last run by m (md_multi_run). */
md_port_verdict md_multi_port_verdict(const md_multi *m);

#endif
