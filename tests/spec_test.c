/*
 * spec_test.c: the spec checker on hand-made traces.
 *
 * Each test parses a program, fills a side's results by hand (what its
 * iterators produced), and checks the verdict: traces that break a rule are
 * flagged with that rule, legal ones (an added entry seen, or not) pass.
 */
#include <string.h>

#include "run/canon.h"
#include "run/spec.h"
#include "format/text.h"
#include "check.h"

static md_prog prog;
static md_results res;

/* Parse text into prog and clear res. */
static void load(const char *text)
{
	char err[200];
	if (!md_parse(text, strlen(text), &prog, err, sizeof err))
		test_fail("parse: %s", err);
	memset(&res, 0, sizeof res);
	md_results_reset(&res, -1);
	res.nres = prog.nops;
}

/* Op i produced float64 key k with value v. */
static void produced_f64(uint32_t i, double k, int64_t v)
{
	md_results_itent(&res, i, (const uint8_t *)&k, 8, v);
}

static void produced_i64(uint32_t i, int64_t k, int64_t v)
{
	md_results_itent(&res, i, (const uint8_t *)&k, 8, v);
}

/* The verdict: NULL when legal, else the rule broken. */
static const char *verdict(int *op)
{
	md_spec_violation v;
	if (md_spec_check(&prog, &res, &v))
		return NULL;
	*op = v.op;
	return v.rule;
}

static void expect(const char *rule, int want_op)
{
	int op = -1;
	const char *got = verdict(&op);
	if (rule == NULL && got != NULL)
		test_fail("legal trace flagged: %s at op %d", got, op);
	else if (rule != NULL && (got == NULL || strcmp(got, rule) != 0 || op != want_op))
		test_fail("want '%s' at op %d, got '%s' at op %d", rule, want_op, got ? got : "legal", op);
}

static void test_legal_drain(void)
{
	test_begin("spec_legal_drain");
	load("map[int64]int64\nmake\nput 1 10\nput 2 20\nput 3 30\nit a\ndrain a\n");
	produced_i64(5, 2, 20), produced_i64(5, 3, 30), produced_i64(5, 1, 10);
	expect(NULL, 0);
	test_end();
}

static void test_twice(void)
{
	test_begin("spec_produced_twice");
	load("map[int64]int64\nmake\nput 1 10\nput 2 20\nit a\nnext a\ndrain a\n");
	produced_i64(4, 1, 10);
	produced_i64(5, 2, 20), produced_i64(5, 1, 10);
	expect("produced an entry twice", 5);
	test_end();
}

static void test_missed(void)
{
	test_begin("spec_missed_entry");
	load("map[int64]int64\nmake\nput 1 10\nput 2 20\nit a\ndrain a\n");
	produced_i64(4, 2, 20);
	expect("missed an entry", 4);
	/* a next that returns nothing ends the iterator too */
	load("map[int64]int64\nmake\nput 1 10\nput 2 20\nit a\nnext a\nnext a\n");
	produced_i64(4, 1, 10);
	expect("missed an entry", 5);
	test_end();
}

static void test_deleted(void)
{
	test_begin("spec_deleted_not_produced");
	load("map[int64]int64\nmake\nput 1 10\nput 2 20\nit a\nnext a\ndel 2\nnext a\n");
	produced_i64(4, 1, 10);
	produced_i64(6, 2, 20);
	expect("produced an entry that is not in the map", 6);
	/* legal: the deleted entry is simply not produced */
	load("map[int64]int64\nmake\nput 1 10\nput 2 20\nit a\nnext a\ndel 2\nnext a\n");
	produced_i64(4, 1, 10);
	expect(NULL, 0);
	test_end();
}

static void test_stale_value(void)
{
	test_begin("spec_stale_value");
	load("map[int64]int64\nmake\nput 1 10\nput 2 20\nit a\nput 2 21\ndrain a\n");
	produced_i64(5, 1, 10), produced_i64(5, 2, 20);
	expect("produced a stale value", 5);
	load("map[int64]int64\nmake\nput 1 10\nput 2 20\nit a\nput 2 21\ndrain a\n");
	produced_i64(5, 1, 10), produced_i64(5, 2, 21);
	expect(NULL, 0);
	test_end();
}

static void test_added(void)
{
	test_begin("spec_added_entry_seen_or_not");
	const char *t = "map[int64]int64\nmake\nput 1 10\nit a\nput 2 20\ndrain a\n";
	load(t);
	produced_i64(4, 1, 10), produced_i64(4, 2, 20); /* seen */
	expect(NULL, 0);
	load(t);
	produced_i64(4, 1, 10); /* not seen */
	expect(NULL, 0);
	load(t);
	produced_i64(4, 2, 20), produced_i64(4, 1, 10), produced_i64(4, 2, 20); /* seen twice */
	expect("produced an entry twice", 4);
	/* deleted then added again: a new entry, may be produced again */
	load("map[int64]int64\nmake\nput 1 10\nit a\nnext a\ndel 1\nput 1 11\ndrain a\n");
	produced_i64(3, 1, 10), produced_i64(6, 1, 11);
	expect(NULL, 0);
	test_end();
}

static void test_nan(void)
{
	test_begin("spec_nan_multiplicity");
	const char *t = "map[float64]int64\nmake\nput NaN 1\nput NaN 1\nput 2 2\nit a\ndrain a\n";
	double nan = 0;
	uint64_t bits = 0x7ff8000000000001ULL;
	memcpy(&nan, &bits, 8);
	load(t);
	produced_f64(5, nan, 1), produced_f64(5, 2, 2), produced_f64(5, nan, 1);
	expect(NULL, 0);
	load(t);
	produced_f64(5, nan, 1), produced_f64(5, 2, 2);
	expect("missed an entry", 5);
	load(t);
	produced_f64(5, nan, 1), produced_f64(5, nan, 1), produced_f64(5, nan, 1);
	expect("produced an entry that is not in the map", 5);
	/* clear removes NaN entries: none may follow */
	load("map[float64]int64\nmake\nput NaN 1\nit a\nclear\ndrain a\n");
	produced_f64(4, nan, 1);
	expect("produced an entry that is not in the map", 4);
	test_end();
}

static void test_stale_key(void)
{
	test_begin("spec_stale_key_bits");
	const char *t = "map[float64]int64\nmake\nput 0.0 1\nit a\nput -0.0 2\ndrain a\n";
	load(t);
	produced_f64(4, 0.0, 2);
	expect("produced a stale key", 4);
	load(t);
	produced_f64(4, -0.0, 2);
	expect(NULL, 0);
	test_end();
}

static void test_nil_and_ended(void)
{
	test_begin("spec_nil_map_and_ended_iterator");
	load("map[int64]int64\nnil\nit a\nnext a\n");
	produced_i64(2, 1, 1);
	expect("produced an entry that is not in the map", 2);
	load("map[int64]int64\nmake\nput 1 1\nit a\ndrain a\nnext a\n");
	produced_i64(3, 1, 1), produced_i64(4, 1, 1);
	expect("produced an entry from an iterator that had ended", 4);
	/* an iterator walks the map it started on, whatever m becomes */
	load("map[int64]int64\nmake\nput 1 1\nit a\nmake\nput 2 2\ndrain a\n");
	produced_i64(5, 1, 1);
	expect(NULL, 0);
	test_end();
}

/* A clone is a map of its own: its iterator must produce the entries it
 * had, not the source's later ones; a clone of nil is nil. */
static void test_clone(void)
{
	test_begin("spec_clone_is_its_own_map");
	static const char *const prog_text = "map[int64]int64\nmake\nput 1 10\nput 2 20\n"
					     "m2 = maps.Clone(m)\ndel 1\nput 3 30\nm2 put 2 22\nm2 it a\ndrain a\n";
	load(prog_text);
	produced_i64(8, 1, 10), produced_i64(8, 2, 22);
	expect(NULL, 0);
	load(prog_text);
	produced_i64(8, 1, 10), produced_i64(8, 2, 22), produced_i64(8, 3, 30);
	expect("produced an entry that is not in the map", 8);
	load(prog_text);
	produced_i64(8, 2, 22);
	expect("missed an entry", 8);
	load(prog_text);
	produced_i64(8, 1, 10), produced_i64(8, 2, 20);
	expect("produced a stale value", 8);
	double nan = 0;
	uint64_t bits = 0x7ff8000000000001ULL; /* NaN in the text form */
	memcpy(&nan, &bits, 8);
	load("map[float64]int64\nmake\nput NaN 1\nput NaN 2\nm2 = maps.Clone(m)\nm2 it a\ndrain a\n");
	produced_f64(5, nan, 1), produced_f64(5, nan, 2);
	expect(NULL, 0);
	load("map[float64]int64\nmake\nput NaN 1\nput NaN 2\nm2 = maps.Clone(m)\nm2 it a\ndrain a\n");
	produced_f64(5, nan, 1);
	expect("missed an entry", 5);
	load("map[int64]int64\nnil\nm2 = maps.Clone(m)\nm2 it a\nnext a\n");
	produced_i64(3, 1, 1);
	expect("produced an entry that is not in the map", 3);
	test_end();
}

/* Two maps' entries made in turn stay each map's own: clearing one leaves
 * the other whole, and a missed entry is named first-made first. */
static void test_maps_apart(void)
{
	test_begin("spec_maps_kept_apart");
	static const char *const text = "map[int64]int64\nmake\nput 1 10\nm2 = maps.Clone(m)\nm2 put 2 20\n"
					"put 3 30\nm2 put 4 40\nclear\nm2 it a\ndrain a\n";
	load(text);
	produced_i64(8, 2, 20), produced_i64(8, 4, 40), produced_i64(8, 1, 10);
	expect(NULL, 0);
	load(text);
	produced_i64(8, 2, 20), produced_i64(8, 3, 30);
	expect("produced an entry that is not in the map", 8);
	load(text);
	produced_i64(8, 4, 40);
	md_spec_violation v;
	CHECK(!md_spec_check(&prog, &res, &v) && strcmp(v.rule, "missed an entry") == 0);
	CHECK(strncmp(v.detail, "entry 1: 10", 11) == 0);
	test_end();
}

/* Go's == on composite canonical keys: -0 == +0 inside a struct, a NaN
 * inside an array or an interface is never equal, int(1) != int8(1). */
static void test_composite_equal(void)
{
	static const char *const text =
		"map[interface{}]int64\nmake\n"
		"put struct{a int8; b float64}{1, 0.0} 1\n"  /* key 0 */
		"put struct{a int8; b float64}{1, -0.0} 2\n" /* key 1 */
		"put [2]float32{NaN, 1} 3\n"                /* key 2 */
		"put int(1) 4\n"                            /* key 3 */
		"put int8(1) 5\n"                           /* key 4 */
		"put float64(NaN) 6\n";                     /* key 5 */
	char err[200];
	test_begin("spec_composite_key_equality");
	CHECK(md_parse(text, strlen(text), &prog, err, sizeof err));
	const md_prog *p = &prog;
#define K(i) md_key_bytes(p, i), p->keys[i].len
	CHECK(p->nkeys == 6);
	CHECK(md_canon_equal(p, K(0), K(1)));
	CHECK(md_canon_norm_hash(p, K(0)) == md_canon_norm_hash(p, K(1)));
	CHECK(!md_canon_equal(p, K(2), K(2)) && md_canon_has_nan(p, K(2)));
	CHECK(!md_canon_equal(p, K(3), K(4)) && md_canon_equal(p, K(3), K(3)));
	CHECK(md_canon_has_nan(p, K(5)) && !md_canon_has_nan(p, K(3)));
	CHECK(md_canon_needkeyupdate(p));
#undef K
	test_end();
}

int main(void)
{
	test_composite_equal();
	test_legal_drain();
	test_twice();
	test_missed();
	test_deleted();
	test_stale_value();
	test_added();
	test_nan();
	test_stale_key();
	test_nil_and_ended();
	test_clone();
	test_maps_apart();
	return check_exit_status();
}
