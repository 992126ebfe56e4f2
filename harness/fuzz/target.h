/*
 * target.h: what the fuzz target (fuzz.c, for libFuzzer and AFL++) does
 * around md_multi_run: skip what the port under test cannot run before
 * any Go side runs, count those skips (skips.c), and stop on a find
 * without a stack trace after the signature line (found.c).
 */
#ifndef MAPDIFF_FUZZ_TARGET_H
#define MAPDIFF_FUZZ_TARGET_H

#include <stdbool.h>

#include "run/multi.h"

/* Whether the port under test (m's side 0) refuses p (a map type its
 * type_new rejects, an op it leaves NULL): then p is counted, by reason,
 * and no side runs it.  Asked before md_multi_run. */
bool md_fuzz_skip(md_multi *m, const md_prog *p);

/* After md_multi_run: counts p as run, or as skipped by the port when
 * the port gave up on it only once it ran (a Go port in a helper). */
void md_fuzz_count(const md_multi *m);

/* Stop the process on a find (after the report and the signature line):
 * abort() for the engine to save the input, with the sanitizer's stack
 * trace (libFuzzer prints one for every deadly signal) sent to /dev/null
 * unless $MAPDIFF_STACKTRACE is set (docs/FUZZING.md). */
_Noreturn void md_fuzz_found(void);

/* Twin mode (twin.c): open the twin of the port and Go helper id (exits
 * with a line on stderr if it cannot), then judge each input: 0, -1 for
 * an input the twin does not cover; a difference does not return. */
void md_fuzz_twin_open(const char *id);
int md_fuzz_twin(const md_prog *p);

#endif
