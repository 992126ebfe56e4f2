/*
 * oracles.h: where the Go oracles come from, for the registry
 * (run/registry.c).
 *
 * The Go linked into the binary runs in process (linked_go.c); every
 * other toolchain's oracle is a helper under the oracle folder
 * (MAPDIFF_ORACLE_DIR, else oracle/ next to the binary):
 * <dir>/<id>/mapdiff-oracle, built by build.sh (oracle_proc.h).
 */
#ifndef MAPDIFF_ORACLES_H
#define MAPDIFF_ORACLES_H

#include "run/side.h"

/* Fill s as the Go linked in: id "gc-1.26", name "gc 1.26", its info line. */
void md_linked_go_describe(md_side *s);

/* The helpers under the oracle folder, sorted by id, into list[0..max)
 * (skipping the one whose id is `linked`); returns how many. */
int md_find_helpers(md_side *list, int max, const char *linked);

/* Fill s as the Go port `id` (goport/, docs/PORTING.md), built by
 * ./build.sh goport DIR: in process when it is the one linked into this
 * binary (goport_linked.c) and $MAPDIFF_GOPORT_INPROC is not 0 (that
 * port's helper is the mapdiff-oracle beside the binary); else the helper
 * <dir>/<id>/mapdiff-oracle, dir $MAPDIFF_GOPORT_DIR, else goport/ next to
 * the binary.  -1 (one line on stderr) when there is no such helper. */
int md_find_goport(md_side *s, const char *id);

/* Why the program a Go port's helper is running tainted it, so far (its
 * shared memory, written when goport.Taint is called; "" for none), for
 * a watchdog that finds the program hung; another thread may read it. */
const char *md_helper_taint_now(const md_side *s);

/* The id of the Go port linked into this binary, or NULL (goport_linked.c). */
const char *md_linked_goport_id(void);

/* "gc 1.19" from the id "gc-1.19", into s->name. */
void md_oracle_name_of_id(md_side *s);

#endif
