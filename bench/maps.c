/*
 * maps.c: the C port against the Go runtime map of the linked Go.
 *
 * For int64 and string keys, at 8, 1000, 100000 and 1000000 entries:
 * insert (make + n assigns), lookup hit, lookup miss, delete (all n keys),
 * range (per entry).  The C port runs through its mapport table (classic.c,
 * the calls the harness makes); Go runs the same loop over a compiled map in
 * one cgo call per row (oracle/bench.go), with the same keys.  Prints ns/op
 * for both and the ratio C / Go.
 *
 * usage: maps [--quick]   (--quick: 8 and 1000 entries, short rounds)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "port.h"

/* From the oracle's c-archive (oracle/bench.go). */
extern double MapdiffBenchMap(int kind, int op, int64_t size, int64_t min_ns);

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

static double ns_per_op_c(int kind, int op, int64_t n, int64_t min_ns)
{
	int64_t ns = 0, ops = 0;
	while (ns < min_ns) {
		int64_t o;
		ns += round_c(kind, op, n, &o);
		ops += o;
	}
	return (double)ns / (double)ops;
}

int main(int argc, char **argv)
{
	int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
	if (argc > 1 && !quick) {
		fprintf(stderr, "usage: maps [--quick]\n");
		return 2;
	}
	static const int64_t sizes[] = {8, 1000, 100000, 1000000};
	int nsizes = quick ? 2 : 4;
	int64_t min_ns = quick ? 2000000 : 300000000;
	types[0] = P->type_new(&gotype_scalars[GO_INT64], &gotype_scalars[GO_INT64]);
	types[1] = P->type_new(&gotype_scalars[GO_STRING], &gotype_scalars[GO_INT64]);
	printf("maps: ns/op, %s vs Go map, %.0f ms or more per cell\n", P->name, min_ns / 1e6);
	printf("%-7s %-12s %8s %10s %10s %7s\n", "key", "op", "entries", "C ns/op", "Go ns/op", "C/Go");
	for (int kind = 0; kind < 2; kind++)
		for (int op = 0; op < B_NOPS; op++)
			for (int s = 0; s < nsizes; s++) {
				double c = ns_per_op_c(kind, op, sizes[s], min_ns);
				double g = MapdiffBenchMap(kind, op, sizes[s], min_ns);
				printf("%-7s %-12s %8lld %10.1f %10.1f %7.2f\n", kind ? "string" : "int64",
				       opnames[op], (long long)sizes[s], c, g, c / g);
				fflush(stdout);
			}
	P->type_free(types[0]);
	P->type_free(types[1]);
	return sink == 42 ? 3 : 0; /* keep sink live */
}
