/*
 * main.c: the mapdiff command line.
 *
 *   mapdiff run FILE...     compare the C port and Go on each program
 *   mapdiff trace FILE      each op with both sides' results
 *   mapdiff show FILE       a program in text form
 *   mapdiff asm [FILE|-]    text form -> binary
 *
 * Exit status: 0 all agree, 1 a divergence, 2 bad input or usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compare.h"
#include "report.h"
#include "side.h"
#include "text.h"

#define MD_MAX_FILE (64u << 20)

static const char usage[] =
	"usage: mapdiff COMMAND [ARGS]\n"
	"\n"
	"Differential testing of Go's map: the C port (impl/) against the Go\n"
	"runtime map linked into this binary.\n"
	"\n"
	"commands:\n"
	"  run FILE...          run each program on both sides and compare them;\n"
	"                       prints a report for each divergence\n"
	"  trace FILE           every op with both sides' results, side by side\n"
	"  show FILE            print a program in text form\n"
	"  asm [FILE|-] [-o OUT]  text form -> binary (to OUT or stdout)\n"
	"  --help               this text\n"
	"\n"
	"A FILE is a program in text form (docs/FORMAT.md) when it starts with\n"
	"'#' or 'map[' and holds only printable text; otherwise it is a binary\n"
	"program, and every byte string is one.  --text or --binary before the\n"
	"files forces the choice.\n"
	"\n"
	"exit status: 0 every program agrees, 1 a divergence, 2 bad input or usage\n";

static md_prog prog;
static md_results res_a, res_b;

typedef enum form { FORM_AUTO, FORM_TEXT, FORM_BINARY } form;

/* Read a whole file (or stdin for "-"); on failure prints one line. */
static uint8_t *read_file(const char *path, size_t *n)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "mapdiff: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "mapdiff: %s: is a directory, not a program file\n", path);
		fclose(f);
		return NULL;
	}
	uint8_t *buf = malloc(MD_MAX_FILE + 1);
	size_t got = buf ? fread(buf, 1, MD_MAX_FILE + 1, f) : 0;
	int err = ferror(f);
	if (f != stdin)
		fclose(f);
	if (!buf || err) {
		fprintf(stderr, "mapdiff: %s: %s\n", path, buf ? "read error" : "out of memory");
		free(buf);
		return NULL;
	}
	if (got > MD_MAX_FILE) {
		fprintf(stderr, "mapdiff: %s: too large (over %u MiB); a program needs at most a few KiB\n",
			path, MD_MAX_FILE >> 20);
		free(buf);
		return NULL;
	}
	*n = got;
	return buf;
}

static int looks_like_text(const uint8_t *b, size_t n)
{
	size_t i = 0;
	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r'))
		i++;
	if (i == n || !(b[i] == '#' || (n - i >= 4 && memcmp(b + i, "map[", 4) == 0)))
		return 0;
	for (size_t j = 0; j < n; j++)
		if (b[j] < 0x20 && b[j] != '\t' && b[j] != '\n' && b[j] != '\r')
			return 0;
	return 1;
}

/* Load a program from path into prog; prints one line and returns -1 on bad input. */
static int load(const char *path, form fm)
{
	size_t n;
	uint8_t *b = read_file(path, &n);
	if (!b)
		return -1;
	int text = fm == FORM_TEXT || (fm == FORM_AUTO && looks_like_text(b, n));
	int rc = 0;
	if (text) {
		char err[256];
		if (!md_parse((const char *)b, n, &prog, err, sizeof err)) {
			fprintf(stderr, "mapdiff: %s: %s\n", path, err);
			rc = -1;
		}
	} else {
		md_decode(b, n, &prog);
	}
	free(b);
	return rc;
}

static int cmd_run(int argc, char **argv, form fm)
{
	int status = 0;
	md_side *a = md_side_cport(), *b = md_side_go();
	for (int i = 0; i < argc; i++) {
		if (load(argv[i], fm) != 0) {
			status = 2;
			continue;
		}
		md_diff d;
		switch (md_diff_run(&prog, a, &res_a, b, &res_b, &d)) {
		case MD_AGREE:
			printf("agree    %s (%u ops, map[%s]int64)\n", argv[i], prog.nops,
			       gotype_scalars[prog.keykind].name);
			break;
		case MD_SKIPPED:
			printf("skipped  %s (a side cannot run it)\n", argv[i]);
			break;
		case MD_DIVERGE:
			printf("DIVERGE  %s\n", argv[i]);
			md_report(stdout, &prog, a, &res_a, b, &res_b, &d);
			md_signature(stdout, &d);
			if (status == 0)
				status = 1;
			break;
		}
		fflush(stdout);
	}
	return status;
}

static int cmd_trace(const char *path, form fm)
{
	if (load(path, fm) != 0)
		return 2;
	md_side *a = md_side_cport(), *b = md_side_go();
	md_diff d;
	md_verdict v = md_diff_run(&prog, a, &res_a, b, &res_b, &d);
	if (v == MD_SKIPPED) {
		printf("skipped: a side cannot run this program\n");
		return 0;
	}
	md_trace(stdout, &prog, a, &res_a, b, &res_b);
	if (v == MD_DIVERGE) {
		md_signature(stdout, &d);
		return 1;
	}
	printf("the two sides agree on all %u ops\n", prog.nops);
	return 0;
}

static int cmd_show(const char *path, form fm)
{
	if (load(path, fm) != 0)
		return 2;
	md_show(&prog, stdout);
	return 0;
}

static int cmd_asm(int argc, char **argv)
{
	const char *in = "-", *out = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] != 0)
			return fprintf(stderr, "mapdiff asm: unknown option %s\n%s", argv[i], usage), 2;
		else
			in = argv[i];
	}
	if (load(in, FORM_TEXT) != 0)
		return 2;
	static uint8_t bin[1 << 20];
	size_t n = md_encode(&prog, bin, sizeof bin);
	FILE *f = out ? fopen(out, "wb") : stdout;
	if (!f)
		return fprintf(stderr, "mapdiff: %s: %s\n", out, strerror(errno)), 2;
	if (n == 0 || fwrite(bin, 1, n, f) != n || (out && fclose(f) != 0))
		return fprintf(stderr, "mapdiff: %s: write failed\n", out ? out : "stdout"), 2;
	fflush(f);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *cmd = argv[1];
	argc -= 2, argv += 2;
	form fm = FORM_AUTO;
	if (argc > 0 && (strcmp(argv[0], "--text") == 0 || strcmp(argv[0], "--binary") == 0)) {
		fm = strcmp(argv[0], "--text") == 0 ? FORM_TEXT : FORM_BINARY;
		argc--, argv++;
	}
	if (strcmp(cmd, "run") == 0 && argc >= 1)
		return cmd_run(argc, argv, fm);
	if (strcmp(cmd, "trace") == 0 && argc == 1)
		return cmd_trace(argv[0], fm);
	if (strcmp(cmd, "show") == 0 && argc == 1)
		return cmd_show(argv[0], fm);
	if (strcmp(cmd, "asm") == 0)
		return cmd_asm(argc, argv);
	fprintf(stderr, "mapdiff: bad command line: '%s' (see mapdiff --help)\n", cmd);
	return 2;
}
