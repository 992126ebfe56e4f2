/*
 * cmd_min.c: mapdiff min FILE -o OUT, shrinking a divergence.
 *
 * The signature kept is (what, anchor): `what` is the comparator's word for
 * the difference ("range", "get value", ...) and the anchor is the op that
 * first diverged in FILE.  Ops after the anchor cannot change what happens
 * up to it and are dropped at once, so the anchor is always the LAST op of a
 * candidate; a candidate keeps the signature when both sides run it (via
 * md_diff_run) and it first diverges, with the same `what`, at its last op.
 * The signature line of the output is then `mapdiff: DIVERGENCE <what> at
 * op <nops-1>`: the same line as FILE's with the op index re-anchored.
 *
 * Passes: delta debugging over ops[1..anchor) (ops[0], the start, stays),
 * then over the value of each op and the bytes of each key, then over the
 * key pool (one key standing in for another), then ops once more.
 * OUT is text when it ends in .txt, else binary.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare.h"
#include "side.h"
#include "text.h"

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
static char want_what[64];
static char want_side[96];              /* MD_SPEC: the side that broke the spec */
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

/* Whether s keeps the signature. */
static int keeps(const mstate *s)
{
	build(s, &cand);
	tests++;
	md_diff d;
	if (md_diff_run(&cand, md_side_cport(), &md_cli_ra, md_side_go(), &md_cli_rb, &d) != want_verdict)
		return 0;
	return strcmp(d.what, want_what) == 0 && d.op == (int)cand.nops - 1 &&
	       (want_verdict != MD_SPEC || strcmp(d.side, want_side) == 0);
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

/* One key's bytes: strings lose bytes, then bytes become 'a'; other
 * scalars get bytes zeroed.  Composite kinds are left alone. */
static void shrink_key(uint16_t k)
{
	uint8_t *b = kbytes + kb[k].off;
	if (orig.keykind == GO_STRING) {
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
	if (orig.keykind >= GO_NSCALAR)
		return;
	uint8_t simple = orig.keykind == GO_STRING ? 'a' : 0;
	for (uint32_t i = 0; i < kb[k].len; i++) {
		uint8_t save = b[i];
		if (save == simple)
			continue;
		b[i] = simple;
		if (!keeps(&cur))
			b[i] = save;
	}
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
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] != 0)
			return fprintf(stderr, "mapdiff: bad command line: min: unknown option %s\n", argv[i]), 2;
		else
			in = argv[i];
	}
	if (!in || !out)
		return fprintf(stderr, "mapdiff: bad command line: min needs FILE and -o OUT\n"), 2;
	if (md_cli_load(in, FORM_AUTO, &orig) != 0)
		return 2;
	md_diff d;
	want_verdict = md_diff_run(&orig, md_side_cport(), &md_cli_ra, md_side_go(), &md_cli_rb, &d);
	if (want_verdict != MD_DIVERGE && want_verdict != MD_SPEC)
		return fprintf(stderr, "mapdiff: %s: the two sides agree on it: nothing to minimize\n", in), 2;
	snprintf(want_what, sizeof want_what, "%s", d.what);
	if (want_verdict == MD_SPEC)
		snprintf(want_side, sizeof want_side, "%s", d.side);
	start_state((uint32_t)d.op);
	ddmin_ops();
	shrink_values();
	shrink_keys();
	shrink_pool();
	ddmin_ops();
	if (!keeps(&cur))
		return fprintf(stderr, "mapdiff: %s: the divergence is not reproducible\n", in), 2;
	printf("min: %u ops -> %u ops (%lu runs), was at op %d\n", orig.nops, cand.nops, tests, d.op);
	if (want_verdict == MD_SPEC)
		printf("mapdiff: SPEC VIOLATION %s by %s at op %u\n", want_what, want_side, cand.nops - 1);
	else
		printf("mapdiff: DIVERGENCE %s at op %u\n", want_what, cand.nops - 1);
	return write_out(out);
}
