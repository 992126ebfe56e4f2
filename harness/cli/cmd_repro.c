/*
 * cmd_repro.c: mapdiff repro FILE [-o OUT.c], a C reproducer for a port.
 *
 * Runs FILE on the Go linked in now (md_side_go; each range once more for
 * its entries) and writes a standalone C program that drives the port
 * under test through impl/port.h op by op, as harness/run/exec.c does,
 * checks each result against what Go did (panics and their messages,
 * get's value and ok, len, each range's entries as a multiset, keys bit
 * for bit), and at the first difference prints the op in Go terms and
 * exits 1 (0 when every op agrees).  It builds with the port's source
 * and impl/port.h alone:
 *
 *   cc -g repro.c myport.c -Iimpl -o repro && gdb ./repro
 *
 * The program's tables (types, keys, values, ops, what Go did) are
 * written here and in cmd_repro_nat.c; the driver after them is fixed
 * text (cmd_repro_rt.c), whose op switch is filled from op_c below, one
 * row per op code.  Keys and values of every type a program can have are
 * written in Go's memory layout as the executor hands them to the port:
 * scalars, strings, arrays and structs, strings inside them, interfaces
 * (their dynamic types, named ones included, as static gotypes), pointers
 * and channels (the executor's objects, at its address); fresh copies get
 * string bytes and boxes of their own and garbage in padding and blank
 * fields, as the executor's (harness/run/fresh.c), from garbage of the
 * reproducer's own.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/repro.h"
#include "format/text.h"
#include "format/types.h"
#include "run/multi.h"
#include "run/side.h"

#define REPRO_ENTRIES (64u << 20)

/* Each op code: its name in the driver, the C statements that run it
 * (m: its map variable's handle, k: its key, o: the op, pn: the panic,
 * ok, n: results) and those that check its results once it did not
 * panic (its panic is checked for every op).  A code without a row is
 * refused. */
static const struct {
	const char *id, *run, *check;
} op_c[MD_NOPCODES] = {
	[MD_OP_NIL] = {"OP_NIL", "set_var(o->target, NULL);", NULL},
	[MD_OP_MAKE] = {"OP_MAKE", "set_var(o->target, make_map(0, false));", NULL},
	[MD_OP_MAKEHINT] = {"OP_MAKEHINT", "set_var(o->target, make_map(o->val, true));", NULL},
	[MD_OP_PUT] = {"OP_PUT", "P->assign(T, m, k, val(o), &pn);", NULL},
	[MD_OP_GET] = {"OP_GET", "ok = P->lookup(T, m, k, vbuf, &pn);", "check_get(i, ok, vbuf);"},
	[MD_OP_DEL] = {"OP_DEL", "P->del(T, m, k, &pn);", NULL},
	[MD_OP_LEN] = {"OP_LEN", "n = P->len(T, m);", "check_len(i, n);"},
	[MD_OP_RANGE] = {"OP_RANGE", "do_range(m);", "check_range(i);"},
	[MD_OP_CLEAR] = {"OP_CLEAR", "P->clear(T, m, &pn);", NULL},
	[MD_OP_ALIAS] = {"OP_ALIAS", "set_var(1 - o->target, m);", NULL},
	[MD_OP_CLONE] = {"OP_CLONE", "set_var(1 - o->target, clone_map(m, &pn));", NULL},
	[MD_OP_ADD] = {"OP_ADD", "do_add(m, k, o, &pn);", NULL},
	[MD_OP_ITER] = {"OP_ITER", "iter_start(o->key % 4, m);", NULL},
	[MD_OP_NEXT] = {"OP_NEXT", "iter_step(i, o->key % 4);", NULL},
	[MD_OP_DRAIN] = {"OP_DRAIN", "while (iter_step(i, o->key % 4)) {}", NULL},
	[MD_OP_STOP] = {"OP_STOP", "iter_stop(o->key % 4);", NULL},
};

/* --collide: the reproducer runs the port as its colliding run does (set
 * by itself when only that run differs from Go). */
static int repro_collide;

static const char prelude[] =
	"#define _DEFAULT_SOURCE /* mmap's MAP_ANONYMOUS under -std=c11, for pointer keys */\n"
	"#include <stdbool.h>\n#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\n"
	"#include \"port.h\"\n\n"

	"/* The port under test: the one table a port exports (docs/PORTING.md);\n"
	" * -DREPRO_PORT=classic_port for the C port of impl/. */\n"
	"#ifndef REPRO_PORT\n#define REPRO_PORT mapdiff_port_under_test\n#endif\n"
	"extern const mapport REPRO_PORT;\n\n"
	"/* a pointer inside a key, value or part of one: set to `to`, or to\n"
	" * object obj (obj >= 0), before the first op */\n"
	"struct fix { unsigned char *at; const void *to; int obj; };\n"
	"struct op { uint8_t code, target; uint16_t key; bool fresh; int64_t val; const char *text; };\n"
	"/* what Go did at an op: its panic, get's ok, and get's value (an integer\n"
	" * value itself, else an index into vnat; -1: not one of them) or len;\n"
	" * a range's entries at went[ent .. ent+nent) */\n"
	"struct want { bool panicked, ok; int64_t val; const char *msg; uint32_t ent, nent; };\n"
	"struct entry { int32_t key; int64_t val; };\n\n";

/* ---- C literals ---- */

/* An int64 as a C expression (INT64_MIN is not a literal). */
static const char *c_int64(int64_t v, char *buf, size_t cap)
{
	if (v == INT64_MIN)
		snprintf(buf, cap, "(-9223372036854775807 - 1)");
	else
		snprintf(buf, cap, "%" PRId64, v);
	return buf;
}

/* ---- what Go did ---- */

static md_results go_res, go_detail;

/* The want.val of a value word w: an integer value is w itself; any other
 * value the index of the program's value with that word (every value in a
 * map is one it stored, or the zero value: vals[0]), or -1. */
static int64_t want_val(const md_prog *p, int64_t w)
{
	if (md_kind_integer(p->valkind))
		return w;
	for (uint32_t j = 0; j < p->nvals; j++) {
		uint32_t len;
		const uint8_t *c = md_val_bytes(p, j, &len);
		if (md_val_word(p->valkind, c, len) == w)
			return j;
	}
	return -1;
}

/* vclass[]: for each of p's n values, the first value with its word.
 * mapdiff compares values by word (result.h md_val_word), and distinct
 * values may share one (md_key_hash gives "" and "\x01" one word), so a
 * port's value agrees with Go's when it is any value of its class. */
static void emit_vclass(FILE *f, const md_prog *p, uint32_t n)
{
	fprintf(f, "static const int32_t vclass[%u] = {", n ? n : 1);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t len;
		const uint8_t *c = md_val_bytes(p, i, &len);
		int64_t j = md_kind_integer(p->valkind) ? (int64_t)i : want_val(p, md_val_word(p->valkind, c, len));
		fprintf(f, "%s%s%" PRId64, i ? "," : "", i % 24 ? "" : "\n\t", j);
	}
	fprintf(f, "%s};\n", n ? "\n" : "0");
}

/* The key of p whose canonical bytes are c[0..n), or -1. */
static int32_t key_index(const md_prog *p, const uint8_t *c, uint32_t n)
{
	for (uint32_t j = 0; j < p->nkeys; j++)
		if (p->keys[j].len == n && (n == 0 || memcmp(md_key_bytes(p, j), c, n) == 0))
			return (int32_t)j;
	return -1;
}

/* went[]: the entries of every range, from a detail run each; sets
 * first[i] for each range op i.  -1 (with one line) when Go's entries
 * cannot be had or placed. */
static int emit_entries(FILE *f, const md_prog *p, uint32_t *first, uint32_t *count)
{
	uint32_t n = 0;
	fprintf(f, "static const struct entry went[] = {\n");
	for (uint32_t i = 0; i < p->nops; i++) {
		if (p->ops[i].code != MD_OP_RANGE || go_res.res[i].panicked)
			continue;
		if (md_side_run(md_side_go(), p, &go_detail, (int32_t)i) != 0 || go_detail.entries_truncated)
			return fprintf(stderr, "mapdiff: repro: cannot list the entries of the range at op %u\n", i), -1;
		first[i] = n;
		count[i] = go_detail.nentries;
		const uint8_t *o = go_detail.entries;
		for (uint32_t j = 0; j < go_detail.nentries; j++, n++) {
			const uint8_t *k;
			uint32_t kl;
			int64_t v;
			o += md_get_entry(o, &k, &kl, &v);
			int32_t ki = key_index(p, k, kl);
			if (ki < 0)
				return fprintf(stderr, "mapdiff: repro: the range at op %u produced a key the program has not\n", i), -1;
			char b[32];
			fprintf(f, "\t{%d, %s}, /* op %u */\n", ki, c_int64(want_val(p, v), b, sizeof b), i);
		}
	}
	fprintf(f, "%s};\n", n ? "" : "\t{0, 0}\n");
	return 0;
}

static int emit_wants(FILE *f, const md_prog *p)
{
	static uint32_t first[MD_MAX_OPS], count[MD_MAX_OPS];
	memset(count, 0, sizeof count);
	if (emit_entries(f, p, first, count) != 0)
		return -1;
	fprintf(f, "static const struct want want[] = {\n");
	for (uint32_t i = 0; i < p->nops; i++) {
		const md_res *x = &go_res.res[i];
		int64_t v = p->ops[i].code == MD_OP_GET ? want_val(p, x->val) : x->val;
		char b[32];
		fprintf(f, "\t/* %u */ {%s, %s, %s, ", i, x->panicked ? "true" : "false", x->ok ? "true" : "false",
			c_int64(x->panicked ? 0 : v, b, sizeof b));
		md_repro_c_string(f, (const uint8_t *)md_res_msg(&go_res, x), x->panicked ? x->msglen : 0);
		fprintf(f, ", %u, %u},\n", count[i] ? first[i] : 0, count[i]);
	}
	fprintf(f, "};\n");
	return 0;
}

/* ---- the program ---- */

static void emit_ops(FILE *f, const md_prog *p)
{
	char text[MD_KEY_TEXT_MAX + 64];
	uint32_t nrand = 0;
	fprintf(f, "enum {");
	for (int c = 0; c < MD_NOPCODES; c++)
		if (op_c[c].id)
			fprintf(f, "%s%s = %d", c ? ", " : " ", op_c[c].id, c);
	fprintf(f, " };\nstatic const struct op ops[] = {\n");
	for (uint32_t i = 0; i < p->nops; i++) {
		const md_op *o = &p->ops[i];
		nrand += o->code == MD_OP_MAKE || o->code == MD_OP_MAKEHINT || o->code == MD_OP_CLONE;
		md_format_op(p, i, text, sizeof text);
		char b[32];
		fprintf(f, "\t/* %u */ {%s, %u, %u, %d, %s, ", i, op_c[o->code].id, o->target, o->key, md_op_fresh(o),
			c_int64(o->val, b, sizeof b));
		md_repro_c_text(f, text);
		fprintf(f, "},\n");
	}
	fprintf(f, "};\n/* each new map's randomness (md_make_rand), in the order maps are made */\n"
		   "static const uint64_t rands[] = {");
	for (uint32_t n = 0; n < nrand || n == 0; n++)
		fprintf(f, "%s0x%016" PRIx64 "ULL", n ? ", " : "", md_make_rand(p, n));
	fprintf(f, "};\n");
}

/* The driver, with the cases of op_c in its two switches. */
static void emit_driver(FILE *f)
{
	const char *run = strstr(md_repro_driver, "\t\tRUN_OPS\n"), *check = strstr(md_repro_driver, "\t\tCHECK_OPS\n");
	fwrite(md_repro_driver, 1, (size_t)(run - md_repro_driver), f);
	for (int c = 0; c < MD_NOPCODES; c++)
		if (op_c[c].id)
			fprintf(f, "\t\tcase %s: %s break;\n", op_c[c].id, op_c[c].run);
	run += strlen("\t\tRUN_OPS\n");
	fwrite(run, 1, (size_t)(check - run), f);
	for (int c = 0; c < MD_NOPCODES; c++)
		if (op_c[c].check)
			fprintf(f, "\t\tcase %s: %s break;\n", op_c[c].id, op_c[c].check);
	fputs(check + strlen("\t\tCHECK_OPS\n"), f);
}

static void emit_header(FILE *f, const char *src, const char *out, const md_prog *p, const char *map, const char *go)
{
	const char *o = out ? out : "repro.c";
	fprintf(f, "/*\n * Generated by `mapdiff repro %s`: %u ops on %s.\n *\n", src, p->nops, map);
	fprintf(f, " * It drives the port under test (mapdiff_port_under_test, impl/port.h) through\n"
		   " * the program op by op, as mapdiff's executor does, and checks each result\n"
		   " * against what Go (%s) did when this file was written: panics, get's\n"
		   " * value and ok, len, each range's entries (keys bit for bit).  At the first\n"
		   " * op that differs it says how, in Go terms, and exits 1; 0 when all agree.\n"
		   " * Iterator ops (it, next, drain) run but are not checked: Go fixes no order.\n *\n",
		go);
	fprintf(f, " * Build it with your port's source and impl/port.h, and debug it:\n *\n"
		   " *   cc -g %s myport.c -Iimpl -o repro && ./repro\n"
		   " *   gdb -ex 'break repro_op if i == N' ./repro     (stops before op N)\n *\n"
		   " * ./repro -v prints every op's result.  A port that calls the helpers\n"
		   " * port.h declares (gotype_flags, gotype_scalars, ...) links impl/types.c too;\n"
		   " * the C port of this tree: -DREPRO_PORT=classic_port, every .c file of impl/, -lm.\n *\n"
		   " * The program (mapdiff show prints it all):\n",
		o);
	for (uint32_t i = 0; i < p->nops && i < 40; i++) {
		char text[120];
		md_format_op(p, i, text, sizeof text);
		for (char *c = strstr(text, "*/"); c; c = strstr(c, "*/"))
			c[1] = '.'; /* a string key must not end the comment */
		fprintf(f, " *   %u: %s\n", i, text);
	}
	if (p->nops > 40)
		fprintf(f, " *   ... (%u ops)\n", p->nops);
	fprintf(f, " */\n\n");
}

/* The one-line refusal of a program a reproducer cannot write, or NULL. */
static const char *refusal(const md_prog *p, char *buf, size_t cap)
{
	for (uint32_t i = 0; i < p->nops; i++)
		if (!op_c[p->ops[i].code].id) {
			snprintf(buf, cap, "op %u (%s) has no C form in mapdiff repro yet", i, md_opname(p->ops[i].code));
			return buf;
		}
	return NULL;
}

static int emit(FILE *f, const char *src, const char *out, const md_prog *p, const char *map)
{
	char go[64], compiler[16] = "", version[40] = "";
	const gotype *kt = md_prog_keytype(p), *vt = md_prog_valtype(p);
	sscanf(md_side_go()->info, "%15s %39s", compiler, version); /* "gc go1.26.8 ..." */
	snprintf(go, sizeof go, "%s %s", compiler, version);
	emit_header(f, src, out, p, map, go);
	fputs(prelude, f);
	if (md_repro_nat_reset() != 0)
		return fprintf(stderr, "mapdiff: repro: out of memory\n"), -1;
	fprintf(f, "#define KEY_TYPE t%d\n", md_repro_type(f, kt));
	fprintf(f, "#define VAL_TYPE t%d\n", md_repro_type(f, vt));
	bool int64_vals = md_prog_int64_vals(p), int_vals = md_kind_integer((int)vt->kind);
	fprintf(f, "#define GO_MAP_TYPE ");
	md_repro_c_text(f, map);
	fprintf(f, "\n#define GO_NAME ");
	md_repro_c_text(f, go);
	fprintf(f, "\n#define KEY_STRING %d\n#define KEY_SIZE %u\n#define VAL_SIZE %u\n", kt->kind == GO_STRING,
		kt->size, vt->size);
	fprintf(f, "#define INT64_VALS %d\n#define VAL_INT_SIZE %u\n#define VAL_INT_SIGNED %d\n#define HASHBITS %u\n",
		int64_vals, int_vals ? md_int_size((int)vt->kind) : 0, int_vals && vt->kind <= GO_INT64, p->hashbits);
	fprintf(f, "#define COLLIDE %d /* every key on one hash: the colliding run */\n", repro_collide);
	fprintf(f, "#define NKEYS %u\n#define NVALS %u\n", p->nkeys, int64_vals ? 0 : p->nvals);
	fprintf(f, "\n/* the program's keys, in Go's memory layout (their parts first) */\n");
	if (md_repro_table(f, p, "knat", "key_text", kt, p->nkeys, true) != 0 ||
	    (fprintf(f, "\n/* its values (with int64 values each op holds its own) */\n"),
	     md_repro_table(f, p, "vnat", "val_text", vt, int64_vals ? 0 : p->nvals, false)) != 0)
		return fprintf(stderr, "mapdiff: repro: its keys or values do not fit the executor's buffers "
				       "(mapdiff skips it)\n"), -1;
	emit_vclass(f, p, int64_vals ? 0 : p->nvals);
	fprintf(f, "\n/* the pointers inside keys, values and their parts: set before the first op */\n");
	md_repro_fixes(f);
	fprintf(f, "\n/* the ops */\n");
	emit_ops(f, p);
	fprintf(f, "\n/* what Go (%s) did */\n", go);
	if (emit_wants(f, p) != 0)
		return -1;
	fprintf(f, "\n");
	emit_driver(f);
	return 0;
}

/* Whether only the port's colliding run differs from Go on p (the port's
 * own run agrees with every oracle): then the reproducer must run the
 * port as that run does, or it shows nothing. */
static bool only_collide_differs(const md_prog *p)
{
	static md_multi m;
	if (md_multi_init(&m, NULL) != 0 || m.collide == 0 || md_multi_run(p, &m) != MD_DIVERGE)
		return false;
	for (int i = 1; i < m.n; i++)
		if (i != m.collide && m.group[i] != 0)
			return false;
	return m.group[m.collide] > 0;
}

int cmd_repro(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--collide") == 0)
			repro_collide = 1;
		else if (argv[i][0] == '-' && argv[i][1] != 0)
			return fprintf(stderr, "mapdiff: bad command line: repro: unknown option %s\n", argv[i]), 2;
		else if (in)
			return fprintf(stderr, "mapdiff: bad command line: repro takes one FILE\n"), 2;
		else
			in = argv[i];
	}
	if (!in)
		return fprintf(stderr, "mapdiff: bad command line: repro needs FILE\n"), 2;
	md_prog *p = &md_cli_prog;
	if (md_cli_load(in, FORM_AUTO, p) != 0)
		return 2;
	char k[256], v[256], map[600];
	gotype_syntax(md_prog_keytype(p), k, sizeof k);
	gotype_syntax(md_prog_valtype(p), v, sizeof v);
	snprintf(map, sizeof map, "map[%s]%s", k, v);
	char whybuf[256];
	const char *why = refusal(p, whybuf, sizeof whybuf);
	if (why)
		return fprintf(stderr, "mapdiff: repro: %s: %s\n", map, why), 2;
	if (!repro_collide && only_collide_differs(p)) {
		repro_collide = 1;
		fprintf(stderr, "mapdiff: repro: only the port's colliding run differs from Go: the reproducer runs "
				"the port as that run does (every key on one hash, as --collide asks)\n");
	}
	go_detail.entries = malloc(REPRO_ENTRIES);
	go_detail.entries_cap = REPRO_ENTRIES;
	if (!go_detail.entries || md_side_run(md_side_go(), p, &go_res, -1) != 0)
		return fprintf(stderr, "mapdiff: %s: the Go side cannot run it (%s)\n", in,
			       md_side_go()->skip[0] ? md_side_go()->skip : "no reason given"), 2;
	FILE *f = out ? fopen(out, "w") : stdout;
	if (!f)
		return fprintf(stderr, "mapdiff: %s: %s\n", out, strerror(errno)), 2;
	int rc = emit(f, in, out, p, map);
	if (out && fclose(f) != 0)
		return fprintf(stderr, "mapdiff: %s: write failed\n", out), 2;
	free(go_detail.entries);
	if (rc != 0 && out)
		remove(out);
	return rc == 0 ? 0 : 2;
}
