/*
 * check.h: the tiny test protocol shared by mapdiff's C test programs.
 *
 * A test program runs named tests; each prints exactly one line,
 * "ok <name>" or "FAIL <name>: <why>", and tests/run.sh counts them.
 * A program exits non-zero when any of its tests failed.
 */
#ifndef MAPDIFF_CHECK_H
#define MAPDIFF_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static int check_failed_tests;
static bool check_current_failed;
static const char *check_current;

/* Start a test called name. */
static inline void test_begin(const char *name)
{
	check_current = name;
	check_current_failed = false;
}

/* Record a failure of the current test (only the first is printed). */
static inline void test_fail(const char *fmt, ...)
{
	if (check_current_failed)
		return;
	check_current_failed = true;
	printf("FAIL %s: ", check_current);
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Fail the current test with message when cond is false; returns cond. */
static inline bool check(bool cond, const char *what, int line)
{
	if (!cond)
		test_fail("%s (line %d)", what, line);
	return cond;
}
#define CHECK(cond) check((cond), #cond, __LINE__)

/* End the current test, printing "ok" if nothing failed. */
static inline void test_end(void)
{
	if (check_current_failed)
		check_failed_tests++;
	else
		printf("ok %s\n", check_current);
	fflush(stdout);
}

/* Exit status of a test program. */
static inline int check_exit_status(void)
{
	return check_failed_tests ? 1 : 0;
}

#endif
