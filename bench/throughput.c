/*
 * throughput.c: programs per second through the harness, against its floor.
 *
 * Fixed program sets, generated from a fixed seed as text and parsed with
 * md_parse (so they are valid, readable programs), are run in six ways:
 *   harness  md_decode + md_multi_run (C port, its colliding run, one cgo
 *            call, compare): the per-input path of the fuzzer
 *   C port   md_side_run on md_side_port() alone
 *   colliding md_side_run on md_side_collide() alone: the port again, every
 *            key on one chain (docs/FUZZING.md); 0 when it is off
 *            ($MAPDIFF_COLLIDE=0)
 *   oracle   md_side_run on md_side_go() alone: one cgo call per program
 *   Go loop  the oracle's runners over the same set in ONE cgo call
 *            (oracle/bench.go): Go's cost with no cgo crossing
 *   decode   md_decode alone
 * and the ratio harness / (C port + colliding + Go loop), the work the
 * harness asks for, says how close the harness is to that work.
 *
 * usage: throughput [SECONDS [MODE [SET]]]   (time per cell, default 1;
 * a column's best of 9 rounds, the ratio the median of the rounds' ratios;
 * MODE: run that column alone, for a profiler: harness, ...; SET: that set
 * alone, 1 to 3)
 * usage: throughput xREPS MODE SET   (exactly REPS passes over the set, for
 * a timer outside that pairs two builds on the same work)
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "run/compare.h"
#include "run/multi.h"
#include "run/side.h"
#include "format/text.h"

/* From the oracle's c-archive (oracle/bench.go). */
extern int64_t MapdiffBenchProgs(md_prog **progs, int n, int reps, md_results *r);

#define NPROG 64      /* programs per set */
#define TEXTCAP 16384 /* text of one program */
#define BINCAP 8192   /* binary form of one program */
#define TRIALS 9      /* rounds: each measures every column once */

typedef struct progset {
	const char *name;
	int kind;      /* GO_INT64 or GO_STRING */
	int nops;      /* operations after the start op */
	int nkeys;     /* distinct keys a program draws from */
	int mix[6];    /* weights: put, get, del, add, len, range */
} progset;

static const progset sets[] = {
	{"int64 x64", GO_INT64, 64, 24, {40, 25, 15, 10, 5, 5}},
	{"string x64", GO_STRING, 64, 24, {40, 25, 15, 10, 5, 5}},
	{"range-heavy int64", GO_INT64, 64, 48, {45, 5, 5, 5, 5, 35}},
};

static uint64_t rng_state;

/* splitmix64: the fixed-seed generator of the program sets. */
static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The literal of key j of a program with this salt: an int64, or a string
 * of 1 to 24 characters from [a-z0-9]. */
static void key_text(const progset *s, uint64_t salt, int j, char *buf, size_t cap)
{
	uint64_t h = ((uint64_t)j + 1) * 0x9E3779B97F4A7C15ULL ^ salt;
	if (s->kind == GO_INT64) {
		snprintf(buf, cap, "%lld", (long long)(h >> 16));
		return;
	}
	char str[32];
	int len = 1 + (int)(h % 24);
	for (int i = 0; i < len; i++, h = h * 6364136223846793005ULL + 1442695040888963407ULL)
		str[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[(h >> 33) % 36];
	str[len] = 0;
	snprintf(buf, cap, "\"%s\"", str);
}

/* The next program of set s, as text. */
static void gen_text(const progset *s, char *text, size_t cap)
{
	static const char *opname[6] = {"put", "get", "del", "add", "len", "range"};
	uint64_t salt = rng(); /* per program: the key values */
	int total = 0;
	for (int j = 0; j < 6; j++)
		total += s->mix[j];
	size_t n = (size_t)snprintf(text, cap, "map[%s]int64\nseed %u\nmake\n",
				    gotype_scalars[s->kind].name, (unsigned)(rng() & 0xffffffff));
	for (int i = 0; i < s->nops && n < cap - 128; i++) {
		int w = (int)(rng() % (uint64_t)total), op = 0;
		while (w >= s->mix[op])
			w -= s->mix[op++];
		n += (size_t)snprintf(text + n, cap - n, "%s", opname[op]);
		if (op <= 3) {
			char k[64];
			key_text(s, salt, (int)(rng() % (uint64_t)s->nkeys), k, sizeof k);
			n += (size_t)snprintf(text + n, cap - n, " %s", k);
		}
		if (op == 0 || op == 3)
			n += (size_t)snprintf(text + n, cap - n, " %lld", (long long)(rng() % 1000));
		n += (size_t)snprintf(text + n, cap - n, "\n");
	}
}

/* One set, decoded (progs) and in binary form (bin, len). */
typedef struct built {
	md_prog *progs[NPROG];
	uint8_t *bin[NPROG];
	size_t len[NPROG];
} built;

static void build_set(const progset *s, built *b)
{
	static char text[TEXTCAP], err[160];
	for (int i = 0; i < NPROG; i++) {
		gen_text(s, text, sizeof text);
		b->progs[i] = malloc(sizeof(md_prog));
		b->bin[i] = malloc(BINCAP);
		if (!b->progs[i] || !b->bin[i] || !md_parse(text, strlen(text), b->progs[i], err, sizeof err)) {
			fprintf(stderr, "throughput: set %s: %s\n%s", s->name, err, text);
			exit(1);
		}
		b->len[i] = md_encode(b->progs[i], b->bin[i], BINCAP);
		if (b->len[i] == 0) {
			fprintf(stderr, "throughput: set %s: program too long to encode\n", s->name);
			exit(1);
		}
	}
}

static void free_set(built *b)
{
	for (int i = 0; i < NPROG; i++) {
		free(b->progs[i]);
		free(b->bin[i]);
	}
}

static md_prog scratch;
static md_results ra, rb;
static md_multi harness; /* the port under test and the linked Go */
static int divergences;

/* One pass over the set in mode m; returns nothing, counts divergences. */
enum { M_HARNESS, M_CPORT, M_COLLIDE, M_ORACLE, M_GOLOOP, M_DECODE, NMODES };
static const char *mode_name[NMODES] = {"harness", "C port", "colliding", "oracle", "Go loop", "decode"};

static void pass(int m, built *b, int reps)
{
	md_side *c = md_side_port(), *g = md_side_go(), *k = md_side_collide();
	if (m == M_GOLOOP) {
		MapdiffBenchProgs(b->progs, NPROG, reps, &rb);
		return;
	}
	for (int r = 0; r < reps; r++) {
		for (int i = 0; i < NPROG; i++) {
			switch (m) {
			case M_HARNESS:
				md_decode(b->bin[i], b->len[i], &scratch);
				if (md_multi_run(&scratch, &harness) == MD_DIVERGE)
					divergences++;
				break;
			case M_CPORT: md_side_run(c, b->progs[i], &ra, -1); break;
			case M_COLLIDE: md_side_run(k, b->progs[i], &ra, -1); break;
			case M_ORACLE: md_side_run(g, b->progs[i], &rb, -1); break;
			case M_DECODE: md_decode(b->bin[i], b->len[i], &scratch); break;
			}
		}
	}
}

/* Programs per second of mode m: calibrate reps, then time >= secs. */
static double rate(int m, built *b, double secs)
{
	int reps = 1;
	for (;;) {
		double t0 = now_s();
		pass(m, b, reps);
		double dt = now_s() - t0;
		if (dt >= secs)
			return (double)reps * NPROG / dt;
		double want = dt > 0 ? reps * secs / dt * 1.1 : reps * 10.0;
		reps = want > reps * 10.0 ? reps * 10 : (int)want + 1;
	}
}

/* Time per program adds up: harness / (C port + colliding + Go loop),
 * from the rates x of one round. */
static double harness_ratio(const double *x)
{
	double parts = 1 / x[M_CPORT] + (x[M_COLLIDE] > 0 ? 1 / x[M_COLLIDE] : 0) + 1 / x[M_GOLOOP];
	return (1 / x[M_HARNESS]) / parts;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The median of v[0..n), n odd (v is sorted). */
static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[n / 2];
}

int main(int argc, char **argv)
{
	bool is_fixed = argc > 1 && argv[1][0] == 'x'; /* xREPS */
	int fixed = is_fixed ? atoi(argv[1] + 1) : 0;
	double secs = argc > 1 && !is_fixed ? atof(argv[1]) : 1.0;
	int only = -1, nsets = (int)(sizeof sets / sizeof sets[0]);
	int set = argc > 3 ? atoi(argv[3]) : 0;
	for (int m = 0; argc > 2 && m < NMODES; m++)
		if (strcmp(argv[2], mode_name[m]) == 0)
			only = m;
	if (secs <= 0 || (argc > 2 && only < 0) || argc > 4 || set < 0 || set > nsets || (argc > 3 && set == 0) ||
	    (is_fixed && (fixed <= 0 || set == 0))) {
		fprintf(stderr,
			"usage: throughput [SECONDS per cell [MODE: harness, C port, colliding, oracle, Go loop, "
			"decode [SET: 1 to %d]]]\n       throughput xREPS MODE SET\n",
			nsets);
		return 2;
	}
	if (md_multi_init(&harness, NULL) != 0)
		return 2;
	printf("throughput: %d programs per set, %.2f s per cell (best of %d rounds; ratio: their median), oracle %s\n", NPROG, secs, TRIALS,
	       md_side_go()->name);
	printf("%-18s", "set (programs/s)");
	for (int m = 0; m < NMODES; m++)
		printf(" %10s", mode_name[m]);
	printf(" %6s\n", "ratio");
	static built b;
	for (int s = 0; s < nsets; s++) {
		if (set && s != set - 1)
			continue;
		rng_state = 0x6d61706469666600ULL + s; /* fixed: the same sets every run */
		build_set(&sets[s], &b);
		if (fixed) {
			double t0 = now_s();
			pass(only, &b, fixed);
			printf("%-18s %s: %d passes in %.3f s\n", sets[s].name, mode_name[only], fixed, now_s() - t0);
			free_set(&b);
			continue;
		}
		/* TRIALS rounds, modes interleaved: a column's figure is its
		 * best round (the one least disturbed by other processes), the
		 * ratio the median of the rounds' own ratios, each taken from
		 * columns measured one after another, so that the machine's
		 * speed drifting from round to round does not move it. */
		double r[NMODES] = {0}, ratio[TRIALS];
		for (int trial = 0; trial < TRIALS; trial++) {
			double x[NMODES] = {0};
			for (int m = 0; m < NMODES; m++) {
				if ((m == M_COLLIDE && !md_side_collide()) || (only >= 0 && m != only))
					continue;
				x[m] = rate(m, &b, secs / TRIALS);
				r[m] = x[m] > r[m] ? x[m] : r[m];
			}
			ratio[trial] = only >= 0 ? 0 : harness_ratio(x);
		}
		printf("%-18s", sets[s].name);
		for (int m = 0; m < NMODES; m++)
			printf(" %10.0f", r[m]);
		if (only >= 0)
			printf(" %6s\n", "-");
		else
			printf(" %6.2f\n", median(ratio, TRIALS));
		free_set(&b);
	}
	if (divergences)
		printf("warning: %d divergences in the program sets (a bug to report)\n", divergences);
	return 0;
}
