/*
 * types_named.c: the named types whose values interface { M() } keys hold
 * (and interface {} keys, next to unnamed types)
 * (types.h, docs/TYPES.md).  Go's reflect cannot make a type with a
 * method, so the oracle compiles a fixed table of them (oracle/named.go);
 * this is the same table, in the same order.  Each is one static gotype:
 * type identity is the pointer (gotype_identical, GOTF_NAMED).
 */
#include "format/types.h"

#define S(k) (&gotype_scalars[k])
#define SCALAR(k, sz, nm) {.kind = k, .size = sz, .align = sz > 8 ? 8 : sz, .name = nm, .tflag = GOTF_NAMED}

static const gofield mstruct_fields[2] = {{"a", S(GO_INT8), 0}, {"b", S(GO_FLOAT64), 8}};
static const gofield mbox_fields[1] = {{"x", &gotype_eface, 0}};
/* type MObj int, whose M has a pointer receiver: only *MObj is in the table. */
static const gotype mobj = SCALAR(GO_INT, 8, "main.MObj");

static const gotype named[GONAMED_N] = {
	SCALAR(GO_BOOL, 1, "main.MBool"),
	SCALAR(GO_INT, 8, "main.MInt"),
	SCALAR(GO_INT8, 1, "main.MInt8"),
	SCALAR(GO_INT16, 2, "main.MInt16"),
	SCALAR(GO_INT32, 4, "main.MInt32"),
	SCALAR(GO_INT64, 8, "main.MInt64"),
	SCALAR(GO_UINT, 8, "main.MUint"),
	SCALAR(GO_UINT8, 1, "main.MUint8"),
	SCALAR(GO_UINT16, 2, "main.MUint16"),
	SCALAR(GO_UINT32, 4, "main.MUint32"),
	SCALAR(GO_UINT64, 8, "main.MUint64"),
	SCALAR(GO_UINTPTR, 8, "main.MUintptr"),
	SCALAR(GO_FLOAT32, 4, "main.MFloat32"),
	SCALAR(GO_FLOAT64, 8, "main.MFloat64"),
	{.kind = GO_COMPLEX64, .size = 8, .align = 4, .name = "main.MComplex64", .tflag = GOTF_NAMED},
	SCALAR(GO_COMPLEX128, 16, "main.MComplex128"),
	{.kind = GO_STRING, .size = 16, .align = 8, .name = "main.MString", .tflag = GOTF_NAMED},
	{.kind = GO_ARRAY, .size = 16, .align = 8, .name = "main.MArr", .elem = S(GO_FLOAT64),
	 .len = 2, .tflag = GOTF_COMPARABLE | GOTF_IRREFLEXIVE | GOTF_NEEDUPDATE | GOTF_NAMED},
	{.kind = GO_STRUCT, .size = 16, .align = 8, .name = "main.MStruct", .nfields = 2,
	 .fields = mstruct_fields, .tflag = GOTF_COMPARABLE | GOTF_IRREFLEXIVE | GOTF_NEEDUPDATE | GOTF_NAMED},
	{.kind = GO_STRUCT, .size = 0, .align = 1, .name = "main.MEmpty",
	 .tflag = GOTF_COMPARABLE | GOTF_REGMEM | GOTF_NAMED},
	{.kind = GO_PTR, .size = 8, .align = 8, .name = "*main.MObj", .elem = &mobj,
	 .tflag = GOTF_COMPARABLE | GOTF_REGMEM},
	{.kind = GO_SLICE, .size = 24, .align = 8, .name = "main.MSlice", .elem = S(GO_INT), .tflag = GOTF_NAMED},
	{.kind = GO_MAP, .size = 8, .align = 8, .name = "main.MMap", .key = S(GO_INT), .elem = S(GO_INT),
	 .tflag = GOTF_NAMED},
	{.kind = GO_FUNC, .size = 8, .align = 8, .name = "main.MFunc", .tflag = GOTF_NAMED},
	{.kind = GO_STRUCT, .size = 16, .align = 8, .name = "main.MBox", .nfields = 1,
	 .fields = mbox_fields, .tflag = GOTF_EFACE | GOTF_NAMED},
};

const gotype *gotype_named(unsigned i)
{
	return i < GONAMED_N ? &named[i] : NULL;
}

int gotype_named_index(const gotype *t)
{
	for (int i = 0; i < GONAMED_N; i++)
		if (t == &named[i])
			return i;
	return -1;
}

/* The name in a program's text: Go source in package main. */
const char *gotype_named_syntax(unsigned i)
{
	if (i >= GONAMED_N)
		return NULL;
	const char *n = named[i].name;
	return n[0] == '*' ? "*MObj" : n + 5; /* "main." */
}
