/* report.c: divergence reports and traces (see report.h). */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "format/text.h"

#define MD_REPORT_ENTRIES (16u << 20)

/* One range entry decoded from a results arena. */
typedef struct entry {
	const uint8_t *key;
	uint32_t keylen;
	int64_t val;
} entry;

static int entry_cmp(const void *x, const void *y)
{
	const entry *a = x, *b = y;
	uint32_t n = a->keylen < b->keylen ? a->keylen : b->keylen;
	int c = memcmp(a->key, b->key, n);
	if (c)
		return c;
	if (a->keylen != b->keylen)
		return a->keylen < b->keylen ? -1 : 1;
	return (a->val > b->val) - (a->val < b->val);
}

/* The entries side s produced at range op i, sorted; caller frees *buf. */
static entry *range_entries(md_side *s, const md_prog *p, int i, uint32_t *n, md_results **buf)
{
	md_results *r = calloc(1, sizeof *r);
	entry *e = NULL;
	*n = 0;
	*buf = r;
	if (!r || !(r->entries = malloc(MD_REPORT_ENTRIES)))
		return NULL;
	r->entries_cap = MD_REPORT_ENTRIES;
	if (md_side_run(s, p, r, i) != 0 || !(e = calloc(r->nentries + 1, sizeof *e)))
		return NULL;
	const uint8_t *o = r->entries;
	for (uint32_t j = 0; j < r->nentries; j++)
		o += md_get_entry(o, &e[j].key, &e[j].keylen, &e[j].val);
	*n = r->nentries;
	qsort(e, *n, sizeof *e, entry_cmp);
	return e;
}

static void free_entries(entry *e, md_results *r)
{
	free(e);
	if (r)
		free(r->entries);
	free(r);
}

static void print_entry(FILE *f, const md_prog *p, const entry *e)
{
	char k[MD_MAX_STR * 4 + 64], v[MD_MAX_STR * 4 + 64];
	md_format_pkey(p, e->key, e->keylen, k, sizeof k);
	md_format_word(p, e->val, v, sizeof v);
	fprintf(f, "%s: %s", k, v);
}

static void print_entries(FILE *f, const md_prog *p, const entry *e, uint32_t n, uint32_t max)
{
	fprintf(f, "{");
	for (uint32_t j = 0; j < n && j < max; j++) {
		if (j)
			fprintf(f, ", ");
		print_entry(f, p, &e[j]);
	}
	if (n > max)
		fprintf(f, ", ... %u more", n - max);
	fprintf(f, "}");
}

/* What a next or drain produced, in op order: "1: 10", "{1: 10, 3: 30}", "end". */
static void format_iter_entries(const md_prog *p, const md_results *r, const md_res *x, char *buf, size_t cap)
{
	size_t used = 0;
	const uint8_t *o = r->it + x->itoff;
	buf[0] = 0;
	if (x->itn == 0) {
		snprintf(buf, cap, p->ops[x - r->res].code == MD_OP_NEXT ? "end" : "0 entries, end");
		return;
	}
	if (p->ops[x - r->res].code == MD_OP_DRAIN)
		used += (size_t)snprintf(buf, cap, "%u entr%s {", x->itn, x->itn == 1 ? "y" : "ies");
	for (uint32_t n = 0; n < x->itn && used + 1 < cap; n++) {
		const uint8_t *k;
		uint32_t len;
		int64_t val;
		char key[MD_KEY_TEXT_MAX], v[MD_KEY_TEXT_MAX];
		o += md_get_entry(o, &k, &len, &val);
		md_format_pkey(p, k, len, key, sizeof key);
		md_format_word(p, val, v, sizeof v);
		if (n == 6) {
			used += (size_t)snprintf(buf + used, cap - used, ", ...");
			break;
		}
		used += (size_t)snprintf(buf + used, cap - used, "%s%.80s: %.80s", n ? ", " : "", key, v);
	}
	if (used + 1 < cap && p->ops[x - r->res].code == MD_OP_DRAIN)
		snprintf(buf + used, cap - used, "}");
}

/* One op's result in Go words. */
static void format_res(const md_prog *p, int i, const md_results *r, char *buf, size_t cap)
{
	const md_res *x = &r->res[i];
	char v[MD_KEY_TEXT_MAX];
	if (x->panicked) {
		snprintf(buf, cap, "panic: %.*s", (int)x->msglen, md_res_msg(r, x));
		return;
	}
	switch (p->ops[i].code) {
	case MD_OP_GET:
		md_format_word(p, x->val, v, sizeof v);
		snprintf(buf, cap, "%.200s, %s", v, x->ok ? "true" : "false");
		break;
	case MD_OP_LEN: snprintf(buf, cap, "%lld", (long long)x->val); break;
	case MD_OP_RANGE:
		snprintf(buf, cap, "%lld entr%s", (long long)x->val, x->val == 1 ? "y" : "ies");
		break;
	case MD_OP_NEXT:
	case MD_OP_DRAIN: format_iter_entries(p, r, x, buf, cap); break;
	default: snprintf(buf, cap, "ok"); break;
	}
}

/* Lists both sides' entries of range op i, and what only one side has. */
static void report_range(FILE *f, const md_prog *p, int i, md_side *a, md_side *b, int width)
{
	md_results *ra, *rb;
	uint32_t na, nb;
	entry *ea = range_entries(a, p, i, &na, &ra);
	entry *eb = range_entries(b, p, i, &nb, &rb);
	if (!ea || !eb) {
		fprintf(f, "  (could not list the entries)\n");
		free_entries(ea, ra);
		free_entries(eb, rb);
		return;
	}
	fprintf(f, "  %-*s : %u entr%s ", width, a->name, na, na == 1 ? "y" : "ies");
	print_entries(f, p, ea, na, 32);
	fprintf(f, "\n  %-*s : %u entr%s ", width, b->name, nb, nb == 1 ? "y" : "ies");
	print_entries(f, p, eb, nb, 32);
	fprintf(f, "\n");
	/* Multiset difference of two sorted lists. */
	uint32_t x = 0, y = 0;
	while (x < na || y < nb) {
		int c = x == na ? 1 : y == nb ? -1 : entry_cmp(&ea[x], &eb[y]);
		if (c == 0) {
			x++, y++;
			continue;
		}
		fprintf(f, "  only %s produced ", c < 0 ? a->name : b->name);
		print_entry(f, p, c < 0 ? &ea[x++] : &eb[y++]);
		fprintf(f, "\n");
	}
	free_entries(ea, ra);
	free_entries(eb, rb);
}

static void print_program(FILE *f, const md_prog *p, int upto, int mark)
{
	char line[MD_MAX_STR * 4 + 128];
	md_format_header(p, line, sizeof line);
	fprintf(f, "%s", line);
	for (int i = 0; i < (int)p->nops && i <= upto; i++) {
		md_format_op(p, (uint32_t)i, line, sizeof line);
		fprintf(f, "%s %4d  %s\n", i == mark ? ">" : " ", i, line);
	}
	if (upto + 1 < (int)p->nops)
		fprintf(f, "       ... %d more ops\n", (int)p->nops - upto - 1);
}

void md_report(FILE *f, const md_prog *p, md_side *a, const md_results *ra,
	       md_side *b, const md_results *rb, const md_diff *d)
{
	char line[MD_MAX_STR * 4 + 128], ra_s[512], rb_s[512];
	int w = (int)strlen(a->name) > (int)strlen(b->name) ? (int)strlen(a->name) : (int)strlen(b->name);
	fprintf(f, "mapdiff: %s and %s differ at op %d (%s)\n", a->name, b->name, d->op, d->what);
	print_program(f, p, d->op, d->op);
	md_format_op(p, (uint32_t)d->op, line, sizeof line);
	fprintf(f, "\nop %d: %s\n", d->op, line);
	format_res(p, d->op, ra, ra_s, sizeof ra_s);
	format_res(p, d->op, rb, rb_s, sizeof rb_s);
	if (p->ops[d->op].code == MD_OP_RANGE && !ra->res[d->op].panicked && !rb->res[d->op].panicked) {
		report_range(f, p, d->op, a, b, w);
	} else {
		fprintf(f, "  %-*s : %s\n", w, a->name, ra_s);
		fprintf(f, "  %-*s : %s\n", w, b->name, rb_s);
	}
}

/* One side's result at op i, in Go words; a range lists its first entries. */
static void trace_res(const md_prog *p, uint32_t i, md_side *s, const md_results *r, char *buf, size_t cap)
{
	format_res(p, (int)i, r, buf, cap);
	if (p->ops[i].code != MD_OP_RANGE || r->res[i].panicked || r->res[i].val == 0)
		return;
	md_results *rr;
	uint32_t n;
	entry *e = range_entries(s, p, (int)i, &n, &rr);
	char *list = NULL;
	size_t len = 0;
	FILE *f = e ? open_memstream(&list, &len) : NULL;
	if (f) {
		fputc(' ', f);
		print_entries(f, p, e, n, 6);
		fclose(f);
		size_t used = strlen(buf);
		snprintf(buf + used, cap - used, "%s", list);
	}
	free(list);
	free_entries(e, rr);
}

#define TRACE_COL_MAX 64

/* One column of a trace row; the last is not padded and ends the line. */
static void trace_cell(FILE *f, const char *text, int width, bool last)
{
	if (last)
		fprintf(f, "  %s\n", text);
	else
		fprintf(f, "  %-*s", width, text);
}

/* Whether any side differs from the first at op i. */
static bool trace_differs(const md_prog *p, uint32_t i, const md_results *const *r, int n)
{
	for (int k = 1; k < n; k++)
		if (md_compare_op(p, i, r[0], r[k], NULL))
			return true;
	return false;
}

/* How many of the n sides report the structure of their maps. */
static int shape_sides(const md_prog *p, const md_results *const *r, int n)
{
	int c = 0;
	for (int k = 0; k < n; k++)
		for (uint32_t i = 0; i < p->nops; i++)
			if (r[k]->res[i].shape & MD_SHAPE_KNOWN) {
				c++;
				break;
			}
	return c;
}

/* " [B=3 growing]": appended to a trace cell when sides compare structure. */
static void shape_suffix(const md_res *x, char *buf, size_t cap)
{
	size_t used = strlen(buf);
	if (!(x->shape & MD_SHAPE_KNOWN) || used + 1 >= cap)
		return;
	snprintf(buf + used, cap - used, " [B=%u%s]", x->B,
		 x->shape & MD_SHAPE_SAMESIZE ? " same-size grow" : x->shape & MD_SHAPE_GROWING ? " growing" : "");
}

void md_trace_n(FILE *f, const md_prog *p, md_side *const *s, const md_results *const *r, int n, int spec_op)
{
	enum { W = 512 };
	char *ops = calloc(p->nops, W), *col[MD_TRACE_MAX_SIDES] = {0};
	int ok = ops != NULL && n <= MD_TRACE_MAX_SIDES, wop = 9, w[MD_TRACE_MAX_SIDES];
	for (int k = 0; ok && k < n; k++) {
		ok = (col[k] = calloc(p->nops, W)) != NULL;
		w[k] = (int)strlen(s[k]->name);
	}
	if (!ok) {
		fprintf(f, "mapdiff: out of memory for the trace\n");
		goto out;
	}
	int shapes = shape_sides(p, r, n);
	for (uint32_t i = 0; i < p->nops; i++) {
		md_format_op(p, i, ops + i * W, W);
		int lo = (int)strlen(ops + i * W);
		wop = lo > wop && lo <= TRACE_COL_MAX ? lo : wop;
		for (int k = 0; k < n; k++) {
			trace_res(p, i, s[k], r[k], col[k] + i * W, W);
			if (shapes >= 2)
				shape_suffix(&r[k]->res[i], col[k] + i * W, W);
			int l = (int)strlen(col[k] + i * W);
			w[k] = l > w[k] && l <= TRACE_COL_MAX ? l : w[k];
		}
	}
	char head[256];
	md_format_header(p, head, sizeof head);
	fputs(head, f);
	fprintf(f, "  %4s  %-*s", "op", wop, "operation");
	for (int k = 0; k < n; k++)
		trace_cell(f, s[k]->name, w[k], k + 1 == n);
	for (uint32_t i = 0; i < p->nops; i++) {
		const char *mark = (int)i == spec_op ? "S" : trace_differs(p, i, r, n) ? "!" : " ";
		fprintf(f, "%s %4u  %-*s", mark, i, wop, ops + i * W);
		for (int k = 0; k < n; k++)
			trace_cell(f, col[k] + i * W, w[k], k + 1 == n);
	}
	if (shapes < 2)
		fprintf(f, "structure (B, growing, same-size grow) not compared: only an oracle with Go's classic map\n"
			   "reports it (--oracle gc-1.19 or gccgo-12); gc 1.24 and later have Swiss tables, with no B\n");
	else
		fprintf(f, "structure [B=...]: B compared until a side makes a same-size grow (hash-dependent)\n");
out:
	free(ops);
	for (int k = 0; k < n && k < MD_TRACE_MAX_SIDES; k++)
		free(col[k]);
}

void md_report_spec(FILE *f, const md_prog *p, const md_diff *d)
{
	char line[MD_MAX_STR * 4 + 128];
	fprintf(f, "mapdiff: %s broke the Go spec on iteration at op %d: %s\n", d->side, d->op, d->what);
	print_program(f, p, d->op, d->op);
	md_format_op(p, (uint32_t)d->op, line, sizeof line);
	fprintf(f, "\nop %d: %s\n  %s %s: %s\n", d->op, line, d->side, d->what, d->detail);
}
