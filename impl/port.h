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
	GO_NSCALAR, /* number of scalar kinds; composite kinds come after */
	GO_ARRAY = GO_NSCALAR, /* [len]elem */
	GO_STRUCT,  /* struct { fields } */
	GO_EFACE,   /* interface {} */
	GO_IFACE,   /* one non-empty interface, gotype_iface */
	GO_PTR,     /* *elem: an identity key (8 bytes, the address) */
	GO_CHAN,    /* chan elem: an identity key (8 bytes, the channel) */
	GO_SLICE,   /* []elem: only as a dynamic type in an interface */
	GO_MAP,     /* map[key]elem: likewise */
	GO_FUNC,    /* func(): likewise */
	GO_NKINDS
} gokind;

struct gotype;

/* A struct field; a field named "_" is blank (never hashed or compared). */
typedef struct gofield {
	const char *name;
	const struct gotype *type;
	uint32_t offset;
} gofield;

/* A Go type, as much of it as a map needs.  Composite types are built by
 * impl/types.c (gotype_array, gotype_struct, ...), which fills in the
 * layout Go gives them and the cached properties below. */
typedef struct gotype {
	gokind kind;
	uint32_t size;   /* unsafe.Sizeof */
	uint32_t align;  /* unsafe.Alignof */
	const char *name; /* as Go's runtime prints it: "float64", "[]int",
	                     "struct { a int8; b float64 }", "interface {}" */
	const struct gotype *elem; /* array, ptr, chan, slice; map: the elem */
	const struct gotype *key;  /* map: the key */
	uint32_t len;              /* array: the length */
	uint32_t nfields;          /* struct */
	const gofield *fields;     /* struct */
	uint32_t tflag;            /* composites: GOTF_* (types.c); 0 for scalars */
} gotype;

/* gotype.tflag bits (types.c computes them; gotype_flags for any type). */
enum {
	GOTF_COMPARABLE = 1,  /* == is defined: it can be a map key */
	GOTF_REGMEM = 2,      /* reflectdata.AlgType AMEM: hash and == are memory */
	GOTF_STRALG = 4,      /* AlgType ASTRING: string, [1]string, struct{s string} */
	GOTF_MIGHTPANIC = 8,  /* contains an interface: hashing may panic */
	GOTF_IRREFLEXIVE = 16, /* k == k may be false (floats, interfaces) */
	GOTF_NEEDUPDATE = 32, /* overwrite stores the new key (needkeyupdate) */
	GOTF_NAMED = 64,      /* a defined (named) type: identical only to itself */
	GOTF_EFACE = GOTF_COMPARABLE | GOTF_MIGHTPANIC | GOTF_IRREFLEXIVE | GOTF_NEEDUPDATE,
};
uint32_t gotype_flags(const gotype *t);

/* An interface value as the ports hold it: the dynamic type (NULL for a
 * nil interface) and a pointer to a value of that type in Go layout.  A
 * port never owns `data`: the caller keeps it alive while a map holds it. */
typedef struct goiface {
	const gotype *type;
	const void *data;
} goiface;

/* Go's string header. */
typedef struct gostring {
	const uint8_t *ptr;
	intptr_t len;
} gostring;

/* The panic channel: one per operation call. */
#define GOPANIC_MSG 8192 /* room for the longest type name a descriptor gives */
typedef struct gopanic {
	bool raised;
	char msg[GOPANIC_MSG];
} gopanic;

/* The lockstep twin (docs/TWIN.md), for ports of Go's classic map: the
 * hashes and random draws a classic Go made, handed to the port, which then
 * takes them instead of its own hasher and generator. */
typedef struct gotwin {
	void *ctx;
	/* the hash Go's hasher gave key under seed (never asked for a NaN) */
	uint64_t (*hash)(void *ctx, const void *key, uint32_t seed);
	/* the next hash seed: makemap, mapclear, a mapdelete that empties the
	 * map (not mapclone's makemap: a clone takes its source's seed) */
	uint32_t (*seed)(void *ctx);
	/* the next iterator start: mapiterinit's r (startBucket = r & mask(B),
	 * offset = r >> B & 7) */
	uint64_t (*iter)(void *ctx);
} gotwin;

/* A classic map's header, as the twin compares it. */
typedef struct gohdr {
	int64_t count;
	uint8_t flags, B;
	uint16_t noverflow;
	uint32_t hash0;
	uint64_t nevacuate;
	bool old;       /* oldbuckets != nil */
	bool nobuckets; /* buckets == nil */
} gohdr;

/* What a port of the classic map shows the twin of a map's layout: the
 * header, then every bucket of the current array (index order, each
 * followed by its overflow chain), then of the old one. */
typedef struct gowalker {
	void *ctx;
	void (*header)(void *ctx, const gohdr *h);
	/* array 0: buckets, 1: oldbuckets; depth 0 a bucket of the array, n
	 * the n-th of its overflow chain; keys[i] is slot i's key (NULL when
	 * tophash[i] < minTopHash, 5: the slot holds none) */
	void (*bucket)(void *ctx, int array, int depth, const uint8_t tophash[8], const void *const keys[8]);
} gowalker;

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
	/* Optional (NULL if absent): the slot of m[key], made if absent, as
	 * runtime.mapassign returns it: m[key] += v runs as Go compiles it,
	 * *slot += v in place (a slot that a delete left dirty shows).  Without
	 * it, m[key] += v is a lookup, then an assign. */
	void *(*assign_slot)(void *t, void *m, const void *key, gopanic *p);
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

	/* Optional (NULL if absent): weak-hash mode, hashes squeezed to `bits`
	 * bits so that entries crowd into few buckets; bits 0 keeps none:
	 * every key of m has one hash, so key equality runs on every lookup,
	 * assign and delete (mapdiff's colliding run, docs/FUZZING.md).  It
	 * may change where entries live, never what the map does. */
	void (*set_weak_hash)(void *t, void *m, unsigned bits);

	/* Optional (NULL if absent), for ports of Go's classic map: B, and
	 * whether a grow (a same-size grow) is in progress, of map m. */
	void (*shape)(void *t, void *m, uint8_t *B, bool *growing, bool *samesize);

	/* Optional (NULL if absent; programs with maps.Clone are then skipped,
	 * "no clone"): maps.Clone(m) (Go 1.21), a new map with m's entries,
	 * independent of m from then on.  m is never NULL (maps.Clone of a nil
	 * map is nil, and mapdiff does that itself); `rand` is the new map's
	 * own randomness, as make's.  The clone keeps m's weak-hash mode. */
	void *(*clone)(void *t, void *m, uint64_t rand, gopanic *p);

	/* Optional (NULL if absent), for ports of Go's classic map (the
	 * lockstep twin, docs/TWIN.md): from now on the maps of type t take
	 * hashes and draws from *tw (NULL: their own again; tw is copied). */
	void (*set_twin)(void *t, const gotwin *tw);
	/* Optional, with set_twin: walk map m's layout (m is never NULL). */
	void (*walk)(void *t, void *m, const gowalker *w);
} mapport;

/* Go types of the scalar kinds, indexed by gokind. */
extern const gotype gotype_scalars[GO_NSCALAR];

/* Composite types (impl/types.c).  They are built into a caller-owned
 * arena, no malloc: a builder returns NULL when the arena is full. */
#define GOTYPES_MAX 256
#define GOFIELDS_MAX 512
#define GONAMES_MAX 32768
typedef struct gotypes {
	gotype t[GOTYPES_MAX];
	gofield f[GOFIELDS_MAX];
	char names[GONAMES_MAX];
	uint32_t nt, nf, nn;
} gotypes;

void gotypes_reset(gotypes *a);
const gotype *gotype_array(gotypes *a, const gotype *elem, uint32_t len);
/* struct { names[0] types[0]; ... }; a name "_" makes a blank field. */
const gotype *gotype_struct(gotypes *a, uint32_t n, const char *const names[],
			    const gotype *const types[]);
const gotype *gotype_ptr(gotypes *a, const gotype *elem);
const gotype *gotype_chan(gotypes *a, const gotype *elem);
const gotype *gotype_slice(gotypes *a, const gotype *elem);
const gotype *gotype_map(gotypes *a, const gotype *key, const gotype *elem);
extern const gotype gotype_eface; /* interface {} */
extern const gotype gotype_iface; /* interface { M() } */
extern const gotype gotype_func;  /* func() */
/* Whether Go's == is defined on t (a map key type must be comparable). */
bool gotype_comparable(const gotype *t);
/* Whether overwriting a key of type t also stores the new key: floats,
 * complex numbers, strings, interfaces, and arrays and structs holding one
 * (m[+0.0] = 1; m[-0.0] = 2 leaves the key -0.0). */
bool gotype_needkeyupdate(const gotype *t);
/* Go's type identity (runtime: the same *_type).  A named type
 * (GOTF_NAMED, a static gotype such as gotype_named's) is identical only
 * to itself. */
bool gotype_identical(const gotype *a, const gotype *b);

/* The C port of Go's classic map (gc 1.19 to 1.23 runtime/map.go). */
extern const mapport classic_port;

/* An executable model of Go's map semantics (impl/model.c): an unordered
 * array of entries, for obviousness, not speed. */
extern const mapport model_port;

#endif
