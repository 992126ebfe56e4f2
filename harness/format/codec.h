/*
 * codec.h: canonical bytes (docs/TYPES.md "Canonical values"): the one
 * reader, the one writer, and the one walk over a Go type and a value's
 * canonical bytes.  Every reader of canonical bytes walks them with
 * gocanon_walk: the conversions to Go's layout (types_canon.c), the text
 * form (types_text.c), the binary encoder (encode.c), Go's == and its
 * hash (run/canon.c), min's leaves (cli/cmd_min.c) and Go source
 * (cli/cmd_go_lit.c).
 *
 * The short-read rule: a read that wants more bytes than are left moves
 * the reader to the end, reads as zero bytes (a string as the bytes that
 * are left) and marks the reader bad, for good.  Malformed bytes (an
 * `interface { M() }` tag past the table, a descriptor running past the
 * end) mark it bad too.  A user that needs well-formed bytes (the
 * conversions, ==, the encoder) stops at a bad reader and checks
 * gocrd_done; one that shows bytes (text, Go source, min) goes on with
 * the zeros.
 */
#ifndef MAPDIFF_CODEC_H
#define MAPDIFF_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format/types.h"

#define GOCRD_LEAF_MAX 16      /* the longest fixed-size read: a complex128 */
#define GOCANON_MAX_ELEMS 65536 /* a slice walks at most this many elements */

/* A reader of canonical bytes c[0..n). */
typedef struct gocrd {
	const uint8_t *c;
	size_t n, i;
	bool ok;        /* false after a short read or malformed bytes */
	gotypes *types; /* where interface values' dynamic types are decoded */
} gocrd;

gocrd gocrd_make(const uint8_t *c, size_t n, gotypes *types);
/* The next k bytes (k <= GOCRD_LEAF_MAX). */
const uint8_t *gocrd_take(gocrd *r, size_t k);
uint32_t gocrd_u32(gocrd *r);
/* A string: at the top its bytes (the rest of the input), in a composite
 * u32-prefixed; its length in *len. */
const uint8_t *gocrd_string(gocrd *r, bool top, uint32_t *len);
/* Every byte read, and none short or malformed. */
bool gocrd_done(const gocrd *r);

/* A writer of canonical bytes into o[0..cap): a write that does not fit
 * sets `over` and writes nothing more. */
typedef struct gocwr {
	uint8_t *o;
	size_t n, cap;
	bool over;
} gocwr;

void gocwr_put(gocwr *w, const void *b, size_t k);
void gocwr_u32(gocwr *w, uint32_t v);

/* ---- the walk -------------------------------------------------------- */

/* One value the walk is at, with what the walk read of it before calling
 * the visitor: its leaf bytes, its count, or its dynamic type. */
typedef struct gonode gonode;
struct gonode {
	const gotype *t;
	const gonode *up;    /* the array, slice, struct or interface holding it; NULL at the top */
	uint32_t index;      /* in up: the element's index, the field's index (0 in an interface) */
	bool first;          /* the first of up's parts the walk visits */
	bool top;            /* a map's key or value: a string is unprefixed */
	int nest;            /* how many interfaces hold it */
	size_t off;          /* where its canonical bytes start */
	const uint8_t *bytes; /* a scalar: its t->size bytes; a string: its bytes */
	uint32_t len;        /* a string's length, a slice's count, a pointer's or channel's object */
	const gotype *dyn;   /* an interface's dynamic type (read through interfaces); NULL: nil */
	const uint8_t *desc; /* interface {}: dyn's descriptor as the bytes have it */
	size_t desclen;
	bool through;        /* interface {}: it held an interface, read through */
	void *user;          /* the visitor's: what its parts see through up */
	size_t aux;          /* the visitor's */
};

typedef struct govisitor {
	/* Every value, before its parts; false stops the walk. */
	bool (*pre)(void *ctx, gonode *n, gocrd *r);
	/* Every value, after its parts (NULL: none). */
	void (*post)(void *ctx, gonode *n, gocrd *r);
	void *ctx;
	/* Visit the elements of a zero-size array ([16]struct{}: they have no
	 * bytes, so the conversions skip them; the text shows them). */
	bool zero_parts;
} govisitor;

/* Walk the value of type t at r (top: a map's key or value).  Arrays and
 * structs visit all their parts; a slice stops at a short read and after
 * GOCANON_MAX_ELEMS elements.  False when the visitor stopped it. */
bool gocanon_walk(const gotype *t, bool top, gocrd *r, const govisitor *v);

#endif
