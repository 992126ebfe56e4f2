/* cmd_basic.c: mapdiff run, trace, show and asm. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "run/compare.h"
#include "run/multi.h"
#include "report/report.h"
#include "run/side.h"
#include "format/text.h"

static int usage_error(const char *what)
{
	fprintf(stderr, "mapdiff: bad command line: %s (see mapdiff --help)\n", what);
	return 2;
}

int cmd_run(int argc, char **argv)
{
	const char *oracles = md_cli_oracle(&argc, &argv, getenv("MAPDIFF_ORACLE"));
	md_form fm = md_cli_form(&argc, &argv);
	oracles = md_cli_oracle(&argc, &argv, oracles);
	if (argc < 1)
		return usage_error("run needs at least one FILE");
	int status = 0;
	static md_multi m;
	if (md_multi_init(&m, oracles) != 0)
		return 2;
	for (int i = 0; i < argc; i++) {
		if (md_cli_load(argv[i], fm, &md_cli_prog) != 0) {
			status = 2;
			continue;
		}
		switch (md_multi_run(&md_cli_prog, &m)) {
		case MD_AGREE:
			printf("agree    %s (%u ops, map[%s]%s)", argv[i], md_cli_prog.nops,
			       md_prog_keytype(&md_cli_prog)->name, md_prog_valtype(&md_cli_prog)->name);
			if (m.n > 2)
				printf(": "), md_multi_summary(stdout, &m);
			else
				printf("\n");
			break;
		case MD_SKIPPED:
			printf("skipped  %s (a side cannot run it): ", argv[i]);
			md_multi_summary(stdout, &m);
			break;
		case MD_DIVERGE:
			printf("DIVERGE  %s\n", argv[i]);
			md_multi_report(stdout, &md_cli_prog, &m);
			md_signature(stdout, &m.d);
			if (status == 0)
				status = 1;
			break;
		case MD_SPEC:
			printf("SPEC     %s\n", argv[i]);
			md_report_spec(stdout, &md_cli_prog, &m.d);
			md_signature(stdout, &m.d);
			if (status == 0)
				status = 1;
			break;
		}
		fflush(stdout);
	}
	return status;
}

int cmd_trace(int argc, char **argv)
{
	const char *oracles = md_cli_oracle(&argc, &argv, getenv("MAPDIFF_ORACLE"));
	md_form fm = md_cli_form(&argc, &argv);
	oracles = md_cli_oracle(&argc, &argv, oracles);
	if (argc != 1)
		return usage_error("trace needs one FILE");
	const char *path = argv[0];
	static md_multi m;
	if (md_cli_load(path, fm, &md_cli_prog) != 0 || md_multi_init(&m, oracles) != 0)
		return 2;
	md_verdict v = md_multi_run(&md_cli_prog, &m);
	if (v == MD_SKIPPED) {
		printf("skipped: a side cannot run this program: ");
		md_multi_summary(stdout, &m);
		return 0;
	}
	md_cli_trace(stdout, &md_cli_prog, &m);
	if (m.n > 2)
		md_multi_summary(stdout, &m);
	if (v == MD_DIVERGE || v == MD_SPEC) {
		if (v == MD_SPEC)
			md_report_spec(stdout, &md_cli_prog, &m.d);
		md_signature(stdout, &m.d);
		return 1;
	}
	printf("the %s sides agree on all %u ops\n", m.n > 2 ? "running" : "two", md_cli_prog.nops);
	return 0;
}

int cmd_show(int argc, char **argv)
{
	md_form fm = md_cli_form(&argc, &argv);
	if (argc != 1)
		return usage_error("show needs one FILE");
	const char *path = argv[0];
	if (md_cli_load(path, fm, &md_cli_prog) != 0)
		return 2;
	md_show(&md_cli_prog, stdout);
	return 0;
}

int cmd_asm(int argc, char **argv)
{
	const char *in = "-", *out = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] != 0)
			return usage_error("asm: unknown option");
		else
			in = argv[i];
	}
	if (md_cli_load(in, FORM_TEXT, &md_cli_prog) != 0)
		return 2;
	static uint8_t bin[1 << 20];
	size_t n = md_encode(&md_cli_prog, bin, sizeof bin);
	FILE *f = out ? fopen(out, "wb") : stdout;
	if (!f)
		return fprintf(stderr, "mapdiff: %s: %s\n", out, strerror(errno)), 2;
	if (n == 0 || fwrite(bin, 1, n, f) != n || (out && fclose(f) != 0))
		return fprintf(stderr, "mapdiff: %s: write failed\n", out ? out : "stdout"), 2;
	fflush(f);
	return 0;
}

