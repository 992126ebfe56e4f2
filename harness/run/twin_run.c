/*
 * twin_run.c: a program in lockstep on a classic Go and a port of the
 * classic map, and its first difference (twin_run.h).
 */
#include <stdlib.h>
#include <string.h>

#include "format/text.h"
#include "run/compare.h"
#include "run/multi.h"
#include "run/twin_layout.h"
#include "run/twin_run.h"

int md_twin_open(md_twin_run *t, md_side *go, md_side *port)
{
	memset(t, 0, sizeof *t);
	t->go = go;
	t->port = port;
	t->gr = calloc(1, sizeof *t->gr);
	t->pr = calloc(1, sizeof *t->pr);
	t->gt = calloc(1, sizeof *t->gt);
	t->pt = calloc(1, sizeof *t->pt);
	if (!t->gr || !t->pr || !t->gt || !t->pt)
		return fprintf(stderr, "mapdiff: out of memory for the twin\n"), -1;
	if (!port->port || !port->port->set_twin || !port->port->walk)
		return fprintf(stderr, "mapdiff: %s has no set_twin and walk: the twin needs a port of the classic map\n",
			       port->name), -1;
	return 0;
}

int md_twin_open_id(md_twin_run *t, const char *id)
{
	md_side *go = md_side_find(id, strlen(id)), *port = md_side_port();
	if (!go || go->kind != MD_SIDE_GO_HELPER) {
		fprintf(stderr, "mapdiff: --twin=%s: no such Go helper (mapdiff oracles lists them; the twin takes "
				"gc-1.19, gc-1.21, gc-1.22 or gc-1.23)\n", id);
		return -1;
	}
	if (!port || md_side_open(go) != 0)
		return -1;
	return md_twin_open(t, go, port);
}

static md_twin_outcome skipped(md_twin_run *t, const char *who, const char *why)
{
	snprintf(t->what, sizeof t->what, "%s%s%s", who, who[0] ? ": " : "", why);
	return t->outcome = MD_TWIN_SKIPPED;
}

/* Run both sides, each with its record; dump_op as in twin.h. */
static md_twin_outcome run_both(md_twin_run *t, const md_prog *p, int32_t dump_op)
{
	md_twin_prepare(t->gt, p, dump_op);
	t->gr->twin = t->gt;
	if (md_side_run(t->go, p, t->gr, -1) != 0)
		return skipped(t, t->go->name, t->go->skip[0] ? t->go->skip : "cannot run it");
	if (t->gt->status != MD_TWIN_OK)
		return skipped(t, t->go->name, md_twin_status_text(t->gt->status));
	md_twin_prepare(t->pt, p, dump_op);
	t->pt->replay = t->gt;
	t->pr->twin = t->pt;
	if (md_side_run(t->port, p, t->pr, -1) != 0)
		return skipped(t, t->port->name, t->port->skip[0] ? t->port->skip : "cannot run it");
	return t->outcome = MD_TWIN_AGREE;
}

/* The bytes of the entries iterator op i produced. */
static uint32_t steps_len(const md_results *r, uint32_t i)
{
	uint32_t at = r->res[i].itoff;
	for (uint32_t k = 0; k < r->res[i].itn && at < r->it_len; k++) {
		const uint8_t *key;
		uint32_t klen;
		int64_t val;
		at += md_get_entry(r->it + at, &key, &klen, &val);
	}
	return at - r->res[i].itoff;
}

/* Whether the entries iterator op i produced differ, in order. */
static bool steps_differ(const md_results *a, const md_results *b, uint32_t i)
{
	const md_res *x = &a->res[i], *y = &b->res[i];
	if (x->itn != y->itn)
		return true;
	if (x->itn == 0)
		return false;
	uint32_t n = steps_len(a, i);
	return n != steps_len(b, i) || memcmp(a->it + x->itoff, b->it + y->itoff, n) != 0;
}

static md_twin_outcome differ(md_twin_run *t, uint32_t i, const char *part, const char *what)
{
	t->op = (int)i;
	snprintf(t->part, sizeof t->part, "%s", part);
	snprintf(t->what, sizeof t->what, "%s", what);
	return t->outcome = MD_TWIN_DIFFER;
}

/* The layouts after op i differ: run again with them written out. */
static md_twin_outcome layout_differs(md_twin_run *t, const md_prog *p, uint32_t i)
{
	md_lay_diff d;
	if (run_both(t, p, (int32_t)i) != MD_TWIN_AGREE)
		return differ(t, i, "layout", "the layouts differ (written out again, one side could not run)");
	if (t->gt->status != MD_TWIN_OK || t->pt->status != MD_TWIN_OK ||
	    !md_twin_layout_diff(p, t->gt->dump, t->gt->dump_len, t->pt->dump, t->pt->dump_len, &d))
		return differ(t, i, "layout", "the layouts differ (their digests)");
	return differ(t, i, d.part, d.what);
}

/* The first op where the records differ (results, layout, order). */
static md_twin_outcome first_difference(md_twin_run *t, const md_prog *p)
{
	for (uint32_t i = 0; i < p->nops; i++) {
		const char *what = md_compare_op(p, i, t->gr, t->pr, NULL);
		if (what)
			return differ(t, i, what, "the results differ (as mapdiff run compares them)");
		if (t->pt->miss_op == i)
			return differ(t, i, "hash",
				      "the port hashed a key under a seed Go's map never had at this point");
		if (p->ops[i].code == MD_OP_RANGE && t->gt->ord[i] != t->pt->ord[i])
			return differ(t, i, "range order", "the range produced the same entries in another order");
		if (steps_differ(t->gr, t->pr, i))
			return differ(t, i, "iteration order", "the iterator produced another entry");
		if (t->gt->lay[i] != t->pt->lay[i])
			return layout_differs(t, p, i);
	}
	if (t->gt->nseeds != t->pt->nseeds || t->gt->niters != t->pt->niters) {
		char w[160];
		snprintf(w, sizeof w, "Go drew %u hash seeds and %u iterator starts, the port %u and %u", t->gt->nseeds,
			 t->gt->niters, t->pt->nseeds, t->pt->niters);
		return differ(t, p->nops ? p->nops - 1 : 0, "draws", w);
	}
	return t->outcome = MD_TWIN_AGREE;
}

md_twin_outcome md_twin_judge(md_twin_run *t, const md_prog *p)
{
	const char *why = md_twin_uncovered(p);
	if (why)
		return skipped(t, "", why);
	uint32_t lacks = t->go->lacks & md_prog_needs(p);
	if (lacks)
		return skipped(t, t->go->name, lacks & MD_NEED_CLEAR ? "no clear" : "no clone");
	if (run_both(t, p, -1) != MD_TWIN_AGREE)
		return t->outcome;
	return first_difference(t, p);
}

void md_twin_show(md_twin_run *t, const md_prog *p, FILE *out)
{
	if (t->outcome != MD_TWIN_DIFFER)
		return;
	/* a layout difference ran both sides with t->op's layout written out already */
	bool have = t->gt->dump_op == t->op && t->pt->dump_op == t->op;
	if ((!have && run_both(t, p, t->op) != MD_TWIN_AGREE) || !t->gt->dump_len) {
		fprintf(out, "  (no layout to show after op %d: a nil map, or a side could not run)\n", t->op);
		return;
	}
	md_twin_print_layouts(p, t->gt->dump, t->gt->dump_len, t->pt->dump, t->pt->dump_len, out);
	t->outcome = MD_TWIN_DIFFER;
}
