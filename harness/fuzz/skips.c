/*
 * skips.c: inputs the port under test cannot run, skipped before Go and
 * counted (target.h).
 *
 * A port that rejects map types (type_new returns NULL) or leaves clear
 * NULL would otherwise have every such input run on Go for nothing.  The
 * port's side is asked first (md_side_check: its type_new, no op run);
 * what it refuses is counted by reason, the map type as its class
 * (signature.h: the key's class, the value's type), and no side runs it.
 *
 * The counts: with $MAPDIFF_FUZZ_STATS=DIR (mapdiff fuzz sets it) each
 * process writes DIR/<pid> at most once a second and at exit (an AFL++
 * child is killed, so the last second may be lost):
 *
 *   inputs N
 *   skipped N
 *   skip N <reason>
 *
 * Without it, a process that skipped anything says how many on stderr at
 * exit: `mapdiff-fuzz: skipped S of N inputs before Go: ...`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fuzz/target.h"
#include "report/signature.h"

#define MAX_REASONS 24
#define REASON_MAX 112

static uint64_t inputs, skipped;
struct reason {
	char why[REASON_MAX];
	uint64_t n;
};
static struct reason reasons[MAX_REASONS + 1]; /* the last: every other reason */
static int nreasons;
static time_t last_write;

/* The reason s->skip gave, with a refused map type as its class. */
static void reason_class(const md_side *s, const md_prog *p, char *buf, size_t cap)
{
	if (strncmp(s->skip, "type_new returned NULL", 22) == 0) {
		char k[96], v[96];
		const gotype *vt = md_prog_valtype(p);
		md_type_class(md_prog_keytype(p), true, k, sizeof k);
		if (vt->kind < GO_NSCALAR)
			snprintf(v, sizeof v, "%s", vt->name);
		else
			md_type_class(vt, false, v, sizeof v);
		snprintf(buf, cap, "type_new returned NULL for map[%s]%s", k, v);
		return;
	}
	/* a reason that names an op ("outside the contract (...): op 7 ...") */
	snprintf(buf, cap, "%.*s", (int)strcspn(s->skip, ":"), s->skip[0] ? s->skip : "no reason given");
}

static void count_skip(const md_side *s, const md_prog *p)
{
	char why[REASON_MAX];
	reason_class(s, p, why, sizeof why);
	skipped++;
	int i = 0;
	while (i < nreasons && strcmp(reasons[i].why, why) != 0)
		i++;
	if (i == nreasons && nreasons < MAX_REASONS)
		snprintf(reasons[nreasons++].why, REASON_MAX, "%s", why);
	if (i == MAX_REASONS)
		snprintf(reasons[i].why, REASON_MAX, "other reasons");
	reasons[i].n++;
}

static void write_stats(const char *dir)
{
	char path[4096], tmp[4200];
	snprintf(path, sizeof path, "%s/%ld", dir, (long)getpid());
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "inputs %llu\nskipped %llu\n", (unsigned long long)inputs, (unsigned long long)skipped);
	for (int i = 0; i <= MAX_REASONS; i++)
		if (reasons[i].n)
			fprintf(f, "skip %llu %s\n", (unsigned long long)reasons[i].n, reasons[i].why);
	if (fclose(f) == 0)
		rename(tmp, path);
}

/* Most first. */
static int by_count(const void *a, const void *b)
{
	uint64_t x = ((const struct reason *)a)->n, y = ((const struct reason *)b)->n;
	return x < y ? 1 : x > y ? -1 : 0;
}

static void at_exit(void)
{
	const char *dir = getenv("MAPDIFF_FUZZ_STATS");
	if (dir && *dir) {
		write_stats(dir);
		return;
	}
	if (!skipped)
		return;
	qsort(reasons, MAX_REASONS + 1, sizeof reasons[0], by_count);
	fprintf(stderr, "mapdiff-fuzz: skipped %llu of %llu inputs before Go: the port cannot run them (",
		(unsigned long long)skipped, (unsigned long long)inputs);
	for (int i = 0; i < 3 && reasons[i].n; i++)
		fprintf(stderr, "%s%llu %s", i ? ", " : "", (unsigned long long)reasons[i].n, reasons[i].why);
	fprintf(stderr, "%s)\n", reasons[3].n ? ", ..." : "");
}

/* Counts one input; writes the stats file once a second. */
static void tick(void)
{
	static int registered;
	if (!registered) {
		registered = 1;
		atexit(at_exit);
	}
	inputs++;
	const char *dir = getenv("MAPDIFF_FUZZ_STATS");
	if (dir && *dir) {
		time_t now = time(NULL);
		if (now != last_write) {
			last_write = now;
			write_stats(dir);
		}
	}
}

bool md_fuzz_skip(md_multi *m, const md_prog *p)
{
	tick();
	if (md_side_check(m->side[0], p) == 0)
		return false;
	count_skip(m->side[0], p);
	return true;
}

void md_fuzz_count(const md_multi *m)
{
	if (m->group[0] >= 0 || !m->prog)
		return;
	md_side *s = m->side[0];
	if (m->missing[0] & MD_NEED_CLEAR)
		snprintf(s->skip, sizeof s->skip, "no clear");
	else if (m->missing[0] & MD_NEED_CLONE)
		snprintf(s->skip, sizeof s->skip, "no clone");
	count_skip(s, m->prog);
}
