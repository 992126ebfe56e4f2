/*
 * twin_layout.h: the twin's layout records (twin.h, docs/TWIN.md) read
 * back: the first difference between Go's and the port's, and both
 * printed side by side (twin_layout.c).
 */
#ifndef MAPDIFF_TWIN_LAYOUT_H
#define MAPDIFF_TWIN_LAYOUT_H

#include <stdbool.h>
#include <stdio.h>

#include "run/twin.h"

typedef struct md_lay_diff {
	char part[48];  /* what differs: a header field ("B", "noverflow"...),
	                 * "tophash", "slot key", "overflow chain", "bucket arrays" */
	char what[384]; /* where, and each side's, in words */
} md_lay_diff;

/* Whether layouts a (Go's) and b (the port's) of program p differ; if so
 * *d says where first. */
bool md_twin_layout_diff(const md_prog *p, const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen,
			 md_lay_diff *d);

/* Both layouts, bucket by bucket, the first difference marked. */
void md_twin_print_layouts(const md_prog *p, const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen,
			   FILE *out);

#endif
