/*
 * findings.h: the known findings, the one list of them.
 *
 * A finding is a real difference of a real Go map from Go's (a Go
 * toolchain against the others, a Go map library against Go's map) that
 * docs/FINDINGS.md writes down and crashes/ keeps as a program CI replays.
 * A campaign meets the same finding again and again; it counts it and goes
 * on, and stops only on what is not known.
 *
 * A finding names one side (its registry id) and the signature its
 * difference gives (report/signature.h): a divergence is that finding when,
 * that side set aside, every other side that ran agrees, and the side's
 * difference from them has the finding's signature.  So a known finding
 * never hides a second side that differs, nor a difference of another
 * kind on the same side; like every signature, it does hide a second bug
 * of the same signature on that side.  A finding that damages its process
 * (taint) is told by the side itself, in the program that did it.
 */
#ifndef MAPDIFF_FINDINGS_H
#define MAPDIFF_FINDINGS_H

#include "run/multi.h"

typedef struct md_finding {
	const char *id;    /* its name: the crashes/ file and docs/findings/ folder */
	const char *side;  /* the side that has it: a registry id ("gc-1.21"),
	                    * or a Go port's id ("haxmap"); alternatives
	                    * separated by '|' (toolchains that share it) */
	const char *what;  /* the start of its signature after "mapdiff: ";
	                    * alternatives separated by '|' */
	const char *key;   /* the key class the signature names, or NULL for any */
	const char *where; /* upstream issue, or where FINDINGS.md tells it */
	bool taint;        /* a finding that damages the process (a Go port's
	                    * goport.Taint naming its id): only a program during
	                    * which the side said so (md_side.taint) has it, and
	                    * then with any signature in what, since what breaks
	                    * next depends on what the damage hit */
} md_finding;

/* Whether finding f is side s's. */
bool md_finding_of(const md_finding *f, const md_side *s);

/* The known findings; *n gets how many. */
const md_finding *md_findings(int *n);

/* The known finding that explains the outcome of the last md_multi_run(p,
 * m), a divergence or a spec violation (that of the side the finding
 * names, with its signature), or -1. */
int md_finding_match(const md_prog *p, const md_multi *m);

/* The known finding that damages the process (taint) which side s says,
 * so far, the program it is running did, or -1: for a program that hangs
 * after the damage (run/watchdog.h), read from the watchdog's thread. */
int md_finding_of_taint(const md_side *s);

#endif
