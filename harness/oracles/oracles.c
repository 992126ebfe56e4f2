/*
 * oracles.c: the oracles this binary can use, and the port under test.
 *
 * The Go linked into the binary runs in process; every other toolchain's
 * oracle is a helper under the oracle folder (MAPDIFF_ORACLE_DIR, else
 * oracle/ next to the binary): <dir>/<id>/mapdiff-oracle, built by
 * build.sh.  The model (impl/model.c) always exists.
 */
#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/multi.h"
#include "oracles/oracle_proc.h"

extern int MapdiffOracleRun(md_prog *p, md_results *r);
extern int MapdiffOracleInfo(char *buf, int n);

/* A port linked in by its author (docs/PORTING.md); weak: absent is NULL. */
extern const mapport mapdiff_port_under_test __attribute__((weak));

md_side *md_side_port(void)
{
	static md_side s = {.run = md_exec_port};
	if (&mapdiff_port_under_test == NULL)
		return md_side_cport();
	s.name = mapdiff_port_under_test.name;
	s.port = &mapdiff_port_under_test;
	return &s;
}

static int run_linked_go(md_side *s, const md_prog *p, md_results *r)
{
	(void)s;
	return MapdiffOracleRun((md_prog *)p, r) == 0 ? 0 : -1;
}

/* What an info line ("gc go1.19.8 classic noclear") says the Go lacks. */
static uint32_t lacks_of(const char *info)
{
	size_t n = strlen(info);
	return n >= 8 && strcmp(info + n - 8, " noclear") == 0 ? MD_NEED_CLEAR : 0;
}

/* "gc-1.26" from "gc go1.26.8 ...". */
static void id_of_linked(const char *info, char *id, size_t n)
{
	char comp[16] = "go";
	int major = 0, minor = 0;
	if (sscanf(info, "%15s go%d.%d", comp, &major, &minor) == 3)
		snprintf(id, n, "%s-%d.%d", comp, major, minor);
	else
		snprintf(id, n, "%s", comp);
}

/* "gc 1.19" from "gc-1.19". */
static void name_of_id(md_oracle *o)
{
	memcpy(o->name, o->id, sizeof o->name);
	o->name[sizeof o->name - 1] = 0;
	char *dash = strchr(o->name, '-');
	if (dash)
		*dash = ' ';
}

static void oracle_dir(char *dir, size_t n)
{
	const char *env = getenv("MAPDIFF_ORACLE_DIR");
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (env && *env) {
		snprintf(dir, n, "%s", env);
	} else if (len > 0) {
		exe[len] = 0;
		snprintf(dir, n, "%s/oracle", dirname(exe));
	} else {
		snprintf(dir, n, "out/oracle");
	}
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const md_oracle *)a)->id, ((const md_oracle *)b)->id);
}

/* Helpers under the oracle folder, sorted by id, at list[from..); returns the new count. */
static int find_helpers(md_oracle *list, int from, int max)
{
	char dir[PATH_MAX];
	oracle_dir(dir, sizeof dir);
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = from;
	while (d && n < max && (e = readdir(d)) != NULL) {
		md_oracle *o = &list[n];
		if (e->d_name[0] == '.' || strcmp(e->d_name, list[0].id) == 0 ||
		    snprintf(o->path, sizeof o->path, "%s/%s/mapdiff-oracle", dir, e->d_name) >= (int)sizeof o->path ||
		    access(o->path, X_OK) != 0)
			continue;
		snprintf(o->id, sizeof o->id, "%.*s", (int)sizeof o->id - 1, e->d_name);
		name_of_id(o);
		n++;
	}
	if (d)
		closedir(d);
	qsort(list + from, (size_t)(n - from), sizeof *list, by_id);
	return n;
}

int md_oracles(md_oracle **out)
{
	static md_oracle list[MD_MAX_SIDES];
	static int n;
	if (n == 0) {
		md_oracle *g = &list[n++];
		MapdiffOracleInfo(g->info, sizeof g->info);
		id_of_linked(g->info, g->id, sizeof g->id);
		name_of_id(g);
		snprintf(g->path, sizeof g->path, "(in process)");
		n = find_helpers(list, n, MD_MAX_SIDES - 2);
		md_oracle *m = &list[n++];
		snprintf(m->id, sizeof m->id, "model");
		snprintf(m->name, sizeof m->name, "model");
		snprintf(m->path, sizeof m->path, "(in process, impl/model.c)");
		snprintf(m->info, sizeof m->info, "model - array clear");
	}
	*out = list;
	return n;
}

md_side *md_oracle_open(md_oracle *o)
{
	if (o->side)
		return o->side;
	md_side *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->name = o->name;
	if (strcmp(o->id, "model") == 0) {
		s->port = &model_port;
		s->run = md_exec_port;
	} else if (strcmp(o->path, "(in process)") == 0) {
		s->run = run_linked_go;
	} else {
		free(s);
		s = md_oracle_proc(o->path, o->name, o->info, sizeof o->info);
		if (!s)
			return NULL;
	}
	s->lacks = lacks_of(o->info);
	return o->side = s;
}
