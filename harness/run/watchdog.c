/* watchdog.c: a program that never finishes, found and named (watchdog.h). */
#include "run/watchdog.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

static md_multi *watched;
static md_hang_fn hang_fn;
static clockid_t cpu;           /* CPU time of the thread that runs programs */
static atomic_uint generation;  /* programs begun */
static atomic_bool busy;        /* a program is running */

static double cpu_seconds(void)
{
	struct timespec ts;
	if (clock_gettime(cpu, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *watch(void *arg)
{
	(void)arg;
	unsigned last = 0;
	double since = 0;
	for (;;) {
		sleep(1);
		unsigned g = atomic_load_explicit(&generation, memory_order_relaxed);
		if (!atomic_load_explicit(&busy, memory_order_relaxed) || g != last) {
			last = g;
			since = cpu_seconds();
			continue;
		}
		if (cpu_seconds() - since > MD_HANG_CPU_SECONDS) {
			int s = atomic_load_explicit(&watched->running, memory_order_relaxed);
			hang_fn(watched, s, s >= 0 ? md_side_op_running(watched->side[s]) : -1);
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
