/*
 * types.h: Go types as bytes and text, and values of them as canonical
 * bytes (harness/format/types_desc.c, harness/format/types_canon.c; docs/TYPES.md).
 *
 * A type descriptor is the binary form of a Go type: total (every byte
 * string decodes to a type, reads past the end give zero bytes), bounded
 * (depth, size), and scalar kinds are one byte < 17 as in format 1.  The
 * Go syntax (`struct{a int8; b float64}`) is its text form.  A canonical
 * value is a value's bits field by field, no padding, no addresses:
 * strings inside composites length-prefixed, an interface its dynamic
 * type's descriptor then its value, a pointer or channel an object index.
 */
#ifndef MAPDIFF_TYPES_H
#define MAPDIFF_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "port.h"

#define GODESC_MAX_DEPTH 4     /* constructors nest at most this deep */
#define GODESC_MAX_SIZE 8192   /* bigger types decode as interface {} */
#define GODESC_MAX_FIELDS 4
#define GODESC_MAX_LEN 16384   /* longest array: 0..127, then multiples of 128 */
#define GODESC_MAX_ZEROLEN 16  /* longest array of zero-size elements: Go's
                                * reflect hashes [128][1920][1920]struct{}
                                * element by element, for seconds */
#define GOOBJ_MAX 64           /* objects a pointer or channel can name */

/* Descriptor bytes (docs/TYPES.md). */
enum {
	GODESC_ARRAY = 17, GODESC_STRUCT, GODESC_EFACE, GODESC_PTR, GODESC_CHAN,
	GODESC_SLICE, GODESC_MAP, GODESC_FUNC, GODESC_IFACE, GODESC_NCODES
};

/* The named types an interface { M() } value can hold, and an interface {}
 * next to unnamed ones (types_named.c;
 * the oracle's oracle/named.go has the same table in the same order):
 * MBool ... MString (index = the underlying scalar kind), then MArr
 * [2]float64, MStruct struct{a int8; b float64}, MEmpty struct{}, *MObj,
 * MSlice []int, MMap map[int]int, MFunc func(), MBox struct{x interface{}}.
 * Canonical interface { M() }: 0 for nil, else 1 + the index, then the
 * value's canonical bytes; in an interface {}: 1, GODESC_IFACE, then
 * those bytes (nil excepted: that is 0). */
#define GONAMED_N 25
const gotype *gotype_named(unsigned i);      /* NULL when i >= GONAMED_N */
int gotype_named_index(const gotype *t);     /* -1 when t is not one of them */
const char *gotype_named_syntax(unsigned i); /* as a program writes it: "MInt", "*MObj" */

/* Decode the descriptor at b[*pos..n) into a, advancing *pos.  key: the
 * type must be comparable (a map key), so slices, maps and funcs in it
 * become interface {}.  Never NULL: a full arena gives int64. */
const gotype *gotype_decode(gotypes *a, const uint8_t *b, size_t n, size_t *pos, bool key);
/* The descriptor of t; 0 when t has no descriptor or cap is too small. */
size_t gotype_encode(const gotype *t, uint8_t *out, size_t cap);

/* t in Go syntax, as a program's text form writes it:
 * "struct{a int8; b float64}", "map[interface{}]int64". */
void gotype_syntax(const gotype *t, char *buf, size_t cap);
/* Parse a type in Go syntax at *s (advanced past it).  Spaces are
 * allowed between tokens.  NULL with a message in err on error. */
const gotype *gotype_parse(gotypes *a, const char **s, char *err, size_t errcap);

/* Where canonical values become values in Go's layout (for a port). */
typedef struct gonat {
	gotypes *types;  /* dynamic types of interface values */
	uint8_t *mem;    /* interface data, slice arrays */
	size_t cap, used;
	uint64_t *objs;  /* GOOBJ_MAX objects: pointer i+1 is &objs[i] */
} gonat;

/* Canonical bytes c[0..n) of a key or value of type t into out (t->size
 * bytes, Go layout; strings point into c).  top: a top-level value (a
 * string is then its bytes, unprefixed).  False when c is malformed or
 * nat is full. */
bool gocanon_to_native(const gotype *t, const uint8_t *c, size_t n, bool top, void *out, gonat *nat);
/* The canonical bytes of the value v of type t into out, their length in
 * *len; false when cap is too small. */
bool gonative_to_canon(const gotype *t, const void *v, bool top, const gonat *nat,
		       uint8_t *out, size_t cap, size_t *len);

/* The canonical bytes of t's zero value (no pointers, nil interfaces);
 * false when they do not fit in cap. */
bool gocanon_zero(const gotype *t, bool top, uint8_t *out, size_t cap, size_t *len);

/* The text of canonical values (harness/format/types_text.c): Go composite
 * literals, `{1, -0.0}`, `[]int{1}` or `int8(1)` in an interface, `&obj3`
 * and `ch3` for objects.  Scalar leaves go through the caller's
 * functions (the harness's literal printer and parser). */
typedef void (*goscalar_fmt)(int kind, const uint8_t *c, uint32_t len, char *buf, size_t cap);
/* Parse the scalar literal s[0..n) of kind into out (at most 1024 bytes);
 * false when it is not one. */
typedef bool (*goscalar_parse)(int kind, const char *s, size_t n, uint8_t *out, uint32_t *len);

/* Format the canonical value c[0..n) of type t (top: as a key or value of
 * the map, so a string is unprefixed) into buf, NUL-terminated. */
void gocanon_format(const gotype *t, const uint8_t *c, size_t n, bool top, goscalar_fmt fmt,
		    char *buf, size_t cap);
/* Parse a literal of type t at *s (advanced past it) into canonical bytes
 * out[0..*len); false with a message in err. */
bool gocanon_parse(gotypes *a, const gotype *t, const char **s, bool top, goscalar_parse parse,
		   uint8_t *out, size_t cap, size_t *len, char *err, size_t errcap);

#endif
