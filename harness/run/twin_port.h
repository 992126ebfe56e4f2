/*
 * twin_port.h: the port's side of the lockstep twin (twin.c), as the
 * executor drives it: Go's hashes replayed into the port, the port's
 * layout recorded after every op.
 */
#ifndef MAPDIFF_TWIN_PORT_H
#define MAPDIFF_TWIN_PORT_H

#include "port.h"
#include "run/twin.h"

typedef struct md_twin_port md_twin_port;

/* The state of the port's side, made once (NULL: out of memory). */
md_twin_port *md_twin_port_new(void);

/* The canonical bytes of a key in Go's layout (the executor knows them). */
typedef void (*md_twin_canon_fn)(void *ctx, const void *key, const uint8_t **b, uint32_t *len);

/* Start p: the port's record goes to out (its draws already prepared,
 * md_twin_prepare), the hashes come from go, Go's record of p; canon(ctx,
 * ...) gives a key's canonical bytes.  Returns what to hand to the port's
 * set_twin. */
const gotwin *md_twin_port_begin(md_twin_port *tp, const md_prog *p, md_twin *out, const md_twin *go,
				 md_twin_canon_fn canon, void *ctx);

/* Op i is about to run (a hash Go never made is blamed on it). */
void md_twin_port_op(md_twin_port *tp, uint32_t i);

/* After op i: the layout of map m (NULL: nil) through port->walk. */
void md_twin_port_layout(md_twin_port *tp, const mapport *port, void *t, void *m, uint32_t i);

#endif
