/* multi.c: one program on N sides, grouped by who agrees (see multi.h). */
#include "run/multi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/spec.h"

uint32_t md_prog_needs(const md_prog *p)
{
	uint32_t need = 0;
	for (uint32_t i = 0; i < p->nops; i++) {
		if (p->ops[i].code == MD_OP_CLEAR)
			need |= MD_NEED_CLEAR;
		if (p->ops[i].code == MD_OP_CLONE)
			need |= MD_NEED_CLONE;
	}
	return need;
}

static int add_side(md_multi *m, md_side *s)
{
	if (!s || md_side_open(s) != 0 || m->n == MD_MAX_SIDES)
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

/* Adds the oracle named id[0..len) ("all": every one that starts). */
static int add_oracle(md_multi *m, const char *id, size_t len)
{
	md_side *list;
	int n = md_sides(&list);
	if (len == 3 && memcmp(id, "all", 3) == 0) {
		for (int i = 1; i < n; i++) /* list[0] is the port under test */
			if (md_side_open(&list[i]) == 0 && add_side(m, &list[i]) != 0)
				return -1;
		return 0;
	}
	md_side *s = md_side_find(id, len);
	if (!s || s == &list[0]) {
		fprintf(stderr, "mapdiff: no oracle '%.*s' (see mapdiff oracles)\n", (int)len, id);
		return -1;
	}
	return add_side(m, s);
}

int md_multi_init(md_multi *m, const char *spec)
{
	memset(m, 0, sizeof *m);
	atomic_init(&m->running, -1);
	if (add_side(m, md_side_port()) != 0)
		return -1;
	md_side *c = md_side_collide();
	if (c && add_side(m, c) == 0 && m->n == 2)
		m->collide = 1;
	if (!spec || !*spec)
		return add_side(m, md_side_go());
	while (*spec) {
		size_t len = strcspn(spec, ",");
		if (len && add_oracle(m, spec, len) != 0)
			return -1;
		spec += len + (spec[len] == ',');
	}
	return m->n >= 2 + (m->collide > 0) ? 0 : -1;
}

/* Groups the sides that ran by agreement with ref, then with each other. */
static void group_sides(const md_prog *p, md_multi *m)
{
	int ngroups = 1, rep[MD_MAX_SIDES] = {m->ref};
	for (int i = m->ref + 1; i < m->n; i++) {
		if (m->group[i] < 0)
			continue;
		if (md_compare(p, m->res[m->ref], m->res[i], &m->opts, &m->diff[i])) {
			m->group[i] = 0;
			continue;
		}
		if (m->worst < 0 || m->diff[i].op < m->d.op || (m->diff[i].op == m->d.op && m->worst == m->collide))
			m->worst = i, m->d = m->diff[i]; /* on a tie, an oracle over the colliding run */
		md_diff d;
		int g = 1;
		while (g < ngroups && !md_compare(p, m->res[rep[g]], m->res[i], &m->opts, &d))
			g++;
		if (g == ngroups)
			rep[ngroups++] = i;
		m->group[i] = g;
	}
}

/* Judge side s's iterator steps (results r) against the Go spec: false
 * with d filled when it breaks it. */
static bool side_meets_spec(const md_prog *p, const md_side *s, const md_results *r, md_diff *d)
{
	md_spec_violation v;
	if (md_spec_check(p, r, &v))
		return true;
	d->op = v.op;
	d->what = v.rule;
	d->side = s->name;
	snprintf(d->detail, sizeof d->detail, "%s", v.detail);
	return false;
}

/* Whether side i runs this program: MD_NOT_PICKED when rotation leaves it out. */
static uint32_t rotated_out(const md_multi *m, int i)
{
	if (m->rotate <= 0 || m->side[i]->kind != MD_SIDE_GO_HELPER)
		return 0;
	int nh = 0, h = -1;
	for (int j = 0; j < m->n; j++)
		if (m->side[j]->kind == MD_SIDE_GO_HELPER)
			h = j == i ? nh : h, nh++;
	uint32_t turn = ((uint32_t)h + (uint32_t)nh - m->pick % (uint32_t)nh) % (uint32_t)nh;
	return turn < (uint32_t)m->rotate ? 0 : MD_NOT_PICKED;
}

/* The port's colliding run, folded into the port (MD_FOLDED) unless it
 * ran next to the port and differs from the port's own run, or breaks
 * the spec: where it agrees it tells nothing the port's run does not. */
static void fold_collide(const md_prog *p, md_multi *m)
{
	int c = m->collide;
	md_diff d;
	if (c == 0)
		return;
	if (m->group[c] >= 0 && m->group[0] >= 0 && (!md_compare(p, m->res[0], m->res[c], &m->opts, &d) ||
						       (m->iters && !side_meets_spec(p, m->side[c], m->res[c], &d))))
		return;
	m->group[c] = -1;
	m->missing[c] |= MD_FOLDED;
}

/* Groups the sides that ran (group 0) and judges: the verdict. */
static md_verdict judge(const md_prog *p, md_multi *m)
{
	int ran = 0;
	for (int i = 0; i < m->n; i++)
		ran += m->group[i] >= 0;
	if (ran < 2)
		return MD_SKIPPED;
	group_sides(p, m);
	if (m->worst >= 0)
		return MD_DIVERGE;
	if (!m->iters)
		return MD_AGREE;
	for (int i = 0; i < m->n; i++) /* iterators: each side against the spec */
		if (m->group[i] >= 0 && !side_meets_spec(p, m->side[i], m->res[i], &m->d))
			return MD_SPEC;
	return MD_AGREE;
}

static md_verdict run_and_group(const md_prog *p, md_multi *m)
{
	uint32_t need = md_prog_needs(p);
	m->prog = p;
	m->iters = md_prog_has_iters(p); /* one scan, not one per judgement */
	m->ref = m->worst = -1;
	for (int i = 0; i < m->n; i++) {
		md_side *s = m->side[i];
		m->missing[i] = (need & s->lacks) | rotated_out(m, i);
		m->group[i] = m->missing[i] ? -1 : 0;
		md_results_reset(m->res[i], -1);
		s->skip[0] = 0;
		s->taint[0] = 0;
		if (!m->missing[i] && s->ops->start && s->ops->start(s, p, m->res[i]) != 0)
			m->group[i] = -1;
	}
	for (int i = 0; i < m->n; i++) {
		atomic_store_explicit(&m->running, i, memory_order_relaxed);
		if (m->group[i] < 0 || m->side[i]->ops->run(m->side[i], p, m->res[i]) != 0) {
			m->group[i] = -1;
			continue;
		}
		if (m->ref < 0)
			m->ref = i;
	}
	atomic_store_explicit(&m->running, -1, memory_order_relaxed);
	fold_collide(p, m);
	return judge(p, m);
}

md_verdict md_multi_run(const md_prog *p, md_multi *m)
{
	return m->verdict = run_and_group(p, m);
}

md_verdict md_multi_rejudge(md_multi *m)
{
	m->worst = -1;
	for (int i = 0; i < m->n; i++)
		if (m->group[i] > 0)
			m->group[i] = 0;
	return m->verdict = judge(m->prog, m);
}

/* Whether side i is a run of the port under test (its own, its colliding one). */
static bool port_run(const md_multi *m, int i)
{
	return i == 0 || (m->collide && i == m->collide);
}

md_port_verdict md_multi_port_verdict(const md_multi *m)
{
	if (m->verdict == MD_SKIPPED || m->group[0] < 0)
		return MD_PORT_SKIPPED;
	if (m->verdict == MD_AGREE)
		return MD_PORT_AGREES;
	if (m->verdict == MD_SPEC)
		return m->d.side == m->side[0]->name || (m->collide && m->d.side == m->side[m->collide]->name)
			       ? MD_PORT_DIVERGES
			       : MD_PORT_OTHERS;
	bool go_ran = false;
	for (int i = 1; i < m->n; i++)
		go_ran |= m->group[i] >= 0 && md_side_is_go(m->side[i]);
	for (int j = 0; j < m->n; j++) {
		if (!port_run(m, j) || m->group[j] < 0)
			continue;
		for (int i = 1; i < m->n; i++)
			if (!port_run(m, i) && m->group[i] >= 0 && m->group[i] != m->group[j] &&
			    (md_side_is_go(m->side[i]) || !go_ran))
				return MD_PORT_DIVERGES;
	}
	return MD_PORT_OTHERS;
}
