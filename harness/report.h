/*
 * report.h: telling a Go programmer what diverged.
 *
 * Cold path only: a report may rerun sides (with detail_op set, to list the
 * entries of a range) and allocate.
 */
#ifndef MAPDIFF_REPORT_H
#define MAPDIFF_REPORT_H

#include <stdio.h>

#include "compare.h"
#include "side.h"

/* The one stable line a CI system deduplicates on. */
void md_signature(FILE *f, const md_diff *d);

/* Full report of divergence d between sides a and b on p (results ra, rb). */
void md_report(FILE *f, const md_prog *p, md_side *a, const md_results *ra,
	       md_side *b, const md_results *rb, const md_diff *d);

/* Each op with both sides' results side by side; marks differing ops. */
void md_trace(FILE *f, const md_prog *p, md_side *a, const md_results *ra,
	      md_side *b, const md_results *rb);

#endif
