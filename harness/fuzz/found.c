/*
 * found.c: how the fuzz target stops on a find (target.h).
 *
 * libFuzzer saves the input when the target dies of a signal: its SIGABRT
 * handler prints "deadly signal", then a stack trace through the
 * sanitizer's __sanitizer_print_stack_trace, then the crash file's name.
 * The trace is always the same (LLVMFuzzerTestOneInput -> abort) and says
 * nothing the report does not; it only buries the signature line.  The
 * sanitizer prints to its report fd, libFuzzer to its own stream, so
 * pointing the sanitizer's fd at /dev/null just before abort() drops the
 * trace (and a sanitizer's own ABRT report, with ASAN_OPTIONS=handle_abort=1)
 * and keeps libFuzzer's lines (MS:, the crash file).  $MAPDIFF_STACKTRACE=1
 * keeps the trace.  Without a sanitizer (the AFL++ target) the weak symbol
 * is absent and nothing changes.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz/target.h"

void __sanitizer_set_report_fd(void *fd) __attribute__((weak));

_Noreturn void md_fuzz_found(void)
{
	const char *want = getenv("MAPDIFF_STACKTRACE");
	fflush(stdout);
	fflush(stderr);
	if (__sanitizer_set_report_fd && !(want && *want && *want != '0')) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			__sanitizer_set_report_fd((void *)(intptr_t)fd);
	}
	abort();
}
