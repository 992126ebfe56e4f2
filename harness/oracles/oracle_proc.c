/* oracle_proc.c: the parent's end of an oracle helper (see oracle_proc.h). */
#include "oracles/oracle_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* An oracle: coverage feedback comes from the port under test, not from
 * here (the Go oracles are not instrumented either). */
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
#endif

extern char **environ;

typedef struct proc {
	md_side *side;
	md_shm *shm;
	int sock;      /* -1 once the helper is gone */
	int pending;   /* a program was sent and its answer not read */
	int respawns;  /* helpers started after one died */
	int retired;   /* the helper exited on purpose (a tainted Go port): start another */
	pid_t pid;
	char path[512];
} proc;

static int spawn(proc *o, const char *path);

static int xfer(int fd, char *c, int out)
{
	for (;;) {
		ssize_t n = out ? send(fd, c, 1, MSG_NOSIGNAL) : recv(fd, c, 1, 0);
		if (n == 1)
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		return -1;
	}
}

#define MD_RESPAWNS 8

/* The helper is gone: this program is skipped on it; the next one starts
 * a new helper (at most MD_RESPAWNS times). */
static void gone(proc *o, const char *why)
{
	fprintf(stderr, "mapdiff: oracle %s: %s; skipped for this program%s\n", o->side->name, why,
		o->respawns < MD_RESPAWNS ? "" : " and from now on");
	close(o->sock);
	munmap(o->shm, sizeof(md_shm));
	waitpid(o->pid, NULL, WNOHANG);
	atomic_store_explicit(&o->side->pid, 0, memory_order_relaxed);
	o->shm = NULL;
	o->sock = -1;
	o->pending = 0;
}

/* The helper answered its program and exited on purpose (a Go port whose
 * library tainted the process, goport.Taint): the next program starts a
 * fresh one, which is no failure (not counted in respawns). */
static void retire_helper(proc *o)
{
	close(o->sock);
	munmap(o->shm, sizeof(md_shm));
	waitpid(o->pid, NULL, 0);
	atomic_store_explicit(&o->side->pid, 0, memory_order_relaxed);
	o->shm = NULL;
	o->sock = -1;
	o->retired = 1;
}

/* Copy the used part of p into the shared program. */
static void put_prog(md_prog *dst, const md_prog *p)
{
	uint32_t nops = p->nops < MD_MAX_OPS ? p->nops : MD_MAX_OPS;
	uint32_t nkeys = p->nkeys < MD_MAX_KEYS ? p->nkeys : MD_MAX_KEYS;
	uint32_t nkb = p->nkeybytes < MD_KEYBYTES ? p->nkeybytes : MD_KEYBYTES;
	memcpy(dst, p, offsetof(md_prog, ops));
	memcpy(dst->ops, p->ops, nops * sizeof p->ops[0]);
	memcpy(dst->keys, p->keys, nkeys * sizeof p->keys[0]);
	dst->nvals = p->nvals < MD_MAX_VALS ? p->nvals : MD_MAX_VALS;
	memcpy(dst->vals, p->vals, dst->nvals * sizeof p->vals[0]);
	memcpy(dst->keybytes, p->keybytes, nkb);
}

/* The twin's inputs (run/twin.h). */
static void put_twin(md_twin *dst, const md_twin *tw)
{
	dst->dump_op = tw->dump_op;
	memcpy(dst->seeds, tw->seeds, sizeof tw->seeds);
	memcpy(dst->iters, tw->iters, sizeof tw->iters);
}

/* The twin's record: the used part. */
static void get_twin(md_twin *tw, const md_twin *x, uint32_t nops)
{
	memcpy(&tw->status, &x->status, offsetof(md_twin, lay) - offsetof(md_twin, status));
	memcpy(tw->lay, x->lay, nops * sizeof x->lay[0]);
	memcpy(tw->ord, x->ord, nops * sizeof x->ord[0]);
	uint64_t nhash = (uint64_t)x->nseeds * x->nkeys;
	memcpy(tw->hash, x->hash, (nhash < MD_TWIN_HASHES ? nhash : MD_TWIN_HASHES) * sizeof x->hash[0]);
	tw->dump_len = x->dump_len < MD_TWIN_DUMP ? x->dump_len : MD_TWIN_DUMP;
	memcpy(tw->dump, x->dump, tw->dump_len);
}

static int proc_start(md_side *s, const md_prog *p, md_results *r)
{
	proc *o = s->state;
	if (o->sock < 0 && o->retired) {
		o->retired = 0;
		if (spawn(o, o->path) != 0)
			return -1;
	}
	if (o->sock < 0 && (o->respawns >= MD_RESPAWNS || (o->respawns++, spawn(o, o->path) != 0)))
		return -1;
	put_prog(&o->shm->prog, p);
	o->shm->taint[0] = 0;
	o->shm->detail_op = r->detail_op;
	o->shm->entries_cap = r->entries && r->detail_op >= 0
		? (r->entries_cap < MD_SHM_ENTRIES ? r->entries_cap : MD_SHM_ENTRIES) : 0;
	o->shm->twin_on = r->twin != NULL;
	if (r->twin)
		put_twin(&o->shm->twin, r->twin);
	char c = 'P';
	if (xfer(o->sock, &c, 1) != 0) {
		gone(o, "cannot send it a program");
		return -1;
	}
	o->pending = 1;
	return 0;
}

/* Copy the used part of the shared results into r: the header (but r's
 * own entries buffer), then the used part of each arena. */
static void get_results(md_results *r, const md_results *x, const uint8_t *entries)
{
	uint8_t *mine = r->entries;
	uint32_t cap = r->entries_cap;
	int32_t detail = r->detail_op;
	struct md_twin *twin = r->twin;
	memcpy(r, x, offsetof(md_results, res));
	r->entries = mine, r->entries_cap = cap, r->detail_op = detail, r->twin = twin;
	r->nres = x->nres < MD_MAX_OPS ? x->nres : MD_MAX_OPS;
	r->nmsg = x->nmsg < MD_MSG_ARENA ? x->nmsg : MD_MSG_ARENA;
	r->it_len = x->it_len < MD_IT_ARENA ? x->it_len : MD_IT_ARENA;
	memcpy(r->res, x->res, r->nres * sizeof r->res[0]);
	memcpy(r->msg, x->msg, r->nmsg);
	memcpy(r->it, x->it, r->it_len);
	r->nentries = r->entries_len = 0;
	if (mine && detail >= 0) {
		r->entries_len = x->entries_len < cap ? x->entries_len : cap;
		r->nentries = x->nentries;
		memcpy(mine, entries, r->entries_len);
	}
}

static int proc_run(md_side *s, const md_prog *p, md_results *r)
{
	proc *o = s->state;
	if (!o->pending && proc_start(s, p, r) != 0)
		return -1;
	char c;
	o->pending = 0;
	int died = xfer(o->sock, &c, 0) != 0;
	/* why the program tainted the helper (goport.Taint), if it did */
	snprintf(s->taint, sizeof s->taint, "%.*s", (int)sizeof s->taint - 1, o->shm->taint);
	if (died && s->taint[0]) { /* after the damage it announced: no failure */
		snprintf(s->skip, sizeof s->skip, "its helper died after the program tainted it");
		retire_helper(o);
		return -1;
	}
	if (died) {
		gone(o, "the helper process died");
		return -1;
	}
	if (o->shm->rc != 0) {
		/* a runner that declines p may say why (a Go port's contract) */
		md_results_reason(&o->shm->res, s->skip, sizeof s->skip);
		if (c == 'X')
			retire_helper(o);
		return -1;
	}
	get_results(r, &o->shm->res, o->shm->entries);
	if (r->twin)
		get_twin(r->twin, &o->shm->twin, r->nres);
	if (c == 'X')
		retire_helper(o);
	return 0;
}

/* Start the helper: shared memory, a socket, posix_spawn, its ready byte. */
static int spawn(proc *o, const char *path)
{
	int fd = memfd_create("mapdiff-oracle", 0), sv[2] = {-1, -1}, ok = 0, rc = -1;
	char c;
	o->sock = -1;
	o->shm = MAP_FAILED;
	o->pid = 0;
	if (fd >= 0 && ftruncate(fd, sizeof(md_shm)) == 0)
		o->shm = mmap(NULL, sizeof(md_shm), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (o->shm != MAP_FAILED && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0) {
		char a1[16], a2[16];
		snprintf(a1, sizeof a1, "%d", fd);
		snprintf(a2, sizeof a2, "%d", sv[1]);
		char *argv[] = {(char *)path, "--serve", a1, a2, NULL};
		fcntl(sv[1], F_SETFD, 0);
		rc = posix_spawn(&o->pid, path, NULL, NULL, argv, environ);
		close(sv[1]);
		o->sock = sv[0];
		ok = rc == 0 && xfer(o->sock, &c, 0) == 0;
	}
	if (ok && o->shm->layout != MD_SHM_LAYOUT) {
		fprintf(stderr, "mapdiff: %s was built from other headers: rebuild it (./build.sh)\n", path);
		ok = 0;
	}
	if (fd >= 0)
		close(fd);
	atomic_store_explicit(&o->side->pid, ok ? (int)o->pid : 0, memory_order_relaxed);
	if (!ok) {
		if (o->sock >= 0)
			close(o->sock);
		if (o->shm != MAP_FAILED)
			munmap(o->shm, sizeof(md_shm));
		if (rc == 0)
			waitpid(o->pid, NULL, 0);
		o->sock = -1;
		o->shm = NULL;
	}
	return ok ? 0 : -1;
}

/* Start the helper at s->path; s->info gets its MapdiffOracleInfo line. */
static int proc_open(md_side *s)
{
	proc *o = calloc(1, sizeof *o);
	if (!o)
		return fprintf(stderr, "mapdiff: oracle %s: out of memory\n", s->name), -1;
	o->sock = -1;
	o->side = s;
	snprintf(o->path, sizeof o->path, "%s", s->path);
	if (spawn(o, s->path) != 0) {
		fprintf(stderr, "mapdiff: cannot start oracle %s (%s)\n", s->name, s->path);
		free(o);
		return -1;
	}
	snprintf(s->info, sizeof s->info, "%.*s", MD_SHM_INFO - 1, o->shm->info);
	s->state = o;
	return 0;
}

const md_side_ops md_helper_ops = {.open = proc_open, .start = proc_start, .run = proc_run};

const char *md_helper_taint_now(const md_side *s)
{
	const proc *o = s->state;
	return o && o->shm ? o->shm->taint : "";
}

#if defined(__clang__)
#pragma clang attribute pop
#endif
