/*
 * fresh.h: fresh copies of keys, for the ops that ask for one (md_op.fresh).
 *
 * Without them every op hands a port the same key memory for the same key:
 * the same string bytes, the same interface boxes, zeroed padding.  A fresh
 * copy is the key as a Go program may hold it: its string bytes in a buffer
 * of their own, its interface data in boxes of their own, and garbage in
 * its padding and blank fields (and in those of the values its interfaces
 * hold), none of which Go's == or hash ever reads.  A port that compares
 * string or box addresses, or hashes or compares padding, then differs.
 *
 * Copies live in an arena of the executor's, allocated once and emptied
 * per program; a map may keep pointers into a copy until the program ends.
 * The garbage is a stream seeded by the program's seed, drawn copy by
 * copy in op order, so a program replays exactly.
 */
#ifndef MAPDIFF_FRESH_H
#define MAPDIFF_FRESH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format/prog.h"
#include "format/types.h"

typedef struct md_fresh {
	uint8_t *mem; /* the arena, MD_FRESH_MEM bytes */
	size_t used;
	uint64_t junk; /* the garbage's state: from the seed, then copy by copy */
} md_fresh;

/* Empty the arena for program p (allocating it the first time); false
 * when out of memory. */
bool md_fresh_reset(md_fresh *f, const md_prog *p);

/* A fresh copy of key, a value of type t in Go's layout (the key every
 * other op is handed); NULL when the arena is full.  nat: the objects a
 * pointer in a blank field may name. */
const void *md_fresh_key(md_fresh *f, const gotype *t, const void *key, const gonat *nat);

#endif
