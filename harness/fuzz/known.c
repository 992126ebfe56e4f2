/* known.c: counting known findings in a fuzz target (known.h). */
#include "fuzz/known.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "report/findings.h"

#define MD_MAX_FINDINGS 64

static uint64_t counts[MD_MAX_FINDINGS];
static uint64_t logged[MD_MAX_FINDINGS];

/* Append finding f's count to $MAPDIFF_KNOWN_LOG in one write (O_APPEND:
 * lines of concurrent jobs do not mix). */
static void log_count(int f)
{
	const char *path = getenv("MAPDIFF_KNOWN_LOG");
	int n;
	const md_finding *all = md_findings(&n);
	if (!path || !*path) {
		fprintf(stderr, "mapdiff: known finding %s seen %llu times (%s)\n", all[f].id,
			(unsigned long long)counts[f], all[f].where);
		return;
	}
	char line[160];
	int len = snprintf(line, sizeof line, "%ld %s %llu\n", (long)getpid(), all[f].id,
			   (unsigned long long)counts[f]);
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd >= 0) {
		if (write(fd, line, (size_t)len) != len) { /* a lost count line: the summary undercounts */
		}
		close(fd);
	}
	logged[f] = counts[f];
}

void md_known_flush(void)
{
	for (int f = 0; f < MD_MAX_FINDINGS; f++)
		if (counts[f] != logged[f])
			log_count(f);
}

void md_known_seen(int f)
{
	static int registered;
	if (f < 0 || f >= MD_MAX_FINDINGS)
		return;
	if (!registered)
		registered = atexit(md_known_flush) == 0;
	uint64_t c = ++counts[f];
	if ((c & (c - 1)) == 0 && getenv("MAPDIFF_KNOWN_LOG"))
		log_count(f);
}
