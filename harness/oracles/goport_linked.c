/*
 * goport_linked.c: a Go port linked into this binary (see oracles.h).
 *
 * ./build.sh goport DIR links the adapter into out/goport/<id>/mapdiff and
 * mapdiff-fuzz with the oracle, in one c-archive built by the go on PATH
 * (goport/serve, export_inproc.go): a program then costs one cgo call on
 * the port as on the oracle, where the helper process costs a round trip.
 * Every other binary has none of these symbols (weak: NULL).
 *
 * A program the library would run into a known memory-damaging bug
 * (goport.Taint) is not run here, where the damage would land in
 * mapdiff's own heap: the port stops before it (run returns 2) and the
 * program runs on the port's helper, beside the binary, whose process is
 * thrown away after it.  The verdict is the helper's, as it would be
 * without the port linked in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracles/oracles.h"

/* From the c-archive of a Go port built in process (goport/serve). */
extern int MapdiffGoportRun(md_prog *p, md_results *r) __attribute__((weak));
extern int MapdiffGoportInfo(char *buf, int n) __attribute__((weak));
extern void MapdiffGoportID(char *buf, int n) __attribute__((weak));

const char *md_linked_goport_id(void)
{
	static char id[32];
	if (!MapdiffGoportID)
		return NULL;
	if (!id[0])
		MapdiffGoportID(id, sizeof id);
	return id;
}

static int linked_open(md_side *s)
{
	MapdiffGoportInfo(s->info, sizeof s->info);
	return 0;
}

/* The port's helper (s->path), for the programs that taint: opened once. */
static md_side *helper_of(md_side *s)
{
	md_side *h = s->state;
	if (!h) {
		if (!(h = calloc(1, sizeof *h)))
			return NULL;
		h->kind = MD_SIDE_GO_PORT;
		h->ops = &md_helper_ops;
		memcpy(h->id, s->id, sizeof h->id);
		memcpy(h->name, s->name, sizeof h->name);
		memcpy(h->path, s->path, sizeof h->path);
		s->state = h;
	}
	return md_side_open(h) == 0 ? h : NULL;
}

/* p, which the port stopped before it tainted this process (why in r's
 * message arena), on its helper; the helper's process is s's while it
 * runs, for the watchdog (run/watchdog.h). */
static int run_on_helper(md_side *s, const md_prog *p, md_results *r)
{
	md_results_reason(r, s->taint, sizeof s->taint);
	md_side *h = helper_of(s);
	if (!h)
		return snprintf(s->skip, sizeof s->skip, "the port's helper did not start"), -1;
	md_results_reset(r, r->detail_op);
	h->skip[0] = 0;
	int rc = h->ops->start(h, p, r);
	atomic_store_explicit(&s->pid, atomic_load_explicit(&h->pid, memory_order_relaxed), memory_order_relaxed);
	rc = rc == 0 ? h->ops->run(h, p, r) : -1;
	atomic_store_explicit(&s->pid, 0, memory_order_relaxed);
	memcpy(s->skip, h->skip, sizeof s->skip);
	return rc == 0 ? 0 : -1;
}

/* rc 1: the port declined p (why in r's message arena); 2: it would have
 * tainted this process (the same): run p on the helper. */
static int linked_run(md_side *s, const md_prog *p, md_results *r)
{
	int rc = MapdiffGoportRun((md_prog *)p, r);
	if (rc == 0)
		return 0;
	if (rc == 2)
		return run_on_helper(s, p, r);
	md_results_reason(r, s->skip, sizeof s->skip);
	return -1;
}

const md_side_ops md_goport_linked_ops = {.open = linked_open, .run = linked_run};
