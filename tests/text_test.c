/*
 * text_test.c: the text form (harness/format/text.c).
 *
 * Round trips of decoded random programs through md_show and md_parse,
 * every literal form against its canonical bits, error lines, edge cases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/prog.h"
#include "format/text.h"
#include "port.h"
#include "check.h"

#define ENC_CAP (1u << 23)

static md_prog prog_a, prog_b, prog_c;

/* ---- helpers ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* md_show of p into a malloc'd string; *len gets its length. */
static char *show_to_string(const md_prog *p, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	md_show(p, f);
	fclose(f);
	return buf;
}

static uint64_t key_bits(const md_prog *p, uint32_t i)
{
	const uint8_t *k = md_key_bytes(p, i);
	uint64_t v = 0;
	for (int j = (int)p->keys[i].len - 1; j >= 0; j--)
		v = v << 8 | k[j];
	return v;
}

/* Parse a one-key program "map[KIND]int64\nnil\nget LIT\n"; false on error. */
static bool parse_key_lit(const char *kind, const char *lit, md_prog *p, char *err)
{
	char text[512];
	snprintf(text, sizeof text, "map[%s]int64\nnil\nget %s\n", kind, lit);
	return md_parse(text, strlen(text), p, err, 256);
}

/* Whether LIT of KIND parses to a single key with these bits (len <= 8). */
static bool lit_is(const char *kind, const char *lit, uint64_t bits)
{
	char err[256];
	if (!parse_key_lit(kind, lit, &prog_a, err)) {
		test_fail("%s %s: %s", kind, lit, err);
		return false;
	}
	if (key_bits(&prog_a, prog_a.ops[1].key) != bits) {
		test_fail("%s %s: bits 0x%llx", kind, lit,
		          (unsigned long long)key_bits(&prog_a, prog_a.ops[1].key));
		return false;
	}
	return true;
}

/* Whether LIT of KIND is rejected with an error on line 3. */
static bool lit_bad(const char *kind, const char *lit)
{
	char err[256];
	if (parse_key_lit(kind, lit, &prog_a, err)) {
		test_fail("%s %s: accepted", kind, lit);
		return false;
	}
	if (strncmp(err, "line 3: ", 8) != 0) {
		test_fail("%s %s: error \"%s\"", kind, lit, err);
		return false;
	}
	return true;
}

/* Whether text fails with an error starting "line N: ". */
static bool fails_on_line(const char *text, size_t len, int line)
{
	char err[256], want[32];
	if (md_parse(text, len, &prog_a, err, sizeof err)) {
		test_fail("accepted: %s", text);
		return false;
	}
	snprintf(want, sizeof want, "line %d: ", line);
	if (strncmp(err, want, strlen(want)) != 0) {
		test_fail("want %s got \"%s\" for: %s", want, err, text);
		return false;
	}
	return true;
}

/* ---- round trips ---- */

/* Bytes for one random program: valid header bytes half the time. */
static size_t random_program(uint8_t *b, size_t cap)
{
	size_t n = (size_t)(rng_next() % 700);
	if (rng_next() % 20 == 0)
		n = (size_t)(rng_next() % cap);
	for (size_t j = 0; j < n; j++)
		b[j] = (uint8_t)rng_next();
	if (n > 3 && rng_next() % 3 == 0) { /* a value type (docs/FORMAT.md) */
		b[2] = 0x80;
		b[3] = (uint8_t)(rng_next() % 2 ? rng_next() % GO_NSCALAR : 17 + rng_next() % 8);
	}
	if (n > 1 && rng_next() % 2)
		b[1] = (uint8_t)(rng_next() % GO_NSCALAR);
	else if (n > 1 && rng_next() % 2) /* a composite key type (docs/TYPES.md) */
		b[1] = (uint8_t)(17 + rng_next() % 9); /* 25: interface{ M() } */
	return n;
}

/* text -> parse -> show gives text back; encode -> decode -> show too. */
static void check_round_trip(const char *t1, size_t n1, uint8_t *enc, int iter)
{
	char err[256];
	if (!md_parse(t1, n1, &prog_b, err, sizeof err)) {
		test_fail("program %d: %s\n%s", iter, err, t1);
		return;
	}
	size_t n2;
	char *t2 = show_to_string(&prog_b, &n2);
	if (n1 != n2 || memcmp(t1, t2, n1) != 0)
		test_fail("program %d: show(parse(show)) differs\n%s\n----\n%s", iter, t1, t2);
	size_t elen = md_encode(&prog_b, enc, ENC_CAP);
	CHECK(elen > 0);
	md_decode(enc, elen, &prog_c);
	size_t n3;
	char *t3 = show_to_string(&prog_c, &n3);
	if (n1 != n3 || memcmp(t1, t3, n1) != 0)
		test_fail("program %d: show(decode(encode(parse))) differs", iter);
	free(t2);
	free(t3);
}

static void test_round_trip(void)
{
	test_begin("text_round_trip_random");
	uint8_t *bytes = malloc(20000), *enc = malloc(ENC_CAP);
	for (int iter = 0; iter < 2000; iter++) {
		size_t n = random_program(bytes, 20000);
		md_decode(bytes, n, &prog_a);
		size_t n1;
		char *t1 = show_to_string(&prog_a, &n1);
		check_round_trip(t1, n1, enc, iter);
		free(t1);
	}
	free(bytes);
	free(enc);
	test_end();
}

/* Mutated md_show texts: errors say "line N:", accepted ones round trip. */
static void check_mutant(char *t, size_t n)
{
	char err[256];
	if (!md_parse(t, n, &prog_b, err, sizeof err)) {
		CHECK(strncmp(err, "line ", 5) == 0);
		return;
	}
	size_t n1, n2;
	char *t1 = show_to_string(&prog_b, &n1);
	CHECK(md_parse(t1, n1, &prog_c, err, sizeof err));
	char *t2 = show_to_string(&prog_c, &n2);
	CHECK(n1 == n2 && memcmp(t1, t2, n1) == 0);
	free(t1);
	free(t2);
}

static void test_mutations(void)
{
	test_begin("text_mutations");
	uint8_t bytes[400];
	for (int iter = 0; iter < 3000; iter++) {
		size_t n = (size_t)(rng_next() % sizeof bytes);
		for (size_t j = 0; j < n; j++)
			bytes[j] = (uint8_t)rng_next();
		md_decode(bytes, n, &prog_a);
		size_t tn;
		char *t = show_to_string(&prog_a, &tn);
		for (int m = 0; m < 4 && tn > 0; m++)
			t[rng_next() % tn] = (char)rng_next();
		check_mutant(t, tn);
		free(t);
	}
	test_end();
}


/* ---- md_decode_with: the port's map types (docs/FUZZING.md) ---- */

static bool has_clone(const md_prog *p)
{
	for (uint32_t i = 0; i < p->nops; i++)
		if (p->ops[i].code == MD_OP_CLONE)
			return true;
	return false;
}

/* Random bytes decoded on a port's types: always one of them, int64
 * values, no clone; the same bytes twice give the same program; bytes
 * already on those types give what md_decode gives; the program's text
 * and its encoding replay without the option. */
static void check_port_types(const md_decode_opts *o, const char *name)
{
	test_begin(name);
	uint8_t *bytes = malloc(20000), *enc = malloc(ENC_CAP);
	int remapped = 0, kept = 0;
	uint32_t seen = 0;
	for (int iter = 0; iter < 2000; iter++) {
		size_t n = random_program(bytes, 20000);
		md_decode(bytes, n, &prog_c);
		bool fits = prog_c.keykind < GO_NSCALAR && (o->keykinds >> prog_c.keykind & 1) &&
			    prog_c.valkind == GO_INT64 && prog_c.valdesclen == 1 && !has_clone(&prog_c);
		size_t nc, n1, n2;
		char *tc = show_to_string(&prog_c, &nc);
		md_decode_with(bytes, n, &prog_a, o);
		char *t1 = show_to_string(&prog_a, &n1);
		md_decode_with(bytes, n, &prog_a, o);
		char *t2 = show_to_string(&prog_a, &n2);
		CHECK(n1 == n2 && memcmp(t1, t2, n1) == 0);
		CHECK(prog_a.keykind < GO_NSCALAR && (o->keykinds >> prog_a.keykind & 1) && prog_a.keydesclen == 1);
		CHECK(prog_a.valkind == GO_INT64 && prog_a.valdesclen == 1 && !has_clone(&prog_a));
		seen |= 1u << prog_a.keykind;
		if (fits) {
			kept++;
			CHECK(n1 == nc && memcmp(t1, tc, n1) == 0);
		} else {
			remapped++;
		}
		check_round_trip(t1, n1, enc, iter);
		free(tc);
		free(t1);
		free(t2);
	}
	CHECK(remapped > 1000 && kept > 0 && seen == o->keykinds);
	free(bytes);
	free(enc);
	test_end();
}

/* Inputs that end inside the key type's descriptor (the remap hashes only
 * the bytes there are: ASan sees a read past them). */
static void check_port_types_short(const md_decode_opts *o)
{
	test_begin("decode_port_types_short_inputs");
	for (size_t n = 0; n <= 3; n++)
		for (int b = 0; b < 256; b++) {
			uint8_t *in = malloc(n ? n : 1); /* exactly n bytes */
			for (size_t j = 0; j < n; j++)
				in[j] = (uint8_t)(j == n - 1 ? b : 0x12);
			md_decode_with(in, n, &prog_a, o);
			CHECK(prog_a.keykind < GO_NSCALAR && (o->keykinds >> prog_a.keykind & 1));
			free(in);
		}
	test_end();
}

static void test_port_types(void)
{
	md_decode_opts three = {1u << GO_INT64 | 1u << GO_FLOAT64 | 1u << GO_STRING, true, true};
	md_decode_opts one = {1u << GO_INT64, true, true};
	check_port_types(&three, "decode_port_types_int64_float64_string");
	check_port_types(&one, "decode_port_types_int64");
	check_port_types_short(&three);
}

/* ---- literal forms ---- */

static void test_int_literals(void)
{
	test_begin("text_int_literals");
	lit_is("int8", "-128", 0x80);
	lit_is("int8", "127", 0x7f);
	lit_is("int8", "-0x80", 0x80);
	lit_bad("int8", "128");
	lit_bad("int8", "-129");
	lit_is("int16", "-1", 0xffff);
	lit_is("int32", "0x7fffffff", 0x7fffffff);
	lit_bad("int32", "0x80000000");
	lit_is("int", "-9223372036854775808", 0x8000000000000000ULL);
	lit_bad("int", "9223372036854775808");
	lit_is("int64", "+5", 5);
	lit_is("uint8", "255", 0xff);
	lit_bad("uint8", "256");
	lit_bad("uint8", "-1");
	lit_is("uint8", "-0", 0);
	lit_is("uint", "18446744073709551615", UINT64_MAX);
	lit_is("uint64", "0xFFFFFFFFFFFFFFFF", UINT64_MAX);
	lit_is("uintptr", "18446744073709551615", UINT64_MAX);
	lit_bad("uint64", "18446744073709551616");
	lit_bad("uint64", "99999999999999999999999");
	lit_bad("int", "010");
	lit_bad("int", "0x");
	lit_bad("int", "1.5");
	lit_bad("int", "-");
	lit_is("bool", "true", 1);
	lit_is("bool", "false", 0);
	lit_bad("bool", "1");
	test_end();
}

static void test_float_literals(void)
{
	test_begin("text_float_literals");
	lit_is("float64", "1", 0x3ff0000000000000ULL);
	lit_is("float64", "-7", 0xc01c000000000000ULL);
	lit_is("float64", "1.5", 0x3ff8000000000000ULL);
	lit_is("float64", "-0.0", 0x8000000000000000ULL);
	lit_is("float64", "0", 0);
	lit_is("float64", "1e300", 0x7e37e43c8800759cULL);
	lit_is("float64", "0.1", 0x3fb999999999999aULL);
	lit_is("float64", "NaN", 0x7ff8000000000001ULL);
	lit_is("float64", "+Inf", 0x7ff0000000000000ULL);
	lit_is("float64", "Inf", 0x7ff0000000000000ULL);
	lit_is("float64", "-Inf", 0xfff0000000000000ULL);
	lit_is("float64", "math.Float64frombits(0x7ff8000000000002)", 0x7ff8000000000002ULL);
	lit_is("float64", "5e-324", 1);
	lit_bad("float64", "1e400");
	lit_bad("float64", "nan");
	lit_bad("float64", "inf");
	lit_bad("float64", "0x1p3");
	lit_bad("float64", "1e");
	lit_bad("float64", "math.Float32frombits(0x7fc00001)");
	lit_bad("float64", "math.Float64frombits(0x10000000000000000)");
	lit_is("float32", "NaN", 0x7fc00000);
	lit_is("float32", "0.1", 0x3dcccccd);
	lit_is("float32", "-0.0", 0x80000000);
	lit_is("float32", "-Inf", 0xff800000);
	lit_is("float32", "math.Float32frombits(0x7fc00001)", 0x7fc00001);
	lit_is("float32", "16777217", 0x4b800000);
	/* Just above 1+2^-24: strtof rounds up; through double it would tie and round to 1. */
	lit_is("float32", "1.00000005960464477539062500000000001", 0x3f800001);
	lit_bad("float32", "1e39");
	lit_bad("float32", "math.Float32frombits(0x100000000)");
	test_end();
}

/* Whether LIT of KIND parses to a key of len bytes equal to want. */
static bool lit_bytes(const char *kind, const char *lit, const void *want, uint32_t len)
{
	char err[256];
	if (!parse_key_lit(kind, lit, &prog_a, err)) {
		test_fail("%s %s: %s", kind, lit, err);
		return false;
	}
	uint32_t k = prog_a.ops[1].key;
	if (prog_a.keys[k].len != len || memcmp(md_key_bytes(&prog_a, k), want, len) != 0) {
		test_fail("%s %s: wrong bytes", kind, lit);
		return false;
	}
	return true;
}

static void test_complex_string_literals(void)
{
	test_begin("text_complex_string_literals");
	const uint8_t c64[8] = {0, 0, 0xc0, 0x3f, 0, 0, 0xc0, 0x7f};
	lit_bytes("complex64", "complex(1.5, NaN)", c64, 8);
	lit_bytes("complex64", "complex(1.5,math.Float32frombits(0x7fc00000))", c64, 8);
	const uint8_t c128[16] = {0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0xf0, 0x7f};
	lit_bytes("complex128", "complex( -0.0 , +Inf )", c128, 16);
	lit_bad("complex128", "complex(1, 2");
	lit_bad("complex128", "complex(1 2)");
	lit_bad("complex128", "complex(1, )");
	lit_bad("complex128", "1.5");
	lit_bad("complex64", "complex(1e39, 0)");
	lit_bytes("string", "\"a\\x00b\"", "a\0b", 3);
	lit_bytes("string", "\"\"", "", 0);
	lit_bytes("string", "\"\\\\\\\"\\n\\t\\r\\a\\b\\f\\v\"", "\\\"\n\t\r\a\b\f\v", 9);
	static const char raw[] = "h\xc3\xa9 # not a comment";
	lit_bytes("string", "\"h\xc3\xa9 # not a comment\"", raw, sizeof raw - 1);
	lit_bytes("string", "\"\\xFF\\x80\"", "\xff\x80", 2);
	lit_bad("string", "\"abc");
	lit_bad("string", "abc");
	lit_bad("string", "\"\\q\"");
	lit_bad("string", "\"\\x4\"");
	lit_bad("string", "\"a\"b");
	test_end();
}

/* Printing: every literal form prints as the docs say and parses back. */
static void test_format_key(void)
{
	test_begin("text_format_key");
	static const struct {
		const char *kind, *lit, *printed;
	} cases[] = {
		{"float64", "NaN", "NaN"},
		{"float64", "math.Float64frombits(0x7ff8000000000002)",
		 "math.Float64frombits(0x7ff8000000000002)"},
		{"float64", "math.Float64frombits(0x3ff0000000000000)", "1"},
		{"float64", "-0.0", "-0.0"},
		{"float64", "0.1", "0.1"},
		{"float64", "1e300", "1e+300"},
		{"float64", "Inf", "+Inf"},
		{"float64", "30", "30"},
		{"float64", "-13.5", "-13.5"},
		{"float64", "1e20", "100000000000000000000"},
		{"float64", "1e21", "1e+21"},
		{"float64", "0.0001", "0.0001"},
		{"float64", "0.00001", "1e-05"},
		{"float64", "123456.789e3", "123456789"},
		{"float64", "math.Float64frombits(0x7fefffffffffffff)", "1.7976931348623157e+308"},
		{"float64", "math.Float64frombits(0x0000000000000001)", "5e-324"},
		{"float32", "16777216", "16777216"},
		{"float32", "3.4028235e38", "3.4028235e+38"},
		{"float32", "0.1", "0.1"},
		{"float32", "math.Float32frombits(0x7fc00001)", "math.Float32frombits(0x7fc00001)"},
		{"float32", "math.Float32frombits(0x00000001)", "1e-45"},
		{"complex64", "complex(0.1, -Inf)", "complex(0.1, -Inf)"},
		{"int8", "-0x80", "-128"},
		{"uint64", "0xffffffffffffffff", "18446744073709551615"},
		{"string", "\"\\x00\\\"\\\\\\n\\t\\r\\x7f\xc3\xa9 ~\"",
		 "\"\\x00\\\"\\\\\\n\\t\\r\\x7f\\xc3\\xa9 ~\""},
	};
	char err[256], buf[MD_KEY_TEXT_MAX];
	for (size_t j = 0; j < sizeof cases / sizeof cases[0]; j++) {
		if (!parse_key_lit(cases[j].kind, cases[j].lit, &prog_a, err)) {
			test_fail("%s %s: %s", cases[j].kind, cases[j].lit, err);
			continue;
		}
		md_format_key(&prog_a, prog_a.ops[1].key, buf, sizeof buf);
		if (strcmp(buf, cases[j].printed) != 0)
			test_fail("%s %s printed as %s", cases[j].kind, cases[j].lit, buf);
	}
	md_format_key(&prog_a, prog_a.ops[1].key, buf, 4);
	CHECK(strcmp(buf, "\"\\x") == 0);
	test_end();
}

/* Random bits of a float kind format and parse back to the same bits. */
static void float_bits_round_trip(int kind, uint32_t size)
{
	char buf[MD_KEY_TEXT_MAX], text[MD_KEY_TEXT_MAX + 64], err[256];
	for (int iter = 0; iter < 50000; iter++) {
		uint8_t k[16];
		for (uint32_t j = 0; j < size; j++)
			k[j] = (uint8_t)rng_next();
		md_prog_init(&prog_a, kind);
		md_prog_add_key(&prog_a, k, size);
		md_format_key(&prog_a, 0, buf, sizeof buf);
		snprintf(text, sizeof text, "map[%s]int64\nnil\nget %s\n", gotype_scalars[kind].name, buf);
		if (!md_parse(text, strlen(text), &prog_b, err, sizeof err)) {
			test_fail("%s: %s", buf, err);
			return;
		}
		if (memcmp(md_key_bytes(&prog_b, 0), k, size) != 0) {
			test_fail("%s %s parses to other bits", gotype_scalars[kind].name, buf);
			return;
		}
	}
}

static void test_float_bits(void)
{
	test_begin("text_float_bits_round_trip");
	float_bits_round_trip(GO_FLOAT32, 4);
	float_bits_round_trip(GO_FLOAT64, 8);
	float_bits_round_trip(GO_COMPLEX64, 8);
	float_bits_round_trip(GO_COMPLEX128, 16);
	test_end();
}

/* ---- programs ---- */

static void test_program(void)
{
	test_begin("text_program");
	const char *text = "  # a comment line\n"
	                   "map[string]int64   # the type\n"
	                   "seed 0x10\n"
	                   "make 8\n"
	                   "put \"a\" 1\n"
	                   "m2 = m\n"
	                   "m2 add \"b\" -2\n"
	                   "get \"a\"\n"
	                   "m2 del \"a\"\n"
	                   "\n"
	                   "m = m2\n"
	                   "len\n"
	                   "m2 range\n"
	                   "clear\n"
	                   "make\n"
	                   "m2 make 1125899906842624\n"
	                   "nil\n"
	                   "m2 get \"c\"\n";
	char err[256];
	md_prog *p = &prog_a;
	if (!CHECK(md_parse(text, strlen(text), p, err, sizeof err))) {
		test_fail("%s", err);
		test_end();
		return;
	}
	CHECK(p->keykind == GO_STRING && p->seed == 16 && p->nops == 14);
	CHECK(p->ops[0].code == MD_OP_MAKEHINT && p->ops[0].val == 8);
	CHECK(p->ops[2].code == MD_OP_ALIAS && p->ops[2].target == 0);
	CHECK(p->ops[3].code == MD_OP_ADD && p->ops[3].target == 1 && p->ops[3].val == -2);
	CHECK(p->ops[4].key == p->ops[1].key && p->ops[5].key == p->ops[1].key);
	CHECK(p->ops[6].code == MD_OP_ALIAS && p->ops[6].target == 1);
	CHECK(p->ops[11].code == MD_OP_MAKEHINT && p->ops[11].target == 1);
	CHECK(p->ops[12].code == MD_OP_NIL && p->ops[13].target == 1);
	CHECK(p->nkeys == 3 && p->npool == 3);
	test_end();
}

/* The pool is the first MD_MAX_POOL distinct keys; later ones follow. */
static void test_key_table(void)
{
	test_begin("text_key_table");
	char text[4096];
	size_t n = (size_t)sprintf(text, "map[int]int64\nnil\n");
	for (int j = 0; j < 40; j++)
		n += (size_t)sprintf(text + n, "get %d\nput %d 0\n", j % 20, j % 25);
	char err[256];
	CHECK(md_parse(text, n, &prog_a, err, sizeof err));
	CHECK(prog_a.nkeys == 25 && prog_a.npool == MD_MAX_POOL);
	CHECK(key_bits(&prog_a, 0) == 0 && key_bits(&prog_a, 24) == 24);
	test_end();
}

/* A pool operand byte k names pool key k % npool, for every byte below
 * 0xE0 and every pool size (the decoder takes the remainder by a
 * multiply). */
static void test_pool_operands(void)
{
	test_begin("decode_pool_operands");
	static uint8_t in[16 + MD_MAX_POOL + 2 * 0xE0];
	for (uint32_t npool = 1; npool <= MD_MAX_POOL; npool++) {
		size_t n = 0;
		in[n++] = MD_FORMAT_VERSION;
		in[n++] = GO_INT64; /* key type */
		in[n++] = 0;        /* int64 values */
		in[n++] = 0;        /* start: nil */
		for (int j = 0; j < 5; j++)
			in[n++] = 0; /* seed, hash mode */
		in[n++] = (uint8_t)npool;
		for (uint32_t j = 0; j < npool; j++)
			in[n++] = (uint8_t)(0x70 + j); /* pool key j is the int64 j */
		for (uint32_t k = 0; k < 0xE0; k++) {
			in[n++] = 0x04; /* get, on m */
			in[n++] = (uint8_t)k;
		}
		md_decode(in, n, &prog_a);
		CHECK(prog_a.nops == 1 + 0xE0);
		for (uint32_t k = 0; k < 0xE0 && k + 1 < prog_a.nops; k++)
			if (key_bits(&prog_a, prog_a.ops[k + 1].key) != k % npool) {
				fprintf(stderr, "npool %u: operand %u names key %llu\n", npool, k,
					(unsigned long long)key_bits(&prog_a, prog_a.ops[k + 1].key));
				CHECK(0);
				break;
			}
	}
	test_end();
}

static void test_too_many_ops(void)
{
	test_begin("text_too_many_ops");
	size_t cap = 16 * MD_MAX_OPS + 64, n;
	char *text = malloc(cap);
	n = (size_t)sprintf(text, "map[bool]int64\nmake\n");
	for (int j = 1; j < MD_MAX_OPS; j++)
		n += (size_t)sprintf(text + n, "len\n");
	char err[256];
	CHECK(md_parse(text, n, &prog_a, err, sizeof err));
	CHECK(prog_a.nops == MD_MAX_OPS);
	n += (size_t)sprintf(text + n, "len\n");
	fails_on_line(text, n, MD_MAX_OPS + 2);
	free(text);
	test_end();
}

/* Value types: the type line, value literals, show(parse) gives the text
 * back and decode(encode) keeps the meaning. */
static void test_values(void)
{
	static const char *const progs[] = {
		"map[string]string\nmake\nput \"a\" \"x\"\nput \"b\" \"\"\nget \"a\"\nrange\n",
		"map[int64]struct{}\nmake\nput 1 {}\nget 1\n",
		"map[int32][512]int64\nmake\nput 1 {1, 2, 3}\nput 2 {}\nput 3 {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9}\n",
		"map[int8]uint8\nmake\nput 1 255\nadd 1 2\n",
		"map[interface{}]interface{}\nmake\nput int8(1) []int{1}\nput nil nil\n",
		"map[struct{a int8; b float64}]float32\nmake\nput {1, -0.0} NaN\n",
		"map[interface{}]interface{}\nmake\nput MInt(1) MSlice{1}\nput int(1) MInt(2)\nput MString(\"s\") \"s\"\n",
	};
	static const char *const shown[] = {
		"put \"a\" \"x\"", "put 1 {}", "put 1 {1, 2, 3}", "add 1 2", "put int8(1) []int{1}", "put {1, -0.0} NaN",
		"put MInt(1) MSlice{1}\nput int(1) MInt(2)\nput MString(\"s\") \"s\"",
	};
	char err[256];
	uint8_t *enc = malloc(ENC_CAP);
	test_begin("text_value_types");
	for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++) {
		if (!md_parse(progs[i], strlen(progs[i]), &prog_a, err, sizeof err)) {
			test_fail("%s: %s", progs[i], err);
			continue;
		}
		CHECK(!md_prog_int64_vals(&prog_a));
		size_t n1;
		char *t1 = show_to_string(&prog_a, &n1);
		if (strstr(t1, shown[i]) == NULL)
			test_fail("%s: show lacks %s:\n%s", progs[i], shown[i], t1);
		check_round_trip(t1, n1, enc, (int)i);
		free(t1);
	}
	free(enc);
	test_end();
}

/* Error lines: each text fails on the given line. */
/* Composite key types: the type line in Go syntax, literals through
 * harness/format/types_text.c, and show(parse) gives the text back. */
static void test_composite(void)
{
	static const char *const progs[] = {
		"map[struct{a int8; b float64}]int64\nmake\nput {1, 0} 1\nput {1, -0.0} 2\nrange\n",
		"map[interface{}]int64\nnil\nget []int{1}\nput int8(1) 2\nget struct{a int8; b float64}{1, NaN}\n",
		"map[[2]string]int64\nmake\nput {\"a b\", \"\"} 1\n",
		"map[*int]int64\nmake\nput &obj3 1\nput nil 2\n",
		"map[chan int8]int64\nmake\nput ch1 1\n",
		"map[[0]int]int64\nmake\nput {} 1\n",
		"map[struct{}]int64\nmake\nput {} 1\n",
		"map[interface{ M() }]int64\nmake\nput MInt(1) 1\nput MInt8(1) 2\nput MFloat64(NaN) 3\n"
		"put MStruct{1, -0.0} 4\nput MString(\"s\") 5\nput (*MObj)(&obj3) 6\nput nil 7\n"
		"put MComplex128(complex(NaN, -0.0)) 8\nput MEmpty{} 9\nput MArr{NaN, 1} 10\nput MBool(true) 11\n"
		"get MSlice{1, 2}\ndel MMap{}\nget MFunc(nil)\nget MBox{[]int{1}}\nget MBox{nil}\nrange\n",
		"map[struct{a interface{ M() }; b int}]int64\nmake\nput {MUint8(1), 1} 1\nget {nil, 0}\n",
		"map[[2]interface{ M() }]int64\nmake\nput {MInt(1), MSlice{}} 1\n",
		"map[interface{}]int64\nmake\nput struct{a interface{ M() }}{MInt(1)} 1\nput []interface{ M() }{nil} 1\n",
		("map[interface{}]int64\nmake\nput int(1) 1\nput MInt(1) 2\nput MStruct{1, -0.0} 3\n"
		 "put (*MObj)(&obj3) 4\nput MString(\"s\") 5\nget \"s\"\nget MEmpty{}\nput MBox{MInt(1)} 6\n"),
	};
	char err[256];
	test_begin("text_composite_keys");
	for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++) {
		if (!md_parse(progs[i], strlen(progs[i]), &prog_a, err, sizeof err)) {
			test_fail("%s: %s", progs[i], err);
			continue;
		}
		CHECK(md_prog_composite(&prog_a));
		char want[512];
		const char *ops = strchr(progs[i], '\n') + 1;
		snprintf(want, sizeof want, "# mapdiff program, format 2\n%.*sseed 0x00000000\n%s",
		         (int)(ops - progs[i]), progs[i], ops);
		size_t n1;
		char *t1 = show_to_string(&prog_a, &n1);
		if (strcmp(want, t1) != 0)
			test_fail("show differs:\n%s\n----\n%s", want, t1);
		free(t1);
	}
	CHECK(!md_parse("map[struct{x int}]int64\nnil\n", 26, &prog_a, err, sizeof err));
	CHECK(strstr(err, "no descriptor") != NULL);
	CHECK(!md_parse("map[[]int]int64\nnil\n", 20, &prog_a, err, sizeof err));
	CHECK(!md_parse("map[[2]int]int64\nmake\nput {1, 2, 3} 1\n", 39, &prog_a, err, sizeof err));
	CHECK(strncmp(err, "line 3: bad [2]int key", 22) == 0);
	static const char *const bad_iface[] = {
		"map[interface{ M() }]int64\nmake\nput int(1) 1\n",
		"map[interface{ M() }]int64\nmake\nput MObj(1) 1\n",
		"map[interface{ M() }]int64\nmake\nput MInt{1} 1\n",
		"map[interface{}]int64\nmake\nput MObj(1) 1\n",
		"map[interface{ N() }]int64\nmake\n",
		"map[MInt]int64\nmake\n",
	};
	for (size_t i = 0; i < sizeof bad_iface / sizeof bad_iface[0]; i++)
		CHECK(!md_parse(bad_iface[i], strlen(bad_iface[i]), &prog_a, err, sizeof err));
	const char *spaced = "map[interface { M() }]int64\nmake\nput MInt(1) 1\n";
	CHECK(md_parse(spaced, strlen(spaced), &prog_a, err, sizeof err) && prog_a.keykind == GO_IFACE);
	test_end();
}

static void test_errors(void)
{
	test_begin("text_errors");
	static const struct {
		const char *text;
		int line;
	} cases[] = {
		{"put 1 2\n", 1},
		{"map[int]int64\nput 1 2\n", 2},
		{"map[int][]int\nnil\n", 1},
		{"map[int]string\nmake\nadd 1 \"a\"\n", 3},
		{"map[int]string\nmake\nput 1 2\n", 3},
		{"map[int]struct{}\nmake\nput 1\n", 3},
		{"map[int][2]int8\nmake\nput 1 {1, 2, 3}\n", 3},
		{"map[int]float64\nmake\nadd 1 1.5\n", 3},
		{"map[int32]\nnil\n", 1},
		{"map[runes]int64\nnil\n", 1},
		{"map[int]int64 x\nnil\n", 1},
		{"map[int]int64\nnil\nseed 1\n", 3},
		{"map[int]int64\nseed 1\nseed 2\nnil\n", 3},
		{"map[int]int64\nseed -1\nnil\n", 2},
		{"map[int]int64\nseed 0x100000000\nnil\n", 2},
		{"map[int]int64\nm2 nil\n", 2},
		{"map[int]int64\nmake 2000000\n", 2},
		{"map[int]int64\nmake\nm2 make 1048577\n", 3},
		{"map[int]int64\nmake -\n", 2},
		{"map[int]int64\nnil extra\n", 2},
		{"map[int]int64\nnil\n\n# c\nfrob 1\n", 5},
		{"map[int]int64\nnil\nput 1\n", 3},
		{"map[int]int64\nnil\nput\n", 3},
		{"map[int]int64\nnil\nput 1 2 3\n", 3},
		{"map[int]int64\nnil\nput 1 9223372036854775808\n", 3},
		{"map[int]int64\nnil\nget 1 2\n", 3},
		{"map[int]int64\nnil\nlen 1\n", 3},
		{"map[int]int64\nnil\nm2\n", 3},
		{"map[int]int64\nnil\nm2 = m2\n", 3},
		{"map[int]int64\nnil\nm = m\n", 3},
		{"map[int]int64\nnil\nm2 m2 len\n", 3},
		{"map[int]int64\nnil\nm len\n", 3},
		{"map[int]int64\nnil\nm2 = m x\n", 3},
		{"map[int]int64\nnil\nget 0x\n", 3},
		{"map[string]int64\nnil\nget \"abc\n", 3},
		{"map[string]int64\nnil\nput \"a\"1 2\n", 3},
	};
	for (size_t j = 0; j < sizeof cases / sizeof cases[0]; j++)
		fails_on_line(cases[j].text, strlen(cases[j].text), cases[j].line);
	test_end();
}

static void test_long_strings(void)
{
	test_begin("text_long_strings");
	char *text = malloc(2 * MD_MAX_STR + 100);
	int n = sprintf(text, "map[string]int64\nnil\nget \"");
	memset(text + n, 'x', MD_MAX_STR);
	n += MD_MAX_STR;
	n += sprintf(text + n, "\"\n");
	char err[256];
	CHECK(md_parse(text, (size_t)n, &prog_a, err, sizeof err));
	CHECK(prog_a.keys[0].len == MD_MAX_STR);
	n = sprintf(text, "map[string]int64\nnil\nget \"");
	memset(text + n, 'x', MD_MAX_STR + 1);
	n += MD_MAX_STR + 1;
	n += sprintf(text + n, "\"\n");
	fails_on_line(text, (size_t)n, 3);
	free(text);
	test_end();
}

/* Empty text, comments only, CRLF, NUL bytes, garbage, a huge line. */
static void test_edges(void)
{
	test_begin("text_edges");
	char err[256];
	fails_on_line("", 0, 1);
	fails_on_line("# only\n   # comments\n", 21, 2);
	fails_on_line("map[int]int64\n", 14, 1);
	fails_on_line("map[int]int64\n# c\n", 18, 2);
	const char *crlf = "map[float64]int64\r\nseed 7\r\nmake\r\nput -0.0 1 # x\r\nget NaN\r\n";
	CHECK(md_parse(crlf, strlen(crlf), &prog_a, err, sizeof err));
	CHECK(prog_a.nops == 3 && prog_a.seed == 7 && key_bits(&prog_a, 0) == 0x8000000000000000ULL);
	const char *nocrlf_end = "map[bool]int64\nnil\nget true";
	CHECK(md_parse(nocrlf_end, strlen(nocrlf_end), &prog_a, err, sizeof err));
	CHECK(prog_a.nops == 2);
	const char nul[] = "map[int]int64\nnil\nget 1\0\n";
	fails_on_line(nul, sizeof nul - 1, 3);
	const char nul2[] = "map[string]int64\nnil\nget \"a\0b\"\n";
	CHECK(md_parse(nul2, sizeof nul2 - 1, &prog_a, err, sizeof err));
	CHECK(prog_a.keys[0].len == 3);
	CHECK(!md_parse("\0\0\0", 3, &prog_a, err, 5) && strcmp(err, "line") == 0);
	CHECK(!md_parse("x", 1, &prog_a, NULL, 0));
	size_t big = 1 << 20;
	char *huge = malloc(big);
	memset(huge, 'z', big);
	memcpy(huge, "map[int]int64\nnil\nput ", 22);
	fails_on_line(huge, big, 3);
	for (int iter = 0; iter < 20000; iter++) { /* garbage must not crash */
		size_t n = (size_t)(rng_next() % 200);
		for (size_t j = 0; j < n; j++)
			huge[j] = (char)"map[]intsg\"\\x0 \n#-.e9ftrucomplex(,)NaInf\r"[rng_next() % 40];
		if (!md_parse(huge, n, &prog_a, err, sizeof err))
			CHECK(strncmp(err, "line ", 5) == 0);
	}
	free(huge);
	test_end();
}

int main(void)
{
	test_round_trip();
	test_composite();
	test_values();
	test_mutations();
	test_port_types();
	test_int_literals();
	test_float_literals();
	test_complex_string_literals();
	test_format_key();
	test_float_bits();
	test_program();
	test_key_table();
	test_pool_operands();
	test_too_many_ops();
	test_errors();
	test_long_strings();
	test_edges();
	return check_exit_status();
}
