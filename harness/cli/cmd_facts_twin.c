/*
 * cmd_facts_twin.c: mapdiff facts --twin, where each classic Go grows, read
 * from its own map in lockstep with the port (run/twin_run.h), next to
 * the port's, and whether the two stayed bit for bit.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "run/twin_run.h"

#define TWIN_FACTS_INSERTS 1000

static const char *const classic_gos[] = {"gc-1.19", "gc-1.21", "gc-1.22", "gc-1.23"};

/* make(map[K]int64), then n distinct keys put: int64 i, or the string "k<i>". */
static void growth_prog(md_prog *p, int kind, int n)
{
	md_prog_init(p, kind);
	p->ops[0].code = MD_OP_MAKE;
	p->nops = 1;
	for (int i = 0; i < n; i++) {
		uint8_t b[16];
		uint32_t len = 8;
		if (kind == GO_STRING)
			len = (uint32_t)snprintf((char *)b, sizeof b, "k%d", i);
		else
			for (int j = 0; j < 8; j++)
				b[j] = (uint8_t)((uint64_t)i >> (8 * j));
		int k = md_prog_add_key(p, b, len);
		p->ops[p->nops++] = (md_op){.code = MD_OP_PUT, .key = (uint16_t)k, .val = i};
	}
}

/* The inserts after which B grew, as r shows them. */
static void print_growth(const char *who, const md_results *r, uint32_t nops)
{
	printf("    %-9s", who);
	for (uint32_t i = 1; i < nops; i++)
		if (r->res[i].B > r->res[i - 1].B)
			printf(" %u", i);
	printf("\n");
}

static void facts_twin_go(md_twin_run *t, const md_prog *p)
{
	md_twin_outcome o = md_twin_judge(t, p);
	char who[40];
	snprintf(who, sizeof who, "%.30s:", t->go->name);
	if (o == MD_TWIN_SKIPPED) {
		printf("    %-9s skipped (%s)\n", who, t->what);
		return;
	}
	print_growth(who, t->gr, p->nops);
	if (o == MD_TWIN_AGREE)
		printf("      in lockstep with %s: bit for bit, every layout\n", t->port->name);
	else
		printf("      in lockstep with %s: %s differs first after insert %d (%s)\n", t->port->name, t->part, t->op,
		       t->what);
}

int cmd_facts_twin(void)
{
	static md_twin_run twins[sizeof classic_gos / sizeof classic_gos[0]];
	static const int kinds[] = {GO_INT64, GO_STRING};
	bool any = false;
	printf("Growth in lockstep, inserting %d distinct keys into make(map[K]int64):\n", TWIN_FACTS_INSERTS);
	printf("  (the inserts after which B grows, read from each map's header)\n");
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		growth_prog(&md_cli_prog, kinds[k], TWIN_FACTS_INSERTS);
		printf("  map[%s]int64\n", kinds[k] == GO_STRING ? "string" : "int64");
		bool port_shown = false;
		for (size_t g = 0; g < sizeof classic_gos / sizeof classic_gos[0]; g++) {
			md_side *go = md_side_find(classic_gos[g], strlen(classic_gos[g]));
			if (!go || (!twins[g].go && md_twin_open(&twins[g], go, md_side_port()) != 0) || md_side_open(go) != 0)
				continue;
			any = true;
			facts_twin_go(&twins[g], &md_cli_prog);
			if (!port_shown && twins[g].outcome != MD_TWIN_SKIPPED) {
				char who[40];
				snprintf(who, sizeof who, "%.30s:", twins[g].port->name);
				print_growth(who, twins[g].pr, md_cli_prog.nops);
				port_shown = true;
			}
		}
	}
	if (!any)
		return fprintf(stderr, "mapdiff: facts --twin: no classic Go helper built (gc-1.19 ... gc-1.23)\n"), 2;
	return 0;
}
