/* findings.c: the known findings and how a divergence is matched to one (findings.h). */
#include "report/findings.h"

#include <stdio.h>
#include <string.h>

#include "report/signature.h"

/* Every finding of docs/FINDINGS.md that a campaign can meet. */
static const md_finding findings[] = {
	{"gc121-load-factor", "gc-1.21", "DIVERGENCE B (bucket count)", NULL, "golang/go#63438"},
	{"goport-cockroach-swiss-negzero", "cockroachswiss", "DIVERGENCE range", "float64",
	 "docs/FINDINGS.md (cockroachdb/swiss keeps the key +0)"},
};

const md_finding *md_findings(int *n)
{
	*n = (int)(sizeof findings / sizeof findings[0]);
	return findings;
}

/* The index of the side with registry id `id` that ran the last program, or -1. */
static int side_that_ran(const md_multi *m, const char *id)
{
	for (int i = 0; i < m->n; i++)
		if (m->group[i] >= 0 && strcmp(m->side[i]->id, id) == 0)
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

/* Whether side s's difference from side r on p has finding f's signature. */
static bool has_signature(const md_prog *p, const md_multi *m, int r, int s, const md_finding *f)
{
	md_diff d;
	if (md_compare(p, m->res[r], m->res[s], &m->opts, &d))
		return false;
	char sig[MD_SIGNATURE_MAX], key[64];
	md_signature_text(sig, sizeof sig, p, &d, m->side[r]->name, m->res[r], m->side[s]->name, m->res[s]);
	size_t pre = strlen("mapdiff: ");
	if (strncmp(sig + pre, f->what, strlen(f->what)) != 0)
		return false;
	snprintf(key, sizeof key, " on map[%s]", f->key ? f->key : "");
	return !f->key || strstr(sig, key) != NULL;
}

int md_finding_match(const md_prog *p, const md_multi *m)
{
	if (m->verdict != MD_DIVERGE)
		return -1;
	int n;
	const md_finding *f = md_findings(&n);
	for (int i = 0; i < n; i++) {
		int s = side_that_ran(m, f[i].side), r;
		if (s >= 0 && others_agree(p, m, s, &r) && has_signature(p, m, r, s, &f[i]))
			return i;
	}
	return -1;
}
