/* keyindex.h: the decoder's key table index (keyindex.c). */
#ifndef MD_FORMAT_KEYINDEX_H
#define MD_FORMAT_KEYINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "format/prog.h"

/* Empties the index for the decode of an input of n bytes. */
void md_keyindex_reset(size_t n);

/* The index of the key with canonical bytes b[0..len) in p's key table:
 * the key already there with these bytes, else a new entry; -1 when the
 * table is full. */
int md_keyindex_intern(md_prog *p, const uint8_t *b, uint32_t len);

#endif
