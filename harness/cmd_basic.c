/* cmd_basic.c: mapdiff run, trace, show and asm. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "compare.h"
#include "report.h"
#include "side.h"
#include "text.h"

static int usage_error(const char *what)
{
	fprintf(stderr, "mapdiff: bad command line: %s (see mapdiff --help)\n", what);
	return 2;
}

int cmd_run(int argc, char **argv)
{
	md_form fm = md_cli_form(&argc, &argv);
	if (argc < 1)
		return usage_error("run needs at least one FILE");
	int status = 0;
	md_side *a = md_side_cport(), *b = md_side_go();
	for (int i = 0; i < argc; i++) {
		if (md_cli_load(argv[i], fm, &md_cli_prog) != 0) {
			status = 2;
			continue;
		}
		md_diff d;
		switch (md_diff_run(&md_cli_prog, a, &md_cli_ra, b, &md_cli_rb, &d)) {
		case MD_AGREE:
			printf("agree    %s (%u ops, map[%s]int64)\n", argv[i], md_cli_prog.nops,
			       gotype_scalars[md_cli_prog.keykind].name);
			break;
		case MD_SKIPPED:
			printf("skipped  %s (a side cannot run it)\n", argv[i]);
			break;
		case MD_DIVERGE:
			printf("DIVERGE  %s\n", argv[i]);
			md_report(stdout, &md_cli_prog, a, &md_cli_ra, b, &md_cli_rb, &d);
			md_signature(stdout, &d);
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
	md_form fm = md_cli_form(&argc, &argv);
	if (argc != 1)
		return usage_error("trace needs one FILE");
	const char *path = argv[0];
	if (md_cli_load(path, fm, &md_cli_prog) != 0)
		return 2;
	md_side *a = md_side_cport(), *b = md_side_go();
	md_diff d;
	md_verdict v = md_diff_run(&md_cli_prog, a, &md_cli_ra, b, &md_cli_rb, &d);
	if (v == MD_SKIPPED) {
		printf("skipped: a side cannot run this program\n");
		return 0;
	}
	md_trace(stdout, &md_cli_prog, a, &md_cli_ra, b, &md_cli_rb);
	if (v == MD_DIVERGE) {
		md_signature(stdout, &d);
		return 1;
	}
	printf("the two sides agree on all %u ops\n", md_cli_prog.nops);
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

