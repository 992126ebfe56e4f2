/* oracles.c: finding the Go toolchains' helpers (see oracles.h). */
#include <dirent.h>
#include <libgen.h>
#include <limits.h>
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

/* $env, else <the binary's folder>/sub. */
static void side_dir(char *dir, size_t n, const char *env_name, const char *sub)
{
	const char *env = getenv(env_name);
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (env && *env) {
		snprintf(dir, n, "%s", env);
	} else if (len > 0) {
		exe[len] = 0;
		snprintf(dir, n, "%s/%s", dirname(exe), sub);
	} else {
		snprintf(dir, n, "out/%s", sub);
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
	side_dir(dir, sizeof dir, "MAPDIFF_GOPORT_DIR", "goport");
	if (strchr(id, '/') || snprintf(s->path, sizeof s->path, "%s/%s/mapdiff-oracle", dir, id) >= (int)sizeof s->path ||
	    access(s->path, X_OK) != 0) {
		fprintf(stderr, "mapdiff: no Go port '%s' (no %s/%s/mapdiff-oracle): ./build.sh goport DIR builds one\n",
			id, dir, id);
		return -1;
	}
	s->kind = MD_SIDE_GO_PORT;
	s->ops = &md_helper_ops;
	snprintf(s->id, sizeof s->id, "port");
	snprintf(s->name, sizeof s->name, "%.*s", (int)sizeof s->name - 1, id);
	return 0;
}
