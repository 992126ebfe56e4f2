/*
 * signature.h: the one stable last line that CI deduplicates on.
 *
 *   mapdiff: DIVERGENCE <what> on map[K]V (<side a> vs <side b>)
 *   mapdiff: DIVERGENCE panic at put (assignment to entry in nil map) on map[string]V (C port vs gc 1.26)
 *   mapdiff: SPEC VIOLATION <rule> by <side>
 *   mapdiff: HANG at <op> on map[K]V (<side>)
 *   mapdiff: TWIN <part> differs after <op> on map[K]V (<go> vs <port>)
 *
 * It names what differs and where in the program's meaning, never where in
 * the program (no op number: the report's body lines tell that), so one
 * root cause gives one line however many programs show it.  The fields
 * (docs/FUZZING.md, "Signatures"):
 *
 *   what  the comparator's word ("get value", "len", "range", ...); for
 *         "panic", "panic message" and "B (bucket count)", which no single
 *         op kind implies, "at <op>" and, for a panic, its class: the
 *         message without "runtime error: ", type names and numbers
 *   K     the key's class: plain memory (integers, bools, pointers,
 *         channels, composites of them) by the family Go's compiler picks
 *         code by: `mem32`, `mem64`, `mem`; floats, complex and string by
 *         their own type; the two interface types; any other struct or
 *         array as `struct{...}` / `[...]...` naming only the leaf kinds
 *         that change hashing and == (floats, complex, string,
 *         interfaces): `struct{...float64...}`, `[...]string`, `[...]{float64, string}`
 *   V     how the map stores the value: `V` (inline, 1 to 128 bytes),
 *         `V(size 0)`, `V(indirect)` (over 128 bytes, behind a pointer)
 *   sides the reference side and the side that differs first, by name
 *
 * A spec violation is about iteration, which no map type changes: the
 * rule and the side that broke it.
 */
#ifndef MAPDIFF_SIGNATURE_H
#define MAPDIFF_SIGNATURE_H

#include <stddef.h>
#include <stdio.h>

#include "format/prog.h"
#include "format/types.h"
#include "run/compare.h"
#include "run/multi.h"
#include "run/result.h"

#define MD_SIGNATURE_MAX 512

/* The signature line, without a newline, of difference d on p between
 * side a (results ra), the reference, and side b (results rb).  For a
 * spec violation (d->side set) a, ra, b and rb are not read (may be NULL). */
void md_signature_text(char *buf, size_t cap, const md_prog *p, const md_diff *d,
		       const char *a, const md_results *ra, const char *b, const md_results *rb);

/* The same, printed with a newline (and flushed). */
void md_signature(FILE *f, const md_prog *p, const md_diff *d,
		  const char *a, const md_results *ra, const char *b, const md_results *rb);

/* The signature of the outcome of the last md_multi_run(p, m): a
 * divergence of m->side[m->worst] from m->side[m->ref], or the spec
 * violation in m->d. */
void md_multi_signature_text(char *buf, size_t cap, const md_prog *p, const md_multi *m);
void md_multi_signature(FILE *f, const md_prog *p, const md_multi *m);

/* The signature of a side that never finished a program (run/watchdog.h):
 * stuck in op `op` of p, or -1 when the side runs whole programs. */
void md_hang_signature_text(char *buf, size_t cap, const md_prog *p, const char *side, int op);

/* The lockstep twin (run/twin_run.h): the first part of Go's map that
 * the port does differently, and the kind of op after which it shows:
 *   mapdiff: TWIN <part> differs after <op> on map[K]V (<go> vs <port>) */
void md_twin_signature_text(char *buf, size_t cap, const md_prog *p, const char *part, int op, const char *go,
			    const char *port);

/* The class of a Go type as the signature names it (K or V above). */
void md_type_class(const gotype *t, bool key, char *buf, size_t cap);

/* The class of a panic message: "hash of unhashable type", "assignment
 * to entry in nil map", "index out of range". */
void md_panic_class(const char *msg, size_t len, char *buf, size_t cap);

#endif
