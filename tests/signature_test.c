/* signature_test.c: the signature line (harness/report/signature.h):
 * type classes, panic classes, and lines that name no op position. */
#include <string.h>

#include "check.h"
#include "format/text.h"
#include "report/signature.h"

static gotypes A;
static md_prog prog;
static md_results ra, rb;

static const gotype *parse_type(const char *s)
{
	char err[256];
	const gotype *t = gotype_parse(&A, &s, err, sizeof err);
	if (!t)
		test_fail("type %s: %s", s, err);
	return t;
}

static bool class_is(const char *type, bool key, const char *want)
{
	char buf[256];
	const gotype *t = parse_type(type);
	if (!t)
		return false;
	md_type_class(t, key, buf, sizeof buf);
	if (strcmp(buf, want) != 0)
		test_fail("class of %s %s: '%s', want '%s'", key ? "key" : "value", type, buf, want);
	return strcmp(buf, want) == 0;
}

static void test_type_classes(void)
{
	test_begin("signature_type_classes");
	class_is("float64", true, "float64");
	/* plain-memory keys: the family Go's compiler picks code by */
	class_is("int32", true, "mem32");
	class_is("uint32", true, "mem32");
	class_is("int64", true, "mem64");
	class_is("uintptr", true, "mem64");
	class_is("int8", true, "mem");
	class_is("bool", true, "mem");
	/* values: by how a map stores them (runtime/map.go maxElemSize 128) */
	class_is("string", false, "V");
	class_is("struct{}", false, "V(size 0)");
	class_is("[17]int64", false, "V(indirect)");
	class_is("interface{}", true, "interface{}");
	class_is("*int", true, "mem64");
	class_is("chan int", true, "mem64");
	class_is("struct{a int8; b float64}", true, "struct{...float64...}");
	class_is("struct{a int8; b int64}", true, "mem");
	class_is("struct{_ float64; a int8}", true, "mem"); /* blank fields never count */
	class_is("[2]int32", true, "mem64");
	class_is("[4]int32", true, "mem");
	class_is("[2]float32", true, "[...]float32");
	class_is("[2]struct{a string; b float64}", true, "[...]{float64, string}");
	class_is("struct{a interface{}; b complex128}", true, "struct{...complex128, interface{}...}");
	class_is("struct{a int8; b float64}", false, "V");
	class_is("[16]int64", false, "V");
	test_end();
}

static bool panic_class_is(const char *msg, const char *want)
{
	char buf[128];
	md_panic_class(msg, strlen(msg), buf, sizeof buf);
	if (strcmp(buf, want) != 0)
		test_fail("class of '%s': '%s', want '%s'", msg, buf, want);
	return strcmp(buf, want) == 0;
}

static void test_panic_classes(void)
{
	test_begin("signature_panic_classes");
	panic_class_is("hash of unhashable type: []int", "hash of unhashable type");
	panic_class_is("runtime error: hash of unhashable type map[string]int64", "hash of unhashable type");
	panic_class_is("assignment to entry in nil map", "assignment to entry in nil map");
	panic_class_is("runtime error: index out of range [3] with length 2", "index out of range");
	panic_class_is("", "?");
	test_end();
}

static bool parse_prog(const char *text)
{
	char err[256];
	if (!md_parse(text, strlen(text), &prog, err, sizeof err)) {
		test_fail("parse: %s", err);
		return false;
	}
	return true;
}

static bool line_is(const md_diff *d, const char *want)
{
	char buf[MD_SIGNATURE_MAX];
	md_signature_text(buf, sizeof buf, &prog, d, "C port", &ra, "gc 1.26", &rb);
	if (strcmp(buf, want) != 0)
		test_fail("'%s', want '%s'", buf, want);
	return strcmp(buf, want) == 0;
}

static void test_lines(void)
{
	test_begin("signature_lines_name_no_op");
	md_diff d = {.op = 3, .what = "range"};
	const char *range = "mapdiff: DIVERGENCE range on map[float64]V (C port vs gc 1.26)";
	if (parse_prog("map[float64]int64\nmake\nput 0.0 1\nput -0.0 2\nrange\n"))
		line_is(&d, range);
	d.op = 5;
	if (parse_prog("map[float64]int64\nmake\nput 1 1\ndel 1\nput 0.0 1\nput -0.0 2\nrange\n"))
		line_is(&d, range);
	/* a panic: the op kind and the class of the side that panicked */
	if (parse_prog("map[string][3]int64\nnil\nget \"a\"\nput \"a\" {1}\n")) {
		static const char msg[] = "assignment to entry in nil map";
		md_results_reset(&ra, -1);
		md_results_reset(&rb, -1);
		memset(ra.res, 0, sizeof ra.res[0] * 4);
		memset(rb.res, 0, sizeof rb.res[0] * 4);
		md_results_panic(&rb, 2, msg, strlen(msg));
		d = (md_diff){.op = 2, .what = "panic"};
		line_is(&d, "mapdiff: DIVERGENCE panic at put (assignment to entry in nil map) on "
			    "map[string]V (C port vs gc 1.26)");
		d.what = "B (bucket count)";
		line_is(&d, "mapdiff: DIVERGENCE B (bucket count) at put on map[string]V (C port vs gc 1.26)");
	}
	/* a spec violation: the rule and the side, nothing else */
	d = (md_diff){.op = 2, .what = "produced an entry twice", .side = "C port"};
	line_is(&d, "mapdiff: SPEC VIOLATION produced an entry twice by C port");
	test_end();
}

int main(void)
{
	test_type_classes();
	test_panic_classes();
	test_lines();
	return check_exit_status();
}
