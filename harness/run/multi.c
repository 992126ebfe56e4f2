/* multi.c: one program on N sides, grouped by who agrees (see multi.h). */
#include "run/multi.h"
#include "run/spec.h"

#include <stdlib.h>
#include <string.h>

#include "report/report.h"

uint32_t md_prog_needs(const md_prog *p)
{
	uint32_t need = 0;
	for (uint32_t i = 0; i < p->nops; i++)
		if (p->ops[i].code == MD_OP_CLEAR)
			need |= MD_NEED_CLEAR;
	return need;
}

static const char *need_name(uint32_t bits)
{
	return bits & MD_NEED_CLEAR ? "no clear" : "cannot run it";
}

static int add_side(md_multi *m, md_side *s)
{
	if (!s || m->n == MD_MAX_SIDES)
		return -1;
	for (int i = 0; i < m->n; i++)
		if (m->side[i] == s)
			return 0;
	m->res[m->n] = calloc(1, sizeof(md_results));
	if (!m->res[m->n])
		return -1;
	m->side[m->n++] = s;
	return 0;
}

/* Adds the oracle named id ("all": every one that starts). */
static int add_oracle(md_multi *m, const char *id, size_t len)
{
	md_oracle *list;
	int n = md_oracles(&list), found = 0, all = len == 3 && memcmp(id, "all", 3) == 0;
	for (int i = 0; i < n; i++) {
		if (!all && (strlen(list[i].id) != len || memcmp(list[i].id, id, len) != 0))
			continue;
		found = 1;
		md_side *s = md_oracle_open(&list[i]);
		if ((s || !all) && add_side(m, s) != 0)
			return -1;
	}
	if (!found)
		fprintf(stderr, "mapdiff: no oracle '%.*s' (see mapdiff oracles)\n", (int)len, id);
	return found ? 0 : -1;
}

int md_multi_init(md_multi *m, const char *spec)
{
	memset(m, 0, sizeof *m);
	if (add_side(m, md_side_port()) != 0)
		return -1;
	if (!spec || !*spec) {
		md_oracle *list;
		md_oracles(&list);
		return add_side(m, md_oracle_open(&list[0]));
	}
	while (*spec) {
		size_t len = strcspn(spec, ",");
		if (len && add_oracle(m, spec, len) != 0)
			return -1;
		spec += len + (spec[len] == ',');
	}
	return m->n >= 2 ? 0 : -1;
}

/* Groups the sides that ran by agreement with ref, then with each other. */
static void group_sides(const md_prog *p, md_multi *m)
{
	int ngroups = 1, rep[MD_MAX_SIDES] = {m->ref};
	for (int i = m->ref + 1; i < m->n; i++) {
		if (m->group[i] < 0)
			continue;
		if (md_compare(p, m->res[m->ref], m->res[i], &m->diff[i])) {
			m->group[i] = 0;
			continue;
		}
		if (m->worst < 0 || m->diff[i].op < m->d.op)
			m->worst = i, m->d = m->diff[i];
		md_diff d;
		int g = 1;
		while (g < ngroups && !md_compare(p, m->res[rep[g]], m->res[i], &d))
			g++;
		if (g == ngroups)
			rep[ngroups++] = i;
		m->group[i] = g;
	}
}

md_verdict md_multi_run(const md_prog *p, md_multi *m)
{
	uint32_t need = md_prog_needs(p);
	m->prog = p;
	m->ref = m->worst = -1;
	for (int i = 0; i < m->n; i++) {
		md_side *s = m->side[i];
		m->missing[i] = need & s->lacks;
		m->group[i] = m->missing[i] ? -1 : 0;
		md_results_reset(m->res[i], -1);
		if (!m->missing[i] && s->start && s->start(s, p, m->res[i]) != 0)
			m->group[i] = -1;
	}
	for (int i = 0; i < m->n; i++) {
		if (m->group[i] < 0 || m->side[i]->run(m->side[i], p, m->res[i]) != 0) {
			m->group[i] = -1;
			continue;
		}
		if (m->ref < 0)
			m->ref = i;
	}
	int ran = 0;
	for (int i = 0; i < m->n; i++)
		ran += m->group[i] >= 0;
	if (ran < 2)
		return MD_SKIPPED;
	group_sides(p, m);
	if (m->worst >= 0)
		return MD_DIVERGE;
	if (!md_prog_has_iters(p)) /* one scan, not one per side */
		return MD_AGREE;
	for (int i = 0; i < m->n; i++) /* iterators: each side against the spec */
		if (m->group[i] >= 0 && md_side_spec(p, m->side[i], m->res[i], &m->d) == MD_SPEC)
			return MD_SPEC;
	return MD_AGREE;
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

void md_multi_summary(FILE *f, const md_multi *m)
{
	const char *sep = "";
	int gm = majority(m), rm = group_rep(m, gm);
	if (rm >= 0) {
		list_sides(f, m, gm, 0);
		fprintf(f, group_size(m, gm) == 1 ? " ran" : " agree");
		sep = "; ";
	}
	for (int g = 0; g < MD_MAX_SIDES; g++) {
		int n = group_size(m, g), r = group_rep(m, g);
		md_diff d = m->diff[r >= 0 ? r : 0];
		if (n == 0 || g == gm)
			continue;
		if (m->prog)
			md_compare(m->prog, m->res[rm], m->res[r], &d);
		fputs(sep, f);
		list_sides(f, m, g, 0);
		fprintf(f, " %s at op %d (%s)", n == 1 ? "differs" : "agree with each other and differ", d.op, d.what);
		sep = "; ";
	}
	for (int i = 0; i < m->n; i++) { /* skipped sides, grouped by reason */
		int seen = 0, more = 0;
		for (int j = 0; j < i; j++)
			seen |= m->group[j] < 0 && m->missing[j] == m->missing[i];
		if (m->group[i] >= 0 || seen)
			continue;
		fprintf(f, "%s%s", sep, m->side[i]->name);
		for (int j = i + 1; j < m->n; j++)
			more += m->group[j] < 0 && m->missing[j] == m->missing[i];
		for (int j = i + 1, k = 0; j < m->n; j++)
			if (m->group[j] < 0 && m->missing[j] == m->missing[i])
				fprintf(f, "%s%s", ++k == more ? " and " : ", ", m->side[j]->name);
		fprintf(f, " skipped (%s)", need_name(m->missing[i]));
		sep = "; ";
	}
	fputc('\n', f);
}

void md_multi_report(FILE *f, const md_prog *p, md_multi *m)
{
	fprintf(f, "mapdiff: ");
	md_multi_summary(f, m);
	for (int i = 0; i < m->n; i++) {
		if (strcmp(m->side[i]->name, "model") != 0 || m->group[i] < 0)
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

void md_multi_trace(FILE *f, const md_prog *p, md_multi *m)
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
	md_trace_n(f, p, s, r, n);
}
