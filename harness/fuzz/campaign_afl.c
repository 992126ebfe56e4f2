/*
 * campaign_afl.c: the AFL++ side of `mapdiff fuzz`: one main instance
 * (-M main) and jobs-1 secondaries (-S s1, s2, ...) sharing the sync
 * directory DIR/afl, each stopped by afl-fuzz -V after the campaign's
 * seconds.  Progress and the summary come from their fuzzer_stats files.
 */
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz/campaign.h"

#define MAX_JOBS 64

static char *const afl_env[] = {
	"AFL_NO_UI=1", "AFL_SKIP_CPUFREQ=1", "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1",
	"AFL_NO_AFFINITY=1", "AFL_AUTORESUME=1", NULL,
};

static void instance_name(int i, char *buf, size_t cap)
{
	if (i == 0)
		snprintf(buf, cap, "main");
	else
		snprintf(buf, cap, "s%d", i);
}

static pid_t start_instance(md_campaign *c, int i)
{
	char name[16], sync[PATH_MAX], secs[16], logp[PATH_MAX + 32];
	instance_name(i, name, sizeof name);
	snprintf(sync, sizeof sync, "%s/afl", c->dir);
	snprintf(secs, sizeof secs, "%d", c->seconds);
	snprintf(logp, sizeof logp, "%s/afl-%s.log", c->dir, name);
	FILE *log = fopen(logp, "w");
	if (!log)
		return -1;
	/* -t above the watchdog's budget (run/watchdog.h), so a hang gets its signature */
	char *argv[20] = {"afl-fuzz", "-V", secs, "-t", "20000", "-m", "none", "-i", (char *)c->seeds,
			  "-o", sync, i == 0 ? "-M" : "-S", name};
	int n = 13;
	if (c->dict) {
		argv[n++] = "-x";
		argv[n++] = (char *)c->dict;
	}
	argv[n++] = "--";
	argv[n++] = (char *)c->target;
	pid_t pid = md_spawn(argv, afl_env, fileno(log), NULL);
	fclose(log);
	return pid;
}

/* One instance's counts, from fuzzer_stats (written every minute and at
 * the end) or plot_data (every 5 s), whichever has seen more execs. */
typedef struct inst_stats {
	uint64_t execs;
	time_t at; /* when AFL++ wrote the file execs came from */
	long corpus, hangs;
	char cov[32];
} inst_stats;

static time_t mtime_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_mtime : 0;
}

static void read_fuzzer_stats(const char *dir, inst_stats *s)
{
	char path[PATH_MAX + 32], line[256];
	snprintf(path, sizeof path, "%s/fuzzer_stats", dir);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f)) {
		char key[64], val[32];
		if (sscanf(line, "%63s : %31s", key, val) != 2)
			continue;
		if (strcmp(key, "execs_done") == 0) {
			s->execs = strtoull(val, NULL, 10);
			s->at = mtime_of(path);
		}
		else if (strcmp(key, "saved_hangs") == 0)
			s->hangs = atol(val);
		else if (strcmp(key, "corpus_count") == 0)
			s->corpus = atol(val);
		else if (strcmp(key, "bitmap_cvg") == 0)
			snprintf(s->cov, sizeof s->cov, "%s", val);
	}
	if (f)
		fclose(f);
}

/* plot_data columns: relative_time, cycles_done, cur_item, corpus_count,
 * pending_total, pending_favs, map_size, saved_crashes, saved_hangs,
 * max_depth, execs_per_sec, total_execs, ... */
static void read_plot(const char *dir, inst_stats *s)
{
	char path[PATH_MAX + 32], line[512], last[512] = "";
	snprintf(path, sizeof path, "%s/plot_data", dir);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f))
		if (line[0] != '#')
			memcpy(last, line, sizeof last);
	if (f)
		fclose(f);
	char *field[16], *save = NULL;
	int n = 0;
	for (char *t = strtok_r(last, ", \n", &save); t && n < 16; t = strtok_r(NULL, ", \n", &save))
		field[n++] = t;
	if (n < 12 || strtoull(field[11], NULL, 10) <= s->execs)
		return;
	s->execs = strtoull(field[11], NULL, 10);
	s->at = mtime_of(path);
	s->corpus = atol(field[3]);
	s->hangs = atol(field[8]);
	snprintf(s->cov, sizeof s->cov, "%s", field[6]);
}

/* Add up the instances' counts (corpus and coverage: the main's). */
static void read_stats(md_campaign *c)
{
	c->execs = 0;
	c->hangs = 0;
	c->stats_at = 0;
	for (int i = 0; i < c->jobs; i++) {
		char name[16], dir[PATH_MAX];
		inst_stats s = {0};
		instance_name(i, name, sizeof name);
		snprintf(dir, sizeof dir, "%s/afl/%s", c->dir, name);
		read_fuzzer_stats(dir, &s);
		read_plot(dir, &s);
		/* the stats files lag (AFL_NO_UI writes them once a minute);
		 * the queue grows live */
		char queue[PATH_MAX + 8];
		snprintf(queue, sizeof queue, "%s/queue", dir);
		long q = md_count_files(queue);
		s.corpus = q > s.corpus ? q : s.corpus;
		c->execs += s.execs;
		c->hangs += s.hangs;
		if (s.at && (!c->stats_at || s.at < c->stats_at))
			c->stats_at = s.at;
		if (i == 0)
			c->corpus = s.corpus;
		if (i == 0 && s.cov[0])
			snprintf(c->coverage, sizeof c->coverage, "%s of the map", s.cov);
	}
}

/* Save the crashers the instances found during this campaign. */
static void save_new_crashers(md_campaign *c)
{
	for (int i = 0; i < c->jobs; i++) {
		char name[16], dir[PATH_MAX];
		instance_name(i, name, sizeof name);
		snprintf(dir, sizeof dir, "%s/afl/%s/crashes", c->dir, name);
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL) {
			char path[PATH_MAX + 300];
			struct stat st;
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			if (strncmp(e->d_name, "id:", 3) != 0 || stat(path, &st) != 0 || st.st_mtime < c->start)
				continue;
			if (md_save_crasher(c, path) > 0)
				c->new_unique++;
		}
		if (d)
			closedir(d);
	}
}

/* The progress line.  AFL++ without its UI writes its figures now and
 * then (plot_data when something changed, fuzzer_stats once a minute):
 * execs and exec/s are as of then, and the line says how old they are. */
static void afl_progress(md_campaign *c, int final)
{
	char what[240], age[48] = "";
	time_t now = time(NULL), at = c->stats_at ? c->stats_at : now;
	long t = (long)(at - c->start), late = (long)(now - at);
	if (c->execs == 0)
		snprintf(age, sizeof age, " (AFL++ has not written its figures yet)");
	else if (late > 5 && !final)
		snprintf(age, sizeof age, " (AFL++'s figures of %ld s ago)", late);
	snprintf(what, sizeof what, "execs %llu  exec/s %llu%s  cov %s  corpus %ld  hangs %ld",
		 (unsigned long long)c->execs, (unsigned long long)(t > 0 ? c->execs / (uint64_t)t : 0), age,
		 c->coverage[0] ? c->coverage : "?", c->corpus, c->hangs);
	md_progress(c, what, final);
}

/* Wait for every instance (stopping them all past a grace period). */
static int wait_all(md_campaign *c, pid_t *pids)
{
	int running = c->jobs, failed = 0;
	while (running > 0) {
		sleep(1);
		for (int i = 0; i < c->jobs; i++) {
			int st;
			if (pids[i] <= 0 || waitpid(pids[i], &st, WNOHANG) != pids[i])
				continue;
			pids[i] = 0;
			running--;
			if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
				failed = 1;
		}
		read_stats(c);
		afl_progress(c, running == 0);
		for (int i = 0; time(NULL) - c->start > c->seconds + 120 && i < c->jobs; i++)
			if (pids[i] > 0)
				kill(pids[i], SIGINT);
	}
	return failed;
}

int md_fuzz_afl(md_campaign *c)
{
	if (c->jobs > MAX_JOBS)
		return fprintf(stderr, "mapdiff: fuzz: at most %d AFL++ jobs\n", MAX_JOBS), 2;
	pid_t pids[MAX_JOBS] = {0};
	for (int i = 0; i < c->jobs; i++) {
		pids[i] = start_instance(c, i);
		if (pids[i] < 0)
			return fprintf(stderr, "mapdiff: cannot start afl-fuzz\n"), 2;
	}
	int failed = wait_all(c, pids);
	save_new_crashers(c);
	if (failed && c->execs == 0)
		return fprintf(stderr, "mapdiff: afl-fuzz did not run (see %s/afl-main.log)\n", c->dir), 2;
	return 0;
}
