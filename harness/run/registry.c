/*
 * registry.c: the one registry of sides (see side.h).
 *
 * The list is made once: the port under test (the Go port $MAPDIFF_PORT
 * names, else a Go port linked in, else the linked-in C port), the Go linked in, each Go
 * toolchain's helper found under the oracle folder (oracles/oracles.h),
 * the model.  The port's colliding run (md_side_collide) is a side of
 * its own, outside the list: never an oracle, multi.c runs it with the
 * port.  A side is opened (its executor allocated, its helper
 * started) only when a run asks for it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracles/oracles.h"
#include "run/multi.h"

/* A port linked in by its author (docs/PORTING.md); weak: absent is NULL. */
extern const mapport mapdiff_port_under_test __attribute__((weak));

static void add_port(md_side *s, md_side_kind kind, const char *id, const mapport *port)
{
	s->kind = kind;
	s->ops = &md_exec_ops;
	s->port = port;
	snprintf(s->id, sizeof s->id, "%s", id);
	snprintf(s->name, sizeof s->name, "%.*s", (int)sizeof s->name - 1, port->name);
}

const char *md_goport_under_test(void)
{
	const char *id = getenv("MAPDIFF_PORT");
	return id && *id ? id : md_linked_goport_id();
}

int md_sides(md_side **out)
{
	static md_side list[MD_MAX_SIDES];
	static int n;
	if (n == 0) {
		const char *goport = md_goport_under_test();
		if (goport) {
			if (md_find_goport(&list[n++], goport) != 0)
				exit(2);
		} else {
			add_port(&list[n++], MD_SIDE_PORT, "port",
				 &mapdiff_port_under_test != NULL ? &mapdiff_port_under_test : &classic_port);
		}
		md_linked_go_describe(&list[n++]);
		n += md_find_helpers(list + n, MD_MAX_SIDES - 1 - n, list[1].id);
		add_port(&list[n++], MD_SIDE_MODEL, "model", &model_port);
		snprintf(list[n - 1].info, sizeof list[n - 1].info, "model - array clear clone");
	}
	*out = list;
	return n;
}

md_side *md_side_find(const char *id, size_t len)
{
	md_side *list;
	int n = md_sides(&list);
	for (int i = 0; i < n; i++)
		if (strlen(list[i].id) == len && memcmp(list[i].id, id, len) == 0)
			return &list[i];
	return NULL;
}

/* What a port's table leaves NULL (MD_NEED_*); the executor says so too. */
static uint32_t port_lacks(const mapport *port)
{
	return (port->clear ? 0 : MD_NEED_CLEAR) | (port->clone ? 0 : MD_NEED_CLONE);
}

int md_side_open(md_side *s)
{
	if (!s->opened) {
		s->opened = true;
		if (s->ops->open(s) != 0) {
			s->ops = NULL;
			return -1;
		}
		s->lacks = s->port ? port_lacks(s->port) : md_side_lacks_of(s->info);
	}
	return s->ops ? 0 : -1;
}

md_side *md_side_port(void)
{
	md_side *list;
	md_sides(&list);
	return md_side_open(&list[0]) == 0 ? &list[0] : NULL;
}

md_side *md_side_collide(void)
{
	static md_side c; /* not in the list: never an oracle, never listed */
	md_side *list;
	md_sides(&list);
	const char *env = getenv("MAPDIFF_COLLIDE");
	if (list[0].kind != MD_SIDE_PORT || !list[0].port->set_weak_hash || (env && strcmp(env, "0") == 0))
		return NULL;
	if (!c.collide) {
		add_port(&c, MD_SIDE_PORT, "port-collide", list[0].port);
		snprintf(c.name, sizeof c.name, "%.*s, keys colliding", 14, list[0].port->name);
		c.collide = true;
	}
	return md_side_open(&c) == 0 ? &c : NULL;
}

md_side *md_side_go(void)
{
	md_side *list;
	md_sides(&list);
	return md_side_open(&list[1]) == 0 ? &list[1] : NULL;
}

int md_side_run(md_side *s, const md_prog *p, md_results *r, int32_t detail_op)
{
	md_results_reset(r, detail_op);
	s->skip[0] = 0;
	s->taint[0] = 0;
	return s->ops->run(s, p, r);
}

int md_side_check(md_side *s, const md_prog *p)
{
	s->skip[0] = 0;
	return s->ops->check ? s->ops->check(s, p) : 0;
}

bool md_side_is_go(const md_side *s)
{
	return s->kind == MD_SIDE_GO_LINKED || s->kind == MD_SIDE_GO_HELPER;
}

/* Whether info has the word w. */
static bool has_word(const char *info, const char *w)
{
	size_t n = strlen(w);
	for (const char *s = strstr(info, w); s; s = strstr(s + 1, w))
		if ((s == info || s[-1] == ' ') && (s[n] == ' ' || s[n] == 0))
			return true;
	return false;
}

/* The capabilities are words after the map kind: "noclear" (clear is
 * assumed), "clone" (else it is lacking: a helper built before clone). */
uint32_t md_side_lacks_of(const char *info)
{
	return (has_word(info, "noclear") ? MD_NEED_CLEAR : 0) | (has_word(info, "clone") ? 0 : MD_NEED_CLONE);
}

/* The scalar kinds info's "keys=K,K,..." names (1 << kind), 0 for none. */
static uint32_t declared_keys(const char *info)
{
	const char *s = strstr(info, " keys=");
	uint32_t kinds = 0;
	if (!s)
		return 0;
	for (s += 6; *s && *s != ' ';) {
		size_t n = strcspn(s, ", ");
		for (int k = 0; k < GO_NSCALAR; k++)
			if (strlen(gotype_scalars[k].name) == n && memcmp(gotype_scalars[k].name, s, n) == 0)
				kinds |= 1u << k;
		s += n + (s[n] == ',');
	}
	return kinds;
}

const md_decode_opts *md_port_decode_opts(void)
{
	static md_decode_opts o;
	static int state; /* 0 not asked, 1 none, 2 o */
	const char *env = getenv("MAPDIFF_PORT_TYPES");
	if (state == 0) {
		state = 1;
		if (env && *env && strcmp(env, "0") != 0) {
			md_side *s = md_side_port();
			o.keykinds = s ? declared_keys(s->info) : 0;
			if (!o.keykinds || !has_word(s->info, "vals=int64")) {
				fprintf(stderr, "mapdiff: --port-types: the port under test declares no map types "
						"(a Go port does: --port ID)\n");
				exit(2);
			}
			o.int64_vals = true;
			o.no_clone = (s->lacks & MD_NEED_CLONE) != 0;
			state = 2;
		}
	}
	return state == 2 ? &o : NULL;
}
