/*
 * main.c: the mapdiff command line.
 *
 *   mapdiff run FILE...     compare the port under test and Go on each program
 *   mapdiff trace FILE      each op with both sides' results
 *   mapdiff show FILE       a program in text form
 *   mapdiff asm [FILE|-]    text form -> binary
 *   mapdiff oracles         the oracles built (Go toolchains, the model)
 *
 * Exit status: 0 the port under test agrees with Go (or skipped), 1 it
 * diverges from Go, 2 bad input or usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "run/side.h"

/* The port under test: the C port of impl/, the one ./build.sh port
 * linked in, or a Go port (docs/PORTING.md). */
static void print_intro(FILE *f)
{
	md_side *list;
	md_sides(&list);
	const char *from = "impl/";
	if (list[0].ops == &md_goport_linked_ops)
		from = "a Go port linked in by ./build.sh goport";
	else if (list[0].kind == MD_SIDE_GO_PORT)
		from = "a Go port, $MAPDIFF_PORT or --port";
	else if (list[0].port != &classic_port)
		from = "linked in by ./build.sh port";
	fprintf(f, "Differential testing of Go's map: the port under test, %s\n"
		   "(%s), against the Go runtime map linked into this binary.\n",
		list[0].name, from);
}

static const char usage_outro[] =
	"A FILE is a program in text form (docs/FORMAT.md) when it starts with\n"
	"'#' or 'map[' and holds only printable text; otherwise it is a binary\n"
	"program, and every byte string is one.  --text or --binary before the\n"
	"files forces the choice.  Its map type's key and value may be any\n"
	"type a Go map key can have, within docs/TYPES.md's bounds:\n"
	"map[string]int64, map[[2]float64]string, map[interface{ M() }]struct{}.\n"
	"\n"
	"--port ID (anywhere on the command line, or $MAPDIFF_PORT) makes the Go\n"
	"port ID the port under test: a helper ./build.sh goport DIR built under\n"
	"goport/ next to this binary (docs/PORTING.md, \"A map written in Go\").\n"
	"./build.sh goport also builds out/goport/ID/mapdiff, whose port under\n"
	"test is that Go port in this process, next to the Go linked in\n"
	"($MAPDIFF_GOPORT_INPROC=0: on its helper instead).\n"
	"--port-types (anywhere, or $MAPDIFF_PORT_TYPES=1) decodes every binary\n"
	"FILE as one of the map types the Go port declares (docs/FUZZING.md, \"On\n"
	"the port's map types\"); `fuzz` of a Go port sets it (--types all does not).\n"
	"\n"
	"--oracle O picks the oracles: an id from 'mapdiff oracles' (gc-1.19,\n"
	"gccgo-12, model ...), a comma-separated list of ids, or 'all'.  The\n"
	"default is $MAPDIFF_ORACLE, else the Go linked into this binary.\n"
	"MAPDIFF_ORACLE_REFLECT=1 runs every map type but map[scalar]int64\n"
	"through reflect in the Go oracles (docs/TYPES.md).\n"
	"\n"
	"run prints agree, skipped (with the reason), DIVERGE or SPEC per program,\n"
	"and over several files a last line of totals.  A divergence ends with\n"
	"one line CI deduplicates on, naming the bug, not the op:\n"
	"  mapdiff: DIVERGENCE <what> on map[K]V (<side> vs <side>)\n"
	"  mapdiff: SPEC VIOLATION <rule> by <side>\n"
	"(docs/FUZZING.md, \"Signatures\"; the report above it names the op).\n"
	"\n"
	"exit status: 0 the port under test agrees with every Go that ran each\n"
	"program (or could not run it), 1 it diverges from Go or breaks the spec,\n"
	"2 bad input or usage.  Differences among the oracles alone are shown,\n"
	"not counted against the port.\n";

/* The commands; a later command adds one line here and a cmd_* function
 * (in its own file, declared in cli.h). */
static const md_command commands[] = {
	{"run", "[--oracle O | --twin[=GO]] FILE...", "run each program on the port and oracle(s) O, compare; --twin: in lockstep with a classic Go (gc-1.19), bit for bit", cmd_run},
	{"trace", "[--oracle O | --twin[=GO]] FILE", "every op with every side's results, side by side; --twin: the first layout that differs, both bucket arrays side by side", cmd_trace},
	{"show", "FILE", "print a program in text form", cmd_show},
	{"asm", "[FILE|-] [-o OUT]", "text form -> binary (to OUT or stdout)", cmd_asm},
	{"facts", "[--oracle O | --twin]", "where the port and Go grow, per key type and hint, and edge cases; --twin: each classic Go in lockstep with the port", cmd_facts},
	{"oracles", "", "the oracles built: id, Go version, map kind, capabilities", cmd_oracles},
	{"fuzz", "[--engine E] [--seconds N] [--jobs N] [--oracle O] [--rotate N] [--twin GO]",
	 "a libfuzzer or afl campaign; known findings counted, not stopped on (docs/FUZZING.md); --twin GO: in lockstep with a classic Go (docs/TWIN.md)", cmd_fuzz},
	{"min", "[--oracle O | --twin[=GO]] FILE -o OUT", "shrink a divergence, keeping its signature on oracle(s) O (or in lockstep with GO)", cmd_min},
	{"go", "FILE [-o OUT] [--test] [--oracle ID]",
	 "a standalone Go program replaying FILE on Go's map (--port ID: the library and Go side by side; --oracle ID: recorded on that Go, B checked where it has the classic map; refused if FILE calls clear or maps.Clone and that Go lacks it)",
	 cmd_go},
	{"repro", "FILE [--collide] [-o OUT.c]", "a standalone C program driving the port under test through FILE, checked against Go (--collide: as the port's colliding run, which it does by itself when only that run differs)", cmd_repro},
	{"merge", "OUTDIR DIR...", "the inputs of DIRs that keep the coverage (libFuzzer -merge)", cmd_merge},
};

static void print_usage(FILE *f)
{
	fprintf(f, "usage: mapdiff COMMAND [ARGS]\n\n");
	print_intro(f);
	fprintf(f, "\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		char left[64];
		snprintf(left, sizeof left, "%s %s", commands[i].name, commands[i].args);
		fprintf(f, "  %-26s %s\n", left, commands[i].help);
	}
	fprintf(f, "  %-26s %s\n\n%s", "--help", "this text", usage_outro);
}

/* --port ID anywhere: $MAPDIFF_PORT for this process and every process it
 * starts (the fuzz target of a campaign); --port-types: $MAPDIFF_PORT_TYPES
 * (run/side.h md_port_decode_opts); removed from argv. */
static int take_port(int argc, char **argv)
{
	int out = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
			setenv("MAPDIFF_PORT", argv[++i], 1);
			continue;
		}
		if (strcmp(argv[i], "--port-types") == 0) {
			setenv("MAPDIFF_PORT_TYPES", "1", 1);
			continue;
		}
		argv[out++] = argv[i];
	}
	argv[out] = NULL;
	return out;
}

int main(int argc, char **argv)
{
	argc = take_port(argc, argv);
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		print_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 2, argv + 2);
	fprintf(stderr, "mapdiff: bad command line: unknown command '%s' (see mapdiff --help)\n", argv[1]);
	return 2;
}
