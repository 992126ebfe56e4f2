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
 * (compare.h md_compare_opts); `mapdiff run` still shows it.  What the
 * port under test cannot run is skipped before any Go runs, and counted
 * (target.h).
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/target.h"
#include "run/compare.h"
#include "report/report.h"
#include "report/signature.h"
#include "run/multi.h"
#include "run/side.h"

static md_prog prog;
static md_multi sides;
static const char *oracle_flag;

/* Takes -oracle=O (or --oracle=O) from libFuzzer's command line. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	for (int i = 1; i < *argc; i++) {
		const char *a = (*argv)[i];
		if (strncmp(a, "-oracle=", 8) == 0 || strncmp(a, "--oracle=", 9) == 0)
			oracle_flag = strchr(a, '=') + 1;
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		handlers_onstack();
		if (md_multi_init(&sides, oracle_flag ? oracle_flag : getenv("MAPDIFF_ORACLE")) != 0)
			exit(2);
		sides.opts.accept_known = true;
		ready = 1;
	}
	md_decode(data, size, &prog);
	if (md_fuzz_skip(&sides, &prog)) /* the port cannot run it: no Go either */
		return 0;
	md_verdict v = md_multi_run(&prog, &sides);
	md_fuzz_count(&sides);
	if (v == MD_DIVERGE || v == MD_SPEC) {
		if (v == MD_SPEC)
			md_report_spec(stderr, &prog, &sides.d);
		else
			md_multi_report(stderr, &prog, &sides);
		md_multi_signature(stderr, &prog, &sides);
		md_fuzz_found();
	}
	return 0;
}
