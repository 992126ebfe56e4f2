/*
 * repro.h: what `mapdiff repro` (cmd_repro.c) shares with the driver text
 * it writes after a program's tables (cmd_repro_rt.c).
 */
#ifndef MAPDIFF_REPRO_H
#define MAPDIFF_REPRO_H

/* The driver: C source, the same for every program, with a line
 * "\t\tRUN_OPS\n" and a line "\t\tCHECK_OPS\n" where the cases of the
 * op table go. */
extern const char md_repro_driver[];

#endif
