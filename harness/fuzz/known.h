/*
 * known.h: a fuzz target's count of known findings (report/findings.h).
 *
 * A known finding does not stop a campaign: the target counts it and goes
 * on.  Counts go to the file $MAPDIFF_KNOWN_LOG (set by `mapdiff fuzz`)
 * as lines "<pid> <finding id> <count so far>", written when a count
 * reaches a power of two and at exit, so an engine that kills its target
 * (AFL++) loses at most half a count; the campaign sums the last count of
 * each process (campaign.h md_known_summary).  Without the variable, the
 * counts go to stderr at exit.  Nothing is written on the per-input path
 * but those few lines.
 */
#ifndef MAPDIFF_KNOWN_H
#define MAPDIFF_KNOWN_H

/* Count one more sighting of finding f (an index of md_findings). */
void md_known_seen(int f);

/* Write every count not yet written (before the target aborts on a new
 * divergence, where exit handlers do not run). */
void md_known_flush(void);

#endif
