/*
 * watchdog.h: a program that never finishes is a verdict, not a timeout.
 *
 * A port that loops forever (a growth policy that never grows, an overflow
 * walk that never advances) would run until the fuzzer kills it, and the
 * fuzzer's timeout names no bug.  The watchdog, a thread, looks once a
 * second at the program running on m: when one side has used more than
 * MD_HANG_CPU_SECONDS of CPU time on one program (the thread that runs
 * programs for a side in process, the helper's process for a Go
 * toolchain or a Go port in a helper; CPU, not wall time: a loaded or
 * stopped machine is no hang), it calls on_hang with the
 * side that is running and its op (-1 when the side runs a whole program
 * at once), which reports and ends the process.  The budget is far above
 * any real program (milliseconds) and below the fuzzers' timeouts
 * (libFuzzer 25 s, AFL++ 20 s in `mapdiff fuzz`).
 *
 * The per-program cost is two relaxed atomic stores (md_watch_begin/end);
 * multi.c and exec.c publish the side and op running.
 */
#ifndef MAPDIFF_WATCHDOG_H
#define MAPDIFF_WATCHDOG_H

#include "run/multi.h"

#define MD_HANG_CPU_SECONDS 4

/* Reports the hang and ends the process; or returns, for a hang in a
 * helper process that it knows (a Go port's known finding that damages
 * its process, report/findings.h md_finding_of_taint): the watchdog then
 * kills the helper, whose side skips the program, and the program goes
 * on. */
typedef void (*md_hang_fn)(const md_multi *m, int side, int op);

/* Starts watching programs run on m from the calling thread; 0 or -1.
 * With m NULL (the lockstep twin, which runs no md_multi) only the calling
 * thread's CPU time is watched, and on_hang gets NULL, -1, -1. */
int md_watchdog_start(md_multi *m, md_hang_fn on_hang);

/* Around each md_multi_run(p, m). */
void md_watch_begin(void);
void md_watch_end(void);

#endif
