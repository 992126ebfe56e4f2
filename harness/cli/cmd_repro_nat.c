/*
 * cmd_repro_nat.c: a reproducer's types, keys and values (cmd_repro.c), in
 * Go's memory layout exactly as mapdiff's executor (harness/run/exec.c)
 * hands them to the port.
 *
 * Keys and values are converted from canonical bytes as the executor
 * converts them (gocanon_to_native, one arena of interface data and
 * dynamic types for the whole program, keys first), and written as static
 * C data: every gotype the port is shown (the key and value types, each
 * dynamic type of an interface, and what they are built of) once per
 * distinct gotype of the executor's, so that two keys share a type
 * descriptor in the reproducer exactly when they share one there; each
 * string inside a composite, each interface box and each slice array as a
 * static array of its own.  Their pointers cannot be C initializers of
 * bytes, so each is written as zero bytes and a fix (the table fixes[]),
 * which the driver applies before the first op: where the pointer goes,
 * and what it points to, or which object (pointers and channels name
 * objects the driver maps where the executor does, objs_pool).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/repro.h"
#include "format/text.h"

#define REPRO_NAT_MEM (16u << 20) /* the executor's MD_NAT_MEM */
/* The gotypes a reproducer can show: the key type's and value type's
 * arenas, the dynamic types' arena (GOTYPES_MAX each), and the static
 * ones (scalars, named, interfaces, func). */
#define REPRO_TYPES (3 * GOTYPES_MAX + 64)

/* ---- C literals ---- */

/* A C string literal of b[0..n): octal escapes (no hex run can swallow
 * the next character; '?' escaped against trigraphs). */
void md_repro_c_string(FILE *f, const uint8_t *b, size_t n)
{
	fputc('"', f);
	for (size_t j = 0; j < n; j++) {
		uint8_t c = b[j];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?')
			fputc(c, f);
		else
			fprintf(f, "\\%03o", c);
	}
	fputc('"', f);
}

void md_repro_c_text(FILE *f, const char *s)
{
	md_repro_c_string(f, (const uint8_t *)s, strlen(s));
}

/* Bytes as an initializer list. */
static void c_bytes(FILE *f, const uint8_t *b, size_t n)
{
	fputc('{', f);
	for (size_t j = 0; j < n; j++)
		fprintf(f, "%s%u", j ? (j % 24 ? "," : ",\n\t ") : "", b[j]);
	fputs(n ? "}" : "0}", f);
}

/* ---- types ---- */

static const char *const kind_id[GO_NKINDS] = {
	"GO_BOOL", "GO_INT", "GO_INT8", "GO_INT16", "GO_INT32", "GO_INT64", "GO_UINT",
	"GO_UINT8", "GO_UINT16", "GO_UINT32", "GO_UINT64", "GO_UINTPTR", "GO_FLOAT32",
	"GO_FLOAT64", "GO_COMPLEX64", "GO_COMPLEX128", "GO_STRING", "GO_ARRAY", "GO_STRUCT",
	"GO_EFACE", "GO_IFACE", "GO_PTR", "GO_CHAN", "GO_SLICE", "GO_MAP", "GO_FUNC",
};

static const gotype *emitted[REPRO_TYPES];
static int nemitted;

int md_repro_type(FILE *f, const gotype *t)
{
	for (int j = 0; j < nemitted; j++)
		if (emitted[j] == t)
			return j;
	int elem = t->elem ? md_repro_type(f, t->elem) : -1, key = t->key ? md_repro_type(f, t->key) : -1, id;
	int fields[GODESC_MAX_FIELDS + 1];
	for (uint32_t j = 0; j < t->nfields && j <= GODESC_MAX_FIELDS; j++)
		fields[j] = md_repro_type(f, t->fields[j].type);
	if (nemitted == REPRO_TYPES) /* cannot be: three arenas and the static types */
		fprintf(stderr, "mapdiff: repro: more than %d types\n", REPRO_TYPES), exit(2);
	id = nemitted++;
	emitted[id] = t;
	if (t->kind == GO_STRUCT) {
		fprintf(f, "static const gofield f%d[] = {", id);
		for (uint32_t j = 0; j < t->nfields; j++) {
			fprintf(f, "%s{", j ? ", " : "");
			md_repro_c_text(f, t->fields[j].name);
			fprintf(f, ", &t%d, %u}", fields[j], t->fields[j].offset);
		}
		fprintf(f, "%s};\n", t->nfields ? "" : "{0}");
	}
	fprintf(f, "static const gotype t%d = {.kind = %s, .size = %u, .align = %u, .name = ", id,
		kind_id[t->kind], t->size, t->align);
	md_repro_c_text(f, t->name ? t->name : "");
	if (elem >= 0)
		fprintf(f, ", .elem = &t%d, .len = %u", elem, t->len);
	if (key >= 0)
		fprintf(f, ", .key = &t%d", key);
	if (t->kind == GO_STRUCT)
		fprintf(f, ", .nfields = %u, .fields = f%d", t->nfields, id);
	fprintf(f, ", .tflag = 0x%x};\n", t->tflag);
	return id;
}

/* ---- the parts of a native value: strings, boxes, slice arrays, objects ---- */

typedef struct fix {
	char at[24]; /* "knat[3]", "b7": the array the pointer is in */
	uint32_t off;
	char to[16]; /* "s2", "b7", "&t4"; "" for an object */
	int obj;     /* the object's index, or -1 */
} fix;

static fix *fixes;
static size_t nfixes, capfixes;
static int nstrs, nboxes;

static int add_fix(const char *at, uint32_t off, const char *to, int obj)
{
	if (nfixes == capfixes) {
		fix *n = realloc(fixes, (capfixes = capfixes ? 2 * capfixes : 256) * sizeof *n);
		if (!n)
			return -1;
		fixes = n;
	}
	fix *x = &fixes[nfixes++];
	snprintf(x->at, sizeof x->at, "%s", at);
	snprintf(x->to, sizeof x->to, "%s", to);
	x->off = off;
	x->obj = obj;
	return 0;
}

static int parts(FILE *f, const gotype *t, uint8_t *v, const char *at, uint32_t off, const gonat *nat);

/* n elements of type t at data (the executor's box or slice array, of
 * size bytes) as `static unsigned char bN[size]`, their parts before it;
 * its name in name. */
static int box(FILE *f, const gotype *t, const void *data, uint32_t n, size_t size, const gonat *nat, char *name)
{
	uint8_t *b = malloc(size);
	if (!b)
		return -1;
	memcpy(b, data, size);
	snprintf(name, 16, "b%d", nboxes++);
	for (uint32_t j = 0; j < n; j++)
		if (parts(f, t, b + (size_t)j * t->size, name, (uint32_t)(j * t->size), nat) != 0)
			return free(b), -1;
	fprintf(f, "static _Alignas(16) unsigned char %s[%zu] = ", name, size);
	c_bytes(f, b, size);
	fprintf(f, ";\n");
	free(b);
	return 0;
}

/* The parts of the native value v of type t, at at[off] in the
 * reproducer: each string, box and slice array written as a static (box),
 * each pointer to one of them, to a type or to an object recorded as a fix
 * and zeroed in v (a nil one stays nil: the blank fields of a key, a nil
 * interface).  A map or func is nil, its type all that counts. */
static int parts(FILE *f, const gotype *t, uint8_t *v, const char *at, uint32_t off, const gonat *nat)
{
	char to[16];
	switch (t->kind) {
	case GO_STRING: {
		gostring s;
		memcpy(&s, v, sizeof s);
		if (s.ptr == NULL)
			return 0;
		snprintf(to, sizeof to, "s%d", nstrs++);
		fprintf(f, "static const unsigned char %s[] = ", to);
		md_repro_c_string(f, s.ptr, (size_t)s.len);
		fprintf(f, ";\n");
		memset(v, 0, sizeof s.ptr);
		return add_fix(at, off, to, -1);
	}
	case GO_ARRAY:
		for (uint32_t j = 0; j < t->len; j++)
			if (parts(f, t->elem, v + (size_t)j * t->elem->size, at, off + j * t->elem->size, nat) != 0)
				return -1;
		return 0;
	case GO_STRUCT:
		for (uint32_t j = 0; j < t->nfields; j++)
			if (parts(f, t->fields[j].type, v + t->fields[j].offset, at, off + t->fields[j].offset, nat) != 0)
				return -1;
		return 0;
	case GO_EFACE: case GO_IFACE: {
		goiface x;
		memcpy(&x, v, sizeof x);
		if (x.type == NULL)
			return 0;
		snprintf(to, sizeof to, "&t%d", md_repro_type(f, x.type));
		if (add_fix(at, off + (uint32_t)offsetof(goiface, type), to, -1) != 0 ||
		    box(f, x.type, x.data, 1, x.type->size ? x.type->size : 1, nat, to) != 0) /* as types_canon.c box_native */
			return -1;
		memset(v, 0, sizeof x);
		return add_fix(at, off + (uint32_t)offsetof(goiface, data), to, -1);
	}
	case GO_PTR: case GO_CHAN: {
		const uint64_t *obj;
		memcpy(&obj, v, sizeof obj);
		if (obj == NULL)
			return 0;
		memset(v, 0, sizeof obj);
		return add_fix(at, off, "", (int)(obj - nat->objs));
	}
	case GO_SLICE: {
		intptr_t hdr[3];
		memcpy(hdr, v, sizeof hdr);
		if (hdr[0] == 0)
			return 0;
		size_t size = (size_t)hdr[1] * t->elem->size + 1; /* as types_canon.c slice_native */
		if (box(f, t->elem, (const void *)hdr[0], (uint32_t)hdr[1], size, nat, to) != 0)
			return -1;
		memset(v, 0, sizeof hdr[0]);
		return add_fix(at, off, to, -1);
	}
	default: return 0;
	}
}

/* ---- the tables ---- */

static gotypes dyn; /* the executor's ex->dyn */
static uint8_t *natmem;
static uint64_t natobjs[GOOBJ_MAX];
static gonat nat;

int md_repro_nat_reset(void)
{
	nemitted = 0;
	nfixes = 0;
	nstrs = nboxes = 0;
	gotypes_reset(&dyn);
	if (!natmem && !(natmem = malloc(REPRO_NAT_MEM)))
		return -1;
	nat = (gonat){&dyn, natmem, REPRO_NAT_MEM, 0, natobjs};
	return 0;
}

/* Whether the dynamic types arena has room left, as exec.c dyn_ok asks:
 * a full arena would have decoded some dynamic type wrong. */
static bool dyn_ok(void)
{
	return dyn.nt < GOTYPES_MAX && dyn.nf + GODESC_MAX_FIELDS < GOFIELDS_MAX && dyn.nn + 4096 < GONAMES_MAX;
}

/* The gostring table of a string key or value type: literals. */
static void string_table(FILE *f, const md_prog *p, const char *name, uint32_t n, bool keys)
{
	fprintf(f, "static const gostring %s[%u] = {\n", name, n ? n : 1);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t len = keys ? p->keys[i].len : 0;
		const uint8_t *c = keys ? md_key_bytes(p, i) : md_val_bytes(p, i, &len);
		fprintf(f, "\t/* %u */ {(const uint8_t *)", i);
		md_repro_c_string(f, c, len);
		fprintf(f, ", %u},\n", len);
	}
	fprintf(f, "%s};\n", n ? "" : "\t{0}\n");
}

/* The table of any other type: each native in a slot of its own (the
 * executor's slot_size: the size, at least 1, rounded up to 16), converted
 * as the executor converts it, its parts first. */
static int native_table(FILE *f, const md_prog *p, const char *name, const gotype *t, uint32_t n, bool keys)
{
	size_t slot = ((t->size ? t->size : 1) + 15) & ~(size_t)15;
	uint8_t *rows = calloc(n ? n : 1, slot);
	char at[24];
	int rc = rows ? 0 : -1;
	for (uint32_t i = 0; i < n && rc == 0; i++) {
		uint32_t len = keys ? p->keys[i].len : 0;
		const uint8_t *c = keys ? md_key_bytes(p, i) : md_val_bytes(p, i, &len);
		rc = gocanon_to_native(t, c, len, true, rows + i * slot, &nat) ? 0 : -1;
	}
	if (rc == 0 && !dyn_ok())
		rc = -1;
	for (uint32_t i = 0; i < n && rc == 0; i++) {
		snprintf(at, sizeof at, "%s[%u]", name, i);
		rc = parts(f, t, rows + i * slot, at, 0, &nat);
	}
	if (rc == 0) {
		fprintf(f, "static _Alignas(16) unsigned char %s[%u][%zu] = {\n", name, n ? n : 1, slot);
		for (uint32_t i = 0; i < n; i++) {
			fprintf(f, "\t/* %u */ ", i);
			c_bytes(f, rows + i * slot, t->size);
			fprintf(f, ",\n");
		}
		fprintf(f, "%s};\n", n ? "" : "\t{0}\n");
	}
	free(rows);
	return rc;
}

int md_repro_table(FILE *f, const md_prog *p, const char *name, const char *tname, const gotype *t, uint32_t n,
		   bool keys)
{
	char text[MD_KEY_TEXT_MAX + 64];
	if (t->kind == GO_STRING)
		string_table(f, p, name, n, keys);
	else if (native_table(f, p, name, t, n, keys) != 0)
		return -1;
	fprintf(f, "static const char *const %s[%u] = {\n", tname, n ? n : 1);
	for (uint32_t i = 0; i < n; i++) {
		if (keys)
			md_format_key(p, i, text, sizeof text);
		else
			md_format_val(p, i, text, sizeof text);
		fprintf(f, "\t");
		md_repro_c_text(f, text);
		fprintf(f, ",\n");
	}
	fprintf(f, "%s};\n", n ? "" : "\t\"\"\n");
	return 0;
}

void md_repro_fixes(FILE *f)
{
	bool objs = false;
	for (int j = 0; j < nemitted; j++)
		objs |= emitted[j]->kind == GO_PTR || emitted[j]->kind == GO_CHAN;
	fprintf(f, "#define OBJS %d /* pointers or channels: the driver maps the objects they name */\n", objs);
	fprintf(f, "static const struct fix fixes[] = {\n");
	for (size_t j = 0; j < nfixes; j++) {
		const fix *x = &fixes[j];
		fprintf(f, "\t{&%s[%u], %s, %d},\n", x->at, x->off, x->to[0] ? x->to : "NULL", x->obj);
	}
	fprintf(f, "%s};\n#define NFIXES %zu\n", nfixes ? "" : "\t{NULL, NULL, -1}\n", nfixes);
}
