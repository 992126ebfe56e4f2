/*
 * gosrc.h: Go source for `mapdiff go` (cmd_go_lit.c): keys as Go
 * expressions of exactly their bits, key ids (what the written program's
 * kid() prints for a key), and the declarations those need: struct types
 * as aliases (gofmt would spread an inline struct type over lines), the
 * program's pointer and channel objects, and one kid function per type.
 */
#ifndef MAPDIFF_GOSRC_H
#define MAPDIFF_GOSRC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "format/types.h"
#include "format/prog.h"

/* Start a program of key type key (named K in the Go source); its keys
 * and values (the key and value tables of p) register every type, named
 * type (interface { M() } values: MInt, *MObj, ...) and object they name. */
void gosrc_init(const md_prog *p);
/* The key type (decoded once, alive until the next gosrc_init). */
const gotype *gosrc_keytype(void);

/* The Go expression of key i of p: K{...}, int8(1), &obj3, ... */
void gosrc_key(FILE *f, const md_prog *p, uint32_t i);
/* The id kid() gives the key with canonical bytes c[0..n): its exact bits,
 * leaf by leaf ({1,8000000000000000}, int8(1), &obj3). */
void gosrc_key_id(FILE *f, const uint8_t *c, uint32_t n);
/* The body of func kid(k K) string. */
void gosrc_kid_body(FILE *f);

/* Values, when p's value type is not int64 (named V in the Go source):
 * whether it is int64 (then none of the below apply), the Go expression of
 * value i of p's value table, the id vid() gives the value with canonical
 * bytes c[0..n) (as for keys), and the body of func vid(v V) string. */
bool gosrc_int64_vals(void);
void gosrc_val(FILE *f, const md_prog *p, uint32_t i);
void gosrc_val_id(FILE *f, const uint8_t *c, uint32_t n);
void gosrc_vid_body(FILE *f);

/* A Go string literal of b[0..n), bytes outside printable ASCII escaped. */
void gosrc_string(FILE *f, const uint8_t *b, uint32_t n);

/* type K = ... (a struct key type spelled out); type V = ... */
void gosrc_key_decl(FILE *f);
void gosrc_val_decl(FILE *f);
/* type M = map[...]vt, the map type with its key type spelled out. */
void gosrc_map_decl(FILE *f, const char *vt);
/* Every other declaration the keys written so far need (at package level). */
void gosrc_decls(FILE *f);

#endif
