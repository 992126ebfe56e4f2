/*
 * cmd_min.c: mapdiff min FILE -o OUT, shrinking a divergence.
 *
 * The signature kept is (what, anchor): `what` is the comparator's word for
 * the difference ("range", "get value", ...) and the anchor is the op that
 * first diverged in FILE.  Ops after the anchor cannot change what happens
 * up to it and are dropped at once, so the anchor is always the LAST op of a
 * candidate; a candidate keeps the signature when the sides run it (via
 * md_multi_run: the port under test and the oracles of --oracle, as `mapdiff
 * run` picks them) and it first diverges, with the same `what` and, with
 * more than two sides, the same side differing first, at its last op.  A
 * spec violation is kept the same way, by the same side.  The signature
 * line of the output is then `mapdiff: DIVERGENCE <what> at op <nops-1>`:
 * the same line as FILE's with the op index re-anchored.
 *
 * Passes: delta debugging over ops[1..anchor) (ops[0], the start, stays),
 * then over the value of each op and the bytes of each key (a composite
 * key's bytes too: a candidate whose canonical bytes a side cannot read is
 * skipped by that side, so never kept), then over the key pool (one key
 * standing in for another), then ops once more.  Only the keys the kept
 * ops use are written.  OUT is text when it ends in .txt, else binary.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare.h"
#include "multi.h"
#include "report.h"
#include "text.h"
#include "../impl/types.h"

/* A key's bytes, in kbytes (a copy of orig's key bytes, edited in place:
 * a key only ever shrinks). */
typedef struct keybuf {
	uint32_t off, len;
} keybuf;

/* A candidate: which ops of the original are kept, and the edits made to
 * their values and key operands.  idx[n-1] is always the anchor.  The
 * keys' bytes (kb, indexed like orig's key table) are edited in place. */
typedef struct mstate {
	uint32_t n;
	uint32_t idx[MD_MAX_OPS];
	int64_t val[MD_MAX_OPS];
	uint16_t key[MD_MAX_OPS];
} mstate;

static md_prog orig, cand;
static mstate cur, trial;
static keybuf kb[MD_MAX_KEYS];
static uint8_t kbytes[MD_KEYBYTES];
static md_multi sides;
static char want_what[64];
static char want_side[96];              /* MD_SPEC: the side that broke the spec; */
                                        /* MD_DIVERGE: the side differing first */
static md_verdict want_verdict;         /* MD_DIVERGE or MD_SPEC */
static unsigned long tests;

static int has_key(int code)
{
	switch (code) {
	case MD_OP_PUT:
	case MD_OP_GET:
	case MD_OP_DEL:
	case MD_OP_ADD:
		return 1;
	default:
		return 0;
	}
}

static int has_val(int code) { return code == MD_OP_PUT || code == MD_OP_ADD; }

/* The program of state s: keys renumbered in order of first use. */
static void build(const mstate *s, md_prog *p)
{
	static int32_t newidx[MD_MAX_KEYS];
	memcpy(p, &orig, sizeof *p);
	p->nkeys = p->nkeybytes = 0;
	for (uint32_t k = 0; k < orig.nkeys; k++)
		newidx[k] = -1;
	p->nops = s->n;
	for (uint32_t j = 0; j < s->n; j++) {
		uint32_t o = s->idx[j];
		p->ops[j] = orig.ops[o];
		if (has_val(orig.ops[o].code))
			p->ops[j].val = s->val[o];
		if (!has_key(orig.ops[o].code))
			continue;
		uint16_t k = s->key[o];
		if (newidx[k] < 0)
			newidx[k] = md_prog_add_key(p, kbytes + kb[k].off, kb[k].len);
		p->ops[j].key = (uint16_t)(newidx[k] < 0 ? 0 : newidx[k]);
	}
	p->npool = (uint8_t)(p->nkeys < MD_MAX_POOL ? p->nkeys : MD_MAX_POOL);
}

/* The side the verdict names: the spec's breaker, or the side that
 * differs first from the reference (only told apart with 3 or more sides). */
static const char *verdict_side(md_verdict v)
{
	if (v == MD_SPEC)
		return sides.d.side;
	return sides.n > 2 && sides.worst >= 0 ? sides.side[sides.worst]->name : "";
}

/* Whether s keeps the signature. */
static int keeps(const mstate *s)
{
	build(s, &cand);
	tests++;
	md_verdict v = md_multi_run(&cand, &sides);
	if (v != want_verdict)
		return 0;
	return strcmp(sides.d.what, want_what) == 0 && sides.d.op == (int)cand.nops - 1 &&
	       strcmp(verdict_side(v), want_side) == 0;
}

/* Try trial; adopt it when it keeps the signature. */
static int try_trial(void)
{
	if (!keeps(&trial))
		return 0;
	memcpy(&cur, &trial, sizeof cur);
	return 1;
}

/* Delta debugging over ops[1..n-1): remove chunks, halving their size. */
static void ddmin_ops(void)
{
	uint32_t chunk = (cur.n - 2) / 2;
	if (chunk == 0)
		chunk = 1;
	while (cur.n > 2) {
		int removed = 0;
		for (uint32_t start = 1; start + 1 < cur.n;) {
			uint32_t len = start + chunk < cur.n - 1 ? chunk : cur.n - 1 - start;
			memcpy(&trial, &cur, sizeof trial);
			memmove(trial.idx + start, trial.idx + start + len, (trial.n - start - len) * sizeof trial.idx[0]);
			trial.n -= len;
			if (try_trial())
				removed = 1;
			else
				start += len;
		}
		if (chunk > 1)
			chunk /= 2;
		else if (!removed)
			break;
	}
}

/* Values: 0, 1, -1, else halve towards 0. */
static void shrink_values(void)
{
	static const int64_t simple[] = {0, 1, -1};
	for (uint32_t j = 0; j < cur.n; j++) {
		uint32_t o = cur.idx[j];
		if (!has_val(orig.ops[o].code))
			continue;
		int done = 0;
		for (int t = 0; t < 3 && !done; t++) {
			if (cur.val[o] == simple[t])
				break;
			memcpy(&trial, &cur, sizeof trial);
			trial.val[o] = simple[t];
			done = try_trial();
		}
		while (!done && (cur.val[o] > 1 || cur.val[o] < -1)) {
			memcpy(&trial, &cur, sizeof trial);
			trial.val[o] = cur.val[o] / 2;
			done = !try_trial();
		}
	}
}

/* Zero byte i of key k when that keeps the signature (a string: 'a'). */
static void simplify_byte(uint16_t k, uint32_t i, uint8_t simple)
{
	uint8_t *b = kbytes + kb[k].off, save = b[i];
	if (save == simple)
		return;
	b[i] = simple;
	if (!keeps(&cur))
		b[i] = save;
}

/* A string key loses bytes from its end backwards. */
static void shorten_string(uint16_t k)
{
	uint8_t *b = kbytes + kb[k].off;
	for (uint32_t i = kb[k].len; i-- > 0;) {
		uint8_t save[MD_MAX_STR];
		uint32_t len = kb[k].len;
		memcpy(save, b, len);
		memmove(b + i, b + i + 1, len - i - 1);
		kb[k].len--;
		if (!keeps(&cur))
			memcpy(b, save, len), kb[k].len = len;
	}
}

/* A fixed-size leaf of a composite key's canonical bytes: a number, a
 * bool, a pointer's or channel's object number. */
typedef struct leaf {
	uint32_t off, len;
} leaf;

typedef struct lwalk {
	const uint8_t *c;
	uint32_t n, i, nleaves;
	leaf l[256];
	gotypes *a; /* dynamic types of interface values */
} lwalk;

static void add_leaf(lwalk *w, uint32_t len)
{
	if (w->n - w->i < len)
		len = w->n - w->i;
	if (w->nleaves < 256)
		w->l[w->nleaves++] = (leaf){w->i, len};
	w->i += len;
}

static uint32_t walk_u32(lwalk *w)
{
	uint32_t x = 0;
	for (int k = 0; k < 4 && w->i < w->n; k++)
		x |= (uint32_t)w->c[w->i++] << (8 * k);
	return x;
}

/* The leaves of the value of type t at w->i (types_canon.c's layout). */
static void walk_leaves(lwalk *w, const gotype *t)
{
	switch (t->kind) {
	case GO_ARRAY:
		for (uint32_t j = 0; j < t->len && w->i < w->n; j++)
			walk_leaves(w, t->elem);
		return;
	case GO_SLICE:
		for (uint32_t j = walk_u32(w); j > 0 && w->i < w->n; j--)
			walk_leaves(w, t->elem);
		return;
	case GO_STRUCT:
		for (uint32_t j = 0; j < t->nfields; j++)
			if (strcmp(t->fields[j].name, "_") != 0)
				walk_leaves(w, t->fields[j].type);
		return;
	case GO_EFACE: case GO_IFACE: {
		if (w->i >= w->n || w->c[w->i++] == 0)
			return;
		size_t pos = w->i;
		const gotype *d = gotype_decode(w->a, w->c, w->n, &pos, false);
		w->i = pos < w->n ? (uint32_t)pos : w->n;
		walk_leaves(w, d); /* an interface type is read through: its tag follows */
		return;
	}
	case GO_MAP: case GO_FUNC: return;
	case GO_PTR: case GO_CHAN: add_leaf(w, 4); return;
	case GO_STRING: {
		uint32_t len = walk_u32(w);
		w->i += len < w->n - w->i ? len : w->n - w->i;
		return;
	}
	default: add_leaf(w, t->size);
	}
}

/* A composite key: all of it zero (the type's zero value, when the
 * canonical bytes allow), else each number zero and each pointer nil. */
static void shrink_composite(uint16_t k)
{
	static uint8_t save[MD_MAX_CANON];
	static gotypes types;
	static lwalk w;
	uint8_t *b = kbytes + kb[k].off;
	uint32_t len = kb[k].len;
	memcpy(save, b, len);
	memset(b, 0, len);
	if (memcmp(save, b, len) == 0 || keeps(&cur))
		return;
	memcpy(b, save, len);
	gotypes_reset(&types);
	size_t pos = 0;
	const gotype *t = gotype_decode(&types, orig.keydesc, orig.keydesclen, &pos, true);
	w = (lwalk){.c = b, .n = len, .a = &types};
	walk_leaves(&w, t);
	for (uint32_t j = 0; j < w.nleaves; j++) {
		leaf *l = &w.l[j];
		memcpy(save, b + l->off, l->len);
		memset(b + l->off, 0, l->len);
		if (memcmp(save, b + l->off, l->len) != 0 && !keeps(&cur))
			memcpy(b + l->off, save, l->len);
	}
}

/* One key's bytes: strings lose bytes, then bytes become 'a'; other
 * scalars get bytes zeroed; composite keys as shrink_composite. */
static void shrink_key(uint16_t k)
{
	if (orig.keykind >= GO_NSCALAR) {
		shrink_composite(k);
		return;
	}
	if (orig.keykind == GO_STRING)
		shorten_string(k);
	for (uint32_t i = 0; i < kb[k].len; i++)
		simplify_byte(k, i, orig.keykind == GO_STRING ? 'a' : 0);
}

/* The keys the kept ops use, in order of first use; returns how many. */
static uint32_t used_keys(uint16_t *u, uint32_t cap)
{
	static uint8_t seen[MD_MAX_KEYS];
	memset(seen, 0, sizeof seen);
	uint32_t n = 0;
	for (uint32_t j = 0; j < cur.n && n < cap; j++) {
		uint32_t o = cur.idx[j];
		if (has_key(orig.ops[o].code) && !seen[cur.key[o]]) {
			seen[cur.key[o]] = 1;
			u[n++] = cur.key[o];
		}
	}
	return n;
}

static void shrink_keys(void)
{
	static uint16_t u[MD_MAX_KEYS];
	uint32_t n = used_keys(u, MD_MAX_KEYS);
	for (uint32_t i = 0; i < n; i++)
		shrink_key(u[i]);
}

/* The key pool: let an earlier key stand in for a later one. */
static void shrink_pool(void)
{
	uint16_t u[64];
	uint32_t n = used_keys(u, 64);
	for (uint32_t j = 1; j < n; j++)
		for (uint32_t i = 0; i < j; i++) {
			memcpy(&trial, &cur, sizeof trial);
			for (uint32_t x = 0; x < trial.n; x++)
				if (has_key(orig.ops[trial.idx[x]].code) && trial.key[trial.idx[x]] == u[j])
					trial.key[trial.idx[x]] = u[i];
			if (try_trial())
				break;
		}
}

static int write_out(const char *path)
{
	size_t n = strlen(path);
	FILE *f = fopen(path, "wb");
	if (!f)
		return fprintf(stderr, "mapdiff: %s: %s\n", path, strerror(errno)), 2;
	if (n > 4 && strcmp(path + n - 4, ".txt") == 0) {
		md_show(&cand, f);
	} else {
		static uint8_t bin[1 << 20];
		size_t len = md_encode(&cand, bin, sizeof bin);
		if (len == 0 || fwrite(bin, 1, len, f) != len)
			return fclose(f), fprintf(stderr, "mapdiff: %s: write failed\n", path), 2;
	}
	if (fclose(f) != 0)
		return fprintf(stderr, "mapdiff: %s: write failed\n", path), 2;
	return 0;
}

/* Start from orig: ops up to the anchor, values and keys as they are. */
static void start_state(uint32_t anchor)
{
	cur.n = anchor + 1;
	for (uint32_t j = 0; j < orig.nops; j++) {
		cur.idx[j] = j;
		cur.val[j] = orig.ops[j].val;
		cur.key[j] = orig.ops[j].key;
	}
	memcpy(kbytes, orig.keybytes, orig.nkeybytes);
	for (uint32_t k = 0; k < orig.nkeys; k++)
		kb[k] = (keybuf){orig.keys[k].off, orig.keys[k].len};
}

int cmd_min(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	const char *oracles = md_cli_oracle(&argc, &argv, getenv("MAPDIFF_ORACLE"));
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--oracle") == 0 && i + 1 < argc)
			oracles = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] != 0)
			return fprintf(stderr, "mapdiff: bad command line: min: unknown option %s\n", argv[i]), 2;
		else
			in = argv[i];
	}
	if (!in || !out)
		return fprintf(stderr, "mapdiff: bad command line: min needs FILE and -o OUT\n"), 2;
	if (md_cli_load(in, FORM_AUTO, &orig) != 0 || md_multi_init(&sides, oracles) != 0)
		return 2;
	want_verdict = md_multi_run(&orig, &sides);
	if (want_verdict != MD_DIVERGE && want_verdict != MD_SPEC)
		return fprintf(stderr, "mapdiff: %s: the sides agree on it: nothing to minimize\n", in), 2;
	md_diff d = sides.d;
	snprintf(want_what, sizeof want_what, "%s", d.what);
	snprintf(want_side, sizeof want_side, "%s", verdict_side(want_verdict));
	start_state((uint32_t)d.op);
	ddmin_ops();
	shrink_values();
	shrink_keys();
	shrink_pool();
	ddmin_ops();
	if (!keeps(&cur))
		return fprintf(stderr, "mapdiff: %s: the divergence is not reproducible\n", in), 2;
	printf("min: %u ops -> %u ops (%lu runs), was at op %d\n", orig.nops, cand.nops, tests, d.op);
	if (sides.n > 2)
		md_multi_summary(stdout, &sides);
	md_signature(stdout, &sides.d);
	return write_out(out);
}
