/*
 * campaign.h: what `mapdiff fuzz` needs around an engine: starting it,
 * turning its crashers into deduplicated, signature-named files, and one
 * progress line.  cmd_fuzz.c drives libFuzzer and AFL++ with these.
 */
#ifndef MAPDIFF_CAMPAIGN_H
#define MAPDIFF_CAMPAIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

typedef struct md_campaign {
	const char *engine;  /* "libfuzzer" or "afl" */
	const char *dir;     /* campaign directory */
	const char *target;  /* the engine's fuzz target binary */
	const char *seeds;   /* seed directory */
	const char *dict;    /* dictionary for the engine, or NULL */
	int seconds, jobs;
	bool port_types;     /* inputs decode on the Go port's map types (--types port) */
	time_t start;
	int tty;             /* progress redrawn in place */
	/* counted by the engine drivers, printed by the summary */
	uint64_t execs;
	time_t stats_at;     /* AFL++: when the engine wrote the execs counted */
	double execs_per_sec;
	char coverage[96];
	long corpus, hangs, crashers, unique, new_unique;
	/* inputs the port under test cannot run, skipped before Go (the
	 * targets' $MAPDIFF_FUZZ_STATS files, fuzz/skips.c) */
	uint64_t counted, skipped;
	char skip_top[512];  /* the commonest reasons, "N reason, N reason" */
} md_campaign;

/* Start argv[0] with stdout and stderr to fd_out (or a new pipe whose read
 * end goes to *pipe_rd when fd_out < 0); extra environment entries env
 * (NAME=VALUE, NULL-terminated, may be NULL).  Returns the pid or -1. */
pid_t md_spawn(char *const argv[], char *const env[], int fd_out, int *pipe_rd);

/* The signature line of a crasher: the target's `mapdiff: DIVERGENCE ...`
 * or `mapdiff: SPEC VIOLATION ...` line (report/signature.h: no op
 * position, so one bug is one line) when it prints one, else its first
 * sanitizer/crash line, else a fixed text.  buf gets it without the
 * newline. */
void md_crash_signature(const char *target, const char *file, char *buf, size_t cap);

/* FNV-1a 64 of the signature line, as 16 hex digits (the file name). */
void md_signature_hash(const char *sig, char out[17]);

/* Save crasher `file` under dir/crashes/ as <hash> with <hash>.sig beside
 * it; 1 when the signature is new, 0 when a crasher with it is already
 * there, -1 on a write error. */
int md_save_crasher(md_campaign *c, const char *file);

/* Crashers saved before signatures lost their op position (a .sig line
 * ending in " at op N"): each is run through c->target again and renamed
 * to its signature's hash, or removed when a crasher with that signature
 * is already there; one that no longer shows a divergence stays as it
 * is.  Returns how many were renamed or removed, and says so on stdout. */
long md_migrate_crashers(md_campaign *c);

/* The targets' skip counts: md_skip_stats_start empties DIR/stats and
 * points $MAPDIFF_FUZZ_STATS at it (the engines pass it on to the
 * target); md_skip_stats_read sums every process's file into c. */
int md_skip_stats_start(md_campaign *c);
void md_skip_stats_read(md_campaign *c);

/* Count regular files in a directory (0 if it does not exist). */
long md_count_files(const char *dir);

/* The progress line: "[  12s/60s] <what>" (in place on a terminal, else
 * every 10 s).  final ends the in-place line. */
void md_progress(md_campaign *c, const char *what, int final);

/* One line per known finding the campaign's targets logged to `log`
 * ($MAPDIFF_KNOWN_LOG, fuzz/known.h), with how many inputs showed it;
 * returns how many findings were seen.  (known_log.c) */
int md_known_summary(FILE *out, const char *log);

/* Remove the files of a directory (not its subdirectories). */
void md_clear_dir(const char *dir);

/* mkdir -p */
int md_mkdirs(const char *path);

#endif
