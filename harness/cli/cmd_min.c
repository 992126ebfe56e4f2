/*
 * cmd_min.c: mapdiff min FILE -o OUT, shrinking a divergence.
 *
 * The signature kept is (signature line, anchor): the line is FILE's
 * last line (report/signature.h: what differs, the op kind and panic
 * class where the comparator's word leaves them open, the key and value
 * classes, the sides; or a spec rule and the side that broke it), and the
 * anchor is the op that first diverged in FILE.  Ops after the anchor
 * cannot change what happens up to it and are dropped at once, so the
 * anchor is always the LAST op of a candidate; a candidate keeps the
 * signature when the sides run it (via md_multi_run: the port under test
 * and the oracles of --oracle, as `mapdiff run` picks them) and it first
 * diverges (or breaks the spec) at its last op with the same signature
 * line.  The line names no op number, so the output's line is FILE's.
 *
 * Passes: delta debugging over ops[1..anchor) (ops[0], the start, stays),
 * then over the value of each op (to V's zero value, else another kept
 * op's; an integer also to 1, -1 or a halved magnitude; a composite one
 * leaf by leaf, as keys) and the bytes of each key (a composite
 * key's bytes too: a candidate whose canonical bytes a side cannot read is
 * skipped by that side, so never kept), then over the key pool (one key
 * standing in for another), then ops once more.  Only the keys and values
 * the kept ops use are written (values renumbered in order of use, after
 * the zero value).  OUT is text when it ends in .txt, else binary.
 * With --twin[=GO] the lockstep twin judges instead (run/twin_run.h),
 * keeping its TWIN signature line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "run/compare.h"
#include "run/multi.h"
#include "report/report.h"
#include "report/signature.h"
#include "run/twin_run.h"
#include "format/text.h"
#include "format/codec.h"
#include "format/types.h"

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

/* Values of a value table: their bytes, in vbytes (a copy of orig's, edited
 * in place like keys), indexed like orig's value table. */
static keybuf vb[MD_MAX_VALS];
static uint8_t vbytes[MD_KEYBYTES];

static md_prog orig, cand;
static mstate cur, trial;
static keybuf kb[MD_MAX_KEYS];
static uint8_t kbytes[MD_KEYBYTES];
static md_multi sides;
static md_twin_run twin;                /* min --twin: the lockstep twin judges */
static bool use_twin;
static char want_sig[MD_SIGNATURE_MAX]; /* FILE's signature line */
static md_verdict want_verdict;         /* MD_DIVERGE or MD_SPEC */
static unsigned long tests;

static int has_val(int code) { return code == MD_OP_PUT || code == MD_OP_ADD; }

/* Values of a value table (orig's value type is not int64): a state's
 * val[o] is then the integer itself for an integer value type (so that it
 * can shrink like an int64), else an index into orig's value table. */
static int table_vals(void) { return !md_prog_int64_vals(&orig); }
static int int_vals(void) { return table_vals() && md_kind_integer(orig.valkind); }

/* Integer value x as canonical bytes (little-endian, the kind's size). */
static uint32_t int_canon(int64_t x, uint8_t *c)
{
	uint32_t n = md_int_size(orig.valkind);
	for (uint32_t j = 0; j < n; j++)
		c[j] = (uint8_t)((uint64_t)x >> (8 * j));
	return n;
}

/* The integer value i of orig's table (as md_val_word reads it). */
static int64_t int_val(uint32_t i)
{
	uint32_t len;
	const uint8_t *c = md_val_bytes(&orig, i, &len);
	return md_val_word(orig.valkind, c, len);
}

/* p's index of the value with canonical bytes c[0..n), added when new
 * (0, the zero value, when the table is full). */
static int64_t val_index(md_prog *p, const uint8_t *c, uint32_t n)
{
	for (uint32_t i = 0; i < p->nvals; i++) {
		uint32_t len;
		const uint8_t *b = md_val_bytes(p, i, &len);
		if (len == n && memcmp(b, c, n) == 0)
			return i;
	}
	int i = md_prog_add_val(p, c, n);
	return i < 0 ? 0 : i;
}

/* Op j of p (orig's op o) stores the value of state s: p's value table
 * holds the zero value, then the values kept ops use, in order of use. */
static void build_val(const mstate *s, md_prog *p, uint32_t j, uint32_t o)
{
	uint8_t c[8];
	if (!table_vals()) {
		p->ops[j].val = s->val[o];
	} else if (int_vals()) {
		p->ops[j].val = val_index(p, c, int_canon(s->val[o], c));
	} else {
		uint32_t i = (uint64_t)s->val[o] < orig.nvals ? (uint32_t)s->val[o] : 0;
		p->ops[j].val = val_index(p, vbytes + vb[i].off, vb[i].len);
	}
}

/* The program of state s: keys renumbered in order of first use, and
 * values (a value table) too. */
static void build(const mstate *s, md_prog *p)
{
	static int32_t newidx[MD_MAX_KEYS];
	memcpy(p, &orig, sizeof *p);
	p->nkeys = p->nkeybytes = p->nvals = 0;
	for (uint32_t k = 0; k < orig.nkeys; k++)
		newidx[k] = -1;
	p->nops = s->n;
	for (uint32_t j = 0; j < s->n; j++) {
		uint32_t o = s->idx[j];
		p->ops[j] = orig.ops[o];
		if (!md_op_has_key(orig.ops[o].code))
			continue;
		uint16_t k = s->key[o];
		if (newidx[k] < 0)
			newidx[k] = md_prog_add_key(p, kbytes + kb[k].off, kb[k].len);
		p->ops[j].key = (uint16_t)(newidx[k] < 0 ? 0 : newidx[k]);
	}
	p->npool = (uint8_t)(p->nkeys < MD_MAX_POOL ? p->nkeys : MD_MAX_POOL);
	if (table_vals()) {
		uint32_t len;
		const uint8_t *zero = md_val_bytes(&orig, 0, &len);
		md_prog_add_val(p, zero, len);
	}
	for (uint32_t j = 0; j < s->n; j++)
		if (has_val(orig.ops[s->idx[j]].code))
			build_val(s, p, j, s->idx[j]);
}

/* Judge p: its verdict (MD_DIVERGE for a twin difference), the first op
 * that differs and the signature line. */
static md_verdict judge(const md_prog *p, int *op, char *sig)
{
	if (use_twin) {
		if (md_twin_judge(&twin, p) != MD_TWIN_DIFFER)
			return MD_AGREE;
		*op = twin.op;
		md_twin_signature_text(sig, MD_SIGNATURE_MAX, p, twin.part, twin.op, twin.go->name, twin.port->name);
		return MD_DIVERGE;
	}
	md_verdict v = md_multi_run(p, &sides);
	*op = sides.d.op;
	if (v == MD_DIVERGE || v == MD_SPEC)
		md_multi_signature_text(sig, MD_SIGNATURE_MAX, p, &sides);
	return v;
}

/* Whether s keeps the signature. */
static int keeps(const mstate *s)
{
	build(s, &cand);
	tests++;
	int op;
	char sig[MD_SIGNATURE_MAX];
	md_verdict v = judge(&cand, &op, sig);
	return v == want_verdict && op == (int)cand.nops - 1 && strcmp(sig, want_sig) == 0;
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

/* A value of a table of values other than integers: the zero value
 * (index 0), else the value an earlier kept op stores. */
static void shrink_table_value(uint32_t j)
{
	uint32_t o = cur.idx[j];
	if (cur.val[o] == 0)
		return;
	memcpy(&trial, &cur, sizeof trial);
	trial.val[o] = 0;
	if (try_trial())
		return;
	for (uint32_t e = 0; e < j; e++) {
		uint32_t eo = cur.idx[e];
		if (!has_val(orig.ops[eo].code) || cur.val[eo] == cur.val[o])
			continue;
		memcpy(&trial, &cur, sizeof trial);
		trial.val[o] = cur.val[eo];
		if (try_trial())
			return;
	}
}

/* Values: 0 (the zero value), 1, -1, else halve towards 0; values other
 * than integers as shrink_table_value. */
static void shrink_values(void)
{
	static const int64_t simple[] = {0, 1, -1};
	for (uint32_t j = 0; j < cur.n; j++) {
		uint32_t o = cur.idx[j];
		if (!has_val(orig.ops[o].code))
			continue;
		if (table_vals() && !int_vals()) {
			shrink_table_value(j);
			continue;
		}
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
	uint32_t nleaves;
	leaf l[256];
} lwalk;

/* A leaf's bytes: a number, a bool, a pointer's or channel's object
 * number (cut short at the end of malformed bytes). */
static bool leaf_pre(void *ctx, gonode *n, gocrd *r)
{
	lwalk *w = ctx;
	uint32_t len = n->t->kind == GO_PTR || n->t->kind == GO_CHAN ? 4
		     : n->t->kind < GO_STRING ? n->t->size : 0;
	if (len == 0 || n->off >= r->n || w->nleaves == 256)
		return true;
	if (r->n - n->off < len)
		len = (uint32_t)(r->n - n->off);
	w->l[w->nleaves++] = (leaf){(uint32_t)n->off, len};
	return true;
}

/* A composite key or value b[0..len) of the type with descriptor desc:
 * all of it zero (the type's zero value, when the canonical bytes allow),
 * else each number zero and each pointer nil. */
static void shrink_composite(uint8_t *b, uint32_t len, const uint8_t *desc, uint32_t desclen)
{
	static uint8_t save[MD_MAX_CANON];
	static gotypes types;
	static lwalk w;
	memcpy(save, b, len);
	memset(b, 0, len);
	if (memcmp(save, b, len) == 0 || keeps(&cur))
		return;
	memcpy(b, save, len);
	gotypes_reset(&types);
	size_t pos = 0;
	const gotype *t = gotype_decode(&types, desc, desclen, &pos, true);
	govisitor v = {leaf_pre, NULL, &w, false};
	gocrd r = gocrd_make(b, len, &types);
	w.nleaves = 0;
	gocanon_walk(t, true, &r, &v);
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
		shrink_composite(kbytes + kb[k].off, kb[k].len, orig.keydesc, orig.keydesclen);
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
		if (md_op_has_key(orig.ops[o].code) && !seen[cur.key[o]]) {
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

/* The leaves of each composite value the kept ops store (a value's bytes
 * are shared by the ops that store it, as a key's are). */
static void shrink_value_leaves(void)
{
	static uint8_t seen[MD_MAX_VALS];
	if (!table_vals() || orig.valkind < GO_NSCALAR)
		return;
	memset(seen, 0, sizeof seen);
	for (uint32_t j = 0; j < cur.n; j++) {
		uint32_t o = cur.idx[j];
		uint64_t i = (uint64_t)cur.val[o];
		if (!has_val(orig.ops[o].code) || i == 0 || i >= orig.nvals || seen[i])
			continue;
		seen[i] = 1;
		shrink_composite(vbytes + vb[i].off, vb[i].len, orig.valdesc, orig.valdesclen);
	}
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
				if (md_op_has_key(orig.ops[trial.idx[x]].code) && trial.key[trial.idx[x]] == u[j])
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
		cur.val[j] = int_vals() && has_val(orig.ops[j].code) ? int_val((uint32_t)orig.ops[j].val) : orig.ops[j].val;
		cur.key[j] = orig.ops[j].key;
	}
	memcpy(kbytes, orig.keybytes, orig.nkeybytes);
	for (uint32_t k = 0; k < orig.nkeys; k++)
		kb[k] = (keybuf){orig.keys[k].off, orig.keys[k].len};
	memcpy(vbytes, orig.keybytes, orig.nkeybytes);
	for (uint32_t i = 0; i < orig.nvals; i++)
		vb[i] = (keybuf){orig.vals[i].off, orig.vals[i].len};
}

int cmd_min(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *twin_go = NULL;
	const char *oracles = md_cli_oracle(&argc, &argv, getenv("MAPDIFF_ORACLE"));
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (md_cli_twin_arg(argv[i]))
			twin_go = md_cli_twin_arg(argv[i]);
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
	use_twin = twin_go != NULL;
	if (use_twin && md_twin_open_id(&twin, twin_go) != 0)
		return 2;
	int anchor;
	want_verdict = judge(&orig, &anchor, want_sig);
	if (want_verdict != MD_DIVERGE && want_verdict != MD_SPEC)
		return fprintf(stderr, "mapdiff: %s: the sides agree on it: nothing to minimize\n", in), 2;
	start_state((uint32_t)anchor);
	ddmin_ops();
	shrink_values();
	shrink_value_leaves();
	shrink_keys();
	shrink_pool();
	ddmin_ops();
	if (!keeps(&cur))
		return fprintf(stderr, "mapdiff: %s: the divergence is not reproducible\n", in), 2;
	printf("min: %u ops -> %u ops (%lu runs), was at op %d\n", orig.nops, cand.nops, tests, anchor);
	if (!use_twin && sides.n > 2)
		md_multi_summary(stdout, &sides);
	printf("%s\n", want_sig);
	return write_out(out);
}
