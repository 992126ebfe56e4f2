/* watchdog.c: a program that never finishes, found and named (watchdog.h). */
#include "run/watchdog.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

static md_multi *watched;
static md_hang_fn hang_fn;
static clockid_t cpu;           /* CPU time of the thread that runs programs */
static atomic_uint generation;  /* programs begun */
static atomic_bool busy;        /* a program is running */

/* CPU seconds so far of what runs side s's program: its helper process,
 * or the thread that runs programs (a side in process, or none). */
static double cpu_seconds(const md_multi *m, int s)
{
	clockid_t c = cpu;
	int pid = m && s >= 0 && s < m->n ? atomic_load_explicit(&m->side[s]->pid, memory_order_relaxed) : 0;
	struct timespec ts;
	if ((pid > 0 && clock_getcpuclockid(pid, &c) != 0) || clock_gettime(c, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *watch(void *arg)
{
	(void)arg;
	unsigned last = 0;
	int side = -1;
	double since = 0;
	for (;;) {
		sleep(1);
		unsigned g = atomic_load_explicit(&generation, memory_order_relaxed);
		int s = watched ? atomic_load_explicit(&watched->running, memory_order_relaxed) : -1;
		if (!atomic_load_explicit(&busy, memory_order_relaxed) || g != last || s != side) {
			last = g, side = s;
			since = cpu_seconds(watched, s);
			continue;
		}
		if (cpu_seconds(watched, s) - since > MD_HANG_CPU_SECONDS) {
			int pid = watched && s >= 0 ? atomic_load_explicit(&watched->side[s]->pid, memory_order_relaxed) : 0;
			/* hang_fn ends the process (a helper dies with it:
			 * oraclesrv.c), or returns for a hang it knows, in a
			 * helper, which is stopped: the program goes on */
			hang_fn(watched, s, watched && s >= 0 ? md_side_op_running(watched->side[s]) : -1);
			if (pid > 0)
				kill(pid, SIGKILL);
			since = cpu_seconds(watched, s);
		}
	}
	return NULL;
}

int md_watchdog_start(md_multi *m, md_hang_fn on_hang)
{
	pthread_t t;
	watched = m;
	hang_fn = on_hang;
	if (pthread_getcpuclockid(pthread_self(), &cpu) != 0 || pthread_create(&t, NULL, watch, NULL) != 0)
		return -1;
	return pthread_detach(t) == 0 ? 0 : -1;
}

void md_watch_begin(void)
{
	atomic_fetch_add_explicit(&generation, 1, memory_order_relaxed);
	atomic_store_explicit(&busy, true, memory_order_relaxed);
}

void md_watch_end(void)
{
	atomic_store_explicit(&busy, false, memory_order_relaxed);
}
