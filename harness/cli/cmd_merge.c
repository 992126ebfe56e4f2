/*
 * cmd_merge.c: mapdiff merge OUTDIR DIR... [--target BIN]
 *
 * Keeps a corpus small: libFuzzer's -merge=1 on the fuzz target copies into
 * OUTDIR the fewest inputs of the DIRs (OUTDIR's own first) that reach all
 * their coverage.  Prints "merge: N inputs -> M in OUTDIR".
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz/campaign.h"
#include "cli/cli.h"

int cmd_merge(int argc, char **argv)
{
	static char target[PATH_MAX + 16];
	char *dirs[64];
	int nd = 0;
	const char *tgt = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--target") == 0 && i + 1 < argc)
			tgt = argv[++i];
		else if (argv[i][0] == '-' || nd == 62)
			return fprintf(stderr, "mapdiff: bad command line: merge: unknown option or too many DIRs\n"), 2;
		else
			dirs[nd++] = argv[i];
	}
	if (nd < 2)
		return fprintf(stderr, "mapdiff: bad command line: merge needs OUTDIR and at least one DIR\n"), 2;
	if (!tgt) {
		ssize_t n = readlink("/proc/self/exe", target, PATH_MAX - 1);
		target[n > 0 ? n : 0] = 0;
		char *slash = strrchr(target, '/');
		strcpy(slash ? slash + 1 : target, "mapdiff-fuzz");
		tgt = target;
	}
	if (access(tgt, X_OK) != 0)
		return fprintf(stderr, "mapdiff: %s: no such fuzz target (run ./build.sh)\n", tgt), 2;
	long before = 0;
	for (int i = 1; i < nd; i++)
		before += md_count_files(dirs[i]);
	if (md_mkdirs(dirs[0]) != 0)
		return fprintf(stderr, "mapdiff: %s: cannot create\n", dirs[0]), 2;
	/* no -max_len: libFuzzer then keeps every input whole */
	char *args[72] = {(char *)tgt, "-merge=1", "-timeout=25"};
	int n = 3;
	for (int i = 0; i < nd; i++)
		args[n++] = dirs[i];
	args[n] = NULL;
	char logp[PATH_MAX + 16];
	snprintf(logp, sizeof logp, "%s.merge.log", dirs[0]);
	FILE *log = fopen(logp, "w");
	pid_t pid = log ? md_spawn(args, NULL, fileno(log), NULL) : -1;
	if (log)
		fclose(log);
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return fprintf(stderr, "mapdiff: merge: %s failed (see %s)\n", tgt, logp), 2;
	printf("merge: %ld inputs -> %ld in %s\n", before, md_count_files(dirs[0]), dirs[0]);
	return 0;
}
