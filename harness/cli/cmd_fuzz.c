/*
 * cmd_fuzz.c: mapdiff fuzz, a campaign of the C port against Go with
 * libFuzzer or AFL++ (the AFL++ side is campaign_afl.c).
 *
 *   mapdiff fuzz [--engine libfuzzer|afl] [--seconds N] [--jobs N]
 *                [--dir DIR] [--target BIN] [--seeds DIR] [--dict FILE|none]
 *                [--oracle O] [--rotate N] [--twin GO] [--types port|all]
 *
 * One live progress line, a summary, and every crasher saved once per
 * signature as DIR/crashes/<hash of the signature line> (+ .sig).  A
 * known finding (report/findings.h) is counted, not saved: the summary
 * lists each with how many inputs showed it.  --rotate N: each input runs
 * on N of the Go helpers (fuzz.c; 0: every oracle, the default 1).
 * --twin GO: each input in lockstep on the port and classic Go GO
 * (gc-1.19 ... gc-1.23), bit for bit (docs/TWIN.md).
 * With a Go port (--port ID) every input decodes as one of the map types
 * it declares (--types port, the default: $MAPDIFF_PORT_TYPES for the
 * targets, run/side.h md_port_decode_opts); --types all decodes as
 * without a port, and the port skips what it cannot run.
 * Exit status: 0 no divergence and no hang, 1 otherwise, 2 usage or an
 * engine that would not run.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz/campaign.h"
#include "cli/cli.h"
#include "run/multi.h"

int md_fuzz_afl(md_campaign *c);

static int usage_error(const char *what)
{
	fprintf(stderr, "mapdiff: bad command line: fuzz: %s (see mapdiff --help)\n", what);
	return 2;
}

/* The directory this binary lives in (out/), where the targets are. */
static void exe_dir(char *buf, size_t cap)
{
	ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
	buf[n > 0 ? n : 0] = 0;
	char *slash = strrchr(buf, '/');
	if (slash)
		*slash = 0;
	else
		snprintf(buf, cap, ".");
}

/* Value of "KEY" in a libFuzzer status line ("cov: 12", "exec/s: 90"). */
static const char *lf_field(const char *line, const char *key, char *buf, size_t cap)
{
	const char *p = strstr(line, key);
	if (!p)
		return NULL;
	p += strlen(key);
	while (*p == ' ' || *p == ':')
		p++;
	size_t n = strcspn(p, " /\n");
	snprintf(buf, cap, "%.*s", (int)(n < cap ? n : cap - 1), p);
	return buf;
}

/* One line of libFuzzer output: status lines move the progress line. */
static void lf_line(md_campaign *c, const char *line)
{
	char v[32];
	if (strncmp(line, "stat::number_of_executed_units:", 31) == 0)
		c->execs = strtoull(line + 31, NULL, 10);
	if (line[0] != '#' || !strstr(line, "cov:"))
		return;
	c->execs = strtoull(line + 1, NULL, 10);
	if (lf_field(line, "cov", v, sizeof v))
		snprintf(c->coverage, sizeof c->coverage, "%s edges", v);
	if (lf_field(line, "corp", v, sizeof v))
		c->corpus = atol(v);
	char what[160];
	long t = (long)(time(NULL) - c->start);
	snprintf(what, sizeof what, "execs %llu  exec/s %llu  cov %s  corpus %ld",
		 (unsigned long long)c->execs, (unsigned long long)(t > 0 ? c->execs / (uint64_t)t : c->execs),
		 c->coverage, c->corpus);
	md_progress(c, what, 0);
}

/* Save (deduplicated) every file of dir whose name starts with prefix. */
static void save_crashers(md_campaign *c, const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		char path[PATH_MAX + 256];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (strncmp(e->d_name, "timeout-", 8) == 0)
			c->hangs++;
		else if (strncmp(e->d_name, "slow-unit-", 10) == 0)
			continue; /* libFuzzer's slowest input so far: no find */
		else if (md_save_crasher(c, path) > 0)
			c->new_unique++;
	}
	if (d)
		closedir(d);
}


static int run_libfuzzer(md_campaign *c)
{
	char art[PATH_MAX], corpus[PATH_MAX], logp[PATH_MAX], secs[32], fork[32], prefix[PATH_MAX + 32];
	char dict[PATH_MAX + 16];
	snprintf(art, sizeof art, "%s/artifacts", c->dir);
	snprintf(corpus, sizeof corpus, "%s/corpus", c->dir);
	snprintf(logp, sizeof logp, "%s/fuzz.log", c->dir);
	snprintf(secs, sizeof secs, "-max_total_time=%d", c->seconds);
	snprintf(fork, sizeof fork, "-fork=%d", c->jobs);
	snprintf(prefix, sizeof prefix, "-artifact_prefix=%s/", art);
	if (md_mkdirs(art) != 0 || md_mkdirs(corpus) != 0)
		return fprintf(stderr, "mapdiff: %s: cannot create\n", c->dir), 2;
	md_clear_dir(art);
	char *argv[16] = {(char *)c->target, secs, "-print_final_stats=1", "-max_len=8192",
			  "-timeout=25", "-rss_limit_mb=4096", prefix};
	int n = 7;
	if (c->dict) {
		snprintf(dict, sizeof dict, "-dict=%s", c->dict);
		argv[n++] = dict;
	}
	if (c->jobs > 1) {
		argv[n++] = fork;
		argv[n++] = "-ignore_crashes=1";
		argv[n++] = "-ignore_timeouts=1";
	}
	argv[n++] = corpus;
	argv[n++] = (char *)c->seeds;
	FILE *log = fopen(logp, "w");
	int rd;
	pid_t pid = log ? md_spawn(argv, NULL, -1, &rd) : -1;
	if (pid < 0)
		return fprintf(stderr, "mapdiff: cannot start %s\n", c->target), 2;
	FILE *f = fdopen(rd, "r");
	char line[4096];
	while (fgets(line, sizeof line, f)) {
		fputs(line, log);
		lf_line(c, line);
	}
	fclose(f);
	fclose(log);
	int st;
	waitpid(pid, &st, 0);
	md_progress(c, "done", 1);
	save_crashers(c, art, "");
	c->corpus = md_count_files(corpus);
	if (c->crashers == 0 && c->hangs == 0 && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
		return fprintf(stderr, "mapdiff: %s stopped with status %d (see %s)\n", c->target,
			       WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), logp), 2;
	return 0;
}

static void summary(const md_campaign *c)
{
	long t = (long)(time(NULL) - c->start);
	char crashes[PATH_MAX];
	snprintf(crashes, sizeof crashes, "%s/crashes", c->dir);
	char skip[96];
	snprintf(skip, sizeof skip, "skipped %llu (%.0f%%: the port cannot run them)", (unsigned long long)c->skipped,
		 c->counted ? 100.0 * (double)c->skipped / (double)c->counted : 0.0);
	printf("summary: engine %s, %ld s, %d job%s, inputs run %llu, %s, exec/s %.0f, coverage %s, corpus %ld files, "
	       "hangs %ld, divergences %ld (%ld new signature%s; %ld saved in %s)\n",
	       c->engine, t, c->jobs, c->jobs == 1 ? "" : "s", (unsigned long long)c->execs, skip,
	       t > 0 ? (double)c->execs / (double)t : 0.0, c->coverage[0] ? c->coverage : "?", c->corpus,
	       c->hangs, c->crashers, c->new_unique, c->new_unique == 1 ? "" : "s",
	       md_count_files(crashes) / 2, crashes);
	if (c->skipped)
		printf("skipped before Go: %s\n", c->skip_top);
	char log[PATH_MAX];
	snprintf(log, sizeof log, "%s/known.log", c->dir);
	md_known_summary(stdout, log);
}

/* The targets log known findings to dir/known.log (fuzz/known.h), new
 * for each campaign. */
static int known_log(const md_campaign *c)
{
	char log[PATH_MAX];
	snprintf(log, sizeof log, "%s/known.log", c->dir);
	FILE *f = fopen(log, "w");
	if (!f)
		return fprintf(stderr, "mapdiff: %s: cannot create\n", log), -1;
	fclose(f);
	setenv("MAPDIFF_KNOWN_LOG", log, 1);
	return 0;
}

/* With a Go port and no twin, the targets decode on the port's map types
 * unless --types all said otherwise; checked here once (exits 2 when the
 * port declares none).  The campaign's first line says so. */
static int port_types(md_campaign *c)
{
	const char *port = md_goport_under_test(), *twin = getenv("MAPDIFF_TWIN");
	if (!port || (twin && *twin))
		return 0;
	if (!getenv("MAPDIFF_PORT_TYPES"))
		setenv("MAPDIFF_PORT_TYPES", "1", 1);
	c->port_types = md_port_decode_opts() != NULL;
	return 0;
}

static int parse_args(md_campaign *c, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		const char *o = argv[i];
		if (i + 1 >= argc)
			return usage_error("every option takes a value");
		const char *v = argv[++i];
		if (strcmp(o, "--engine") == 0)
			c->engine = v;
		else if (strcmp(o, "--rotate") == 0) {
			char *end;
			long x = strtol(v, &end, 10);
			if (*end || x < 0 || x > 64)
				return usage_error("--rotate takes a number from 0 (every oracle) to 64");
			setenv("MAPDIFF_ROTATE", v, 1); /* read by the targets (fuzz.c) */
		} else if (strcmp(o, "--seconds") == 0 || strcmp(o, "--jobs") == 0) {
			char *end;
			long x = strtol(v, &end, 10);
			if (*end || x < 1 || x > 1000000)
				return usage_error("--seconds and --jobs take a positive number");
			*(o[2] == 's' ? &c->seconds : &c->jobs) = (int)x;
		} else if (strcmp(o, "--dir") == 0)
			c->dir = v;
		else if (strcmp(o, "--target") == 0)
			c->target = v;
		else if (strcmp(o, "--seeds") == 0)
			c->seeds = v;
		else if (strcmp(o, "--dict") == 0)
			c->dict = strcmp(v, "none") == 0 ? NULL : v;
		else if (strcmp(o, "--twin") == 0)
			setenv("MAPDIFF_TWIN", v, 1); /* read by the targets (fuzz.c) */
		else if (strcmp(o, "--types") == 0) {
			if (strcmp(v, "port") != 0 && strcmp(v, "all") != 0)
				return usage_error("--types is port or all");
			setenv("MAPDIFF_PORT_TYPES", v[0] == 'p' ? "1" : "0", 1);
		}
		else if (strcmp(o, "--oracle") == 0) {
			/* the targets (and any replay) read it; checked here once */
			static md_multi m;
			if (md_multi_init(&m, v) != 0)
				return 2;
			setenv("MAPDIFF_ORACLE", v, 1);
		} else
			return usage_error("unknown option");
	}
	if (strcmp(c->engine, "libfuzzer") != 0 && strcmp(c->engine, "afl") != 0)
		return usage_error("--engine is libfuzzer or afl");
	return port_types(c);
}

int cmd_fuzz(int argc, char **argv)
{
	static char bin[PATH_MAX], dir[PATH_MAX + 16], target[PATH_MAX + 16], seeds[PATH_MAX + 16];
	static char dict[PATH_MAX + 32];
	exe_dir(bin, sizeof bin);
	/* the dictionary the build puts next to the binary (Makefile) */
	snprintf(dict, sizeof dict, "%s/mapdiff.dict", bin);
	md_campaign c = {.engine = "libfuzzer", .seconds = 60, .jobs = 1};
	c.dict = access(dict, R_OK) == 0 ? dict : NULL;
	if (parse_args(&c, argc, argv) != 0)
		return 2;
	int afl = strcmp(c.engine, "afl") == 0;
	snprintf(dir, sizeof dir, "%s/fuzz-%s", bin, c.engine);
	snprintf(target, sizeof target, "%s/%s", bin, afl ? "mapdiff-afl" : "mapdiff-fuzz");
	snprintf(seeds, sizeof seeds, "%s/seeds", bin);
	c.dir = c.dir ? c.dir : dir;
	c.target = c.target ? c.target : target;
	c.seeds = c.seeds ? c.seeds : seeds;
	if (access(c.target, X_OK) != 0)
		return fprintf(stderr, "mapdiff: %s: no such fuzz target (run ./build.sh)\n", c.target), 2;
	if (access(c.seeds, R_OK | X_OK) != 0)
		return fprintf(stderr, "mapdiff: %s: no seed directory (run ./build.sh, or give --seeds)\n", c.seeds), 2;
	char crashes[PATH_MAX];
	snprintf(crashes, sizeof crashes, "%s/crashes", c.dir);
	if (md_mkdirs(crashes) != 0)
		return fprintf(stderr, "mapdiff: %s: cannot create\n", crashes), 2;
	if (known_log(&c) != 0)
		return 2;
	c.start = time(NULL);
	c.tty = isatty(1);
	printf("fuzzing with %s for %d s, %d job%s: %s (campaign directory %s)\n", c.engine, c.seconds, c.jobs,
	       c.jobs == 1 ? "" : "s", c.target, c.dir);
	if (c.port_types)
		printf("every input decodes as one of the map types %s declares (replay a crasher with "
		       "mapdiff run --port %s --port-types FILE; --types all: any map type)\n",
		       md_goport_under_test(), md_goport_under_test());
	fflush(stdout);
	md_migrate_crashers(&c);
	fflush(stdout);
	if (md_skip_stats_start(&c) != 0)
		return fprintf(stderr, "mapdiff: %s/stats: cannot create\n", c.dir), 2;
	if ((afl ? md_fuzz_afl(&c) : run_libfuzzer(&c)) != 0)
		return 2;
	md_skip_stats_read(&c);
	summary(&c);
	return c.crashers || c.hangs ? 1 : 0;
}
