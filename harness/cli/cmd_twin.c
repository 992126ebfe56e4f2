/*
 * cmd_twin.c: mapdiff run --twin and trace --twin, the port and a classic
 * Go in lockstep, bit for bit (run/twin_run.h, docs/TWIN.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "format/text.h"
#include "report/report.h"
#include "report/signature.h"
#include "run/twin_run.h"
#include "run/watchdog.h"

#define TWIN_DEFAULT "gc-1.19"

const char *md_cli_twin_arg(const char *a)
{
	if (strcmp(a, "--twin") == 0)
		return TWIN_DEFAULT;
	return strncmp(a, "--twin=", 7) == 0 ? a + 7 : NULL;
}

const char *md_cli_twin(int *argc, char ***argv)
{
	const char *id = *argc > 0 ? md_cli_twin_arg((*argv)[0]) : NULL;
	if (id)
		(*argc)--, (*argv)++;
	return id;
}

static void twin_signature(md_twin_run *t, const md_prog *p)
{
	char sig[MD_SIGNATURE_MAX];
	md_twin_signature_text(sig, sizeof sig, p, t->part, t->op, t->go->name, t->port->name);
	printf("%s\n", sig);
}

/* The first difference, in words. */
static void twin_report(md_twin_run *t, const md_prog *p)
{
	char op[256];
	md_format_op(p, (uint32_t)t->op, op, sizeof op);
	printf("  op %d: %s\n  %s: %s\n", t->op, op, t->part, t->what);
}

static md_twin_run twin_run;
static const char *running_file; /* the file run --twin is on */

/* The port never finished a program (run/watchdog.h; Go, the reference,
 * is not watched): HANG, its report and signature, exit status 1, as
 * run does outside twin mode. */
static void on_hang(const md_multi *m, int side, int op)
{
	(void)m, (void)side, (void)op;
	printf("HANG     %s\n", running_file ? running_file : "?");
	md_report_hang(stdout, &md_cli_prog, twin_run.port->name, -1);
	fflush(stdout);
	_exit(1);
}

int cmd_twin_run(int argc, char **argv, const char *id, md_form fm)
{
	md_twin_run *tp = &twin_run;
	int status = 0, n[3] = {0, 0, 0}, bad = 0;
	if (md_twin_open_id(tp, id) != 0 || md_watchdog_start(NULL, on_hang) != 0)
		return 2;
	for (int i = 0; i < argc; i++) {
		if (md_cli_load(argv[i], fm, &md_cli_prog) != 0) {
			status = 2, bad++;
			continue;
		}
		running_file = argv[i];
		md_watch_begin();
		md_twin_outcome o = md_twin_judge(tp, &md_cli_prog);
		md_watch_end();
		n[o]++;
		if (o == MD_TWIN_AGREE)
			printf("agree    %s (%s and %s bit for bit, %u ops)\n", argv[i], tp->port->name, tp->go->name,
			       md_cli_prog.nops);
		else if (o == MD_TWIN_SKIPPED)
			printf("skipped  %s (%s)\n", argv[i], tp->what);
		else {
			printf("DIFFER   %s\n", argv[i]);
			twin_report(tp, &md_cli_prog);
			twin_signature(tp, &md_cli_prog);
			status = status ? status : 1;
		}
		fflush(stdout);
	}
	if (argc > 1)
		printf("total    %d programs: %d agree, %d skipped, %d differ%s\n", argc, n[MD_TWIN_AGREE],
		       n[MD_TWIN_SKIPPED], n[MD_TWIN_DIFFER], bad ? " (some unreadable)" : "");
	return status;
}

int cmd_twin_trace(int argc, char **argv, const char *id, md_form fm)
{
	static md_twin_run t;
	if (argc != 1) {
		fprintf(stderr, "mapdiff: bad command line: trace --twin needs one FILE (see mapdiff --help)\n");
		return 2;
	}
	if (md_cli_load(argv[0], fm, &md_cli_prog) != 0 || md_twin_open_id(&t, id) != 0)
		return 2;
	md_twin_outcome o = md_twin_judge(&t, &md_cli_prog);
	if (o == MD_TWIN_SKIPPED) {
		printf("skipped: %s (%s)\n", argv[0], t.what);
		return 0;
	}
	if (o == MD_TWIN_AGREE) {
		printf("%s and %s agree bit for bit on all %u ops: every layout, every iteration order\n",
		       t.port->name, t.go->name, md_cli_prog.nops);
		return 0;
	}
	printf("%s and %s in lockstep: the first difference\n", t.go->name, t.port->name);
	twin_report(&t, &md_cli_prog);
	printf("the layouts after op %d:\n", t.op);
	md_twin_show(&t, &md_cli_prog, stdout);
	twin_signature(&t, &md_cli_prog);
	return 1;
}
