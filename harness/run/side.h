/*
 * side.h: the sides of a differential run, and the one registry of them.
 *
 * A side takes a program and fills md_results.  Every side has a kind, and
 * each kind one table of operations (in the manner of Cryptofuzz's
 * modules): a port, a C implementation of Go's map driven op by op through
 * impl/port.h by the executor (exec.c); the model (impl/model.c), through
 * the same executor; the Go linked into this binary, which runs a whole
 * program in one cgo call; and another Go toolchain in a helper process
 * (oracles/oracle_proc.h).  The comparator only ever sees results.
 *
 * The registry (registry.c) is the one place that knows which sides this
 * binary has, their ids (as --oracle names them) and their one name (as
 * every report names them).
 */
#ifndef MAPDIFF_SIDE_H
#define MAPDIFF_SIDE_H

#include <stdatomic.h>
#include <stdbool.h>

#include "format/prog.h"
#include "port.h"
#include "run/result.h"

typedef enum md_side_kind {
	MD_SIDE_PORT,      /* the port under test, in process, through the executor */
	MD_SIDE_MODEL,     /* impl/model.c through the executor: Go's semantics, no Go */
	MD_SIDE_GO_LINKED, /* the Go linked into this binary: one cgo call per program */
	MD_SIDE_GO_HELPER, /* another Go toolchain, in a helper process */
	MD_SIDE_GO_PORT,   /* the port under test written in Go (goport/), in a
	                    * helper process like a toolchain's oracle, or linked
	                    * in (./build.sh goport's mapdiff); not a Go */
} md_side_kind;

typedef struct md_side md_side;

/* What one kind of side does. */
typedef struct md_side_ops {
	/* Get ready to run programs (an executor, a helper process): 0, or
	 * -1 after one line on stderr. */
	int (*open)(md_side *s);
	/* Optional: start running p in the background (a helper process);
	 * the next run(s, p, r) then waits for it.  Returns 0 or -1. */
	int (*start)(md_side *s, const md_prog *p, md_results *r);
	/* Run p, filling r (r->detail_op says which range to itemise).
	 * Returns 0, or -1 when this side cannot run p (it is skipped). */
	int (*run)(md_side *s, const md_prog *p, md_results *r);
	/* Optional: whether run would refuse p before its first op (a map
	 * type the port rejects, a function it leaves NULL), cheaply and
	 * without running it: 0, or -1 with the reason in s->skip. */
	int (*check)(md_side *s, const md_prog *p);
} md_side_ops;

struct md_side {
	md_side_kind kind;
	const md_side_ops *ops;
	char id[32];         /* as --oracle names it: "gc-1.26", "model", "port" */
	char name[32];       /* as reports name it: "gc 1.26", "C port" */
	char path[512];      /* a helper's binary; "" in process */
	char info[256];      /* "gc go1.19.8 classic noclear noclone" (compiler,
	                      * version, map kind, capabilities), once open */
	uint32_t lacks;      /* MD_NEED_* this side cannot run (multi.h) */
	char skip[128];      /* why the last run returned -1 ("no clear",
	                      * "type_new returned NULL for map[K]V"); "" if no
	                      * reason was given.  Written only when giving up. */
	char taint[128];     /* why the last run may have damaged the process
	                      * it ran in (a Go port's goport.Taint, naming the
	                      * known finding: report/findings.h), or "" */
	const mapport *port; /* MD_SIDE_PORT and MD_SIDE_MODEL */
	bool collide;        /* the port under test run again with every key of
	                      * a map colliding (set_weak_hash bits 0): its
	                      * colliding run (md_side_collide) */
	atomic_int pid;      /* a helper's process while it runs, else 0 (for the watchdog) */
	void *state;         /* the kind's own (an executor, a helper), once open */
	bool opened;
};

/* The op side s is running now (a port or the model, through the
 * executor), or -1 (a Go side runs a whole program at once): for the
 * watchdog (watchdog.h), read from another thread. */
int md_side_op_running(const md_side *s);

/* The op tables of the kinds. */
extern const md_side_ops md_exec_ops;      /* exec.c: ports and the model */
extern const md_side_ops md_linked_go_ops; /* oracles/linked_go.c */
extern const md_side_ops md_helper_ops;    /* oracles/oracle_proc.c */
extern const md_side_ops md_goport_linked_ops; /* oracles/goport_linked.c */

/* The rand a port's make gets for the n-th make of p (exec.c; a C
 * reproducer, cmd_repro.c, passes the same). */
uint64_t md_make_rand(const md_prog *p, uint32_t n);

/* ---- the registry (registry.c) ---- */

/* Every side this binary can use, in a fixed order: the port under test
 * first (a Go port when $MAPDIFF_PORT names one, oracles/oracles.h), then the oracles (the Go linked in, helpers by id, the model
 * last).  None is opened yet. */
int md_sides(md_side **list);

/* The id of the Go port under test ($MAPDIFF_PORT, --port ID; else the
 * one ./build.sh goport linked into this binary), or NULL: the port under
 * test is a C port. */
const char *md_goport_under_test(void);

/* The side with id[0..len), or NULL. */
md_side *md_side_find(const char *id, size_t len);

/* Open s once (later calls return the first answer): 0, or -1 after one
 * line on stderr. */
int md_side_open(md_side *s);

/* The port under test (mapdiff_port_under_test when a port is linked in,
 * docs/PORTING.md; else the C port of Go's classic map), opened. */
md_side *md_side_port(void);

/* The Go linked into this binary, opened. */
md_side *md_side_go(void);

/* The colliding run of the port under test: the same port, every map of
 * it in weak-hash mode with no bit kept (every key has one hash, so Go's
 * == on keys runs on every lookup, assign and delete), opened; NULL when
 * the port has no set_weak_hash (a Go port, a port without it) or
 * $MAPDIFF_COLLIDE is 0.  multi.h runs it with the port. */
md_side *md_side_collide(void);

/* Run s on p with a fresh results header (and no skip reason); detail_op
 * as in result.h. */
int md_side_run(md_side *s, const md_prog *p, md_results *r, int32_t detail_op);

/* Whether s would refuse p before running it (its kind's check; 0 when
 * the kind cannot tell without running): 0, or -1 with s->skip set. */
int md_side_check(md_side *s, const md_prog *p);

/* Whether s is a real Go (linked in or a helper), not a port or the model. */
bool md_side_is_go(const md_side *s);

/* What an info line says the side lacks (MD_NEED_*). */
uint32_t md_side_lacks_of(const char *info);

/* The decode option (format/prog.h md_decode_opts) that keeps every binary
 * input on the map types the port under test declares: NULL unless
 * $MAPDIFF_PORT_TYPES is set (--port-types; `mapdiff fuzz --port` sets
 * it); then the Go port's "keys=K,K vals=int64" info and its lack of
 * clone.  Exits (status 2, a line on stderr) when the port under test
 * declares no map types.  Made once per process. */
const md_decode_opts *md_port_decode_opts(void);

#endif
