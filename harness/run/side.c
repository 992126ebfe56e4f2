/* side.c: the sides this binary links, and running one. */
#include "run/side.h"

#include "run/compare.h"
#include "run/spec.h"

#include <stdio.h>

/* From the oracle's c-archive (oracle/oracle.go). */
extern int MapdiffOracleRun(md_prog *p, md_results *r);
extern int MapdiffOracleInfo(char *buf, int n);

static int run_go(md_side *s, const md_prog *p, md_results *r)
{
	(void)s;
	return MapdiffOracleRun((md_prog *)p, r) == 0 ? 0 : -1;
}

md_side *md_side_cport(void)
{
	static md_side s = {.name = "C port", .port = &classic_port, .run = md_exec_port};
	return &s;
}

md_side *md_side_go(void)
{
	static char name[96];
	static md_side s = {.name = name, .run = run_go};
	if (!name[0]) {
		char info[80];
		MapdiffOracleInfo(info, sizeof info);
		char compiler[16] = "", version[40] = "";
		sscanf(info, "%15s %39s", compiler, version);
		snprintf(name, sizeof name, "Go (%s %s)", compiler, version);
	}
	return &s;
}

int md_side_run(md_side *s, const md_prog *p, md_results *r, int32_t detail_op)
{
	md_results_reset(r, detail_op);
	return s->run(s, p, r);
}

md_verdict md_side_spec(const md_prog *p, md_side *s, const md_results *r, md_diff *d)
{
	md_spec_violation v;
	if (md_spec_check(p, r, &v))
		return MD_AGREE;
	d->op = v.op;
	d->what = v.rule;
	d->side = s->name;
	snprintf(d->detail, sizeof d->detail, "%s", v.detail);
	return MD_SPEC;
}
