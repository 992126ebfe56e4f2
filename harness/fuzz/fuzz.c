/*
 * fuzz.c: the libFuzzer entry point.
 *
 * bytes -> program -> C port and Go oracle -> comparator.  Silent unless the
 * two sides diverge; then it prints the report and the signature line and
 * aborts, which is the only way this harness ever stops a campaign.
 *
 * The oracles: $MAPDIFF_ORACLE, or a -oracle=O flag (as for mapdiff run
 * --oracle: an id, a comma-separated list, or "all"); the default is the
 * Go linked in.  Other Go toolchains run in helper processes.  The known
 * panic wording difference between Go toolchains is not a divergence here
 * (compare.h md_compare_opts); `mapdiff run` still shows it.
 *
 * With many oracles, each input runs on the port, the Go linked in, the
 * model and one of the Go helpers, picked by the input's bytes
 * (md_multi.rotate; -rotate=N or $MAPDIFF_ROTATE sets how many, 0 for
 * all): a divergence is run again on every oracle before it is judged.
 * A known finding (report/findings.h) is counted (known.h), not reported.
 * What the port under test cannot run is skipped before any Go runs, and
 * counted (target.h), and rejected (-1): libFuzzer keeps it out of its
 * corpus, so a campaign does not drift to map types the port refuses.
 * With -twin=GO (or $MAPDIFF_TWIN) each input runs in lockstep on the
 * port and that classic Go instead (twin.c).
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/target.h"
#include "run/compare.h"
#include "fuzz/known.h"
#include "report/findings.h"
#include "report/report.h"
#include "report/signature.h"
#include "run/multi.h"
#include "run/side.h"
#include "run/watchdog.h"

static md_prog prog;
static md_multi sides;
static const char *oracle_flag;
static const char *rotate_flag;
static const char *twin_flag;

/* Takes -oracle=O (or --oracle=O) from libFuzzer's command line. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	for (int i = 1; i < *argc; i++) {
		const char *a = (*argv)[i];
		if (strncmp(a, "-oracle=", 8) == 0 || strncmp(a, "--oracle=", 9) == 0)
			oracle_flag = strchr(a, '=') + 1;
		if (strncmp(a, "-rotate=", 8) == 0 || strncmp(a, "--rotate=", 9) == 0)
			rotate_flag = strchr(a, '=') + 1;
		if (strncmp(a, "-twin=", 6) == 0 || strncmp(a, "--twin=", 7) == 0)
			twin_flag = strchr(a, '=') + 1;
	}
	return 0;
}

/* The Go runtime runs threads with small signal stacks of its own and needs
 * every handler to run on the alternate stack; add SA_ONSTACK to the
 * handlers libFuzzer installed (after Go's, so Go could not fix them). */
static void handlers_onstack(void)
{
	for (int sig = 1; sig < 32; sig++) {
		struct sigaction sa;
		if (sigaction(sig, NULL, &sa) != 0 || sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN)
			continue;
		if (!(sa.sa_flags & SA_ONSTACK)) {
			sa.sa_flags |= SA_ONSTACK;
			sigaction(sig, &sa, NULL);
		}
	}
}

/* The input's turn among the helpers: FNV-1a of its size and first bytes
 * (the same bytes, the same helpers). */
static uint32_t pick_of(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u ^ (uint32_t)size;
	for (size_t i = 0; i < size && i < 64; i++)
		h = (h ^ data[i]) * 16777619u;
	return h;
}

/* A side that never finishes a program: its report and signature, then
 * abort, as for a divergence; unless the side said the program damaged
 * its process (a known finding: findings.h md_finding_of_taint), whose
 * helper the watchdog has stopped: counted, and the input goes on. */
static void on_hang(const md_multi *m, int side, int op)
{
	int known = side >= 0 && side < m->n && atomic_load(&m->side[side]->pid) > 0
			    ? md_finding_of_taint(m->side[side]) : -1;
	if (known >= 0) {
		md_known_seen(known);
		return;
	}
	md_report_hang(stderr, m->prog, side >= 0 && side < m->n ? m->side[side]->name : "?", op);
	md_fuzz_found();
}

static void setup(void)
{
	handlers_onstack();
	if (!twin_flag && getenv("MAPDIFF_TWIN") && *getenv("MAPDIFF_TWIN"))
		twin_flag = getenv("MAPDIFF_TWIN");
	if (twin_flag) {
		md_fuzz_twin_open(twin_flag);
		return;
	}
	if (md_multi_init(&sides, oracle_flag ? oracle_flag : getenv("MAPDIFF_ORACLE")) != 0)
		exit(2);
	sides.opts.accept_known = true;
	const char *r = rotate_flag ? rotate_flag : getenv("MAPDIFF_ROTATE");
	sides.rotate = r && *r ? atoi(r) : 1;
	if (md_watchdog_start(&sides, on_hang) != 0)
		exit(2);
}

/* Runs the program; a divergence among the picked sides runs again on
 * all of them, unless it is a known finding already.  *known gets the
 * known finding the outcome is, or -1 (matched once, on the final run). */
static md_verdict run_all(const uint8_t *data, size_t size, int *known)
{
	sides.pick = pick_of(data, size);
	md_verdict v = md_multi_run(&prog, &sides);
	*known = v == MD_AGREE || v == MD_SKIPPED ? -1 : md_finding_match(&prog, &sides);
	if (v == MD_AGREE || v == MD_SKIPPED || sides.rotate <= 0 || *known >= 0)
		return v;
	int rotate = sides.rotate;
	sides.rotate = 0;
	v = md_multi_run(&prog, &sides);
	sides.rotate = rotate;
	*known = md_finding_match(&prog, &sides);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		setup();
		ready = 1;
	}
	md_decode_with(data, size, &prog, twin_flag ? NULL : md_port_decode_opts());
	if (twin_flag)
		return md_fuzz_twin(&prog);
	if (md_fuzz_skip(&sides, &prog)) /* the port cannot run it: no Go either, */
		return -1;               /* and libFuzzer keeps it out of the corpus */
	md_watch_begin();
	int known;
	md_verdict v = run_all(data, size, &known);
	md_watch_end();
	md_fuzz_count(&sides);
	if (known >= 0) {
		md_known_seen(known);
		return 0;
	}
	if (v == MD_DIVERGE || v == MD_SPEC) {
		md_known_flush();
		if (v == MD_SPEC)
			md_report_spec(stderr, &prog, &sides.d);
		else
			md_multi_report(stderr, &prog, &sides);
		md_multi_signature(stderr, &prog, &sides);
		md_fuzz_found();
	}
	return sides.group[0] < 0 ? -1 : 0; /* a port that gave up only once it ran (a Go port) */
}
