/* linked_go.c: the Go linked into this binary as a side (see oracles.h). */
#include <stdio.h>
#include <string.h>

#include "oracles/oracles.h"

/* From the oracle's c-archive (oracle/oracle.go). */
extern int MapdiffOracleRun(md_prog *p, md_results *r);
extern int MapdiffOracleInfo(char *buf, int n);

/* "gc-1.26" from "gc go1.26.8 ...". */
static void id_of_info(const char *info, char *id, size_t n)
{
	char comp[16] = "go";
	int major = 0, minor = 0;
	if (sscanf(info, "%15s go%d.%d", comp, &major, &minor) == 3)
		snprintf(id, n, "%s-%d.%d", comp, major, minor);
	else
		snprintf(id, n, "%s", comp);
}

void md_linked_go_describe(md_side *s)
{
	s->kind = MD_SIDE_GO_LINKED;
	s->ops = &md_linked_go_ops;
	MapdiffOracleInfo(s->info, sizeof s->info);
	id_of_info(s->info, s->id, sizeof s->id);
	md_oracle_name_of_id(s);
}

static int linked_open(md_side *s)
{
	(void)s;
	return 0;
}

static int linked_run(md_side *s, const md_prog *p, md_results *r)
{
	(void)s;
	return MapdiffOracleRun((md_prog *)p, r) == 0 ? 0 : -1;
}

const md_side_ops md_linked_go_ops = {.open = linked_open, .run = linked_run};
