/* cmd_basic.c: mapdiff run, trace, show and asm. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "run/compare.h"
#include "run/multi.h"
#include "report/findings.h"
#include "report/report.h"
#include "report/signature.h"
#include "run/side.h"
#include "run/watchdog.h"
#include "format/text.h"

static int usage_error(const char *what)
{
	fprintf(stderr, "mapdiff: bad command line: %s (see mapdiff --help)\n", what);
	return 2;
}

/* Counts of one `run`, by the port under test's verdict (multi.h). */
typedef struct run_totals {
	int agree, skipped, diverged, spec, others, unreadable;
} run_totals;

/* Why the sides that differ from the port are not the port's business:
 * a known finding of one of them (report/findings.h), or the known
 * wording of the unhashable-key panic (compare.h accept_known). */
typedef struct not_port {
	int known;       /* the finding, or -1 */
	bool wording;    /* only the panic wording differs */
	char sides[256]; /* who differs, in words: "gc 1.19 and gc 1.21" */
} not_port;

/* "a, b and c": the sides of m that ran and are not in the port's group. */
static void others_text(const md_multi *m, char *buf, size_t cap)
{
	int total = 0, k = 0;
	size_t used = 0;
	for (int i = 0; i < m->n; i++)
		total += m->group[i] >= 0 && m->group[i] != m->group[0];
	buf[0] = 0;
	for (int i = 0; i < m->n && used < cap; i++) {
		if (m->group[i] < 0 || m->group[i] == m->group[0])
			continue;
		int w = snprintf(buf + used, cap - used, "%s%s", k == 0 ? "" : k == total - 1 ? " and " : ", ",
				 m->side[i]->name);
		used += w > 0 ? (size_t)w : 0;
		k++;
	}
}

/* The port's verdict (md_multi_port_verdict), where what is another
 * side's own (why) is no divergence of the port: MD_PORT_OTHERS. */
static md_port_verdict port_verdict(md_multi *m, not_port *why)
{
	md_port_verdict pv = md_multi_port_verdict(m);
	why->known = md_finding_match(m->prog, m);
	why->wording = false;
	others_text(m, why->sides, sizeof why->sides);
	int n;
	if (pv != MD_PORT_DIVERGES || m->verdict != MD_DIVERGE)
		return pv;
	if (why->known >= 0)
		return md_finding_of(&md_findings(&n)[why->known], m->side[0]) ? pv : MD_PORT_OTHERS;
	m->opts.accept_known = true;
	md_multi_rejudge(m);
	m->opts.accept_known = false;
	md_port_verdict again = md_multi_port_verdict(m);
	if (again == MD_PORT_DIVERGES) { /* not only the wording: judge as before */
		md_multi_rejudge(m);
		return pv;
	}
	why->wording = true;
	return MD_PORT_OTHERS;
}

/* "agree    FILE (5 ops, map[int]int64)": a verdict, the file, its program. */
static void verdict_head(const char *word, const char *path)
{
	printf("%-8s %s (%u ops, map[%s]%s)", word, path, md_cli_prog.nops, md_prog_keytype(&md_cli_prog)->name,
	       md_prog_valtype(&md_cli_prog)->name);
}

/* A program the port under test did not diverge on: one line (two when
 * other sides differ), never a signature line. */
static void quiet_verdict(const char *path, md_multi *m, md_port_verdict pv, const not_port *why)
{
	int n;
	verdict_head(pv == MD_PORT_SKIPPED ? "skipped" : "agree", path);
	if (m->n > 2 || pv != MD_PORT_AGREES)
		printf(": "), md_multi_summary(stdout, m);
	else
		printf("\n");
	char known[160] = "";
	if (why->known >= 0)
		snprintf(known, sizeof known, "; known finding %s (%s)", md_findings(&n)[why->known].id,
			 md_findings(&n)[why->known].where);
	if (pv == MD_PORT_OTHERS && m->verdict == MD_SPEC)
		printf("         not the port's: %s broke the Go spec on iteration at op %d (%s)%s\n", m->d.side, m->d.op,
		       m->d.what, known);
	else if (pv == MD_PORT_OTHERS && why->known >= 0)
		printf("         not the port's: %s differ%s: known finding %s (%s)\n", why->sides,
		       strchr(why->sides, ',') || strstr(why->sides, " and ") ? "" : "s",
		       md_findings(&n)[why->known].id, md_findings(&n)[why->known].where);
	else if (pv == MD_PORT_OTHERS && why->wording)
		printf("         not the port's: %s differ%s: the known wording of the unhashable-key panic (docs/TYPES.md)\n",
		       why->sides, strchr(why->sides, ',') || strstr(why->sides, " and ") ? "" : "s");
	else if (pv == MD_PORT_OTHERS)
		printf("         not the port's: %s agrees with every Go that ran it; the model differs\n",
		       m->side[0]->name);
}


static void count(run_totals *t, const md_multi *m, md_port_verdict pv)
{
	t->agree += pv == MD_PORT_AGREES || pv == MD_PORT_OTHERS;
	t->skipped += pv == MD_PORT_SKIPPED;
	t->diverged += pv == MD_PORT_DIVERGES && m->verdict == MD_DIVERGE;
	t->spec += pv == MD_PORT_DIVERGES && m->verdict == MD_SPEC;
	t->others += pv == MD_PORT_OTHERS || (pv == MD_PORT_SKIPPED && (m->verdict == MD_DIVERGE || m->verdict == MD_SPEC));
}

static void print_totals(const run_totals *t)
{
	printf("total    %d programs: %d agree, %d skipped, %d diverged, %d spec violations", t->agree + t->skipped +
	       t->diverged + t->spec + t->unreadable, t->agree, t->skipped, t->diverged, t->spec);
	if (t->others)
		printf("; on %d the oracles differ among themselves", t->others);
	if (t->unreadable)
		printf("; %d unreadable", t->unreadable);
	printf("\n");
}

/* The file `run` is on, for a hang's report. */
static const char *running_file;

/* A side that never finishes a program: HANG, its report and signature,
 * exit status 1 (the stuck thread cannot be stopped). */
static void on_hang(const md_multi *m, int side, int op)
{
	int n, known = side >= 0 && side < m->n ? md_finding_of_taint(m->side[side]) : -1;
	printf("HANG     %s\n", running_file ? running_file : "?");
	if (known >= 0)
		printf("known finding %s (%s): the program tainted the process, then hung\n",
		       md_findings(&n)[known].id, md_findings(&n)[known].where);
	md_report_hang(stdout, m->prog, side >= 0 && side < m->n ? m->side[side]->name : "?", op);
	fflush(stdout);
	_exit(1);
}

/* Exit status: 1 when the port under test diverges from Go on a program
 * (md_multi_port_verdict), else 0; 2 on bad input. */
int cmd_run(int argc, char **argv)
{
	const char *twin = md_cli_twin(&argc, &argv);
	const char *oracles = md_cli_oracle(&argc, &argv, getenv("MAPDIFF_ORACLE"));
	md_form fm = md_cli_form(&argc, &argv);
	oracles = md_cli_oracle(&argc, &argv, oracles);
	twin = twin ? twin : md_cli_twin(&argc, &argv);
	if (argc < 1)
		return usage_error("run needs at least one FILE");
	if (twin)
		return cmd_twin_run(argc, argv, twin, fm);
	int status = 0;
	run_totals tot = {0};
	static md_multi m;
	if (md_multi_init(&m, oracles) != 0 || md_watchdog_start(&m, on_hang) != 0)
		return 2;
	for (int i = 0; i < argc; i++) {
		if (md_cli_load(argv[i], fm, &md_cli_prog) != 0) {
			status = 2;
			tot.unreadable++;
			continue;
		}
		running_file = argv[i];
		md_watch_begin();
		md_multi_run(&md_cli_prog, &m);
		md_watch_end();
		not_port why;
		md_port_verdict pv = port_verdict(&m, &why);
		count(&tot, &m, pv);
		if (pv != MD_PORT_DIVERGES) {
			quiet_verdict(argv[i], &m, pv, &why);
			fflush(stdout);
			continue;
		}
		switch (m.verdict) {
		case MD_DIVERGE:
			printf("DIVERGE  %s\n", argv[i]);
			md_multi_report(stdout, &md_cli_prog, &m);
			if (why.known >= 0) {
				int n;
				printf("known finding %s (%s)\n", md_findings(&n)[why.known].id,
				       md_findings(&n)[why.known].where);
			}
			md_multi_signature(stdout, &md_cli_prog, &m);
			if (status == 0)
				status = 1;
			break;
		case MD_SPEC:
			printf("SPEC     %s\n", argv[i]);
			md_report_spec(stdout, &md_cli_prog, &m.d);
			if (why.known >= 0) {
				int n;
				printf("known finding %s (%s)\n", md_findings(&n)[why.known].id,
				       md_findings(&n)[why.known].where);
			}
			md_multi_signature(stdout, &md_cli_prog, &m);
			if (status == 0)
				status = 1;
			break;
		default:
			break;
		}
		fflush(stdout);
	}
	if (argc > 1)
		print_totals(&tot);
	return status;
}

int cmd_trace(int argc, char **argv)
{
	const char *twin = md_cli_twin(&argc, &argv);
	const char *oracles = md_cli_oracle(&argc, &argv, getenv("MAPDIFF_ORACLE"));
	md_form fm = md_cli_form(&argc, &argv);
	oracles = md_cli_oracle(&argc, &argv, oracles);
	twin = twin ? twin : md_cli_twin(&argc, &argv);
	if (twin)
		return cmd_twin_trace(argc, argv, twin, fm);
	if (argc != 1)
		return usage_error("trace needs one FILE");
	const char *path = argv[0];
	static md_multi m;
	if (md_cli_load(path, fm, &md_cli_prog) != 0 || md_multi_init(&m, oracles) != 0)
		return 2;
	md_verdict v = md_multi_run(&md_cli_prog, &m);
	if (v == MD_SKIPPED) {
		verdict_head("skipped:", path);
		printf(": ");
		md_multi_summary(stdout, &m);
		return 0;
	}
	md_multi_trace(stdout, &md_cli_prog, &m);
	if (m.n > 2)
		md_multi_summary(stdout, &m);
	if (v == MD_DIVERGE || v == MD_SPEC) {
		if (v == MD_SPEC)
			md_report_spec(stdout, &md_cli_prog, &m.d);
		md_multi_signature(stdout, &md_cli_prog, &m);
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

