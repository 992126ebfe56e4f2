/*
 * cmd_go.c: mapdiff go FILE [-o OUT] [--test], a standalone Go program.
 *
 * Runs FILE on the Go side now (md_side_go) and writes a Go program,
 * standard library only, that performs the same ops on a real Go map and
 * checks each against what Go did here: panics (by message), get's value
 * and ok, len, and each range's multiset of entries (keys by their exact
 * bits).  It prints every difference and exits 1 on one.  --test writes a
 * _test.go form instead (func TestMapdiffReplay).  Go literals for keys are
 * written here (golit_*), not by text.c: Go source spells -0.0, NaN and
 * float32 bits differently from the text form.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "side.h"
#include "text.h"

#define GO_ENTRIES (64u << 20)

static uint64_t le_bits(const uint8_t *b, uint32_t n)
{
	uint64_t x = 0;
	for (uint32_t i = 0; i < n && i < 8; i++)
		x |= (uint64_t)b[i] << (8 * i);
	return x;
}

static int is_signed(int kind)
{
	return kind == GO_INT || kind == GO_INT8 || kind == GO_INT16 || kind == GO_INT32 || kind == GO_INT64;
}

static void golit_float(FILE *f, int bits32, uint64_t x)
{
	double d;
	if (bits32) {
		uint32_t u = (uint32_t)x;
		fprintf(f, "math.Float32frombits(0x%08" PRIx32 ")", u);
		return;
	}
	memcpy(&d, &x, 8);
	if (x == 0x7ff8000000000001ULL)
		fprintf(f, "math.NaN()");
	else if (isnan(d))
		fprintf(f, "math.Float64frombits(0x%016" PRIx64 ")", x);
	else if (isinf(d))
		fprintf(f, "math.Inf(%d)", d > 0 ? 1 : -1);
	else if (x == 0x8000000000000000ULL)
		fprintf(f, "math.Copysign(0, -1)");
	else
		fprintf(f, "float64(%.17g)", d);
}

static void golit_string(FILE *f, const uint8_t *b, uint32_t n)
{
	fputc('"', f);
	for (uint32_t i = 0; i < n; i++) {
		if (b[i] >= 0x20 && b[i] < 0x7f && b[i] != '"' && b[i] != '\\')
			fputc(b[i], f);
		else
			fprintf(f, "\\x%02x", b[i]);
	}
	fputc('"', f);
}

/* A Go expression of the key's type with exactly these canonical bytes;
 * -1 for a kind this emitter does not know. */
static int golit_key(FILE *f, int kind, const uint8_t *b, uint32_t n)
{
	const char *t = kind < GO_NSCALAR ? gotype_scalars[kind].name : "";
	uint64_t x = le_bits(b, n);
	switch (kind) {
	case GO_BOOL:
		fprintf(f, "%s", x ? "true" : "false");
		return 0;
	case GO_FLOAT32:
	case GO_FLOAT64:
		golit_float(f, kind == GO_FLOAT32, x);
		return 0;
	case GO_COMPLEX64:
	case GO_COMPLEX128:
		fprintf(f, "complex(");
		golit_float(f, kind == GO_COMPLEX64, le_bits(b, n / 2));
		fprintf(f, ", ");
		golit_float(f, kind == GO_COMPLEX64, le_bits(b + n / 2, n / 2));
		fprintf(f, ")");
		return 0;
	case GO_STRING:
		golit_string(f, b, n);
		return 0;
	default:
		if (kind >= GO_NSCALAR)
			return -1;
		if (is_signed(kind) && n < 8 && (x >> (8 * n - 1)) & 1)
			x |= ~0ULL << (8 * n);
		if (is_signed(kind))
			fprintf(f, "%s(%" PRId64 ")", t, (int64_t)x);
		else
			fprintf(f, "%s(%" PRIu64 ")", t, x);
		return 0;
	}
}

/* The key id the generated kid() prints: the exact bits, per kind. */
static void key_id(FILE *f, int kind, const uint8_t *b, uint32_t n)
{
	uint64_t x = le_bits(b, n);
	switch (kind) {
	case GO_BOOL:
		fprintf(f, "%s", x ? "true" : "false");
		break;
	case GO_STRING:
		for (uint32_t i = 0; i < n; i++)
			fprintf(f, "%02x", b[i]);
		break;
	case GO_COMPLEX64:
	case GO_COMPLEX128:
		fprintf(f, "%0*" PRIx64 ",%0*" PRIx64, (int)n, le_bits(b, n / 2), (int)n, le_bits(b + n / 2, n / 2));
		break;
	default:
		if (is_signed(kind) && n < 8 && (x >> (8 * n - 1)) & 1)
			x |= ~0ULL << (8 * n);
		if (kind == GO_FLOAT32 || kind == GO_FLOAT64)
			fprintf(f, "%0*" PRIx64, (int)n * 2, x);
		else if (is_signed(kind))
			fprintf(f, "%" PRId64, (int64_t)x);
		else
			fprintf(f, "%" PRIu64, x);
	}
}

/* The Go body of kid(k K) string, matching key_id. */
static const char *kid_body(int kind)
{
	switch (kind) {
	case GO_BOOL:
		return "return fmt.Sprint(k)";
	case GO_STRING:
		return "return fmt.Sprintf(\"%x\", k)";
	case GO_FLOAT32:
		return "return fmt.Sprintf(\"%08x\", math.Float32bits(k))";
	case GO_FLOAT64:
		return "return fmt.Sprintf(\"%016x\", math.Float64bits(k))";
	case GO_COMPLEX64:
		return "return fmt.Sprintf(\"%08x,%08x\", math.Float32bits(real(k)), math.Float32bits(imag(k)))";
	case GO_COMPLEX128:
		return "return fmt.Sprintf(\"%016x,%016x\", math.Float64bits(real(k)), math.Float64bits(imag(k)))";
	default:
		return "return fmt.Sprint(k)";
	}
}

static const char prelude[] =
	"\n"
	"// kid is a key's identity: its exact bits (so -0, +0 and each NaN differ).\n"
	"func kid(k K) string { %s }\n"
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
	"type replay struct {\n"
	"\treport func(format string, args ...any)\n"
	"\tdiffs  int\n"
	"}\n"
	"\n"
	"func (r *replay) fail(i int, text, what string, got, want any) {\n"
	"\tr.diffs++\n"
	"\tr.report(\"op %%d (%%s): %%s: Go now gives %%#v; when recorded, Go gave %%#v\", i, text, what, got, want)\n"
	"}\n"
	"\n"
	"// op runs op i, checks its panic, and says whether to check its results.\n"
	"func (r *replay) op(i int, text, wantMsg string, wantPanic bool, f func()) bool {\n"
	"\tmsg, p := try(f)\n"
	"\tif p != wantPanic || msg != wantMsg {\n"
	"\t\tr.fail(i, text, \"panic\", fmt.Sprintf(\"panicked=%%v %%q\", p, msg), fmt.Sprintf(\"panicked=%%v %%q\", wantPanic, wantMsg))\n"
	"\t\treturn false\n\t}\n"
	"\treturn !p\n}\n"
	"\n"
	"func (r *replay) check(i int, text, what string, got, want any) {\n"
	"\tif got != want {\n\t\tr.fail(i, text, what, got, want)\n\t}\n}\n"
	"\n"
	"// checkRange compares a range's entries as a multiset.\n"
	"func (r *replay) checkRange(i int, text string, got, want []string) {\n"
	"\tsort.Strings(got)\n\tsort.Strings(want)\n"
	"\tif strings.Join(got, \" \") != strings.Join(want, \" \") {\n"
	"\t\tr.fail(i, text, \"range entries (key bits=value)\", got, want)\n\t}\n}\n";

static const char main_form[] =
	"\nfunc main() {\n"
	"\tr := &replay{report: func(f string, a ...any) { fmt.Printf(f+\"\\n\", a...) }}\n"
	"\tr.run()\n"
	"\tif r.diffs > 0 {\n"
	"\t\tfmt.Printf(\"%%d difference(s) from what Go did when this program was recorded\\n\", r.diffs)\n"
	"\t\tos.Exit(1)\n\t}\n"
	"\tfmt.Printf(\"ok: %%s does what %s did on all %u ops\\n\", runtime.Version())\n}\n";

static const char test_form[] =
	"\nfunc TestMapdiffReplay(t *testing.T) {\n"
	"\tr := &replay{report: t.Errorf}\n"
	"\tr.run()\n}\n";

static void emit_header(FILE *f, const char *src, int test, int kind)
{
	fprintf(f, "// Code generated by `mapdiff go%s %s`.\n//\n", test ? " --test" : "", src);
	fprintf(f, "// It replays a mapdiff program (each op's text form is in a comment) on\n"
		   "// Go's own map and checks each result against what Go did when the\n"
		   "// program was recorded: panics, get's value and ok, len, and each\n"
		   "// range's entries as a multiset. %s\n",
		test ? "Run it with: go test FILE_test.go" : "Run it with: go run FILE.go");
	fprintf(f, "package main\n\nimport (\n\t\"fmt\"\n\t\"math\"\n%s\t\"sort\"\n\t\"strings\"\n%s)\n\n",
		test ? "" : "\t\"os\"\n\t\"runtime\"\n", test ? "\t\"testing\"\n" : "");
	fprintf(f, "type K = %s\n", gotype_scalars[kind].name);
	fprintf(f, prelude, kid_body(kind));
}

static md_results go_res, go_detail;

/* The op's key as a Go expression. */
static void emit_key(FILE *f, const md_prog *p, const md_op *o)
{
	golit_key(f, p->keykind, md_key_bytes(p, o->key), p->keys[o->key].len);
}

static uint32_t not_replayed;

/* Op i's text form as a Go string literal. */
static void emit_text(FILE *f, const md_prog *p, uint32_t i)
{
	char text[MD_KEY_TEXT_MAX + 64];
	md_format_op(p, i, text, sizeof text);
	golit_string(f, (const uint8_t *)text, (uint32_t)strlen(text));
}

/* r.op(i, text, msg, panicked, func() { ... */
static void emit_op_open(FILE *f, const md_prog *p, uint32_t i, int cond)
{
	const md_res *x = &go_res.res[i];
	fprintf(f, "\t%sr.op(%u, ", cond ? "if " : "", i);
	emit_text(f, p, i);
	fprintf(f, ", ");
	golit_string(f, (const uint8_t *)md_res_msg(&go_res, x), x->panicked ? x->msglen : 0);
	fprintf(f, ", %s, func() { ", x->panicked ? "true" : "false");
}

/* The wanted entries of range op i, from a detail run of the Go side. */
static int emit_range_want(FILE *f, const md_prog *p, uint32_t i)
{
	if (md_side_run(md_side_go(), p, &go_detail, (int32_t)i) != 0 || go_detail.entries_truncated)
		return -1;
	const uint8_t *o = go_detail.entries;
	fprintf(f, "[]string{");
	for (uint32_t j = 0; j < go_detail.nentries; j++) {
		const uint8_t *k;
		uint32_t kl;
		int64_t v;
		o += md_get_entry(o, &k, &kl, &v);
		fprintf(f, "%s\"", j ? ", " : "");
		key_id(f, p->keykind, k, kl);
		fprintf(f, "=%" PRId64 "\"", v);
	}
	fprintf(f, "}");
	return 0;
}

static int emit_op(FILE *f, const md_prog *p, uint32_t i)
{
	const md_op *o = &p->ops[i];
	const char *m = o->target ? "m2" : "m";
	const md_res *x = &go_res.res[i];
	char text[MD_KEY_TEXT_MAX + 64];
	md_format_op(p, i, text, sizeof text);
	switch (o->code) {
	case MD_OP_NIL:
		emit_op_open(f, p, i, 0);
		fprintf(f, "%s = nil })\n", m);
		return 0;
	case MD_OP_MAKE:
		emit_op_open(f, p, i, 0);
		fprintf(f, "%s = make(map[K]int64) })\n", m);
		return 0;
	case MD_OP_MAKEHINT:
		emit_op_open(f, p, i, 0);
		fprintf(f, "hint := int64(%" PRId64 "); %s = make(map[K]int64, hint) })\n", o->val, m);
		return 0;
	case MD_OP_PUT:
	case MD_OP_ADD:
		emit_op_open(f, p, i, 0);
		fprintf(f, "%s[", m);
		emit_key(f, p, o);
		fprintf(f, "] %s int64(%" PRId64 ") })\n", o->code == MD_OP_PUT ? "=" : "+=", o->val);
		return 0;
	case MD_OP_DEL:
		emit_op_open(f, p, i, 0);
		fprintf(f, "delete(%s, ", m);
		emit_key(f, p, o);
		fprintf(f, ") })\n");
		return 0;
	case MD_OP_CLEAR:
		emit_op_open(f, p, i, 0);
		fprintf(f, "clear(%s) })\n", m);
		return 0;
	case MD_OP_ALIAS:
		emit_op_open(f, p, i, 0);
		fprintf(f, "%s })\n", o->target ? "m = m2" : "m2 = m");
		return 0;
	case MD_OP_GET:
		fprintf(f, "\t{\n\t\tvar v int64\n\t\tvar ok bool\n\t");
		emit_op_open(f, p, i, 1);
		fprintf(f, "v, ok = %s[", m);
		emit_key(f, p, o);
		fprintf(f, "] }) {\n\t\t\tt := ");
		emit_text(f, p, i);
		fprintf(f, "\n\t\t\tr.check(%u, t, \"value\", v, int64(%" PRId64 "))\n", i, x->val);
		fprintf(f, "\t\t\tr.check(%u, t, \"ok\", ok, %s)\n\t\t}\n\t}\n", i, x->ok ? "true" : "false");
		return 0;
	case MD_OP_LEN:
		fprintf(f, "\t{\n\t\tvar n int\n\t");
		emit_op_open(f, p, i, 1);
		fprintf(f, "n = len(%s) }) {\n\t\t\tr.check(%u, ", m, i);
		emit_text(f, p, i);
		fprintf(f, ", \"len\", n, int(%" PRId64 "))\n\t\t}\n\t}\n", x->val);
		return 0;
	case MD_OP_RANGE:
		fprintf(f, "\t{\n\t\tvar got []string\n\t");
		emit_op_open(f, p, i, 1);
		fprintf(f, "for k, v := range %s { got = append(got, fmt.Sprintf(\"%%s=%%d\", kid(k), v)) } }) {\n", m);
		fprintf(f, "\t\t\tr.checkRange(%u, ", i);
		emit_text(f, p, i);
		fprintf(f, ", got, ");
		if (emit_range_want(f, p, i) != 0)
			return -1;
		fprintf(f, ")\n\t\t}\n\t}\n");
		return 0;
	default:
		fprintf(f, "\t// op %u (%s) is not replayed: mapdiff go does not know this op yet\n", i, text);
		not_replayed++;
		return 0;
	}
}

static int emit(FILE *f, const char *src, const md_prog *p, int test)
{
	char info[96];
	snprintf(info, sizeof info, "%s", md_side_go()->name);
	emit_header(f, src, test, p->keykind);
	fprintf(f, "\nfunc (r *replay) run() {\n\tvar m, m2 map[K]int64\n");
	for (uint32_t i = 0; i < p->nops; i++)
		if (emit_op(f, p, i) != 0)
			return fprintf(stderr, "mapdiff: go: cannot list the entries of the range at op %u\n", i), -1;
	fprintf(f, "\t_, _ = m, m2\n}\n");
	if (not_replayed)
		fprintf(stderr, "mapdiff: go: %u ops (iterator ops) are not replayed: mapdiff go does not know them yet\n",
			not_replayed);
	if (test)
		fputs(test_form, f);
	else
		fprintf(f, main_form, info, p->nops);
	return 0;
}

int cmd_go(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	int test = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--test") == 0)
			test = 1;
		else if (argv[i][0] == '-' && argv[i][1] != 0)
			return fprintf(stderr, "mapdiff: bad command line: go: unknown option %s\n", argv[i]), 2;
		else
			in = argv[i];
	}
	if (!in)
		return fprintf(stderr, "mapdiff: bad command line: go needs FILE\n"), 2;
	if (md_cli_load(in, FORM_AUTO, &md_cli_prog) != 0)
		return 2;
	if (md_cli_prog.keykind >= GO_NSCALAR)
		return fprintf(stderr, "mapdiff: %s: mapdiff go does not write this key type yet\n", in), 2;
	go_detail.entries = malloc(GO_ENTRIES);
	go_detail.entries_cap = GO_ENTRIES;
	if (!go_detail.entries || md_side_run(md_side_go(), &md_cli_prog, &go_res, -1) != 0)
		return fprintf(stderr, "mapdiff: %s: the Go side cannot run it\n", in), 2;
	FILE *f = out ? fopen(out, "w") : stdout;
	if (!f)
		return fprintf(stderr, "mapdiff: %s: %s\n", out, strerror(errno)), 2;
	int rc = emit(f, in, &md_cli_prog, test);
	if (out && fclose(f) != 0)
		return fprintf(stderr, "mapdiff: %s: write failed\n", out), 2;
	free(go_detail.entries);
	return rc == 0 ? 0 : 2;
}
