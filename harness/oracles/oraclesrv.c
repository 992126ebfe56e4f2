/*
 * oraclesrv.c: main of an oracle helper process (see oracle_proc.h).
 *
 *   mapdiff-oracle --serve SHMFD SOCKFD   serve programs until EOF
 *   mapdiff-oracle --info                 print MapdiffOracleInfo
 *   mapdiff-oracle --repro                a Go port's reproducer source
 *                                         (MapdiffGoportRepro, goport/serve)
 *
 * Linked with one toolchain's oracle archive (out/oracle/<id>/).
 */
#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "oracles/oracle_proc.h"

extern int MapdiffOracleRun(md_prog *p, md_results *r);
extern int MapdiffOracleInfo(char *buf, int n);
/* Only a Go port's helper (goport/serve) defines them. */
extern int MapdiffGoportRepro(char *buf, int n) __attribute__((weak));
extern int MapdiffGoportRestart(void) __attribute__((weak));
extern void MapdiffGoportTaintTo(char *buf, int n) __attribute__((weak));

static int xfer(int fd, char *c, int out)
{
	for (;;) {
		ssize_t n = out ? write(fd, c, 1) : read(fd, c, 1);
		if (n == 1)
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		return -1;
	}
}

static int serve(int shmfd, int sock)
{
	md_shm *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED, shmfd, 0);
	if (s == MAP_FAILED)
		return 1;
	close(shmfd);
	MapdiffOracleInfo(s->info, MD_SHM_INFO);
	if (MapdiffGoportTaintTo) /* a Go port: goport.Taint writes s->taint */
		MapdiffGoportTaintTo(s->taint, sizeof s->taint);
	s->layout = MD_SHM_LAYOUT;
	char c = 'R';
	if (xfer(sock, &c, 1) != 0)
		return 1;
	while (xfer(sock, &c, 0) == 0) {
		md_results *r = &s->res;
		r->entries = s->entries_cap ? s->entries : NULL;
		r->entries_cap = s->entries_cap;
		r->twin = s->twin_on ? &s->twin : NULL;
		md_results_reset(r, s->detail_op);
		s->rc = MapdiffOracleRun(&s->prog, r);
		r->entries = NULL;
		r->twin = NULL;
		/* a Go port that tainted this process: reply 'X' and exit, the
		 * parent starts a fresh helper for the next program */
		bool restart = MapdiffGoportRestart && MapdiffGoportRestart();
		c = restart ? 'X' : 'R';
		if (xfer(sock, &c, 1) != 0 || restart)
			break;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--info") == 0) {
		char info[MD_SHM_INFO];
		MapdiffOracleInfo(info, sizeof info);
		printf("%s\n", info);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--repro") == 0) {
		static char src[1 << 16];
		if (!MapdiffGoportRepro)
			return fprintf(stderr, "mapdiff-oracle: not a Go port\n"), 1;
		if (MapdiffGoportRepro(src, sizeof src) < 0)
			return fprintf(stderr, "mapdiff-oracle: %s\n", src), 1;
		fputs(src, stdout);
		return 0;
	}
	if (argc != 4 || strcmp(argv[1], "--serve") != 0) {
		fprintf(stderr, "usage: mapdiff-oracle --serve SHMFD SOCKFD | --info | --repro\n");
		return 2;
	}
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	return serve(atoi(argv[2]), atoi(argv[3]));
}
