/*
 * side.h: one side of a differential run.
 *
 * A side takes a program and fills md_results.  Two families exist, behind
 * one interface (in the manner of Cryptofuzz's modules): ports, C
 * implementations of Go's map driven op by op through impl/port.h by the
 * executor (exec.c), and oracles, real Go runtimes that run the whole
 * program in one call (oracle.c).  The comparator only ever sees results.
 */
#ifndef MAPDIFF_SIDE_H
#define MAPDIFF_SIDE_H

#include "port.h"
#include "format/prog.h"
#include "run/result.h"

typedef struct md_side md_side;
struct md_side {
	const char *name;     /* as a report names it: "C port", "Go (gc go1.26.8)" */
	const mapport *port;  /* the port run by the executor; NULL for an oracle */
	/* Run p, filling r (r->detail_op says which range to itemise).
	 * Returns 0, or -1 when this side cannot run p (it is skipped). */
	int (*run)(md_side *s, const md_prog *p, md_results *r);
	void *types[GO_NSCALAR]; /* a port's map types, made once per key kind */
	uint32_t lacks;          /* MD_NEED_* this side cannot run (multi.h) */
	/* Optional: start running p in the background (an oracle process);
	 * the next run(s, p, r) then waits for it.  Returns 0 or -1. */
	int (*start)(md_side *s, const md_prog *p, md_results *r);
};

/* The executor: run p on s->port. */
int md_exec_port(md_side *s, const md_prog *p, md_results *r);

/* The C port of Go's classic map. */
md_side *md_side_cport(void);
/* The Go runtime map linked into this binary. */
md_side *md_side_go(void);

/* Run side s on p with a fresh results header; detail_op as in result.h. */
int md_side_run(md_side *s, const md_prog *p, md_results *r, int32_t detail_op);

/* Canonical bytes of a key in a port's (Go's) memory layout. */
static inline void md_canon_of_native(int kind, const void *native, const uint8_t **b, uint32_t *len)
{
	if (kind == GO_STRING) {
		const gostring *s = (const gostring *)native;
		*b = s->ptr;
		*len = (uint32_t)s->len;
		return;
	}
	*b = (const uint8_t *)native;
	*len = gotype_scalars[kind].size;
}



/* Outcome of running one program on its sides (md_multi_run, multi.h). */
typedef enum md_verdict { MD_AGREE, MD_DIVERGE, MD_SKIPPED, MD_SPEC } md_verdict;

struct md_diff;
/* Judge side s's iterator steps (results r) against the Go spec: MD_SPEC
 * with d filled, or MD_AGREE. */
md_verdict md_side_spec(const md_prog *p, md_side *s, const md_results *r, struct md_diff *d);
#endif
