/*
 * twin.c: the fuzz target in twin mode (-twin=GO or $MAPDIFF_TWIN, set by
 * mapdiff fuzz --twin): each input runs in lockstep on the port and a
 * classic Go (run/twin_run.h); a difference stops the campaign with its
 * report and signature line; an input the twin does not cover is
 * rejected (-1), so the corpus keeps to programs the twin can judge.  A
 * port that never finishes a program is a HANG, as outside twin mode
 * (run/watchdog.h, watching this thread's CPU time).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/text.h"
#include "fuzz/target.h"
#include "report/report.h"
#include "report/signature.h"
#include "run/twin_run.h"
#include "run/watchdog.h"

static md_twin_run twin;
static const md_prog *running; /* the program being judged */

/* The port (it runs on this thread; Go, the reference, is not watched)
 * has spent the watchdog's budget on one program. */
static void on_hang(const md_multi *m, int side, int op)
{
	(void)m, (void)side, (void)op;
	md_report_hang(stderr, running, twin.port->name, -1);
	md_fuzz_found();
}

void md_fuzz_twin_open(const char *id)
{
	if (md_twin_open_id(&twin, id) != 0 || md_watchdog_start(NULL, on_hang) != 0)
		exit(2);
}

int md_fuzz_twin(const md_prog *p)
{
	running = p;
	md_watch_begin();
	md_twin_outcome o = md_twin_judge(&twin, p);
	md_watch_end();
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
