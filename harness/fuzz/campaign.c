/* campaign.c: processes, crashers and progress for `mapdiff fuzz` (campaign.h). */
#include "fuzz/campaign.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"

extern char **environ;

pid_t md_spawn(char *const argv[], char *const env[], int fd_out, int *pipe_rd)
{
	int p[2] = {-1, -1};
	if (fd_out < 0 && pipe(p) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int o = fd_out >= 0 ? fd_out : p[1];
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(o, 1);
		dup2(o, 2);
		for (int i = 0; env && env[i]; i++)
			putenv(env[i]);
		execvp(argv[0], argv);
		fprintf(stderr, "mapdiff: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (fd_out < 0) {
		close(p[1]);
		*pipe_rd = p[0];
	}
	return pid;
}

static int is_crash_line(const char *l)
{
	static const char *const marks[] = {"ERROR: AddressSanitizer", "runtime error:", "SUMMARY:",
					    "fatal error:", "deadly signal", "panic:"};
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (strstr(l, marks[i]))
			return 1;
	return 0;
}

void md_crash_signature(const char *target, const char *file, char *buf, size_t cap)
{
	snprintf(buf, cap, "mapdiff: CRASH without a signature line");
	char *argv[] = {(char *)target, (char *)file, NULL};
	char *env[] = {"AFL_NO_FORKSRV=1", "MAPDIFF_FUZZ_STATS=", NULL};
	int rd;
	pid_t pid = md_spawn(argv, env, -1, &rd);
	if (pid < 0)
		return;
	FILE *f = fdopen(rd, "r");
	char line[1024];
	int have = 0;
	while (f && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		if ((strncmp(line, "mapdiff: DIVERGENCE ", 20) == 0 ||
		     strncmp(line, "mapdiff: SPEC VIOLATION ", 24) == 0 || strncmp(line, "mapdiff: HANG ", 14) == 0 ||
		     strncmp(line, "mapdiff: TWIN ", 14) == 0) &&
		    have < 2) {
			snprintf(buf, cap, "%s", line);
			have = 2;
		} else if (!have && is_crash_line(line)) {
			snprintf(buf, cap, "mapdiff: CRASH %s", line);
			have = 1;
		}
	}
	if (f)
		fclose(f);
	waitpid(pid, NULL, 0);
}

void md_signature_hash(const char *sig, char out[17])
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (const unsigned char *s = (const unsigned char *)sig; *s; s++)
		h = (h ^ *s) * 0x100000001b3ULL;
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static int write_file(const char *path, const uint8_t *b, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	int ok = fwrite(b, 1, n, f) == n;
	return fclose(f) == 0 && ok ? 0 : -1;
}

int md_save_crasher(md_campaign *c, const char *file)
{
	char sig[512], hash[17], path[4096];
	md_crash_signature(c->target, file, sig, sizeof sig - 1);
	md_signature_hash(sig, hash);
	c->crashers++;
	snprintf(path, sizeof path, "%s/crashes/%s", c->dir, hash);
	if (access(path, F_OK) == 0)
		return 0;
	size_t n;
	uint8_t *b = md_cli_read(file, &n);
	if (!b)
		return -1;
	int rc = write_file(path, b, n);
	free(b);
	printf("%snew: %s -> %s\n", c->tty ? "\n" : "", sig, path);
	snprintf(path, sizeof path, "%s/crashes/%s.sig", c->dir, hash);
	strcat(sig, "\n");
	if (rc != 0 || write_file(path, (const uint8_t *)sig, strlen(sig)) != 0) {
		fprintf(stderr, "mapdiff: %s: cannot write\n", path);
		return -1;
	}
	return 1;
}

/* Whether sig is a signature line of the old form: "... at op N". */
static int old_signature(const char *sig)
{
	if (strncmp(sig, "mapdiff: DIVERGENCE ", 20) != 0 && strncmp(sig, "mapdiff: SPEC VIOLATION ", 24) != 0)
		return 0;
	const char *at = strstr(sig, " at op ");
	if (!at)
		return 0;
	at += 7;
	if (*at < '0' || *at > '9')
		return 0;
	while (*at >= '0' && *at <= '9')
		at++;
	return *at == 0 || *at == '\n';
}

long md_migrate_crashers(md_campaign *c)
{
	char dir[3800]; /* room for "/" and a 255-byte name in the paths below */
	snprintf(dir, sizeof dir, "%s/crashes", c->dir);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	long moved = 0, dropped = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n != 16 + 4 || strcmp(e->d_name + 16, ".sig") != 0)
			continue;
		char sigpath[4200], crasher[4200], line[512] = "", sig[512], hash[17], to[4200];
		snprintf(sigpath, sizeof sigpath, "%s/%s", dir, e->d_name);
		snprintf(crasher, sizeof crasher, "%s/%.16s", dir, e->d_name);
		FILE *f = fopen(sigpath, "r");
		if (!f)
			continue;
		if (!fgets(line, sizeof line, f))
			line[0] = 0;
		fclose(f);
		if (!old_signature(line) || access(crasher, R_OK) != 0)
			continue;
		md_crash_signature(c->target, crasher, sig, sizeof sig - 1);
		if (strncmp(sig, "mapdiff: DIVERGENCE ", 20) != 0 && strncmp(sig, "mapdiff: SPEC VIOLATION ", 24) != 0)
			continue; /* no longer a divergence here: keep it as it was */
		md_signature_hash(sig, hash);
		snprintf(to, sizeof to, "%s/%s", dir, hash);
		if (access(to, F_OK) == 0) {
			unlink(crasher);
			unlink(sigpath);
			dropped++;
			continue;
		}
		if (rename(crasher, to) != 0)
			continue;
		unlink(sigpath);
		strcat(sig, "\n");
		snprintf(to, sizeof to, "%s/%s.sig", dir, hash);
		if (write_file(to, (const uint8_t *)sig, strlen(sig)) != 0)
			fprintf(stderr, "mapdiff: %s: cannot write\n", to);
		moved++;
	}
	closedir(d);
	if (moved || dropped)
		printf("migrated %ld crasher%s saved under old signatures (with an op number): %ld renamed, %ld duplicate%s removed\n",
		       moved + dropped, moved + dropped == 1 ? "" : "s", moved, dropped, dropped == 1 ? "" : "s");
	return moved + dropped;
}

long md_count_files(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	long n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && e->d_type != DT_DIR)
			n++;
	closedir(d);
	return n;
}

void md_progress(md_campaign *c, const char *what, int final)
{
	static time_t last;
	time_t now = time(NULL);
	long t = (long)(now - c->start);
	if (c->tty) {
		printf("\r[%4lds/%ds] %s   ", t, c->seconds, what);
		if (final)
			printf("\n");
	} else if (final || now - last >= 10) {
		printf("[%4lds/%ds] %s\n", t, c->seconds, what);
		last = now;
	}
	fflush(stdout);
}

int md_mkdirs(const char *path)
{
	char buf[4096];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0777) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

static void stats_dir(const md_campaign *c, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s/stats", c->dir);
}

void md_clear_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		char path[PATH_MAX + 256];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (e->d_name[0] != '.')
			unlink(path);
	}
	if (d)
		closedir(d);
}

int md_skip_stats_start(md_campaign *c)
{
	char dir[PATH_MAX];
	stats_dir(c, dir, sizeof dir);
	if (md_mkdirs(dir) != 0)
		return -1;
	md_clear_dir(dir);
	return setenv("MAPDIFF_FUZZ_STATS", dir, 1);
}

typedef struct skip_reason {
	char why[128];
	uint64_t n;
} skip_reason;

static int reason_cmp(const void *a, const void *b)
{
	uint64_t x = ((const skip_reason *)a)->n, y = ((const skip_reason *)b)->n;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* Adds one process's file to c and the reasons table r[0..*nr). */
static void read_one(md_campaign *c, const char *path, skip_reason *r, int *nr, int cap)
{
	FILE *f = fopen(path, "r");
	char line[256];
	while (f && fgets(line, sizeof line, f)) {
		unsigned long long n;
		int at = 0;
		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "inputs %llu", &n) == 1)
			c->counted += n;
		else if (sscanf(line, "skipped %llu", &n) == 1)
			c->skipped += n;
		else if (sscanf(line, "skip %llu %n", &n, &at) == 1 && at > 0) {
			int i = 0;
			while (i < *nr && strcmp(r[i].why, line + at) != 0)
				i++;
			if (i == *nr && *nr < cap)
				snprintf(r[(*nr)++].why, sizeof r[0].why, "%s", line + at);
			if (i < *nr)
				r[i].n += n;
		}
	}
	if (f)
		fclose(f);
}

void md_skip_stats_read(md_campaign *c)
{
	static skip_reason r[256];
	int nr = 0;
	char dir[PATH_MAX];
	stats_dir(c, dir, sizeof dir);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		char path[PATH_MAX + 256];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (e->d_name[0] != '.' && !strstr(e->d_name, ".tmp"))
			read_one(c, path, r, &nr, 256);
	}
	if (d)
		closedir(d);
	qsort(r, (size_t)nr, sizeof r[0], reason_cmp);
	size_t len = 0;
	c->skip_top[0] = 0;
	for (int i = 0; i < nr && i < 5 && len < sizeof c->skip_top; i++)
		len += (size_t)snprintf(c->skip_top + len, sizeof c->skip_top - len, "%s%llu %s", i ? ", " : "",
					(unsigned long long)r[i].n, r[i].why);
	if (nr > 5 && len < sizeof c->skip_top)
		snprintf(c->skip_top + len, sizeof c->skip_top - len, ", ... (%d reasons)", nr);
}
