/*
 * types.c: composite Go types for the ports (see port.h): layout as gc lays
 * it out on amd64 (cmd/compile/internal/types/size.go, go1.19), names as
 * the runtime prints them ((*_type).string), and the properties a map
 * needs, cached in tflag (reflectdata.AlgType, hashMightPanic,
 * isReflexive, needkeyupdate).  Types are built into a caller's arena.
 */
#include <stdio.h>
#include <string.h>

#include "gomap.h"

const gotype gotype_eface = {.kind = GO_EFACE, .size = 16, .align = 8,
			     .name = "interface {}", .tflag = GOTF_EFACE};
const gotype gotype_iface = {.kind = GO_IFACE, .size = 16, .align = 8,
			     .name = "interface { M() }", .tflag = GOTF_EFACE};
const gotype gotype_func = {.kind = GO_FUNC, .size = 8, .align = 8, .name = "func()"};

void gotypes_reset(gotypes *a)
{
	a->nt = a->nf = a->nn = 0;
}

/* GOTF_* of any type: scalars by kind, composites from their tflag. */
uint32_t gotype_flags(const gotype *t)
{
	switch (t->kind) {
	case GO_FLOAT32: case GO_FLOAT64: case GO_COMPLEX64: case GO_COMPLEX128:
		return GOTF_COMPARABLE | GOTF_IRREFLEXIVE | GOTF_NEEDUPDATE;
	case GO_STRING:
		return GOTF_COMPARABLE | GOTF_NEEDUPDATE | GOTF_STRALG;
	default:
		if (t->kind < GO_NSCALAR)
			return GOTF_COMPARABLE | GOTF_REGMEM;
		return t->tflag;
	}
}

/* cmd/compile/internal/reflectdata needkeyupdate: GOTF_NEEDUPDATE is set
 * by gotype_flags for scalars, by GOTF_EFACE for interfaces, and inherited
 * by arrays (gotype_array) and structs (structflags, blank fields too). */
bool gotype_needkeyupdate(const gotype *t)
{
	return (gotype_flags(t) & GOTF_NEEDUPDATE) != 0;
}

bool gotype_comparable(const gotype *t)
{
	return (gotype_flags(t) & GOTF_COMPARABLE) != 0;
}

bool gotype_identical(const gotype *a, const gotype *b)
{
	if (a == b)
		return true;
	if (a == NULL || b == NULL || a->kind != b->kind || ((a->tflag | b->tflag) & GOTF_NAMED))
		return false;
	switch (a->kind) {
	case GO_ARRAY:
		return a->len == b->len && gotype_identical(a->elem, b->elem);
	case GO_PTR: case GO_CHAN: case GO_SLICE:
		return gotype_identical(a->elem, b->elem);
	case GO_MAP:
		return gotype_identical(a->key, b->key) && gotype_identical(a->elem, b->elem);
	case GO_STRUCT:
		if (a->nfields != b->nfields)
			return false;
		for (uint32_t i = 0; i < a->nfields; i++)
			if (strcmp(a->fields[i].name, b->fields[i].name) != 0 ||
			    !gotype_identical(a->fields[i].type, b->fields[i].type))
				return false;
		return true;
	default:
		return true; /* scalars, interface {}, interface { M() }, func() */
	}
}

/* Copies a printf-formatted name into the arena; NULL when full. */
static const char *newname(gotypes *a, const char *fmt, const char *x, const char *y)
{
	size_t room = GONAMES_MAX - a->nn;
	int n = snprintf(a->names + a->nn, room, fmt, x, y);
	if (n < 0 || (size_t)n >= room)
		return NULL;
	const char *s = a->names + a->nn;
	a->nn += (uint32_t)n + 1;
	return s;
}

static gotype *newtype(gotypes *a, gokind kind, const gotype *elem)
{
	if (a->nt == GOTYPES_MAX)
		return NULL;
	gotype *t = &a->t[a->nt++];
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->elem = elem;
	t->size = t->align = 8;
	return t;
}

static const gotype *named(gotypes *a, gotype *t, const char *fmt, const char *x, const char *y)
{
	if (t == NULL || (t->name = newname(a, fmt, x, y)) == NULL)
		return NULL;
	return t;
}

const gotype *gotype_array(gotypes *a, const gotype *elem, uint32_t len)
{
	char n[16];
	snprintf(n, sizeof n, "%u", len);
	if ((uint64_t)elem->size * len > (1u << 30))
		return NULL;
	gotype *t = newtype(a, GO_ARRAY, elem);
	if (t == NULL)
		return NULL;
	t->len = len;
	t->size = elem->size * len;
	t->align = elem->align;
	/* reflectdata.AlgType of an array: memory stays memory; one element
	 * is its element; an empty array is memory. */
	uint32_t ef = gotype_flags(elem);
	t->tflag = ef & ~(uint32_t)(GOTF_REGMEM | GOTF_STRALG | GOTF_NAMED);
	if ((ef & GOTF_REGMEM) || (len == 0 && (ef & GOTF_COMPARABLE)))
		t->tflag |= GOTF_REGMEM;
	else if (len == 1)
		t->tflag |= ef & GOTF_STRALG;
	return named(a, t, "[%s]%s", n, elem->name);
}

/* The flags of a struct (types.AlgType's TSTRUCT case and friends). */
static uint32_t structflags(const gotype *t)
{
	const gofield *f = t->fields;
	uint32_t n = t->nfields;
	uint32_t fl = GOTF_COMPARABLE | GOTF_REGMEM;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t ff = gotype_flags(f[i].type);
		uint32_t end = i + 1 < n ? f[i + 1].offset : t->size;
		if (!(ff & GOTF_COMPARABLE))
			fl &= ~(uint32_t)GOTF_COMPARABLE;
		if (!(ff & GOTF_REGMEM) || strcmp(f[i].name, "_") == 0 ||
		    f[i].offset + f[i].type->size != end)
			fl &= ~(uint32_t)GOTF_REGMEM; /* special, padded or blank */
		fl |= ff & (GOTF_MIGHTPANIC | GOTF_IRREFLEXIVE | GOTF_NEEDUPDATE);
	}
	if (!(fl & GOTF_COMPARABLE))
		fl &= ~(uint32_t)GOTF_REGMEM;
	if (n == 1 && strcmp(f[0].name, "_") != 0) {
		/* One-field struct is same as that one field alone. */
		fl &= ~(uint32_t)GOTF_REGMEM;
		fl |= gotype_flags(f[0].type) & (GOTF_REGMEM | GOTF_STRALG);
	}
	return fl;
}

/* "struct { a int8; b float64 }" into the arena. */
static const char *structname(gotypes *a, const gotype *t)
{
	if (t->nfields == 0)
		return newname(a, "%s%s", "struct {}", "");
	char buf[GONAMES_MAX];
	size_t o = (size_t)snprintf(buf, sizeof buf, "struct {");
	for (uint32_t i = 0; i < t->nfields && o < sizeof buf; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s %s %s", i ? ";" : "",
				      t->fields[i].name, t->fields[i].type->name);
	if (o + 3 > sizeof buf)
		return NULL;
	return newname(a, "%s%s", buf, " }");
}

const gotype *gotype_struct(gotypes *a, uint32_t n, const char *const names[],
			    const gotype *const types[])
{
	if (a->nf + n > GOFIELDS_MAX)
		return NULL;
	gotype *t = newtype(a, GO_STRUCT, NULL);
	if (t == NULL)
		return NULL;
	gofield *f = &a->f[a->nf];
	uint64_t off = 0;
	uint32_t align = 1;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t al = types[i]->align;
		off = (off + al - 1) / al * al;
		f[i].name = newname(a, "%s%s", names[i], "");
		f[i].type = types[i];
		f[i].offset = (uint32_t)off;
		off += types[i]->size;
		if (al > align)
			align = al;
		if (f[i].name == NULL || off > (1u << 30))
			return NULL;
	}
	/* A non-empty struct ending in a zero-sized field gets one byte of
	 * padding, so &last never points past the struct (types.CalcStructSize). */
	if (n > 0 && off > 0 && types[n - 1]->size == 0)
		off++;
	a->nf += n;
	t->fields = f;
	t->nfields = n;
	t->align = align;
	t->size = (uint32_t)((off + align - 1) / align * align);
	t->tflag = structflags(t);
	t->name = structname(a, t);
	return t->name ? t : NULL;
}

const gotype *gotype_ptr(gotypes *a, const gotype *elem)
{
	gotype *t = newtype(a, GO_PTR, elem);
	if (t)
		t->tflag = GOTF_COMPARABLE | GOTF_REGMEM;
	return named(a, t, "*%s%s", elem->name, "");
}

const gotype *gotype_chan(gotypes *a, const gotype *elem)
{
	gotype *t = newtype(a, GO_CHAN, elem);
	if (t)
		t->tflag = GOTF_COMPARABLE | GOTF_REGMEM;
	return named(a, t, "chan %s%s", elem->name, "");
}

const gotype *gotype_slice(gotypes *a, const gotype *elem)
{
	gotype *t = newtype(a, GO_SLICE, elem);
	if (t)
		t->size = 24;
	return named(a, t, "[]%s%s", elem->name, "");
}

const gotype *gotype_map(gotypes *a, const gotype *key, const gotype *elem)
{
	gotype *t = newtype(a, GO_MAP, elem);
	if (t)
		t->key = key;
	return named(a, t, "map[%s]%s", key->name, elem->name);
}
