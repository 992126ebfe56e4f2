/*
 * cmd_go_port.c: mapdiff go --port ID FILE [-o OUT], a Go reproducer for a
 * Go port (goport/, docs/PORTING.md "A map written in Go").
 *
 * Writes a standalone Go program that runs FILE on the library under test
 * and on Go's own map side by side, op by op, printing both results and
 * marking each difference where Go fixes the result (a panic, get's value
 * and ok, len, a range's entries as a multiset); iterator steps are printed,
 * never compared.  It calls the library through its own API, as the
 * adapter's goport.Repro spells it (the helper's --repro: libMap, libNew,
 * libGet, ...), so it needs only the library: with -o, a go.mod requiring
 * the library at the version the helper was built with is written beside
 * OUT when there is none.  Keys are written by cmd_go_lit.c (gosrc.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/gosrc.h"
#include "format/text.h"
#include "run/side.h"

#define REPRO_MAX (1 << 16)

/* The program's state and one method per op, gofmt'd (after the key's
 * declarations and kid, before main). */
static const char prelude[] =
	"var _ = math.NaN\n"
	"\n"
	"// state is the program's variables m and m2 and its iterators a to d, on\n"
	"// both sides: Go's map and the library's.\n"
	"type state struct {\n"
	"\tm     [2]map[K]int64\n"
	"\tl     [2]libMap\n"
	"\tgit   [4]*stepper\n"
	"\tlit   [4]*stepper\n"
	"\tdiffs int\n"
	"}\n"
	"\n"
	"// stepper is a paused range (iter.Pull2), stepped between other ops.\n"
	"type stepper struct {\n"
	"\tnext func() (K, int64, bool)\n"
	"\tstop func()\n"
	"}\n"
	"\n"
	"func pull(seq iter.Seq2[K, int64]) *stepper {\n"
	"\tnext, stop := iter.Pull2(seq)\n"
	"\treturn &stepper{next, stop}\n"
	"}\n"
	"\n"
	"// goAll is for k, v := range m as an iterator.\n"
	"func goAll(m map[K]int64) iter.Seq2[K, int64] {\n"
	"\treturn func(yield func(K, int64) bool) {\n"
	"\t\tfor k, v := range m {\n"
	"\t\t\tif !yield(k, v) {\n"
	"\t\t\t\treturn\n"
	"\t\t\t}\n"
	"\t\t}\n"
	"\t}\n"
	"}\n"
	"\n"
	"// entry is k=v as Go writes k (a NaN with its bits: each NaN is a key of\n"
	"// its own).\n"
	"func entry(k K, v int64) string {\n"
	"\tif k != k {\n"
	"\t\treturn fmt.Sprintf(\"NaN(%s)=%d\", kid(k), v)\n"
	"\t}\n"
	"\treturn fmt.Sprintf(\"%#v=%d\", k, v)\n"
	"}\n"
	"\n"
	"// try gives f's result, or the message of the panic it raised.\n"
	"func try(f func() string) (res string) {\n"
	"\tdefer func() {\n"
	"\t\tif e := recover(); e != nil {\n"
	"\t\t\tres = fmt.Sprintf(\"panic: %v\", e)\n"
	"\t\t}\n"
	"\t}()\n"
	"\treturn f()\n"
	"}\n"
	"\n"
	"// show runs op i on both sides and prints both results; compared: Go\n"
	"// fixes the result, so a difference counts.\n"
	"func (s *state) show(i int, text string, compared bool, goSide, libSide func() string) {\n"
	"\tg, l := try(goSide), try(libSide)\n"
	"\tmark := \"\"\n"
	"\tswitch {\n"
	"\tcase g == l:\n"
	"\tcase compared:\n"
	"\t\tmark = \"   <- DIFFERENT\"\n"
	"\t\ts.diffs++\n"
	"\tdefault:\n"
	"\t\tmark = \"   (not compared: Go fixes no order)\"\n"
	"\t}\n"
	"\tfmt.Printf(\"op %d: %s\\n\\tgo map:  %s\\n\\tlibrary: %s%s\\n\", i, text, g, l, mark)\n"
	"}\n"
	"\n"
	"// hint is make's hint on the library's side: none for one Go ignores\n"
	"// (negative or huge), as mapdiff's Go port runner passes it.\n"
	"func hint(h int64) int {\n"
	"\tif h < 0 || h > 1<<16 {\n"
	"\t\treturn 0\n"
	"\t}\n"
	"\treturn int(h)\n"
	"}\n"
	"\n"
	"func (s *state) make(i int, text string, t int, h int64) {\n"
	"\ts.show(i, text, true, func() string {\n"
	"\t\ts.m[t] = make(map[K]int64, h)\n"
	"\t\treturn \"ok\"\n"
	"\t}, func() string {\n"
	"\t\ts.l[t] = libNew(hint(h))\n"
	"\t\treturn \"ok\"\n"
	"\t})\n"
	"}\n"
	"\n"
	"func (s *state) setNil(i int, text string, t int) {\n"
	"\ts.m[t], s.l[t] = nil, nil\n"
	"\ts.show(i, text, true, func() string { return \"ok\" }, func() string { return \"ok\" })\n"
	"}\n"
	"\n"
	"func (s *state) alias(i int, text string, t int) {\n"
	"\ts.m[1-t], s.l[1-t] = s.m[t], s.l[t]\n"
	"\ts.show(i, text, true, func() string { return \"ok\" }, func() string { return \"ok\" })\n"
	"}\n"
	"\n"
	"func (s *state) put(i int, text string, t int, k K, v int64) {\n"
	"\ts.show(i, text, true, func() string {\n"
	"\t\ts.m[t][k] = v\n"
	"\t\treturn \"ok\"\n"
	"\t}, func() string {\n"
	"\t\tlibPut(s.l[t], k, v)\n"
	"\t\treturn \"ok\"\n"
	"\t})\n"
	"}\n"
	"\n"
	"// add is m[k] += v; the library's side is a get, then a put.\n"
	"func (s *state) add(i int, text string, t int, k K, v int64) {\n"
	"\ts.show(i, text, true, func() string {\n"
	"\t\ts.m[t][k] += v\n"
	"\t\treturn \"ok\"\n"
	"\t}, func() string {\n"
	"\t\told, _ := libGet(s.l[t], k)\n"
	"\t\tlibPut(s.l[t], k, old+v)\n"
	"\t\treturn \"ok\"\n"
	"\t})\n"
	"}\n"
	"\n"
	"func (s *state) del(i int, text string, t int, k K) {\n"
	"\ts.show(i, text, true, func() string {\n"
	"\t\tdelete(s.m[t], k)\n"
	"\t\treturn \"ok\"\n"
	"\t}, func() string {\n"
	"\t\tlibDelete(s.l[t], k)\n"
	"\t\treturn \"ok\"\n"
	"\t})\n"
	"}\n"
	"\n"
	"func (s *state) get(i int, text string, t int, k K) {\n"
	"\ts.show(i, text, true, func() string {\n"
	"\t\tv, ok := s.m[t][k]\n"
	"\t\treturn fmt.Sprintf(\"%d, %v\", v, ok)\n"
	"\t}, func() string {\n"
	"\t\tv, ok := libGet(s.l[t], k)\n"
	"\t\treturn fmt.Sprintf(\"%d, %v\", v, ok)\n"
	"\t})\n"
	"}\n"
	"\n"
	"func (s *state) len(i int, text string, t int) {\n"
	"\ts.show(i, text, true, func() string {\n"
	"\t\treturn fmt.Sprint(len(s.m[t]))\n"
	"\t}, func() string {\n"
	"\t\treturn fmt.Sprint(libLen(s.l[t]))\n"
	"\t})\n"
	"}\n"
	"\n"
	"func (s *state) clear(i int, text string, t int) {\n"
	"\ts.show(i, text, true, func() string {\n"
	"\t\tclear(s.m[t])\n"
	"\t\treturn \"ok\"\n"
	"\t}, func() string {\n"
	"\t\tlibClear(s.l[t])\n"
	"\t\treturn \"ok\"\n"
	"\t})\n"
	"}\n"
	"\n"
	"// entries is a whole range's entries, sorted: a multiset.\n"
	"func entries(seq iter.Seq2[K, int64]) string {\n"
	"\tvar e []string\n"
	"\tfor k, v := range seq {\n"
	"\t\te = append(e, entry(k, v))\n"
	"\t}\n"
	"\tsort.Strings(e)\n"
	"\treturn fmt.Sprintf(\"n=%d {%s}\", len(e), strings.Join(e, \", \"))\n"
	"}\n"
	"\n"
	"func (s *state) rangeMap(i int, text string, t int) {\n"
	"\ts.show(i, text, true, func() string {\n"
	"\t\treturn entries(goAll(s.m[t]))\n"
	"\t}, func() string {\n"
	"\t\treturn entries(libAll(s.l[t]))\n"
	"\t})\n"
	"}\n"
	"\n"
	"func stop(it *[4]*stepper, slot int) {\n"
	"\tif it[slot] != nil {\n"
	"\t\tit[slot].stop()\n"
	"\t\tit[slot] = nil\n"
	"\t}\n"
	"}\n"
	"\n"
	"func (s *state) iter(i int, text string, t, slot int) {\n"
	"\ts.show(i, text, true, func() string {\n"
	"\t\tstop(&s.git, slot)\n"
	"\t\ts.git[slot] = pull(goAll(s.m[t]))\n"
	"\t\treturn \"ok\"\n"
	"\t}, func() string {\n"
	"\t\tstop(&s.lit, slot)\n"
	"\t\ts.lit[slot] = pull(libAll(s.l[t]))\n"
	"\t\treturn \"ok\"\n"
	"\t})\n"
	"}\n"
	"\n"
	"// step takes iterator slot's next entry, or says \"end\" (and drops it).\n"
	"func step(it *[4]*stepper, slot int) string {\n"
	"\tif it[slot] == nil {\n"
	"\t\treturn \"end\"\n"
	"\t}\n"
	"\tk, v, ok := it[slot].next()\n"
	"\tif !ok {\n"
	"\t\tstop(it, slot)\n"
	"\t\treturn \"end\"\n"
	"\t}\n"
	"\treturn entry(k, v)\n"
	"}\n"
	"\n"
	"// drain takes all of iterator slot's remaining entries.\n"
	"func drain(it *[4]*stepper, slot int) string {\n"
	"\tvar e []string\n"
	"\tfor x := step(it, slot); x != \"end\"; x = step(it, slot) {\n"
	"\t\te = append(e, x)\n"
	"\t}\n"
	"\treturn fmt.Sprintf(\"n=%d [%s]\", len(e), strings.Join(e, \", \"))\n"
	"}\n"
	"\n"
	"func (s *state) next(i int, text string, slot int) {\n"
	"\ts.show(i, text, false, func() string { return step(&s.git, slot) }, func() string { return step(&s.lit, slot) })\n"
	"}\n"
	"\n"
	"func (s *state) drain(i int, text string, slot int) {\n"
	"\ts.show(i, text, false, func() string { return drain(&s.git, slot) }, func() string { return drain(&s.lit, slot) })\n"
	"}\n"
	"\n"
	"func (s *state) stop(i int, text string, slot int) {\n"
	"\ts.show(i, text, true, func() string {\n"
	"\t\tstop(&s.git, slot)\n"
	"\t\treturn \"ok\"\n"
	"\t}, func() string {\n"
	"\t\tstop(&s.lit, slot)\n"
	"\t\treturn \"ok\"\n"
	"\t})\n"
	"}\n"
	"\n"
	"// end says whether the library differed from Go's map where Go fixes the\n"
	"// result, and exits 1 if it did.\n"
	"func (s *state) end() {\n"
	"\tif s.diffs > 0 {\n"
	"\t\tfmt.Printf(\"%s differs from Go's map (%s) in %d result(s)\\n\", library, runtime.Version(), s.diffs)\n"
	"\t\tos.Exit(1)\n"
	"\t}\n"
	"\tfmt.Printf(\"%s does what Go's map (%s) does\\n\", library, runtime.Version())\n"
	"}\n";

/* Op i's text form as a Go string literal. */
static void op_text(FILE *f, const md_prog *p, uint32_t i)
{
	char text[MD_KEY_TEXT_MAX + 64];
	md_format_op(p, i, text, sizeof text);
	gosrc_string(f, (const uint8_t *)text, (uint32_t)strlen(text));
}

/* s.METHOD(i, "text", ...) for op i; -1 for an op with no Go form here. */
static int emit_op(FILE *f, const md_prog *p, uint32_t i)
{
	const md_op *o = &p->ops[i];
	int t = o->target & 1;
	unsigned slot = o->key % MD_MAX_ITERS;
	static const char *const name[] = {
		[MD_OP_PUT] = "put", [MD_OP_ADD] = "add",     [MD_OP_DEL] = "del",     [MD_OP_GET] = "get",
		[MD_OP_LEN] = "len", [MD_OP_RANGE] = "rangeMap", [MD_OP_CLEAR] = "clear", [MD_OP_NIL] = "setNil",
		[MD_OP_ALIAS] = "alias", [MD_OP_MAKE] = "make", [MD_OP_MAKEHINT] = "make", [MD_OP_ITER] = "iter",
		[MD_OP_NEXT] = "next", [MD_OP_DRAIN] = "drain", [MD_OP_STOP] = "stop",
	};
	if (o->code >= sizeof name / sizeof name[0] || !name[o->code])
		return -1;
	fprintf(f, "\ts.%s(%u, ", name[o->code], i);
	op_text(f, p, i);
	switch (o->code) {
	case MD_OP_PUT: case MD_OP_ADD: case MD_OP_DEL: case MD_OP_GET:
		fprintf(f, ", %d, ", t);
		gosrc_key(f, p, o->key);
		if (o->code == MD_OP_PUT || o->code == MD_OP_ADD)
			fprintf(f, ", %" PRId64, o->val);
		break;
	case MD_OP_MAKE: fprintf(f, ", %d, 0", t); break;
	case MD_OP_MAKEHINT: fprintf(f, ", %d, %" PRId64, t, o->val); break;
	case MD_OP_ITER: fprintf(f, ", %d, %u", t, slot); break;
	case MD_OP_NEXT: case MD_OP_DRAIN: case MD_OP_STOP: fprintf(f, ", %u", slot); break;
	default: fprintf(f, ", %d", t);
	}
	fprintf(f, ")\n");
	return 0;
}

/* The helper's output for ARG (--repro), into buf; -1 with a line on stderr. */
static int helper_say(const md_side *s, const char *arg, char *buf, size_t cap)
{
	char cmd[sizeof s->path + 32];
	snprintf(cmd, sizeof cmd, "'%s' %s", s->path, arg);
	FILE *h = popen(cmd, "r");
	size_t n = h ? fread(buf, 1, cap - 1, h) : 0;
	buf[n] = 0;
	if (!h || pclose(h) != 0 || n == 0 || n == cap - 1)
		return fprintf(stderr, "mapdiff: go: the Go port %s wrote no reproducer source (%s %s)\n", s->name,
			       s->path, arg), -1;
	return 0;
}

/* go.mod beside out, requiring mod@ver, unless there is one. */
static int write_gomod(const char *out, const char *modver)
{
	char dir[PATH_MAX], path[PATH_MAX + 8], mod[256];
	snprintf(dir, sizeof dir, "%s", out);
	snprintf(path, sizeof path, "%s/go.mod", dirname(dir));
	FILE *g = fopen(path, "r");
	if (g)
		return fclose(g), 0;
	snprintf(mod, sizeof mod, "%s", modver);
	char *at = strrchr(mod, '@');
	if (!(g = fopen(path, "w")))
		return fprintf(stderr, "mapdiff: %s: %s\n", path, strerror(errno)), -1;
	fprintf(g, "module mapdiffrepro\n\ngo 1.23\n");
	if (at && strncmp(mod, "std@", 4) != 0)
		*at = 0, fprintf(g, "\nrequire %s %s\n", mod, at + 1);
	fclose(g);
	fprintf(stderr, "mapdiff: wrote %s; then: go mod tidy && go run .\n", path);
	return 0;
}

static int emit(FILE *f, const char *src, const md_prog *p, const md_side *s, const char *repro,
		const char *modver, const char *contract)
{
	const char *glue = strchr(repro, '\n');
	char lib[256];
	snprintf(lib, sizeof lib, "%.*s", (int)strcspn(modver, " "), modver);
	char *at = strrchr(lib, '@');
	if (at)
		*at = ' ';
	fprintf(f, "// Code generated by `mapdiff go --port %s %s`.\n//\n", s->name, src);
	fprintf(f, "// It runs a mapdiff program on %s (the Go port %s, contract\n"
		   "// %s) and on Go's own map side by side, and prints each op's result\n"
		   "// on both.  \"<- DIFFERENT\" marks a result Go fixes (a panic, get's value\n"
		   "// and ok, len, a range's entries as a multiset) where the library differs;\n"
		   "// iterator steps are printed, not compared (Go fixes no order).  It exits\n"
		   "// 1 on a difference.  Run it in a module that requires the library:\n"
		   "//\n//\tgo mod tidy && go run .\n",
		lib, s->name, contract);
	fprintf(f, "package main\n\nimport (\n\t\"fmt\"\n\t\"iter\"\n\t\"math\"\n\t\"os\"\n\t\"runtime\"\n"
		   "\t\"sort\"\n\t\"strings\"\n\n\t%.*s\n)\n",
		(int)(glue - repro), repro);
	gosrc_key_decl(f);
	fprintf(f, "\n// library is the map under test, as built into the Go port.\nconst library = \"%s\"\n", lib);
	fprintf(f, "\n// programSeed is the program's seed (goport.ProgramSeed), for an adapter\n"
		   "// that seeds its library's hash from it.\nconst programSeed uint64 = 0x%08x\n", (unsigned)p->seed);
	fprintf(f, "\n// kid is a key's identity: its exact bits (so -0, +0 and each NaN differ).\n"
		   "func kid(k K) string {\n\t");
	gosrc_kid_body(f);
	fprintf(f, "\n}%s\n", glue);
	fputs(prelude, f);
	fprintf(f, "\nfunc main() {\n\ts := &state{}\n");
	for (uint32_t i = 0; i < p->nops; i++)
		if (emit_op(f, p, i) != 0) {
			char text[MD_KEY_TEXT_MAX + 64];
			md_format_op(p, i, text, sizeof text);
			return fprintf(stderr, "mapdiff: go --port: op %u (%s) has no Go form for a Go port\n", i, text), -1;
		}
	fprintf(f, "\ts.end()\n}\n");
	gosrc_decls(f);
	return 0;
}

int cmd_go_port(const char *in, const char *out, const md_prog *p)
{
	static md_results res;
	static char repro[REPRO_MAX];
	md_side *s = md_side_port();
	if (!s || s->kind != MD_SIDE_GO_PORT)
		return 2;
	if (md_side_run(s, p, &res, -1) != 0)
		return fprintf(stderr, "mapdiff: go: the Go port %s does not run %s (%s)\n", s->name, in,
			       s->skip[0] ? s->skip : "skipped"), 2;
	if (helper_say(s, "--repro", repro, sizeof repro) != 0 || !strchr(repro, '\n'))
		return 2;
	/* info: "goport NAME MOD@VER CONTRACT clear" */
	char name[64] = "", modver[256] = "", contract[128] = "";
	if (sscanf(s->info, "goport %63s %255s %127s", name, modver, contract) != 3)
		return fprintf(stderr, "mapdiff: go: the Go port %s: bad info '%s'\n", s->name, s->info), 2;
	gosrc_init(p);
	FILE *f = out ? fopen(out, "w") : stdout;
	if (!f)
		return fprintf(stderr, "mapdiff: %s: %s\n", out, strerror(errno)), 2;
	int rc = emit(f, in, p, s, repro, modver, contract);
	if (out && fclose(f) != 0)
		return fprintf(stderr, "mapdiff: %s: write failed\n", out), 2;
	if (rc == 0 && out && write_gomod(out, modver) != 0)
		return 2;
	return rc == 0 ? 0 : 2;
}
