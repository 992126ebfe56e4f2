/*
 * repro.h: what `mapdiff repro` (cmd_repro.c) shares with the code that
 * writes a program's types, keys and values (cmd_repro_nat.c) and with the
 * driver text it writes after the tables (cmd_repro_rt.c).
 */
#ifndef MAPDIFF_REPRO_H
#define MAPDIFF_REPRO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "format/prog.h"
#include "format/types.h"

/* The driver: C source, the same for every program, with a line
 * "\t\tRUN_OPS\n" and a line "\t\tCHECK_OPS\n" where the cases of the
 * op table go. */
extern const char md_repro_driver[];

/* A C string literal of b[0..n), and of the C string s. */
void md_repro_c_string(FILE *f, const uint8_t *b, size_t n);
void md_repro_c_text(FILE *f, const char *s);

/* Start a program: no types, tables or fixes written yet; -1 when out
 * of memory. */
int md_repro_nat_reset(void);
/* Writes type t (and what it is built of) as `static const gotype tN`,
 * once per gotype; returns N. */
int md_repro_type(FILE *f, const gotype *t);
/* The table `name` of p's n keys (keys) or values of type t in Go's
 * layout, their parts before it, and their text in the table `tname`;
 * keys before values, as the executor converts them.  -1 when they do
 * not convert or do not fit the executor's buffers. */
int md_repro_table(FILE *f, const md_prog *p, const char *name, const char *tname, const gotype *t, uint32_t n,
		   bool keys);
/* `#define OBJS`, and the table fixes[] (NFIXES) of the pointers in the
 * tables, written after them. */
void md_repro_fixes(FILE *f);

#endif
