/* cmd_oracles.c: mapdiff oracles, and the --oracle option. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "run/multi.h"

const char *md_cli_oracle(int *argc, char ***argv, const char *dflt)
{
	if (*argc > 0 && strncmp((*argv)[0], "--oracle=", 9) == 0) {
		const char *o = (*argv)[0] + 9;
		(*argc)--, (*argv)++;
		return o;
	}
	if (*argc > 1 && strcmp((*argv)[0], "--oracle") == 0) {
		const char *o = (*argv)[1];
		*argc -= 2, *argv += 2;
		return o;
	}
	return dflt;
}

/* Whether the word info[0..n) is a capability (words after the map kind). */
static bool is_cap(const char *w, size_t n)
{
	static const char *const caps[] = {"clear", "noclear", "clone", "noclone"};
	for (size_t j = 0; j < sizeof caps / sizeof caps[0]; j++)
		if (strlen(caps[j]) == n && memcmp(w, caps[j], n) == 0)
			return true;
	return false;
}

/* "gc go1.19.8 classic noclear noclone" -> version "go1.19.8" and the map
 * kind (the word before the capabilities; gccgo's version has spaces). */
static void split_info(const char *info, char *ver, size_t nver, char *kind, size_t nkind)
{
	const char *sp = strchr(info, ' ');
	const char *end = info + strlen(info), *mid = end;
	for (;;) { /* mid: the start of the last word before end */
		mid = end;
		while (mid > info && mid[-1] != ' ')
			mid--;
		if (mid <= info || !is_cap(mid, (size_t)(end - mid)))
			break;
		end = mid - 1;
	}
	snprintf(kind, nkind, "%.*s", (int)(end - mid), mid);
	snprintf(ver, nver, "%.*s", sp && mid > sp + 1 ? (int)(mid - sp - 2) : 0, sp ? sp + 1 : "");
}

/* A helper's toolchain version, from the "version" file build.sh writes
 * next to it ("go1.19.8", "gccgo-12 (Debian 12.2.0-14) 12.2.0"): gccgo's
 * runtime.Version() says only "unknown". */
static void helper_version(const char *path, char *ver, size_t n)
{
	char file[600], line[160];
	const char *slash = strrchr(path, '/');
	if (!slash)
		return;
	snprintf(file, sizeof file, "%.*s/version", (int)(slash - path), path);
	FILE *f = fopen(file, "r");
	if (!f)
		return;
	if (fgets(line, sizeof line, f) && line[0] != '\n') {
		line[strcspn(line, "\n")] = 0;
		snprintf(ver, n, "%.*s", (int)n - 1, line);
	}
	fclose(f);
}

/* Where a side runs, as the listing says it. */
static const char *where(const md_side *s)
{
	switch (s->kind) {
	case MD_SIDE_GO_HELPER: return s->path;
	case MD_SIDE_MODEL: return "(in process, impl/model.c)";
	default: return "(in process)";
	}
}

int cmd_oracles(int argc, char **argv)
{
	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "mapdiff: bad command line: oracles takes no arguments (see mapdiff --help)\n");
		return 2;
	}
	md_side *list;
	int n = md_sides(&list), status = 0;
	printf("%-9s %-43s %-8s %-6s %-6s %-10s %s\n", "id", "version", "map", "clear", "clone", "structure", "where");
	for (int i = 1; i < n; i++) { /* list[0] is the port under test */
		md_side *o = &list[i];
		if (md_side_open(o) != 0) {
			printf("%-10s (cannot start: %s)\n", o->id, o->path);
			status = 1;
			continue;
		}
		char ver[160], kind[32];
		split_info(o->info, ver, sizeof ver, kind, sizeof kind);
		helper_version(o->path, ver, sizeof ver);
		/* the oracle reads B and the grow state from the classic hmap
		 * header (oracle/shape_classic.go) */
		printf("%-9s %-43s %-8s %-6s %-6s %-10s %s\n", o->id, ver, kind,
		       o->lacks & MD_NEED_CLEAR ? "no" : "yes", o->lacks & MD_NEED_CLONE ? "no" : "yes",
		       strcmp(kind, "classic") == 0 ? "yes" : "no", where(o));
	}
	return status;
}
