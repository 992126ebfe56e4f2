/* known_log.c: a campaign's tally of known findings, from the targets' log (known.h). */
#include <stdio.h>
#include <string.h>

#include "fuzz/campaign.h"
#include "report/findings.h"

#define MAX_PROCS 4096

/* The last count each process logged for finding id, summed over processes. */
static unsigned long long tally(const char *log, const char *id)
{
	static long pids[MAX_PROCS];
	static unsigned long long last[MAX_PROCS];
	int n = 0;
	FILE *f = fopen(log, "r");
	if (!f)
		return 0;
	char line[256], name[128];
	long pid;
	unsigned long long c;
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "%ld %127s %llu", &pid, name, &c) != 3 || strcmp(name, id) != 0)
			continue;
		int i = 0;
		while (i < n && pids[i] != pid)
			i++;
		if (i == n && n < MAX_PROCS)
			pids[n++] = pid, last[i] = 0;
		if (i < n && c > last[i])
			last[i] = c;
	}
	fclose(f);
	unsigned long long sum = 0;
	for (int i = 0; i < n; i++)
		sum += last[i];
	return sum;
}

int md_known_summary(FILE *out, const char *log)
{
	int n, seen = 0;
	const md_finding *all = md_findings(&n);
	for (int i = 0; i < n; i++) {
		unsigned long long c = tally(log, all[i].id);
		if (c)
			fprintf(out, "known finding: %s, seen in at least %llu input%s (crashes/%s.txt; %s)\n", all[i].id, c,
				c == 1 ? "" : "s", all[i].id, all[i].where);
		seen += c > 0;
	}
	return seen;
}
