/*
 * oracle_proc.h: a Go oracle in a process of its own.
 *
 * Two Go runtimes cannot share a process, so mapdiff links one oracle (the
 * go on PATH) into every binary and runs the others (gc 1.19, gccgo 12 ...)
 * as persistent helpers: out/oracle/<id>/mapdiff-oracle, a small C main
 * (oraclesrv.c) linked with that toolchain's oracle archive.  Parent and
 * helper share one memory region (md_shm, a memfd); a socket carries one
 * byte each way per program.  The parent copies in only the used part of
 * the program and copies back only the used part of the results, so an
 * input costs two small copies and one round trip, which the parent
 * overlaps with running its in-process sides (md_side_ops.start).
 */
#ifndef MAPDIFF_ORACLE_PROC_H
#define MAPDIFF_ORACLE_PROC_H

#include "format/prog.h"
#include "run/result.h"
#include "run/side.h"
#include "run/twin.h"

#define MD_SHM_ENTRIES (16u << 20) /* detail entries a report can get back */
#define MD_SHM_INFO 256

/* Parent and helper must agree on these structs (a stale helper does not). */
#define MD_SHM_LAYOUT ((uint64_t)sizeof(md_prog) << 32 ^ sizeof(md_results) ^ (uint64_t)sizeof(md_twin) << 8 ^ \
		       (uint64_t)MD_FORMAT_VERSION << 56)

typedef struct md_shm {
	uint64_t layout;      /* out, once: the helper's MD_SHM_LAYOUT */
	int32_t detail_op;    /* in: r->detail_op */
	uint32_t entries_cap; /* in: room for detail entries (0: none wanted) */
	int32_t rc;           /* out: MapdiffOracleRun's return */
	uint32_t twin_on;     /* in: record the twin (run/twin.h) into twin */
	char info[MD_SHM_INFO]; /* out, once: MapdiffOracleInfo */
	md_prog prog;
	md_results res;
	uint8_t entries[MD_SHM_ENTRIES];
	md_twin twin;
	char taint[128]; /* out: why a Go port's program tainted the helper,
	                  * written when goport.Taint is called (read even when
	                  * the program hangs after it); in: "" */
} md_shm;

/* A helper is a side of kind MD_SIDE_GO_HELPER: md_helper_ops (side.h). */

#endif
