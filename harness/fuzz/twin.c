/*
 * twin.c: the fuzz target in twin mode (-twin=GO or $MAPDIFF_TWIN, set by
 * mapdiff fuzz --twin): each input runs in lockstep on the port and a
 * classic Go (run/twin_run.h); a difference stops the campaign with its
 * report and signature line; an input the twin does not cover is
 * rejected (-1), so the corpus keeps to programs the twin can judge.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/text.h"
#include "fuzz/target.h"
#include "report/signature.h"
#include "run/twin_run.h"

static md_twin_run twin;

void md_fuzz_twin_open(const char *id)
{
	if (md_twin_open_id(&twin, id) != 0)
		exit(2);
}

int md_fuzz_twin(const md_prog *p)
{
	md_twin_outcome o = md_twin_judge(&twin, p);
	if (o == MD_TWIN_SKIPPED)
		return -1;
	if (o == MD_TWIN_AGREE)
		return 0;
	char op[256], sig[MD_SIGNATURE_MAX];
	md_format_op(p, (uint32_t)twin.op, op, sizeof op);
	fprintf(stderr, "mapdiff: %s and %s differ in lockstep at op %d: %s\n  %s: %s\n", twin.go->name,
		twin.port->name, twin.op, op, twin.part, twin.what);
	md_twin_signature_text(sig, sizeof sig, p, twin.part, twin.op, twin.go->name, twin.port->name);
	fprintf(stderr, "%s\n", sig);
	md_fuzz_found();
}
