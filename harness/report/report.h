/*
 * report.h: telling a Go programmer what diverged.
 *
 * Cold path only: a report may rerun sides (with detail_op set, to list the
 * entries of a range) and allocate.
 */
#ifndef MAPDIFF_REPORT_H
#define MAPDIFF_REPORT_H

#include <stdio.h>

#include "run/compare.h"
#include "run/multi.h"
#include "run/side.h"

/* Report of a spec violation (d->side set): the program up to it and the rule. */
void md_report_spec(FILE *f, const md_prog *p, const md_diff *d);

/* Full report of divergence d between sides a and b on p (results ra, rb). */
void md_report(FILE *f, const md_prog *p, md_side *a, const md_results *ra,
	       md_side *b, const md_results *rb, const md_diff *d);

/* The same for n sides (at most MD_TRACE_MAX_SIDES); marks ops where any
 * side differs from s[0] with '!', and op spec_op (-1: none), where a side
 * broke the Go spec on iteration, with 'S'. */
#define MD_TRACE_MAX_SIDES 8
void md_trace_n(FILE *f, const md_prog *p, md_side *const *s, const md_results *const *r, int n, int spec_op);

/* ---- a run on N sides (verdict.c) ---- */

/* "C port and gc 1.26 agree; gccgo 12 differs at op 7 (len); gc 1.19
 * skipped (no clear)": the largest group first, the others told apart
 * from it. */
void md_multi_summary(FILE *f, const md_multi *m);

/* Summary, the model's side if it ran, and the report of ref against worst. */
void md_multi_report(FILE *f, const md_prog *p, md_multi *m);

/* Each op with every side that ran, side by side (the op of a spec
 * violation marked when the last run found one). */
void md_multi_trace(FILE *f, const md_prog *p, md_multi *m);

/* A side that never finished program p (run/watchdog.h): which side, in
 * which op, then the HANG signature line. */
void md_report_hang(FILE *f, const md_prog *p, const char *side, int op);

#endif
