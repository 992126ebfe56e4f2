/*
 * verdict.c: the outcome of a run on N sides in words: who agrees with
 * whom, who was skipped and why, and each op side by side (report.h).
 */
#include <string.h>

#include "report/report.h"
#include "report/signature.h"
#include "run/watchdog.h"

/* Why side i of m was skipped: what it lacks, else the reason it gave. */
static const char *skip_reason(const md_multi *m, int i)
{
	if ((m->missing[i] & MD_NEED_CLEAR) && (m->missing[i] & MD_NEED_CLONE))
		return "no clear, no clone";
	if (m->missing[i] & MD_NEED_CLEAR)
		return "no clear";
	if (m->missing[i] & MD_NEED_CLONE)
		return "no clone";
	if (m->missing[i] & MD_NOT_PICKED)
		return "not picked by rotation";
	return m->side[i]->skip[0] ? m->side[i]->skip : "cannot run it";
}

/* Whether sides i and j were both skipped for the same reason (a folded
 * colliding run is the port, never skipped). */
static bool same_skip(const md_multi *m, int i, int j)
{
	return m->group[i] < 0 && m->group[j] < 0 && !(m->missing[i] & MD_FOLDED) && !(m->missing[j] & MD_FOLDED) &&
	       strcmp(skip_reason(m, i), skip_reason(m, j)) == 0;
}

/* "a", "a and b", "a, b and c": the sides i with pick(i). */
static void list_sides(FILE *f, const md_multi *m, int group, int skipped)
{
	int k = 0, total = 0;
	for (int i = 0; i < m->n; i++)
		total += skipped ? m->group[i] < 0 : m->group[i] == group;
	for (int i = 0; i < m->n; i++) {
		if (skipped ? m->group[i] >= 0 : m->group[i] != group)
			continue;
		fprintf(f, "%s%s", k == 0 ? "" : k == total - 1 ? " and " : ", ", m->side[i]->name);
		k++;
	}
}

static int group_size(const md_multi *m, int g)
{
	int n = 0;
	for (int i = 0; i < m->n; i++)
		n += m->group[i] == g;
	return n;
}

/* The first side of group g. */
static int group_rep(const md_multi *m, int g)
{
	for (int i = 0; i < m->n; i++)
		if (m->group[i] == g)
			return i;
	return -1;
}

/* The largest group (the earliest among equals): the others are told
 * apart from it. */
static int majority(const md_multi *m)
{
	int best = 0;
	for (int g = 1; g < MD_MAX_SIDES; g++)
		best = group_size(m, g) > group_size(m, best) ? g : best;
	return best;
}

/* Two sides ran and differ: "myport differs from gc 1.26 at op 7 (len)".
 * Go is the reference: the side told apart is the one that is not the
 * first Go (with no Go, the port against the model). */
static void pair_differs(FILE *f, const md_multi *m)
{
	int a = group_rep(m, 0), b = group_rep(m, 1);
	md_diff d = m->diff[b];
	if (md_side_is_go(m->side[a])) {
		int t = a;
		a = b, b = t;
	}
	fprintf(f, "%s differs from %s at op %d (%s)", m->side[a]->name, m->side[b]->name, d.op, d.what);
}

void md_multi_summary(FILE *f, const md_multi *m)
{
	const char *sep = "";
	int gm = majority(m), rm = group_rep(m, gm);
	if (group_size(m, 0) == 1 && group_size(m, 1) == 1 && group_rep(m, 2) < 0) {
		pair_differs(f, m);
		sep = "; ", rm = -1;
	}
	if (rm >= 0) {
		list_sides(f, m, gm, 0);
		fprintf(f, group_size(m, gm) == 1 ? " ran" : " agree");
		sep = "; ";
	}
	for (int g = 0; g < MD_MAX_SIDES; g++) {
		int n = group_size(m, g), r = group_rep(m, g);
		md_diff d = m->diff[r >= 0 ? r : 0];
		if (n == 0 || g == gm || rm < 0)
			continue;
		if (m->prog)
			md_compare(m->prog, m->res[rm], m->res[r], &m->opts, &d);
		fputs(sep, f);
		list_sides(f, m, g, 0);
		fprintf(f, " %s at op %d (%s)", n == 1 ? "differs" : "agree with each other and differ", d.op, d.what);
		sep = "; ";
	}
	for (int i = 0; i < m->n; i++) { /* skipped sides, grouped by reason */
		int seen = 0, more = 0;
		for (int j = 0; j < i; j++)
			seen |= same_skip(m, j, i);
		if (m->group[i] >= 0 || seen || (m->missing[i] & MD_FOLDED))
			continue;
		fprintf(f, "%s%s", sep, m->side[i]->name);
		for (int j = i + 1; j < m->n; j++)
			more += same_skip(m, j, i);
		for (int j = i + 1, k = 0; j < m->n; j++)
			if (same_skip(m, j, i))
				fprintf(f, "%s%s", ++k == more ? " and " : ", ", m->side[j]->name);
		fprintf(f, " skipped (%s)", skip_reason(m, i));
		sep = "; ";
	}
	fputc('\n', f);
}

void md_multi_report(FILE *f, const md_prog *p, md_multi *m)
{
	fprintf(f, "mapdiff: ");
	md_multi_summary(f, m);
	for (int i = 0; i < m->n; i++) {
		if (m->side[i]->kind != MD_SIDE_MODEL || m->group[i] < 0)
			continue;
		const char *sep = "";
		fprintf(f, "mapdiff: the model sides with ");
		for (int j = 0; j < m->n; j++) {
			if (j != i && m->group[j] == m->group[i]) {
				fprintf(f, "%s%s", sep, m->side[j]->name);
				sep = ", ";
			}
		}
		fprintf(f, "%s\n", *sep ? "" : "no other side");
	}
	md_report(f, p, m->side[m->ref], m->res[m->ref], m->side[m->worst], m->res[m->worst], &m->d);
}

/* The sides that ran, in one table. */
static void trace_one_table(FILE *f, const md_prog *p, md_multi *m)
{
	md_side *s[MD_MAX_SIDES];
	const md_results *r[MD_MAX_SIDES];
	int n = 0;
	for (int i = 0; i < m->n; i++) {
		if (m->group[i] < 0)
			continue;
		s[n] = m->side[i];
		r[n++] = m->res[i];
	}
	md_trace_n(f, p, s, r, n, m->verdict == MD_SPEC ? m->d.op : -1);
}

void md_multi_trace(FILE *f, const md_prog *p, md_multi *m)
{
	md_side *s[MD_MAX_SIDES];
	const md_results *r[MD_MAX_SIDES];
	int n = 0;
	for (int i = 0; i < m->n; i++)
		if (m->group[i] >= 0 && i != m->ref)
			n++;
	if (m->ref < 0 || n + 1 <= MD_TRACE_MAX_SIDES) {
		trace_one_table(f, p, m);
		return;
	}
	/* the reference, then up to MD_TRACE_MAX_SIDES - 1 others per table */
	for (int i = 0, k = 0; i < m->n; i++) {
		if (m->group[i] < 0 || i == m->ref)
			continue;
		if (k == 0) {
			s[0] = m->side[m->ref];
			r[0] = m->res[m->ref];
			k = 1;
		}
		s[k] = m->side[i];
		r[k++] = m->res[i];
		if (--n == 0 || k == MD_TRACE_MAX_SIDES) {
			md_trace_n(f, p, s, r, k, m->verdict == MD_SPEC ? m->d.op : -1);
			k = 0;
			if (n > 0)
				fputc('\n', f);
		}
	}
}

void md_report_hang(FILE *f, const md_prog *p, const char *name, int op)
{
	char sig[MD_SIGNATURE_MAX];
	if (op >= 0 && (uint32_t)op < p->nops)
		fprintf(f, "mapdiff: %s has not returned from op %d (%s) after %d s of CPU time: it hangs\n", name, op,
			md_opname(p->ops[op].code), MD_HANG_CPU_SECONDS);
	else
		fprintf(f, "mapdiff: %s has not finished the program after %d s of CPU time: it hangs\n", name,
			MD_HANG_CPU_SECONDS);
	md_hang_signature_text(sig, sizeof sig, p, name, op);
	fprintf(f, "%s\n", sig);
	fflush(f);
}
