/*
 * port.h: the plug-in API between mapdiff and an implementation of Go's map.
 *
 * mapdiff drives any implementation of Go's map semantics through one table
 * of functions, `mapport`.  The C port of Go's classic map in this folder is
 * one such implementation (see classic.c); other ports fill in the same table.
 *
 * Values cross this API in Go's own memory layout (see gotype below):
 * a bool is 1 byte, an int64 8 bytes, a complex128 two doubles, a string a
 * `gostring` header {ptr, len}.  A map handle may be NULL: that is Go's nil
 * map, and every operation must then do what Go does on a nil map.
 *
 * Panics travel through `gopanic`: an operation that panics in Go sets
 * `raised` and writes Go's exact message (as `recover()` would print it with
 * `fmt.Print`), leaves the map as Go would leave it, and returns.
 *
 * Determinism: a port gets every random number it needs (hash seed, NaN
 * hashes, iteration start) from the `rand` value passed to `make`, never from
 * the clock or the address space, so a program replays exactly.
 */
#ifndef MAPDIFF_PORT_H
#define MAPDIFF_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Kinds of Go types.  The order is part of the binary program format. */
typedef enum gokind {
	GO_BOOL,
	GO_INT,
	GO_INT8,
	GO_INT16,
	GO_INT32,
	GO_INT64,
	GO_UINT,
	GO_UINT8,
	GO_UINT16,
	GO_UINT32,
	GO_UINT64,
	GO_UINTPTR,
	GO_FLOAT32,
	GO_FLOAT64,
	GO_COMPLEX64,
	GO_COMPLEX128,
	GO_STRING,
	GO_NSCALAR /* number of scalar kinds; composite kinds come after */
} gokind;

/* A Go type, as much of it as a map needs.  Later format versions add
 * composite kinds (array, struct, interface, pointer) with their parts. */
typedef struct gotype {
	gokind kind;
	uint32_t size;   /* unsafe.Sizeof */
	uint32_t align;  /* unsafe.Alignof */
	const char *name; /* Go spelling: "float64", "string" */
} gotype;

/* Go's string header. */
typedef struct gostring {
	const uint8_t *ptr;
	intptr_t len;
} gostring;

/* The panic channel: one per operation call. */
#define GOPANIC_MSG 160
typedef struct gopanic {
	bool raised;
	char msg[GOPANIC_MSG];
} gopanic;

/* One implementation of Go's map.  `t` is what type_new returned, `m` a map
 * handle from make (or NULL for a nil map), `it` an iterator buffer of
 * iter_size bytes owned by the caller. */
typedef struct mapport {
	const char *name;
	size_t iter_size;

	/* map[key]elem; NULL when the port cannot represent the type. */
	void *(*type_new)(const gotype *key, const gotype *elem);
	void (*type_free)(void *t);

	/* make(map[K]V, hint); hint_given false is make(map[K]V). */
	void *(*make)(void *t, int64_t hint, bool hint_given, uint64_t rand);
	void (*free)(void *t, void *m);

	/* m[key] = *elem */
	void (*assign)(void *t, void *m, const void *key, const void *elem, gopanic *p);
	/* *elem, ok = m[key]; *elem is the zero value when absent */
	bool (*lookup)(void *t, void *m, const void *key, void *elem, gopanic *p);
	/* delete(m, key) */
	void (*del)(void *t, void *m, const void *key, gopanic *p);
	/* len(m) */
	int64_t (*len)(void *t, void *m);
	/* clear(m) (Go 1.21) */
	void (*clear)(void *t, void *m, gopanic *p);

	/* for k, v := range m: init, then next until it returns false.
	 * next points *key and *elem at the entry (valid until the map changes). */
	void (*iter_init)(void *t, void *m, void *it);
	bool (*iter_next)(void *it, const void **key, const void **elem);
} mapport;

/* Go types of the scalar kinds, indexed by gokind. */
extern const gotype gotype_scalars[GO_NSCALAR];

/* The C port of Go's classic map (gc 1.19 to 1.23 runtime/map.go). */
extern const mapport classic_port;

#endif
