/*
 * cmd_go.c: mapdiff go FILE [-o OUT] [--test] [--oracle ID], a standalone Go program.
 *
 * Runs FILE on the Go linked in now (md_side_go) and writes a Go program,
 * standard library only, that performs the same ops on a real Go map and
 * checks each against what Go did here: panics (by message), get's value
 * and ok, len, and each range's multiset of entries (keys by their exact
 * bits).  It prints every difference and exits 1 on one.  --test writes a
 * _test.go form instead (func TestMapdiffReplay).  Iterator ops run on
 * reflect.MapIter, as the oracle runs them; what they produce depends on
 * Go's random start, so it is printed, not checked.  With -v (go test -v)
 * the program prints every op's result too.  Keys are written as Go
 * expressions by cmd_go_lit.c (gosrc.h): Go source spells -0.0, NaN,
 * float32 bits and composite literals differently from the text form.
 * Its map type is M, with the key type spelled out (gccgo 11 and 12 cannot
 * compile a map keyed by an alias of an array or struct); a program that
 * calls clear or maps.Clone is refused for a Go that has neither.
 * With --port ID (a Go port), cmd_go_port.c writes the library's form.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/gosrc.h"
#include "run/multi.h"
#include "run/side.h"
#include "format/text.h"

#define GO_ENTRIES (64u << 20)
#define VID_MAX 80 /* longer value ids are compared by their FNV-1a hash */

static const char prelude[] =
	"\n"
	"var _ = math.NaN\n"
	"\n"
	"// try runs f and returns the message of the panic it raised, if any.\n"
	"func try(f func()) (msg string, panicked bool) {\n"
	"\tdefer func() {\n"
	"\t\tif e := recover(); e != nil {\n"
	"\t\t\tpanicked = true\n"
	"\t\t\tswitch x := e.(type) {\n"
	"\t\t\tcase error:\n\t\t\t\tmsg = x.Error()\n"
	"\t\t\tcase string:\n\t\t\t\tmsg = x\n"
	"\t\t\tdefault:\n\t\t\t\tmsg = fmt.Sprint(x)\n"
	"\t\t\t}\n\t\t}\n\t}()\n"
	"\tf()\n\treturn \"\", false\n}\n"
	"\n"
	"// A replay reports differences, and notes what iterators produce (and,\n"
	"// verbose, every op's result).\n"
	"type replay struct {\n"
	"\treport  func(format string, args ...interface{})\n"
	"\tnote    func(format string, args ...interface{})\n"
	"\tverbose bool\n"
	"\tdiffs   int\n"
	"}\n"
	"\n"
	"func (r *replay) fail(i int, text, what string, got, want interface{}) {\n"
	"\tr.diffs++\n"
	"\tr.report(\"op %d (%s): %s: Go now gives %#v; when recorded, Go gave %#v\", i, text, what, got, want)\n"
	"}\n"
	"\n"
	"// show notes op i's result when verbose.\n"
	"func (r *replay) show(i int, text, format string, args ...interface{}) {\n"
	"\tif r.verbose {\n"
	"\t\tr.note(\"op %d (%s): \"+format, append([]interface{}{i, text}, args...)...)\n"
	"\t}\n}\n"
	"\n"
	"// op runs op i, checks its panic, and says whether to check its results.\n"
	"func (r *replay) op(i int, text, wantMsg string, wantPanic bool, f func()) bool {\n"
	"\tmsg, p := try(f)\n"
	"\tif p {\n\t\tr.show(i, text, \"panic: %s\", msg)\n\t}\n"
	"\tif p != wantPanic || msg != wantMsg {\n"
	"\t\tr.fail(i, text, \"panic\", fmt.Sprintf(\"panicked=%v %q\", p, msg), fmt.Sprintf(\"panicked=%v %q\", wantPanic, wantMsg))\n"
	"\t\treturn false\n\t}\n"
	"\treturn !p\n}\n"
	"\n"
	"func (r *replay) check(i int, text, what string, got, want interface{}) {\n"
	"\tif got != want {\n\t\tr.fail(i, text, what, got, want)\n\t}\n}\n"
	"\n"
	"// checkRange compares a range's entries as a multiset.\n"
	"func (r *replay) checkRange(i int, text string, got, want []string) {\n"
	"\tsort.Strings(got)\n\tsort.Strings(want)\n"
	"\tr.show(i, text, \"%d entries %s\", len(got), strings.Join(got, \" \"))\n"
	"\tif strings.Join(got, \" \") != strings.Join(want, \" \") {\n"
	"\t\tr.fail(i, text, \"range entries (key bits=value)\", got, want)\n\t}\n}\n"
	"\n";

/* entries and next, int64 values. */
static const char prelude_entries_int64[] =
	"// entries ranges over m: its entries as key id=value.\n"
	"func entries(m M) (got []string) {\n"
	"\tfor k, v := range m {\n"
	"\t\tgot = append(got, fmt.Sprintf(\"%s=%d\", kid(k), v))\n"
	"\t}\n\treturn got\n}\n";

/* entries for values of type V (compared by their ids). */
static const char prelude_entries_v[] =
	"// entries ranges over m: its entries as key id=value id.\n"
	"func entries(m M) (got []string) {\n"
	"\tfor k, v := range m {\n"
	"\t\tgot = append(got, kid(k)+\"=\"+vid(v))\n"
	"\t}\n\treturn got\n}\n";

/* next, up to where it notes the entry (then prelude_note_*). */
static const char prelude_next[] =
	"\n"
	"// next takes iterator it's next entry (a reflect.MapIter, as mapdiff's\n"
	"// oracle steps iterators) and notes it; false at the end, where the\n"
	"// iterator is dropped.  Go fixes no order: entries are noted, not checked.\n"
	"func (r *replay) next(i int, text string, it **reflect.MapIter) bool {\n"
	"\tif *it == nil || !(*it).Next() {\n"
	"\t\t*it = nil\n"
	"\t\tr.note(\"op %d (%s): end\", i, text)\n"
	"\t\treturn false\n\t}\n"
	"\tk, _ := (*it).Key().Interface().(K)\n";

static const char prelude_note_int64[] =
	"\tr.note(\"op %d (%s): %v = %d (key bits %s)\", i, text, k, (*it).Value().Int(), kid(k))\n"
	"\treturn true\n}\n";

static const char prelude_note_v[] =
	"\tv, _ := (*it).Value().Interface().(V)\n"
	"\tr.note(\"op %d (%s): %v = %v (key bits %s, value bits %s)\", i, text, k, v, kid(k), vid(v))\n"
	"\treturn true\n}\n";

static const char prelude_drain[] =
	"\n"
	"// drain takes all of iterator it's remaining entries.\n"
	"func (r *replay) drain(i int, text string, it **reflect.MapIter) {\n"
	"\tfor r.next(i, text, it) {\n\t}\n}\n";

/* B of the classic map, checked where the recording Go had one. */
static const char prelude_shape[] =
	"\n// checkB checks B (log2 of the bucket count) of m after op i, on a Go with\n"
	"// the classic map (gc before 1.24, gccgo): the Go spec leaves it open, the\n"
	"// classic algorithm fixes it.  A Go with Swiss tables has no B to check.\n"
	"func (r *replay) checkB(i int, text string, m M, want int) {\n"
	"\tvar minor int\n"
	"\t_, err := fmt.Sscanf(strings.TrimPrefix(runtime.Version(), \"go1.\"), \"%d\", &minor)\n"
	"\tif runtime.Compiler == \"gc\" && (err != nil || minor >= 24) {\n\t\treturn\n\t}\n"
	"\t// runtime/map.go hmap: count int, flags uint8, B uint8, ...\n"
	"\th := *(**struct {\n\t\tcount int\n\t\tflags uint8\n\t\tB     uint8\n\t})(unsafe.Pointer(&m))\n"
	"\tb := 0\n\tif h != nil {\n\t\tb = int(h.B)\n\t}\n"
	"\tr.show(i, text, \"B = %d\", b)\n"
	"\tif b != want {\n\t\tr.fail(i, text, \"B (bucket count)\", b, want)\n\t}\n}\n";

static const char main_form[] =
	"\nfunc main() {\n"
	"\tprintf := func(f string, a ...interface{}) { fmt.Printf(f+\"\\n\", a...) }\n"
	"\tr := &replay{report: printf, note: printf, verbose: len(os.Args) > 1 && os.Args[1] == \"-v\"}\n"
	"\tr.run()\n"
	"\tif r.diffs > 0 {\n"
	"\t\tfmt.Printf(\"%%d difference(s) from what Go did when this program was recorded\\n\", r.diffs)\n"
	"\t\tos.Exit(1)\n\t}\n"
	"\tfmt.Printf(\"ok: %%s does what %s did on all %u ops\\n\", runtime.Version())\n}\n";

static const char test_form[] =
	"\nfunc TestMapdiffReplay(t *testing.T) {\n"
	"\tr := &replay{report: t.Errorf, note: t.Logf, verbose: testing.Verbose()}\n"
	"\tr.run()\n}\n";

/* Whether p has op code c. */
static int has_op(const md_prog *p, int c)
{
	for (uint32_t i = 0; i < p->nops; i++)
		if (p->ops[i].code == c)
			return 1;
	return 0;
}

static int has_shape(const md_prog *p);
static const char *vtype(void);

static void emit_header(FILE *f, const char *src, const md_prog *p, int test)
{
	fprintf(f, "// Code generated by `mapdiff go%s %s`.\n//\n", test ? " --test" : "", src);
	fprintf(f, "// It replays a mapdiff program (each op labelled with its text form) on\n"
		   "// Go's own map and checks each result against what Go did when the\n"
		   "// program was recorded: panics, get's value and ok, len, and each\n"
		   "// range's entries as a multiset; it prints what iterators produce\n"
		   "// (Go fixes no order). %s\n",
		test ? "Run it with: go test [-v] FILE_test.go" : "Run it with: go run FILE.go [-v]");
	int shape = has_shape(p);
	fprintf(f, "package main\n\nimport (\n\t\"fmt\"\n%s%s\t\"math\"\n%s\t\"reflect\"\n%s\t\"sort\"\n\t\"strings\"\n%s%s)\n",
		gosrc_int64_vals() ? "" : "\t\"hash/fnv\"\n", has_op(p, MD_OP_CLONE) ? "\t\"maps\"\n" : "",
		test ? "" : "\t\"os\"\n", test && !shape ? "" : "\t\"runtime\"\n", test ? "\t\"testing\"\n" : "",
		shape ? "\t\"unsafe\"\n" : "");
	gosrc_key_decl(f);
	if (!gosrc_int64_vals())
		gosrc_val_decl(f);
	gosrc_map_decl(f, vtype());
	fprintf(f, "\n// kid is a key's identity: its exact bits (so -0, +0 and each NaN differ).\n"
		   "func kid(k K) string {\n\t");
	gosrc_kid_body(f);
	fprintf(f, "\n}\n");
	if (!gosrc_int64_vals()) {
		fprintf(f, "\n// vid is a value's identity, as kid is a key's (a long one hashed).\n"
			   "func vid(v V) string {\n\treturn short(func() string {\n\t\t");
		gosrc_vid_body(f);
		fprintf(f, "\n\t}())\n}\n\n// short keeps an id, or hashes one of more than %d bytes.\n"
			   "func short(id string) string {\n\tif len(id) <= %d {\n\t\treturn id\n\t}\n"
			   "\th := fnv.New64a()\n\th.Write([]byte(id))\n"
			   "\treturn fmt.Sprintf(\"fnv64a:%%016x\", h.Sum64())\n}\n", VID_MAX, VID_MAX);
	}
	fputs(prelude, f);
	fputs(gosrc_int64_vals() ? prelude_entries_int64 : prelude_entries_v, f);
	fputs(prelude_next, f);
	fputs(gosrc_int64_vals() ? prelude_note_int64 : prelude_note_v, f);
	fputs(prelude_drain, f);
	if (shape)
		fputs(prelude_shape, f);
}

/* The Go value type: int64, or V. */
static const char *vtype(void)
{
	return gosrc_int64_vals() ? "int64" : "V";
}

/* The full id of the value a result reports as word x: an integer value
 * is the word itself, any other one the program's value with that word
 * (every value in a map is one it stored, or V's zero value: vals[0]). */
static void word_id(FILE *f, const md_prog *p, int64_t x)
{
	if (md_kind_integer(p->valkind)) {
		uint8_t c[8];
		for (int j = 0; j < 8; j++)
			c[j] = (uint8_t)((uint64_t)x >> (8 * j));
		gosrc_val_id(f, c, md_int_size(p->valkind));
		return;
	}
	for (uint32_t j = 0; j < p->nvals; j++) {
		uint32_t len;
		const uint8_t *c = md_val_bytes(p, j, &len);
		if (md_val_word(p->valkind, c, len) == x) {
			gosrc_val_id(f, c, len);
			return;
		}
	}
	fprintf(f, "<a value the program never stored: word %016" PRIx64 ">", (uint64_t)x);
}

/* What vid() says of the value with word x: its id, or past VID_MAX bytes
 * (a [512]int64, a long string) the id's FNV-1a hash, as Go's short(). */
static void emit_word_id(FILE *f, const md_prog *p, int64_t x)
{
	char *id = NULL;
	size_t n = 0;
	FILE *s = open_memstream(&id, &n);
	if (!s)
		abort();
	word_id(s, p, x);
	fclose(s);
	if (n <= VID_MAX) {
		fputs(id, f);
	} else {
		uint64_t h = 0xcbf29ce484222325ULL;
		for (size_t j = 0; j < n; j++)
			h = (h ^ (uint8_t)id[j]) * 0x100000001b3ULL;
		fprintf(f, "fnv64a:%016" PRIx64, h);
	}
	free(id);
}

static md_results go_res, go_detail;
static md_side *rec; /* the Go that records the program: --oracle ID, else the Go linked in */

/* Op i's text form as a Go string literal. */
static void emit_text(FILE *f, const md_prog *p, uint32_t i)
{
	char text[MD_KEY_TEXT_MAX + 64];
	md_format_op(p, i, text, sizeof text);
	gosrc_string(f, (const uint8_t *)text, (uint32_t)strlen(text));
}

/* The body of op i's func literal: ops write it here, then emit_call. */
static char *body;
static size_t bodylen;

static FILE *body_start(void)
{
	FILE *b = open_memstream(&body, &bodylen);
	if (!b)
		abort();
	return b;
}

/* r.op(i, text, msg, panicked, func() { BODY }) on one line when gofmt
 * keeps it there (go/printer funcBody: header and body within 100
 * columns), else with the body on a line of its own.  cond: as the
 * condition of an if at indent depth 2 ("if r.op(...) {"), else a
 * statement at depth 1. */
static void emit_call(FILE *f, const md_prog *p, uint32_t i, FILE *b, int cond)
{
	const md_res *x = &go_res.res[i];
	fclose(b);
	fprintf(f, "%sr.op(%u, ", cond ? "\t\tif " : "\t", i);
	emit_text(f, p, i);
	fprintf(f, ", ");
	gosrc_string(f, (const uint8_t *)md_res_msg(&go_res, x), x->panicked ? x->msglen : 0);
	if (bodylen + strlen("func()") <= 100)
		fprintf(f, ", %s, func() { %s })", x->panicked ? "true" : "false", body);
	else
		fprintf(f, ", %s, func() {\n%s%s\n%s})", x->panicked ? "true" : "false", cond ? "\t\t\t" : "\t\t", body,
			cond ? "\t\t" : "\t");
	fprintf(f, cond ? " {\n" : "\n");
	free(body);
	body = NULL;
}

/* The wanted entries of range op i, from a detail run of the Go side. */
static int emit_range_want(FILE *f, const md_prog *p, uint32_t i)
{
	if (md_side_run(rec, p, &go_detail, (int32_t)i) != 0 || go_detail.entries_truncated)
		return -1;
	const uint8_t *o = go_detail.entries;
	fprintf(f, "[]string{");
	for (uint32_t j = 0; j < go_detail.nentries; j++) {
		const uint8_t *k;
		uint32_t kl;
		int64_t v;
		o += md_get_entry(o, &k, &kl, &v);
		fprintf(f, "%s", j ? ", " : "");
		FILE *s = body_start();
		gosrc_key_id(s, k, kl);
		if (gosrc_int64_vals())
			fprintf(s, "=%" PRId64, v);
		else
			fprintf(s, "="), emit_word_id(s, p, v);
		fclose(s);
		gosrc_string(f, (const uint8_t *)body, (uint32_t)bodylen);
		free(body);
		body = NULL;
	}
	fprintf(f, "}");
	return 0;
}

/* A value stored by put or added by add, as a Go expression of its exact
 * bits: int64(N), or value op.val of the value table. */
static void go_value_expr(FILE *f, const md_prog *p, const md_op *o)
{
	if (gosrc_int64_vals())
		fprintf(f, "int64(%" PRId64 ")", o->val);
	else
		gosrc_val(f, p, (uint32_t)o->val);
}

/* emit_word_id as a Go string literal. */
static void emit_word_id_lit(FILE *f, const md_prog *p, int64_t x)
{
	FILE *s = body_start();
	emit_word_id(s, p, x);
	fclose(s);
	gosrc_string(f, (const uint8_t *)body, (uint32_t)bodylen);
	free(body);
	body = NULL;
}

/* m[K] = V, m[K] += V, delete(m, K). */
static void emit_keyed(FILE *f, const md_prog *p, uint32_t i, const char *m)
{
	const md_op *o = &p->ops[i];
	FILE *b = body_start();
	fprintf(b, o->code == MD_OP_DEL ? "delete(%s, " : "%s[", m);
	gosrc_key(b, p, o->key);
	if (o->code == MD_OP_DEL) {
		fprintf(b, ")");
	} else {
		fprintf(b, "] %s ", o->code == MD_OP_PUT ? "=" : "+=");
		go_value_expr(b, p, o);
	}
	emit_call(f, p, i, b, 0);
}

static void emit_get(FILE *f, const md_prog *p, uint32_t i, const char *m)
{
	const md_res *x = &go_res.res[i];
	FILE *b = body_start();
	fprintf(b, "v, ok = %s[", m);
	gosrc_key(b, p, p->ops[i].key);
	fprintf(b, "]");
	fprintf(f, "\t{\n\t\tvar v %s\n\t\tvar ok bool\n", vtype());
	emit_call(f, p, i, b, 1);
	fprintf(f, "\t\t\tt := ");
	emit_text(f, p, i);
	if (gosrc_int64_vals()) {
		fprintf(f, "\n\t\t\tr.show(%u, t, \"%%d, %%v\", v, ok)\n", i);
		fprintf(f, "\t\t\tr.check(%u, t, \"value\", v, int64(%" PRId64 "))\n", i, x->val);
	} else {
		fprintf(f, "\n\t\t\tr.show(%u, t, \"%%v, %%v (value bits %%s)\", v, ok, vid(v))\n", i);
		fprintf(f, "\t\t\tr.check(%u, t, \"value bits\", vid(v), ", i);
		emit_word_id_lit(f, p, x->val);
		fprintf(f, ")\n");
	}
	fprintf(f, "\t\t\tr.check(%u, t, \"ok\", ok, %s)\n\t\t}\n\t}\n", i, x->ok ? "true" : "false");
}

static void emit_len(FILE *f, const md_prog *p, uint32_t i, const char *m)
{
	FILE *b = body_start();
	fprintf(b, "n = len(%s)", m);
	fprintf(f, "\t{\n\t\tvar n int\n");
	emit_call(f, p, i, b, 1);
	fprintf(f, "\t\t\tt := ");
	emit_text(f, p, i);
	fprintf(f, "\n\t\t\tr.show(%u, t, \"%%d\", n)\n", i);
	fprintf(f, "\t\t\tr.check(%u, t, \"len\", n, int(%" PRId64 "))\n\t\t}\n\t}\n", i, go_res.res[i].val);
}

static int emit_range(FILE *f, const md_prog *p, uint32_t i, const char *m)
{
	FILE *b = body_start();
	fprintf(b, "got = entries(%s)", m);
	fprintf(f, "\t{\n\t\tvar got []string\n");
	emit_call(f, p, i, b, 1);
	fprintf(f, "\t\t\tr.checkRange(%u, ", i);
	emit_text(f, p, i);
	fprintf(f, ", got, ");
	if (emit_range_want(f, p, i) != 0)
		return -1;
	fprintf(f, ")\n\t\t}\n\t}\n");
	return 0;
}

/* it a, next a, drain a, stop a: iterator it[slot], a reflect.MapIter. */
static void emit_iter(FILE *b, const md_prog *p, uint32_t i, const char *m)
{
	const md_op *o = &p->ops[i];
	unsigned slot = o->key % MD_MAX_ITERS;
	switch (o->code) {
	case MD_OP_ITER: fprintf(b, "it[%u] = reflect.ValueOf(%s).MapRange()", slot, m); return;
	case MD_OP_STOP: fprintf(b, "it[%u] = nil", slot); return;
	default:
		fprintf(b, "r.%s(%u, ", o->code == MD_OP_NEXT ? "next" : "drain", i);
		emit_text(b, p, i);
		fprintf(b, ", &it[%u])", slot);
	}
}

/* The body of an op with no results to check. */
static void emit_plain(FILE *b, const md_prog *p, uint32_t i, const char *m)
{
	const md_op *o = &p->ops[i];
	switch (o->code) {
	case MD_OP_NIL: fprintf(b, "%s = nil", m); return;
	case MD_OP_MAKE: fprintf(b, "%s = make(M)", m); return;
	case MD_OP_MAKEHINT:
		fprintf(b, "hint := int64(%" PRId64 "); %s = make(M, hint)", o->val, m);
		return;
	case MD_OP_CLEAR: fprintf(b, "clear(%s)", m); return;
	case MD_OP_ALIAS: fprintf(b, "%s", o->target ? "m = m2" : "m2 = m"); return;
	case MD_OP_CLONE: fprintf(b, "%s", o->target ? "m = maps.Clone(m2)" : "m2 = maps.Clone(m)"); return;
	default: emit_iter(b, p, i, m);
	}
}

static int emit_op(FILE *f, const md_prog *p, uint32_t i)
{
	const md_op *o = &p->ops[i];
	const char *m = o->target ? "m2" : "m";
	switch (o->code) {
	case MD_OP_PUT: case MD_OP_ADD: case MD_OP_DEL: emit_keyed(f, p, i, m); return 0;
	case MD_OP_GET: emit_get(f, p, i, m); return 0;
	case MD_OP_LEN: emit_len(f, p, i, m); return 0;
	case MD_OP_RANGE: return emit_range(f, p, i, m);
	default: {
		FILE *b = body_start();
		emit_plain(b, p, i, m);
		emit_call(f, p, i, b, 0);
		return 0;
	}
	}
}

/* Whether op i's recorded result has a B to check: the recording Go
 * has the classic map, and no same-size grow (hash-dependent) came first. */
static int shape_known(uint32_t i)
{
	uint8_t sh = go_res.res[i].shape;
	return (sh & MD_SHAPE_KNOWN) && !(sh & MD_SHAPE_SAMESEEN) && !go_res.res[i].panicked;
}

static int has_shape(const md_prog *p)
{
	for (uint32_t i = 0; i < p->nops; i++)
		if (shape_known(i))
			return 1;
	return 0;
}

/* After op i, B of the map it leaves (md_shape_var), where recorded. */
static void emit_shape_check(FILE *f, const md_prog *p, uint32_t i)
{
	if (!shape_known(i))
		return;
	fprintf(f, "	r.checkB(%u, ", i);
	emit_text(f, p, i);
	fprintf(f, ", %s, %u)\n", md_shape_var(&p->ops[i]) ? "m2" : "m", (unsigned)go_res.res[i].B);
}

static int has_iters(const md_prog *p)
{
	for (uint32_t i = 0; i < p->nops; i++)
		if (md_op_is_iter(p->ops[i].code))
			return 1;
	return 0;
}

static int emit(FILE *f, const char *src, const md_prog *p, int test)
{
	char info[96], compiler[16] = "", version[40] = "";
	sscanf(rec->info, "%15s %39s", compiler, version); /* "gc go1.26.8 ..." */
	snprintf(info, sizeof info, "Go (%s %s)", compiler, version);
	emit_header(f, src, p, test);
	fputs("\nfunc (r *replay) run() {\n\tvar m, m2 M\n", f);
	if (has_iters(p))
		fprintf(f, "\tvar it [%d]*reflect.MapIter // iterators a to d\n", MD_MAX_ITERS);
	for (uint32_t i = 0; i < p->nops; i++) {
		if (emit_op(f, p, i) != 0)
			return fprintf(stderr, "mapdiff: go: cannot list the entries of the range at op %u\n", i), -1;
		emit_shape_check(f, p, i);
	}
	fprintf(f, "\t_, _ = m, m2\n}\n");
	if (test)
		fputs(test_form, f);
	else
		fprintf(f, main_form, info, p->nops);
	gosrc_decls(f);
	return 0;
}

/* The Go that records the program: oracle id (a Go toolchain, opened),
 * else the Go linked in; NULL after one line on stderr. */
static md_side *recorder(const char *id)
{
	if (!id)
		return md_side_go();
	md_side *s = md_side_find(id, strlen(id));
	if (!s || !md_side_is_go(s) || s->kind == MD_SIDE_GO_PORT) {
		fprintf(stderr, "mapdiff: bad command line: go: --oracle takes a Go toolchain's id (see mapdiff oracles), not '%s'\n", id);
		return NULL;
	}
	return md_side_open(s) == 0 ? s : NULL;
}

int cmd_go(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *oracle = NULL;
	int test = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--oracle") == 0 && i + 1 < argc)
			oracle = argv[++i];
		else if (strcmp(argv[i], "--test") == 0)
			test = 1;
		else if (argv[i][0] == '-' && argv[i][1] != 0)
			return fprintf(stderr, "mapdiff: bad command line: go: unknown option %s\n", argv[i]), 2;
		else
			in = argv[i];
	}
	if (!in)
		return fprintf(stderr, "mapdiff: bad command line: go needs FILE\n"), 2;
	if ((rec = recorder(oracle)) == NULL)
		return 2;
	if (md_cli_load(in, FORM_AUTO, &md_cli_prog) != 0)
		return 2;
	if (md_goport_under_test()) /* --port ID: cmd_go_port.c */
		return test ? fprintf(stderr, "mapdiff: go: --test is not for a Go port\n"), 2
			    : cmd_go_port(in, out, &md_cli_prog);
	uint32_t lacked = md_prog_needs(&md_cli_prog) & rec->lacks;
	if (lacked) /* its Go has no such op: no program of its Go can show it */
		return fprintf(stderr, "mapdiff: %s: %s has no %s, which the program calls\n", in, rec->name,
			       lacked & MD_NEED_CLONE ? "maps.Clone" : "clear"),
		       2;
	go_detail.entries = malloc(GO_ENTRIES);
	go_detail.entries_cap = GO_ENTRIES;
	if (!go_detail.entries || md_side_run(rec, &md_cli_prog, &go_res, -1) != 0)
		return fprintf(stderr, "mapdiff: %s: the Go side cannot run it\n", in), 2;
	gosrc_init(&md_cli_prog);
	FILE *f = out ? fopen(out, "w") : stdout;
	if (!f)
		return fprintf(stderr, "mapdiff: %s: %s\n", out, strerror(errno)), 2;
	int rc = emit(f, in, &md_cli_prog, test);
	if (out && fclose(f) != 0)
		return fprintf(stderr, "mapdiff: %s: write failed\n", out), 2;
	free(go_detail.entries);
	return rc == 0 ? 0 : 2;
}
