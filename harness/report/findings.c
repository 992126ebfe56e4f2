/* findings.c: the known findings and how a divergence is matched to one (findings.h). */
#include "report/findings.h"

#include <stdio.h>
#include <string.h>

#include "oracles/oracles.h"
#include "report/signature.h"

/* Every finding of docs/FINDINGS.md that a campaign can meet. */
static const md_finding findings[] = {
	{"gc121-load-factor", "gc-1.21", "DIVERGENCE B (bucket count)", NULL, "golang/go#63438", false},
	{"classic-clear-iterator", "gc-1.21|gc-1.22|gc-1.23", "SPEC VIOLATION produced an entry that is not in the map",
	 NULL, "golang/go#70189", false},
	{"goport-cockroach-swiss-negzero", "cockroachswiss", "DIVERGENCE range|SPEC VIOLATION produced a stale key", "float64",
	 "docs/FINDINGS.md: cockroachdb/swiss keeps the key +0", false},
	{"goport-cockroach-swiss-deleted-entry", "cockroachswiss", "SPEC VIOLATION produced an entry that is not in the map",
	 NULL, "docs/FINDINGS.md: cockroachdb/swiss produces a deleted entry", false},
	{"goport-cockroach-swiss-stale-value", "cockroachswiss", "SPEC VIOLATION produced a stale value", NULL,
	 "docs/FINDINGS.md: cockroachdb/swiss produces a stale value", false},
	{"goport-haxmap-negzero", "haxmap", "DIVERGENCE range|DIVERGENCE len|DIVERGENCE get ok", "float64",
	 "docs/FINDINGS.md: haxmap keeps +0 and -0 as two keys", false},
	{"goport-haxmap-get-deleted-value", "haxmap", "DIVERGENCE get value", NULL,
	 "docs/FINDINGS.md: haxmap's Get returns a deleted value", false},
	{"goport-haxmap-clear-hint", "haxmap", "DIVERGENCE|SPEC VIOLATION", NULL,
	 "docs/FINDINGS.md: haxmap corrupts memory after New(n) then Clear", true},
	{"goport-cockroach-swiss-clear-empty", "cockroachswiss", "DIVERGENCE|SPEC VIOLATION", NULL,
	 "docs/FINDINGS.md: cockroachdb/swiss's Clear of a map that never held an entry writes past an allocation",
	 true},
};

const md_finding *md_findings(int *n)
{
	*n = (int)(sizeof findings / sizeof findings[0]);
	return findings;
}

/* Whether word is one of the '|'-separated alternatives of list. */
static bool one_of(const char *word, const char *list)
{
	size_t w = strlen(word);
	for (;;) {
		size_t n = strcspn(list, "|");
		if (n == w && strncmp(list, word, n) == 0)
			return true;
		if (!list[n])
			return false;
		list += n + 1;
	}
}

bool md_finding_of(const md_finding *f, const md_side *s)
{
	return one_of(s->id, f->side) || (s->kind == MD_SIDE_GO_PORT && one_of(s->name, f->side));
}

/* Whether side s may show finding f in the program it just ran: always,
 * unless f damages the process and s did not say it did so (taint). */
static bool may_show(const md_finding *f, const md_side *s)
{
	return !f->taint || (s->taint[0] && strstr(s->taint, f->id) != NULL);
}

/* The index of the side that has finding f and ran the last program (and
 * may show it), or -1. */
static int side_that_ran(const md_multi *m, const md_finding *f)
{
	for (int i = 0; i < m->n; i++)
		if (m->group[i] >= 0 && md_finding_of(f, m->side[i]) && may_show(f, m->side[i]))
			return i;
	return -1;
}

/* Whether every side that ran but s agrees with the first of them, r. */
static bool others_agree(const md_prog *p, const md_multi *m, int s, int *r)
{
	*r = -1;
	for (int i = 0; i < m->n; i++) {
		if (i == s || m->group[i] < 0)
			continue;
		md_diff d;
		if (*r < 0)
			*r = i;
		else if (!md_compare(p, m->res[*r], m->res[i], &m->opts, &d))
			return false;
	}
	return *r >= 0;
}

/* Whether signature line sig starts (after "mapdiff: ") with one of the
 * '|'-separated alternatives of what. */
static bool starts_one_of(const char *sig, const char *what)
{
	sig += strlen("mapdiff: ");
	for (;;) {
		size_t n = strcspn(what, "|");
		if (strncmp(sig, what, n) == 0)
			return true;
		if (!what[n])
			return false;
		what += n + 1;
	}
}

/* Whether the spec violation of the last run (by the side named in m->d)
 * is finding f's. */
static bool spec_is(const md_prog *p, const md_multi *m, const md_finding *f)
{
	bool by_f = false;
	for (int i = 0; i < m->n && m->d.side; i++)
		by_f |= m->group[i] >= 0 && strcmp(m->d.side, m->side[i]->name) == 0 && md_finding_of(f, m->side[i]) &&
			may_show(f, m->side[i]);
	if (!by_f)
		return false;
	char sig[MD_SIGNATURE_MAX];
	md_signature_text(sig, sizeof sig, p, &m->d, NULL, NULL, NULL, NULL);
	return starts_one_of(sig, f->what);
}

/* Whether side s's difference from side r on p has finding f's signature. */
static bool has_signature(const md_prog *p, const md_multi *m, int r, int s, const md_finding *f)
{
	md_diff d;
	if (md_compare(p, m->res[r], m->res[s], &m->opts, &d))
		return false;
	char sig[MD_SIGNATURE_MAX], key[64];
	md_signature_text(sig, sizeof sig, p, &d, m->side[r]->name, m->res[r], m->side[s]->name, m->res[s]);
	snprintf(key, sizeof key, " on map[%s]", f->key ? f->key : "");
	return starts_one_of(sig, f->what) && (!f->key || strstr(sig, key) != NULL);
}

int md_finding_of_taint(const md_side *s)
{
	const char *taint = s->ops == &md_helper_ops ? md_helper_taint_now(s) : s->taint;
	int n;
	const md_finding *f = md_findings(&n);
	for (int i = 0; i < n && taint[0]; i++)
		if (f[i].taint && md_finding_of(&f[i], s) && strstr(taint, f[i].id))
			return i;
	return -1;
}

int md_finding_match(const md_prog *p, const md_multi *m)
{
	int n;
	const md_finding *f = md_findings(&n);
	if (m->verdict == MD_SPEC) {
		for (int i = 0; i < n; i++)
			if (spec_is(p, m, &f[i]))
				return i;
		return -1;
	}
	if (m->verdict != MD_DIVERGE)
		return -1;
	for (int i = 0; i < n; i++) {
		int s = side_that_ran(m, &f[i]), r;
		if (s >= 0 && others_agree(p, m, s, &r) && has_signature(p, m, r, s, &f[i]))
			return i;
	}
	return -1;
}
