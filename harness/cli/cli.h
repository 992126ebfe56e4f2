/*
 * cli.h: what the mapdiff commands share.
 *
 * Each command is a function `int cmd_NAME(int argc, char **argv)` (argv
 * holds the arguments after the command's name) returning the exit status:
 * 0 all agree, 1 a divergence, 2 bad input or usage.  main.c lists them.
 */
#ifndef MAPDIFF_CLI_H
#define MAPDIFF_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "format/prog.h"
#include "run/multi.h"
#include "run/result.h"

typedef struct md_command {
	const char *name, *args, *help;
	int (*run)(int argc, char **argv);
} md_command;

typedef enum md_form { FORM_AUTO, FORM_TEXT, FORM_BINARY } md_form;

/* The program a command works on (too big for the stack). */
extern md_prog md_cli_prog;

/* Takes a leading --text or --binary off the arguments. */
md_form md_cli_form(int *argc, char ***argv);

/* Reads a whole file (or stdin for "-"), at most 64 MiB; on failure prints
 * one line naming the problem and returns NULL.  The caller frees. */
uint8_t *md_cli_read(const char *path, size_t *n);

/* Loads a program (text or binary, see --help) into *p; prints one line and
 * returns -1 on bad input. */
int md_cli_load(const char *path, md_form fm, md_prog *p);

/* Takes a leading "--oracle NAME" off the arguments and returns NAME;
 * else returns dflt.  NAME as md_multi_init takes it (multi.h). */
const char *md_cli_oracle(int *argc, char ***argv, const char *dflt);

int cmd_oracles(int argc, char **argv);

int cmd_facts(int argc, char **argv);  /* cmd_facts.c */
int cmd_facts_twin(void);              /* cmd_facts_twin.c: facts --twin */
int cmd_run(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_asm(int argc, char **argv);
int cmd_fuzz(int argc, char **argv);  /* cmd_fuzz.c */
int cmd_min(int argc, char **argv);   /* cmd_min.c */
int cmd_go(int argc, char **argv);    /* cmd_go.c */
/* mapdiff go --port ID: the Go port's reproducer of p (cmd_go_port.c). */
int cmd_go_port(const char *in, const char *out, const md_prog *p);
int cmd_repro(int argc, char **argv); /* cmd_repro.c */
int cmd_merge(int argc, char **argv); /* cmd_merge.c */

/* cmd_twin.c: takes a leading "--twin" (gc-1.19) or "--twin=ID" off the
 * arguments and returns the Go's id, else NULL; run --twin, trace --twin. */
const char *md_cli_twin(int *argc, char ***argv);
/* The Go's id argument a names ("--twin": gc-1.19, "--twin=ID"), else NULL. */
const char *md_cli_twin_arg(const char *a);
int cmd_twin_run(int argc, char **argv, const char *id, md_form fm);
int cmd_twin_trace(int argc, char **argv, const char *id, md_form fm);

#endif
