/*
 * fuzz.c: the libFuzzer entry point.
 *
 * bytes -> program -> C port and Go oracle -> comparator.  Silent unless the
 * two sides diverge; then it prints the report and the signature line and
 * aborts, which is the only way this harness ever stops a campaign.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "compare.h"
#include "report.h"
#include "side.h"

static md_prog prog;
static md_results res_c, res_go;

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
		ready = 1;
	}
	md_decode(data, size, &prog);
	md_side *c = md_side_cport(), *g = md_side_go();
	md_diff d;
	if (md_diff_run(&prog, c, &res_c, g, &res_go, &d) == MD_DIVERGE) {
		md_report(stderr, &prog, c, &res_c, g, &res_go, &d);
		md_signature(stderr, &d);
		abort();
	}
	return 0;
}
