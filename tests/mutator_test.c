/*
 * mutator_test.c: the custom mutator's program edits (harness/fuzz/mutator.c).
 *
 * Each edit is seen in the mutants of a small program over a few hundred
 * seeds (linked without libFuzzer, every mutation is the mutator's own or
 * none), every mutant decodes to a program its text form shows, the same
 * seed gives the same mutant.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/prog.h"
#include "format/text.h"
#include "check.h"

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned int seed);

#define CAP 65536
#define SEEDS 400

static md_prog prog;
static uint8_t input[CAP], data[CAP];
static size_t input_len;
static char text[1 << 20];

/* The text program src encoded into input. */
static bool encode_text(const char *src)
{
	char err[256];
	if (!md_parse(src, strlen(src), &prog, err, sizeof err)) {
		test_fail("parse: %s", err);
		return false;
	}
	input_len = md_encode(&prog, input, sizeof input);
	return input_len > 0;
}

/* The mutant of input under seed, shown as text into text; its size. */
static size_t mutant(unsigned seed)
{
	memcpy(data, input, input_len);
	size_t n = LLVMFuzzerCustomMutator(data, input_len, sizeof data, seed);
	md_decode(data, n, &prog);
	FILE *f = fmemopen(text, sizeof text - 1, "w");
	md_show(&prog, f);
	text[ftell(f)] = 0;
	fclose(f);
	return n;
}

/* Whether some mutant's text has every one of the words (NULL-ended). */
static bool some_mutant_has(const char *const *words)
{
	for (unsigned seed = 0; seed < SEEDS; seed++) {
		mutant(seed);
		bool all = true;
		for (const char *const *w = words; *w && all; w++)
			all = strstr(text, *w) != NULL;
		if (all)
			return true;
	}
	return false;
}

static void expect_edit(const char *name, const char *src, const char *const *words)
{
	test_begin(name);
	if (encode_text(src) && !some_mutant_has(words))
		test_fail("no mutant of %d seeds has all of its words, e.g. '%s'", SEEDS, words[0]);
	test_end();
}

static void test_edits(void)
{
	static const char *zeros[] = {"put 0 ", " -0.0\n", NULL};
	static const char *twin[] = {" int(1) ", " MInt(1)", NULL};
	static const char *fresh[] = {"fresh 1.5", NULL};
	static const char *clear[] = {"\nclear\n", NULL};
	static const char *near[] = {"-1.5", NULL};
	static const char *longkey[] = {"put \"abababababababababababababababab", NULL};
	static const char *longfield[] = {"put {1, \"abababababababababababababababab", NULL};
	static const char *wraparr[] = {"map[[1]string]int64", "put {\"ab\"} 1", NULL};
	static const char *wrapstruct[] = {"map[struct{a float64}]int64", "put {1.5} 1", NULL};
	expect_edit("zeros: +0 and -0.0 of one key", "map[float64]int64\nmake\nput 1.5 1\n", zeros);
	expect_edit("twin: a named type next to its underlying type", "map[interface {}]int64\nmake\nput int(1) 1\n", twin);
	expect_edit("fresh: a fresh copy of a key put before", "map[float64]int64\nmake\nput 1.5 1\n", fresh);
	expect_edit("shape: a clear among the ops", "map[float64]int64\nmake\nput 1.5 1\nput 2.5 1\n", clear);
	expect_edit("near: a key one unit apart", "map[float64]int64\nmake\nput 1.5 1\n", near);
	expect_edit("near: a short string key made long, and put", "map[string]int64\nmake\nput \"ab\" 1\n", longkey);
	expect_edit("near: a string inside a key made long, and put", "map[struct{a int8; b string}]int64\nmake\nput {1, \"ab\"} 1\n",
		    longfield);
	expect_edit("wrap: K becomes [1]K, a string keeps its bytes", "map[string]int64\nmake\nput \"ab\" 1\n", wraparr);
	expect_edit("wrap: K becomes struct{ a K }", "map[float64]int64\nmake\nput 1.5 1\n", wrapstruct);
}

/* Ops go just after the put that grows the map (its ninth key) far more
 * often than a place drawn at random would put them there. */
static void test_after_grow(void)
{
	char src[1024] = "map[int64]int64\nmake\n";
	int hits = 0;
	for (int i = 1; i <= 9; i++)
		snprintf(src + strlen(src), sizeof src - strlen(src), "put %d 1\n", i);
	for (int i = 0; i < 30; i++)
		strcat(src, "len\n");
	test_begin("an edit's op just after the put that grows the map");
	if (encode_text(src)) {
		for (unsigned seed = 0; seed < SEEDS; seed++) {
			mutant(seed);
			const char *at = strstr(text, "put 9 1\n");
			hits += at && strncmp(at + 8, "len\n", 4) != 0;
		}
		if (hits < 20) /* about 45 expected; 3 or 4 at a random place */
			test_fail("%d of %d mutants have an op just after the ninth put", hits, SEEDS);
	}
	test_end();
}

static void test_deterministic(void)
{
	static uint8_t first[CAP];
	test_begin("the same seed, the same mutant");
	if (encode_text("map[string]int64\nmake\nput \"abc\" 1\nget \"abd\"\n")) {
		for (unsigned seed = 0; seed < 64; seed++) {
			size_t n = mutant(seed);
			memcpy(first, data, n);
			if (mutant(seed) != n || memcmp(first, data, n) != 0)
				test_fail("seed %u: two mutants", seed);
		}
	}
	test_end();
}

int main(void)
{
	test_edits();
	test_after_grow();
	test_deterministic();
	return check_failed_tests ? 1 : 0;
}
