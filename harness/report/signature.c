/* signature.c: the signature line (see signature.h; docs/FUZZING.md). */
#include "report/signature.h"

#include <string.h>

/* Leaf kinds of a composite key that change hashing or ==, as bits:
 * floats and complex (-0 == +0, NaN != NaN), string (by content),
 * interfaces (by dynamic type, may panic).  Integers, bools, pointers and
 * channels are plain memory.  Blank fields are never compared. */
static uint32_t special_leaves(const gotype *t, int depth)
{
	if (!t || depth > 8)
		return 0;
	switch (t->kind) {
	case GO_FLOAT32:
	case GO_FLOAT64:
	case GO_COMPLEX64:
	case GO_COMPLEX128:
	case GO_STRING:
	case GO_EFACE:
	case GO_IFACE: return 1u << t->kind;
	case GO_ARRAY: return t->len ? special_leaves(t->elem, depth + 1) : 0;
	case GO_STRUCT: {
		uint32_t bits = 0;
		for (uint32_t i = 0; i < t->nfields; i++)
			if (strcmp(t->fields[i].name, "_") != 0)
				bits |= special_leaves(t->fields[i].type, depth + 1);
		return bits;
	}
	default: return 0;
	}
}

static const char *kind_word(int kind)
{
	switch (kind) {
	case GO_FLOAT32: return "float32";
	case GO_FLOAT64: return "float64";
	case GO_COMPLEX64: return "complex64";
	case GO_COMPLEX128: return "complex128";
	case GO_STRING: return "string";
	case GO_EFACE: return "interface{}";
	case GO_IFACE: return "interface{ M() }";
	default: return "?";
	}
}

/* "float64, string" into buf; the number of kinds listed. */
static int leaf_list(uint32_t bits, char *buf, size_t cap)
{
	size_t used = 0;
	int n = 0;
	buf[0] = 0;
	for (int k = 0; k < GO_NKINDS; k++) {
		if (!(bits & (1u << k)))
			continue;
		int w = snprintf(buf + used, used < cap ? cap - used : 0, "%s%s", n ? ", " : "", kind_word(k));
		used += w > 0 ? (size_t)w : 0;
		n++;
	}
	return n;
}

/* A key of plain memory (integers, bools, pointers, channels and
 * composites of them): Go hashes and compares its bytes, and the compiler
 * picks the map's code by its size (walk.mapfast: AMEM32 fast32, AMEM64
 * fast64, every other size the generic path).  Its class is that family,
 * not its type: a map bug on int64 keys is the same bug on uint64, *T or
 * [2]int32 keys. */
static bool memory_key(const gotype *t)
{
	return t->kind != GO_SLICE && t->kind != GO_MAP && t->kind != GO_FUNC && special_leaves(t, 0) == 0;
}

/* A composite's class: its kind, naming only the leaf kinds that change
 * hashing and == (for a key; a value's are elided). */
static void composite_class(const gotype *t, bool key, char *buf, size_t cap)
{
	char leaves[160];
	int n = key ? leaf_list(special_leaves(t, 0), leaves, sizeof leaves) : 0;
	if (t->kind == GO_STRUCT)
		snprintf(buf, cap, n ? "struct{...%s...}" : "struct{...}", leaves);
	else
		snprintf(buf, cap, n == 0 ? "[...]..." : n == 1 ? "[...]%s" : "[...]{%s}", leaves);
}

void md_type_class(const gotype *t, bool key, char *buf, size_t cap)
{
	if (!t) {
		snprintf(buf, cap, "?");
		return;
	}
	if (key && memory_key(t)) {
		snprintf(buf, cap, t->size == 4 ? "mem32" : t->size == 8 ? "mem64" : "mem");
		return;
	}
	if (!key) { /* a map only moves values: what counts is how it stores them */
		snprintf(buf, cap, t->size == 0 ? "V(size 0)" : t->size > 128 ? "V(indirect)" : "V");
		return;
	}
	switch (t->kind) {
	case GO_EFACE:
	case GO_IFACE: snprintf(buf, cap, "%s", kind_word(t->kind)); break;
	case GO_PTR: snprintf(buf, cap, "*..."); break;
	case GO_CHAN: snprintf(buf, cap, "chan ..."); break;
	case GO_SLICE: snprintf(buf, cap, "[]..."); break;
	case GO_MAP: snprintf(buf, cap, "map[...]..."); break;
	case GO_FUNC: snprintf(buf, cap, "func()"); break;
	case GO_STRUCT:
	case GO_ARRAY: composite_class(t, key, buf, cap); break;
	default: snprintf(buf, cap, "%s", t->name ? t->name : "?"); break;
	}
}

void md_panic_class(const char *msg, size_t len, char *buf, size_t cap)
{
	static const char rt[] = "runtime error: ", unhashable[] = "hash of unhashable type";
	if (len >= sizeof rt - 1 && memcmp(msg, rt, sizeof rt - 1) == 0)
		msg += sizeof rt - 1, len -= sizeof rt - 1;
	if (len >= sizeof unhashable - 1 && memcmp(msg, unhashable, sizeof unhashable - 1) == 0) {
		snprintf(buf, cap, "%s", unhashable);
		return;
	}
	/* up to a colon, a bracket or a digit: no type names, no numbers */
	size_t n = 0;
	while (n < len && n < 64 && msg[n] != ':' && msg[n] != '[' && !(msg[n] >= '0' && msg[n] <= '9') &&
	       msg[n] != '\n')
		n++;
	while (n > 0 && msg[n - 1] == ' ')
		n--;
	if (n)
		snprintf(buf, cap, "%.*s", (int)n, msg);
	else
		snprintf(buf, cap, "?");
}

static void res_panic_class(const md_results *r, const md_res *x, char *buf, size_t cap)
{
	md_panic_class(md_res_msg(r, x), x->msglen, buf, cap);
}

/* "panic at put (assignment to entry in nil map)", "B (bucket count) at
 * put", "get value": the comparator's word and what it leaves open. */
static void what_text(const md_prog *p, const md_diff *d, const md_results *ra, const md_results *rb,
		      char *buf, size_t cap)
{
	const char *what = d->what ? d->what : "?";
	int code = d->op >= 0 && (uint32_t)d->op < p->nops ? p->ops[d->op].code : -1;
	const md_res *a = ra && code >= 0 ? &ra->res[d->op] : NULL, *b = rb && code >= 0 ? &rb->res[d->op] : NULL;
	char ca[80], cb[80];
	if (strcmp(what, "panic") == 0 && a && b && (a->panicked || b->panicked)) {
		res_panic_class(a->panicked ? ra : rb, a->panicked ? a : b, ca, sizeof ca);
		snprintf(buf, cap, "%s at %s (%s)", what, md_opname(code), ca);
	} else if (strcmp(what, "panic message") == 0 && a && b && a->panicked && b->panicked) {
		res_panic_class(ra, a, ca, sizeof ca);
		res_panic_class(rb, b, cb, sizeof cb);
		if (strcmp(ca, cb) == 0)
			snprintf(buf, cap, "%s at %s (%s)", what, md_opname(code), ca);
		else
			snprintf(buf, cap, "%s at %s (%s | %s)", what, md_opname(code), ca, cb);
	} else if (strcmp(what, "panic") == 0 || strcmp(what, "panic message") == 0 ||
		   strncmp(what, "B ", 2) == 0) {
		snprintf(buf, cap, "%s at %s", what, code >= 0 ? md_opname(code) : "?");
	} else
		snprintf(buf, cap, "%s", what);
}

void md_signature_text(char *buf, size_t cap, const md_prog *p, const md_diff *d,
		       const char *a, const md_results *ra, const char *b, const md_results *rb)
{
	if (d->side) {
		snprintf(buf, cap, "mapdiff: SPEC VIOLATION %s by %s", d->what, d->side);
		return;
	}
	char what[256], k[192], v[192];
	what_text(p, d, ra, rb, what, sizeof what);
	md_type_class(md_prog_keytype(p), true, k, sizeof k);
	md_type_class(md_prog_valtype(p), false, v, sizeof v);
	snprintf(buf, cap, "mapdiff: DIVERGENCE %s on map[%s]%s (%s vs %s)", what, k, v, a ? a : "?", b ? b : "?");
}

void md_signature(FILE *f, const md_prog *p, const md_diff *d,
		  const char *a, const md_results *ra, const char *b, const md_results *rb)
{
	char line[MD_SIGNATURE_MAX];
	md_signature_text(line, sizeof line, p, d, a, ra, b, rb);
	fprintf(f, "%s\n", line);
	fflush(f);
}

void md_multi_signature_text(char *buf, size_t cap, const md_prog *p, const md_multi *m)
{
	if (m->d.side || m->ref < 0 || m->worst < 0) {
		md_signature_text(buf, cap, p, &m->d, NULL, NULL, NULL, NULL);
		return;
	}
	md_signature_text(buf, cap, p, &m->d, m->side[m->ref]->name, m->res[m->ref], m->side[m->worst]->name,
			  m->res[m->worst]);
}

void md_multi_signature(FILE *f, const md_prog *p, const md_multi *m)
{
	char line[MD_SIGNATURE_MAX];
	md_multi_signature_text(line, sizeof line, p, m);
	fprintf(f, "%s\n", line);
	fflush(f);
}

void md_hang_signature_text(char *buf, size_t cap, const md_prog *p, const char *side, int op)
{
	char k[192], v[192], at[64] = "";
	md_type_class(md_prog_keytype(p), true, k, sizeof k);
	md_type_class(md_prog_valtype(p), false, v, sizeof v);
	if (op >= 0 && (uint32_t)op < p->nops)
		snprintf(at, sizeof at, " at %s", md_opname(p->ops[op].code));
	snprintf(buf, cap, "mapdiff: HANG%s on map[%s]%s (%s)", at, k, v, side ? side : "?");
}

void md_twin_signature_text(char *buf, size_t cap, const md_prog *p, const char *part, int op, const char *go,
			    const char *port)
{
	char k[192], v[192], at[64] = "";
	md_type_class(md_prog_keytype(p), true, k, sizeof k);
	md_type_class(md_prog_valtype(p), false, v, sizeof v);
	if (op >= 0 && (uint32_t)op < p->nops)
		snprintf(at, sizeof at, " after %s", md_opname(p->ops[op].code));
	snprintf(buf, cap, "mapdiff: TWIN %s differs%s on map[%s]%s (%s vs %s)", part, at, k, v, go, port);
}
