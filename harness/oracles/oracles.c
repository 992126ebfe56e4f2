/* oracles.c: finding the Go toolchains' helpers (see oracles.h). */
#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oracles/oracles.h"

void md_oracle_name_of_id(md_side *o)
{
	memcpy(o->name, o->id, sizeof o->name);
	o->name[sizeof o->name - 1] = 0;
	char *dash = strchr(o->name, '-');
	if (dash)
		*dash = ' ';
}

/* The folder of this binary ("out" when /proc does not say). */
static void exe_dir(char *dir, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[len > 0 ? len : 0] = 0;
	snprintf(dir, n, "%s", len > 0 ? dirname(exe) : "out");
}

/* $env, else <the binary's folder>/sub. */
static void side_dir(char *dir, size_t n, const char *env_name, const char *sub)
{
	const char *env = getenv(env_name);
	size_t len;
	if (env && *env) {
		snprintf(dir, n, "%s", env);
	} else {
		exe_dir(dir, n);
		len = strlen(dir);
		snprintf(dir + len, n - len, "/%s", sub);
	}
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const md_side *)a)->id, ((const md_side *)b)->id);
}

int md_find_helpers(md_side *list, int max, const char *linked)
{
	char dir[PATH_MAX];
	side_dir(dir, sizeof dir, "MAPDIFF_ORACLE_DIR", "oracle");
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while (d && n < max && (e = readdir(d)) != NULL) {
		md_side *o = &list[n];
		if (e->d_name[0] == '.' || strcmp(e->d_name, linked) == 0 ||
		    snprintf(o->path, sizeof o->path, "%s/%s/mapdiff-oracle", dir, e->d_name) >= (int)sizeof o->path ||
		    access(o->path, X_OK) != 0)
			continue;
		snprintf(o->id, sizeof o->id, "%.*s", (int)sizeof o->id - 1, e->d_name);
		md_oracle_name_of_id(o);
		o->kind = MD_SIDE_GO_HELPER;
		o->ops = &md_helper_ops;
		n++;
	}
	if (d)
		closedir(d);
	qsort(list, (size_t)n, sizeof *list, by_id);
	return n;
}

int md_find_goport(md_side *s, const char *id)
{
	char dir[PATH_MAX];
	const char *linked = md_linked_goport_id(), *inproc = getenv("MAPDIFF_GOPORT_INPROC");
	bool mine = linked && strcmp(linked, id) == 0, here = mine && !(inproc && strcmp(inproc, "0") == 0);
	if (mine) { /* its helper is the one beside this binary */
		exe_dir(dir, sizeof dir);
		if (snprintf(s->path, sizeof s->path, "%s/mapdiff-oracle", dir) >= (int)sizeof s->path)
			s->path[0] = 0;
	} else {
		side_dir(dir, sizeof dir, "MAPDIFF_GOPORT_DIR", "goport");
		if (strchr(id, '/') ||
		    snprintf(s->path, sizeof s->path, "%s/%s/mapdiff-oracle", dir, id) >= (int)sizeof s->path)
			s->path[0] = 0;
	}
	if (!s->path[0] || access(s->path, X_OK) != 0) {
		fprintf(stderr, "mapdiff: no Go port '%s' (no %s): ./build.sh goport DIR builds one\n", id,
			s->path[0] ? s->path : id);
		return -1;
	}
	s->kind = MD_SIDE_GO_PORT;
	s->ops = here ? &md_goport_linked_ops : &md_helper_ops;
	snprintf(s->id, sizeof s->id, "port");
	snprintf(s->name, sizeof s->name, "%.*s", (int)sizeof s->name - 1, id);
	return 0;
}
