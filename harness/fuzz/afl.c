/*
 * afl.c: the AFL++ driver, persistent mode with shared-memory test cases.
 *
 * It runs the same entry point as libFuzzer (LLVMFuzzerTestOneInput in
 * fuzz.c, linked beside it), so both engines share one per-input path and
 * one way of making signal handlers SA_ONSTACK.
 *
 * Fork before Go: the Go oracle is a c-archive whose runtime starts (and
 * spawns threads) from an unprioritised .init_array constructor
 * (_rt0_amd64_linux_lib).  AFL++ 4.04c's own fork-server constructor
 * (__afl_auto_init) is unprioritised too and the linker puts it AFTER Go's,
 * so left alone the fork server would fork a process whose Go threads do
 * not exist in the child.  Instead the fork server is deferred (__AFL_INIT)
 * and started from fork_before_go below, a constructor WITH a priority:
 * prioritised constructors run before every unprioritised one, after
 * afl-compiler-rt's own (shared memory, guard setup: lower priorities).  So
 * the fork-server parent is single-threaded and never runs Go; each forked
 * child runs the remaining constructors (Go's runtime starts there) and
 * main's persistent loop.  tests/t_afl.sh checks the parent's thread count
 * during a real run.
 *
 * Without AFL (no shared memory) it reads one input from stdin, or runs
 * each FILE given on the command line once: `mapdiff-afl crash-file`.
 * An -oracle=O argument is taken as by the libFuzzer target.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

__AFL_FUZZ_INIT();

__attribute__((constructor(1000))) static void fork_before_go(void)
{
	__AFL_INIT();
}

static int run_files(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-') /* -oracle=..., taken by LLVMFuzzerInitialize */
			continue;
		size_t n;
		uint8_t *b = md_cli_read(argv[i], &n);
		if (!b)
			return 2;
		LLVMFuzzerTestOneInput(b, n);
		free(b);
	}
	return 0;
}

int main(int argc, char **argv)
{
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '-')
			return run_files(argc, argv);
	const uint8_t *buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(100000)) {
		size_t len = __AFL_FUZZ_TESTCASE_LEN;
		LLVMFuzzerTestOneInput(buf, len);
	}
	return 0;
}
