/*
 * maps.c: the C port against the Go runtime map of the linked Go.
 *
 * For int64 and string keys, at 8, 1000, 100000 and 1000000 entries:
 * insert (make + n assigns), lookup hit, lookup miss, delete (all n keys),
 * range (per entry).  The C port runs through its mapport table (classic.c,
 * the calls the harness makes); Go runs the same loop over a compiled map in
 * one cgo call per row (oracle/bench.go), with the same keys.  Prints ns/op
 * for the C port and for each Go, and the ratio C / Go per Go.
 *
 * One binary links one Go (a c-archive holds a whole Go runtime): out/bench/maps
 * links the go on PATH; bench/build.sh links one more per toolchain oracle
 * ./build.sh built, out/bench/go/<id>/maps, and maps runs those as
 * `--go-cell KIND OP SIZE MIN_NS` for their Go column.
 *
 * usage: maps [--quick] [--go ID,ID...] [--rounds R]   (--quick: 8 and 1000
 *        entries, short rounds; --go: which Gos, by id: the linked one is
 *        "linked", the others their out/bench/go/<id>; default all built,
 *        "none": the C port only; --rounds: R rounds per C cell, a fixed
 *        amount of work, to time the whole process from outside)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dirent.h>
#include <unistd.h>

#include "port.h"

/* From the oracle's c-archive (oracle/bench.go). */
extern double MapdiffBenchMap(int kind, int op, int64_t size, int64_t min_ns);
extern int MapdiffOracleInfo(char *buf, int n);

enum { B_INSERT, B_HIT, B_MISS, B_DELETE, B_RANGE, B_NOPS }; /* as in bench.go */
static const char *opnames[B_NOPS] = {"insert", "lookup hit", "lookup miss", "delete", "range"};

static const mapport *P = &classic_port;
static void *types[2]; /* int64, string keys; int64 elems */
static int64_t sink;

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Key i of a map (miss: a key not in it), in Go's layout, as bench.go makes
 * it: k = i * 0x9E3779B97F4A7C15 (+1 for a miss); strings "key-"/"mis-" and
 * k in 16 hex digits.  String bytes live in sbuf (20 bytes a key). */
static void make_keys(int kind, int64_t n, int miss, uint8_t *native, char *sbuf)
{
	for (int64_t i = 0; i < n; i++) {
		uint64_t k = (uint64_t)i * 0x9E3779B97F4A7C15ULL;
		if (kind == 0) {
			k += (uint64_t)miss;
			memcpy(native + i * 16, &k, 8);
			continue;
		}
		char *s = sbuf + i * 20, tmp[24];
		snprintf(tmp, sizeof tmp, "%s%016llx", miss ? "mis-" : "key-", (unsigned long long)k);
		memcpy(s, tmp, 20);
		gostring g = {(const uint8_t *)s, 20};
		memcpy(native + i * 16, &g, sizeof g);
	}
}

static void *build(void *t, const uint8_t *keys, int64_t n)
{
	gopanic p = {0};
	void *m = P->make(t, 0, false, 0x5eed);
	for (int64_t i = 0; i < n; i++)
		P->assign(t, m, keys + i * 16, &i, &p);
	return m;
}

/* The operation itself on map b of the round. */
static void run_op(int op, void *t, void **maps, int64_t b, const uint8_t *keys, int64_t n)
{
	gopanic p = {0};
	int64_t v = 0;
	static _Alignas(16) uint8_t it[512];
	const void *k, *e;
	switch (op) {
	case B_INSERT: maps[b] = build(t, keys, n); break;
	case B_HIT:
	case B_MISS:
		for (int64_t i = 0; i < n; i++) {
			P->lookup(t, maps[0], keys + i * 16, &v, &p);
			sink += v;
		}
		break;
	case B_DELETE:
		for (int64_t i = 0; i < n; i++)
			P->del(t, maps[b], keys + i * 16, &p);
		break;
	case B_RANGE:
		for (P->iter_init(t, maps[0], it); P->iter_next(it, &k, &e);)
			sink += *(const int64_t *)e;
		break;
	}
}

/* One timed round, as bench.go's: *ops operations, returns elapsed ns. */
static int64_t round_c(int kind, int op, int64_t n, int64_t *ops)
{
	void *t = types[kind];
	int64_t batch = n < 100000 ? 100000 / n : 1;
	uint8_t *keys = malloc((size_t)n * 16), *miss = malloc((size_t)n * 16);
	char *sk = malloc((size_t)n * 20), *sm = malloc((size_t)n * 20);
	void **maps = calloc((size_t)batch, sizeof *maps);
	if (!keys || !miss || !sk || !sm || !maps)
		abort();
	make_keys(kind, n, 0, keys, sk);
	make_keys(kind, n, 1, miss, sm);
	for (int64_t b = 0; b < (op == B_DELETE ? batch : op == B_INSERT ? 0 : 1); b++)
		maps[b] = build(t, keys, n);
	int64_t t0 = now_ns();
	for (int64_t b = 0; b < batch; b++)
		run_op(op, t, maps, b, op == B_MISS ? miss : keys, n);
	int64_t dt = now_ns() - t0;
	for (int64_t b = 0; b < batch; b++)
		P->free(t, maps[b]);
	free(maps), free(keys), free(miss), free(sk), free(sm);
	*ops = batch * n;
	return dt;
}

/* --rounds R: every C cell runs exactly R rounds (a fixed amount of work,
 * for timing the whole process from outside); 0: for min_ns. */
static int64_t fixed_rounds;

static double ns_per_op_c(int kind, int op, int64_t n, int64_t min_ns)
{
	int64_t ns = 0, ops = 0;
	for (int64_t r = 0; fixed_rounds ? r < fixed_rounds : ns < min_ns; r++) {
		int64_t o;
		ns += round_c(kind, op, n, &o);
		ops += o;
	}
	return (double)ns / (double)ops;
}

/* The Gos of the table: [0] the linked one, then out/bench/go/<id>/maps. */
#define MAXGO 16
static char golabel[MAXGO][64], gobin[MAXGO][1400];
static int ngo;

/* Whether id is wanted by the --go list (NULL: all). */
static int wanted(const char *list, const char *id)
{
	if (!list)
		return 1;
	size_t n = strlen(id);
	for (const char *p = list; (p = strstr(p, id)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == 0))
			return 1;
	return 0;
}

/* The linked Go ("gc-1.26" from "gc go1.26.8 ..."), then every Go under
 * the go/ folder next to this binary, by id. */
static void find_gos(const char *argv0, const char *list)
{
	char info[256], ver[64] = "";
	MapdiffOracleInfo(info, sizeof info);
	sscanf(info, "%*s go%63[0-9.]", ver);
	char *dot = strchr(ver, '.');
	if (dot && (dot = strchr(dot + 1, '.')))
		*dot = 0;
	if (wanted(list, "linked")) {
		snprintf(golabel[0], sizeof golabel[0], "gc-%s", ver[0] ? ver : "?");
		ngo = 1;
	}
	char dir[1024];
	snprintf(dir, sizeof dir, "%s", argv0);
	char *slash = strrchr(dir, '/');
	snprintf(slash ? slash + 1 : dir, sizeof dir - (size_t)(slash ? slash + 1 - dir : 0), "go");
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (ngo == MAXGO) {
			free(ents[i]);
			continue;
		}
		char *bin = gobin[ngo];
		snprintf(bin, sizeof gobin[0], "%s/%.255s/maps", dir, ents[i]->d_name);
		if (ents[i]->d_name[0] != '.' && access(bin, X_OK) == 0 &&
		    wanted(list, ents[i]->d_name))
			snprintf(golabel[ngo++], sizeof golabel[0], "%.63s", ents[i]->d_name);
		else
			bin[0] = 0;
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
}

/* Go g's ns/op for one cell: the linked Go in process, another through its
 * binary's --go-cell (a negative value when it fails). */
static double go_cell(int g, int kind, int op, int64_t n, int64_t min_ns)
{
	if (!gobin[g][0])
		return MapdiffBenchMap(kind, op, n, min_ns);
	char cmd[sizeof gobin[0] + 128];
	snprintf(cmd, sizeof cmd, "'%s' --go-cell %d %d %lld %lld", gobin[g], kind, op, (long long)n,
		 (long long)min_ns);
	FILE *f = popen(cmd, "r");
	double v = -1;
	if (!f || fscanf(f, "%lf", &v) != 1)
		v = -1;
	if (f && pclose(f) != 0)
		v = -1;
	return v;
}

static int usage(void)
{
	fprintf(stderr, "usage: maps [--quick] [--go ID,ID...] [--rounds R]\n       maps --go-cell KIND OP SIZE MIN_NS\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "--go-cell") == 0) {
		printf("%.4f\n", MapdiffBenchMap(atoi(argv[2]), atoi(argv[3]), atoll(argv[4]), atoll(argv[5])));
		return 0;
	}
	int quick = 0;
	const char *list = NULL;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--quick") == 0)
			quick = 1;
		else if (strcmp(argv[i], "--go") == 0 && i + 1 < argc)
			list = argv[++i];
		else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc && atoll(argv[i + 1]) > 0)
			fixed_rounds = atoll(argv[++i]);
		else
			return usage();
	find_gos(argv[0], list);
	static const int64_t sizes[] = {8, 1000, 100000, 1000000};
	int nsizes = quick ? 2 : 4;
	int64_t min_ns = quick ? 2000000 : 300000000;
	types[0] = P->type_new(&gotype_scalars[GO_INT64], &gotype_scalars[GO_INT64]);
	types[1] = P->type_new(&gotype_scalars[GO_STRING], &gotype_scalars[GO_INT64]);
	printf("maps: ns/op, %s vs Go map, %.0f ms or more per cell\n", P->name, min_ns / 1e6);
	printf("%-7s %-12s %8s %10s", "key", "op", "entries", "C ns/op");
	for (int g = 0; g < ngo; g++)
		printf(" %10s %7s", golabel[g], "C/Go");
	printf("\n");
	for (int kind = 0; kind < 2; kind++)
		for (int op = 0; op < B_NOPS; op++)
			for (int s = 0; s < nsizes; s++) {
				double c = ns_per_op_c(kind, op, sizes[s], min_ns);
				printf("%-7s %-12s %8lld %10.1f", kind ? "string" : "int64", opnames[op],
				       (long long)sizes[s], c);
				for (int g = 0; g < ngo; g++) {
					double v = go_cell(g, kind, op, sizes[s], min_ns);
					if (v > 0)
						printf(" %10.1f %7.2f", v, c / v);
					else
						printf(" %10s %7s", "failed", "-");
				}
				printf("\n");
				fflush(stdout);
			}
	P->type_free(types[0]);
	P->type_free(types[1]);
	return sink == 42 ? 3 : 0; /* keep sink live */
}
