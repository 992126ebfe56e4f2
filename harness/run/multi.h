/*
 * multi.h: one program on N sides, and the oracles a run can pick.
 *
 * A run has a port under test (sides[0], the C port unless a port was
 * linked in, see docs/PORTING.md) and one or more oracles: the Go linked
 * into this binary, Go toolchains in helper processes (oracle_proc.h), and
 * the model (impl/model.c).  Each side that can run the program runs it;
 * each is compared with the first side that ran (the reference), and the
 * sides are grouped by who agrees with whom.  A side that lacks what the
 * program needs (clear, on a Go before 1.21) is skipped before anything
 * runs, and reported as skipped, never as agreeing.
 */
#ifndef MAPDIFF_MULTI_H
#define MAPDIFF_MULTI_H

#include <stdio.h>

#include "run/compare.h"
#include "run/side.h"

#define MD_MAX_SIDES 8

/* What a program needs that not every side has (md_side.lacks). */
enum { MD_NEED_CLEAR = 1 };

/* The MD_NEED_* bits program p needs (a scan of its ops). */
uint32_t md_prog_needs(const md_prog *p);

typedef struct md_multi {
	int n;
	md_side *side[MD_MAX_SIDES];
	md_results *res[MD_MAX_SIDES];
	/* Outcome of the last md_multi_run: */
	int group[MD_MAX_SIDES];     /* -1 skipped, 0 agrees with ref, k > 0 the k-th other opinion */
	uint32_t missing[MD_MAX_SIDES]; /* a skipped side: MD_NEED_* it lacks (0: it failed) */
	md_diff diff[MD_MAX_SIDES];  /* a side in group > 0: its first difference from ref */
	int ref;                     /* first side that ran, or -1 */
	int worst;                   /* side whose difference from ref comes first, or -1 */
	md_diff d;                   /* that difference */
	const md_prog *prog;         /* the program last run */
} md_multi;

/* Sets up m for the port under test and the oracles named by spec: NULL
 * or "" (the Go linked in), "all", or a comma-separated list of oracle
 * ids ("gc-1.19,model").  Returns 0, or -1 after one line on stderr. */
int md_multi_init(md_multi *m, const char *spec);

/* Runs p on every side of m and compares: MD_SKIPPED when fewer than two
 * sides could run it. */
md_verdict md_multi_run(const md_prog *p, md_multi *m);

/* "C port and gc 1.26 agree; gccgo 12 differs at op 7 (len); gc 1.19
 * skipped (no clear)": the largest group first, the others told apart
 * from it. */
void md_multi_summary(FILE *f, const md_multi *m);

/* Summary, the model's side if it ran, and the report of ref against worst. */
void md_multi_report(FILE *f, const md_prog *p, md_multi *m);

/* Each op with every side that ran, side by side. */
void md_multi_trace(FILE *f, const md_prog *p, md_multi *m);

/* ---- the oracles this binary can use (oracles.c) ---- */

typedef struct md_oracle {
	char id[32];     /* "gc-1.26", "gc-1.19", "gccgo-12", "model" */
	char name[32];   /* as reports name it: "gc 1.26" */
	char path[512];  /* helper binary, or "(in process)" */
	char info[256];  /* MapdiffOracleInfo once opened */
	md_side *side;   /* once opened */
} md_oracle;

/* Every oracle built: the linked Go first, helpers by id, the model last. */
int md_oracles(md_oracle **list);

/* Opens o (starting its helper); NULL after a line on stderr. */
md_side *md_oracle_open(md_oracle *o);

/* The port under test: mapdiff_port_under_test when a port is linked in
 * (docs/PORTING.md), else the C port of Go's classic map. */
md_side *md_side_port(void);

#endif
