/*
 * cmd_facts.c: mapdiff facts, "does my port grow where Go grows".
 *
 * For the linked Go and the C port side by side: the inserts at which the
 * map grows for a few key types, the buckets (C port) and bytes (Go) per
 * make hint, and what small NaN, -0, nil-map and bogus-hint programs do.
 * A Go map's layout is not visible (gc 1.24+ has Swiss tables, with no B),
 * so Go's growth is shown as the inserts that allocate.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "format/text.h"
#include "report/report.h"
#include "run/multi.h"

/* From the oracle (oracle/facts.go). */
extern int MapdiffGoGrowth(int kind, int n, int32_t *out, int outcap);
extern int64_t MapdiffGoMakeBytes(int64_t hint);

#define FACTS_INSERTS 1000
#define FACTS_MAX 64

static const struct {
	int kind;      /* for MapdiffGoGrowth */
	gokind gokind; /* for the C port */
	const char *name;
} facts_types[] = {
	{0, GO_INT64, "map[int64]int64"},
	{1, GO_STRING, "map[string]int64"},
	{2, GO_INT8, "map[int8]int64"},
};

/* Key i of the growth run, as MapdiffGoGrowth makes it, in buf. */
static const void *growth_key(gokind k, int i, void *buf, char *str)
{
	if (k == GO_STRING) {
		int n = snprintf(str, 32, "key-%d", i);
		gostring s = {(const uint8_t *)str, n};
		memcpy(buf, &s, sizeof s);
	} else if (k == GO_INT8) {
		int8_t v = (int8_t)i;
		memcpy(buf, &v, 1);
	} else {
		int64_t v = i;
		memcpy(buf, &v, 8);
	}
	return buf;
}

/* The port's bucket count (1<<B) through its shape entry; -1 when it
 * cannot tell. */
static int64_t buckets(const mapport *port, void *t, void *m)
{
	uint8_t B;
	bool growing, samesize;
	if (!port->shape)
		return -1;
	port->shape(t, m, &B, &growing, &samesize);
	return (int64_t)1 << B;
}

/* The 1-based inserts at which the port's B grows. */
static int cport_growth(const mapport *port, gokind k, int n, int32_t *out, int cap)
{
	void *t = port->type_new(&gotype_scalars[k], &gotype_scalars[GO_INT64]);
	if (!t)
		return 0;
	void *m = port->make(t, 0, false, 1);
	int w = 0;
	for (int i = 0; i < n && (k != GO_INT8 || i < 256); i++) {
		_Alignas(16) uint8_t key[16];
		char str[32];
		int64_t one = 1;
		gopanic p = {0};
		int64_t before = buckets(port, t, m);
		port->assign(t, m, growth_key(k, i, key, str), &one, &p);
		if (buckets(port, t, m) != before && w < cap)
			out[w++] = i + 1;
	}
	port->free(t, m);
	port->type_free(t);
	return w;
}

static void print_list(const char *who, const int32_t *v, int n)
{
	printf("    %-9s", who);
	for (int i = 0; i < n; i++)
		printf(" %d", v[i]);
	printf("%s\n", n == 0 ? " (none)" : "");
}

static void facts_growth(const mapport *port)
{
	printf("Growth, inserting %d distinct keys into make(map[K]int64):\n", FACTS_INSERTS);
	char who[40];
	snprintf(who, sizeof who, "%.30s:", port->name);
	printf("  (%s: the inserts at which B grows; Go: the inserts that allocate)\n", port->name);
	for (size_t j = 0; j < sizeof facts_types / sizeof facts_types[0]; j++) {
		int32_t c[FACTS_MAX], g[FACTS_MAX];
		int nc = cport_growth(port, facts_types[j].gokind, FACTS_INSERTS, c, FACTS_MAX);
		int ng = MapdiffGoGrowth(facts_types[j].kind, FACTS_INSERTS, g, FACTS_MAX);
		printf("  %s\n", facts_types[j].name);
		print_list(who, c, nc);
		print_list("Go:", g, ng);
	}
}

static void facts_hints(const mapport *port)
{
	static const int64_t hints[] = {0, 8, 9, 13, 14, 26, 27, 52, 53, 100, 1000, -1, 1LL << 62};
	void *t = port->type_new(&gotype_scalars[GO_INT64], &gotype_scalars[GO_INT64]);
	if (!t)
		return (void)printf("\n%s: type_new returned NULL for map[int64]int64\n", port->name);
	printf("\nmake(map[int64]int64, hint): %s buckets (1<<B), Go bytes allocated\n", port->name);
	printf("  %20s %12s %14s\n", "hint", "buckets", "Go bytes");
	for (size_t j = 0; j < sizeof hints / sizeof hints[0]; j++) {
		void *m = port->make(t, hints[j], true, 1);
		printf("  %20lld %12lld %14lld\n", (long long)hints[j], (long long)buckets(port, t, m),
		       (long long)MapdiffGoMakeBytes(hints[j]));
		port->free(t, m);
	}
	port->type_free(t);
}

static const char *const facts_programs[] = {
	"# NaN: every put adds an entry; lookups miss\nmap[float64]int64\nmake\nput NaN 1\nput NaN 2\nput NaN 3\nlen\nget NaN\n",
	"# -0: one key with +0; the stored key is the last written\nmap[float64]int64\nmake\nput 0.0 1\nput -0.0 2\nlen\nrange\n",
	"# nil map: reads are empty, writes panic\nmap[string]int64\nnil\nget \"a\"\nlen\ndel \"a\"\nput \"a\" 1\n",
	"# bogus hints are ignored\nmap[int64]int64\nmake -1\nput 1 1\nmake 4611686018427387904\nput 1 1\nlen\n",
};

static int facts_behaviour(const char *oracles)
{
	static md_multi m;
	if (md_multi_init(&m, oracles) != 0)
		return 2;
	printf("\nBehaviour (an unhashable-key program needs interface keys, docs/FORMAT.md):\n");
	for (size_t j = 0; j < sizeof facts_programs / sizeof facts_programs[0]; j++) {
		char err[200];
		const char *text = facts_programs[j];
		if (!md_parse(text, strlen(text), &md_cli_prog, err, sizeof err)) {
			fprintf(stderr, "mapdiff facts: built-in program %zu: %s\n", j, err);
			return 2;
		}
		printf("\n%.*s\n", (int)(strchr(text, '\n') - text), text);
		md_multi_run(&md_cli_prog, &m);
		md_multi_trace(stdout, &md_cli_prog, &m);
	}
	return 0;
}

int cmd_facts(int argc, char **argv)
{
	const char *oracles = md_cli_oracle(&argc, &argv, NULL);
	if (argc == 1 && strcmp(argv[0], "--twin") == 0)
		return cmd_facts_twin();
	if (argc != 0) {
		fprintf(stderr, "mapdiff: bad command line: facts takes no files (see mapdiff --help)\n");
		return 2;
	}
	md_side *port = md_side_port(), *go = md_side_go();
	if (port && port->kind != MD_SIDE_PORT) {
		fprintf(stderr, "mapdiff: facts reads a C port's growth (impl/port.h); %s is a Go port\n", port->name);
		return 2;
	}
	if (!port || !go)
		return 2;
	printf("mapdiff facts: the port under test (%s) and the linked Go (%s)\n\n", port->name, go->info);
	facts_growth(port->port);
	facts_hints(port->port);
	return facts_behaviour(oracles);
}
