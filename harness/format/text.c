/*
 * text.c: program <-> text form.
 *
 * md_show prints a program, md_format_key prints one key, md_parse reads
 * the text form back (docs/FORMAT.md, "Text form").  The parser works on
 * one line at a time with a cursor; every literal parser either fills in
 * canonical bits or writes "line N: ..." into the error buffer and returns
 * false.  Nothing here trusts the input: lines may be huge, hold NUL bytes
 * or garbage, and errors quote at most a short, escaped piece of a token.
 */
#include "format/text.h"
#include "format/bits.h"
#include "run/result.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "port.h"
#include "format/types.h"

#define NAN64_BITS 0x7ff8000000000001ULL /* math.NaN() */
#define NAN32_BITS 0x7fc00000U           /* float32(math.NaN()) */
#define NEGZERO64_BITS 0x8000000000000000ULL
#define NEGZERO32_BITS 0x80000000U
#define INF64_BITS 0x7ff0000000000000ULL
#define INF32_BITS 0x7f800000U
#define FLOAT_TEXT_MAX 400 /* longest decimal float literal accepted */

/* ---- small helpers ---- */

static bool kind_is_signed_int(int k)
{
	return k == GO_INT || k == GO_INT8 || k == GO_INT16 || k == GO_INT32 || k == GO_INT64;
}

static bool kind_is_unsigned_int(int k)
{
	return k == GO_UINT || k == GO_UINT8 || k == GO_UINT16 || k == GO_UINT32 ||
	       k == GO_UINT64 || k == GO_UINTPTR;
}

/* ---- output buffer: appends, cuts short at cap, always NUL-terminated ---- */

typedef struct sbuf {
	char *b;
	size_t cap, n;
} sbuf;

static void sb_putc(sbuf *s, char c)
{
	if (s->n + 1 < s->cap) {
		s->b[s->n++] = c;
		s->b[s->n] = 0;
	}
}

static void sb_puts(sbuf *s, const char *str)
{
	while (*str)
		sb_putc(s, *str++);
}

/* Short formatted pieces only (numbers): at most 127 bytes. */
static void sb_printf(sbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *s, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	sb_puts(s, tmp);
}

/* ---- formatting keys ---- */

/* Digits d[0..nd) with decimal exponent x, in plain notation. */
static void fmt_plain(sbuf *s, const char *d, int nd, int x)
{
	if (x < 0) {
		sb_puts(s, "0.");
		for (int j = 0; j < -x - 1; j++)
			sb_putc(s, '0');
		for (int j = 0; j < nd; j++)
			sb_putc(s, d[j]);
		return;
	}
	for (int j = 0; j <= x; j++)
		sb_putc(s, j < nd ? d[j] : '0');
	if (nd > x + 1) {
		sb_putc(s, '.');
		for (int j = x + 1; j < nd; j++)
			sb_putc(s, d[j]);
	}
}

/* A finite value printed by %.*e (e_text) the way Go's %v prints it:
 * exponent form when the exponent is below -4 or at least 21. */
static void fmt_like_go(sbuf *s, const char *e_text)
{
	const char *e = strchr(e_text, 'e');
	int x = atoi(e + 1);
	if (x < -4 || x >= 21) {
		sb_puts(s, e_text);
		return;
	}
	char digits[32];
	int nd = 0;
	const char *p = e_text;
	if (*p == '-')
		sb_putc(s, *p++);
	for (; p < e && nd < (int)sizeof digits; p++)
		if (*p != '.')
			digits[nd++] = *p;
	fmt_plain(s, digits, nd, x);
}

/* Shortest digits of d that strtod reads back to the same bits. */
static void fmt_shortest64(sbuf *s, double d)
{
	char tmp[64];
	for (int prec = 0; prec < 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*e", prec, d);
		if (md_bits_of_f64(strtod(tmp, NULL)) == md_bits_of_f64(d))
			break;
	}
	fmt_like_go(s, tmp);
}

/* Shortest digits of f that strtof reads back to the same bits. */
static void fmt_shortest32(sbuf *s, float f)
{
	char tmp[64];
	for (int prec = 0; prec < 9; prec++) {
		snprintf(tmp, sizeof tmp, "%.*e", prec, (double)f);
		if (md_bits_of_f32(strtof(tmp, NULL)) == md_bits_of_f32(f))
			break;
	}
	fmt_like_go(s, tmp);
}

static void fmt_float64(sbuf *s, uint64_t bits)
{
	double d = md_f64_of_bits(bits);
	if (isnan(d) && bits == NAN64_BITS)
		sb_puts(s, "NaN");
	else if (isnan(d))
		sb_printf(s, "math.Float64frombits(0x%016llx)", (unsigned long long)bits);
	else if (isinf(d))
		sb_puts(s, d > 0 ? "+Inf" : "-Inf");
	else if (bits == NEGZERO64_BITS)
		sb_puts(s, "-0.0");
	else
		fmt_shortest64(s, d);
}

static void fmt_float32(sbuf *s, uint32_t bits)
{
	float f = md_f32_of_bits(bits);
	if (isnan(f) && bits == NAN32_BITS)
		sb_puts(s, "NaN");
	else if (isnan(f))
		sb_printf(s, "math.Float32frombits(0x%08x)", (unsigned)bits);
	else if (isinf(f))
		sb_puts(s, f > 0 ? "+Inf" : "-Inf");
	else if (bits == NEGZERO32_BITS)
		sb_puts(s, "-0.0");
	else
		fmt_shortest32(s, f);
}

/* A float component of `size` bytes (4 or 8). */
static void fmt_float(sbuf *s, const uint8_t *k, int size)
{
	if (size == 8)
		fmt_float64(s, md_get_le(k, 8));
	else
		fmt_float32(s, (uint32_t)md_get_le(k, 4));
}

static void fmt_complex(sbuf *s, const uint8_t *k, int size)
{
	sb_puts(s, "complex(");
	fmt_float(s, k, size / 2);
	sb_puts(s, ", ");
	fmt_float(s, k + size / 2, size / 2);
	sb_putc(s, ')');
}

/* Go double-quoted string, byte by byte (never decoding UTF-8). */
static void fmt_string(sbuf *s, const uint8_t *k, uint32_t len)
{
	sb_putc(s, '"');
	for (uint32_t j = 0; j < len; j++) {
		uint8_t c = k[j];
		if (c == '"' || c == '\\') {
			sb_putc(s, '\\');
			sb_putc(s, (char)c);
		} else if (c == '\n') {
			sb_puts(s, "\\n");
		} else if (c == '\t') {
			sb_puts(s, "\\t");
		} else if (c == '\r') {
			sb_puts(s, "\\r");
		} else if (c >= 0x20 && c <= 0x7e) {
			sb_putc(s, (char)c);
		} else {
			sb_printf(s, "\\x%02x", c);
		}
	}
	sb_putc(s, '"');
}

static void fmt_int(sbuf *s, int kind, const uint8_t *k)
{
	int size = (int)gotype_scalars[kind].size;
	uint64_t u = md_get_le(k, size);
	if (kind_is_unsigned_int(kind)) {
		sb_printf(s, "%llu", (unsigned long long)u);
		return;
	}
	int shift = 64 - 8 * size; /* sign-extend from size bytes */
	int64_t v = (int64_t)(u << shift) >> shift;
	sb_printf(s, "%lld", (long long)v);
}

void md_format_canon(int kind, const uint8_t *k, uint32_t len, char *buf, size_t cap)
{
	sbuf s = {buf, cap, 0};
	if (cap > 0)
		buf[0] = 0;
	if (kind < 0 || kind >= GO_NSCALAR || (kind != GO_STRING && len < gotype_scalars[kind].size)) {
		sb_putc(&s, '?');
		return;
	}
	int size = (int)gotype_scalars[kind].size;
	switch (kind) {
	case GO_BOOL:
		sb_puts(&s, k[0] ? "true" : "false");
		break;
	case GO_FLOAT32:
	case GO_FLOAT64:
		fmt_float(&s, k, size);
		break;
	case GO_COMPLEX64:
	case GO_COMPLEX128:
		fmt_complex(&s, k, size);
		break;
	case GO_STRING:
		fmt_string(&s, k, len);
		break;
	default:
		fmt_int(&s, kind, k);
		break;
	}
}

void md_format_pkey(const md_prog *p, const uint8_t *k, uint32_t len, char *buf, size_t cap)
{
	if (!md_prog_composite(p)) {
		md_format_canon(p->keykind, k, len, buf, cap);
		return;
	}
	gocanon_format(md_prog_keytype(p), k, len, true, md_format_canon, buf, cap);
}

void md_format_val(const md_prog *p, int64_t v, char *buf, size_t cap)
{
	if (md_prog_int64_vals(p)) {
		snprintf(buf, cap, "%lld", (long long)v);
		return;
	}
	uint32_t len;
	const uint8_t *c = md_val_bytes(p, (uint32_t)v, &len);
	gocanon_format(md_prog_valtype(p), c, len, true, md_format_canon, buf, cap);
}

void md_format_word(const md_prog *p, int64_t w, char *buf, size_t cap)
{
	if (md_prog_int64_vals(p) || (md_kind_integer(p->valkind) && p->valkind <= GO_INT64)) {
		snprintf(buf, cap, "%lld", (long long)w);
		return;
	}
	if (md_kind_integer(p->valkind)) {
		snprintf(buf, cap, "%llu", (unsigned long long)w);
		return;
	}
	/* every value in a map is one the program stored, or the zero value */
	for (uint32_t j = 0; j < p->nvals; j++) {
		uint32_t len;
		const uint8_t *c = md_val_bytes(p, j, &len);
		if (md_val_word(p->valkind, c, len) == w) {
			md_format_val(p, j, buf, cap);
			return;
		}
	}
	snprintf(buf, cap, "<a value the program never stored: word %016llx>", (unsigned long long)w);
}

void md_format_key(const md_prog *p, uint32_t i, char *buf, size_t cap)
{
	if (i >= p->nkeys) {
		md_format_canon(-1, NULL, 0, buf, cap);
		return;
	}
	md_format_pkey(p, md_key_bytes(p, i), p->keys[i].len, buf, cap);
}

/* ---- md_show ---- */

static void fmt_start(sbuf *s, const md_op *op)
{
	if (op->code == MD_OP_MAKEHINT)
		sb_printf(s, "make %lld", (long long)op->val);
	else if (op->code == MD_OP_MAKE)
		sb_puts(s, "make");
	else
		sb_puts(s, "nil");
}

void md_format_op(const md_prog *p, uint32_t i, char *buf, size_t cap)
{
	sbuf s = {buf, cap, 0};
	static char key[MD_TEXT_LINE_MAX];
	const md_op *op = &p->ops[i];
	if (cap > 0)
		buf[0] = 0;
	if (i == 0) {
		fmt_start(&s, op);
		return;
	}
	if (op->code == MD_OP_ALIAS) {
		sb_puts(&s, op->target ? "m = m2" : "m2 = m");
		return;
	}
	if (op->code == MD_OP_CLONE) {
		sb_puts(&s, op->target ? "m = maps.Clone(m2)" : "m2 = maps.Clone(m)");
		return;
	}
	if (op->target)
		sb_puts(&s, "m2 ");
	sb_puts(&s, md_opname(op->code));
	if (md_op_fresh(op))
		sb_puts(&s, " fresh");
	switch (op->code) {
	case MD_OP_PUT:
	case MD_OP_ADD:
		md_format_key(p, op->key, key, sizeof key);
		sb_putc(&s, ' ');
		sb_puts(&s, key);
		sb_putc(&s, ' ');
		md_format_val(p, op->val, key, sizeof key);
		sb_puts(&s, key);
		break;
	case MD_OP_GET:
	case MD_OP_DEL:
		md_format_key(p, op->key, key, sizeof key);
		sb_putc(&s, ' ');
		sb_puts(&s, key);
		break;
	case MD_OP_MAKEHINT:
		sb_printf(&s, " %lld", (long long)op->val);
		break;
	case MD_OP_ITER:
	case MD_OP_NEXT:
	case MD_OP_DRAIN:
	case MD_OP_STOP:
		sb_printf(&s, " %c", 'a' + (op->key % MD_MAX_ITERS));
		break;
	default:
		break;
	}
}

void md_format_header(const md_prog *p, char *buf, size_t cap)
{
	sbuf s = {buf, cap, 0};
	if (cap > 0)
		buf[0] = 0;
	char kt[4096], vt[4096];
	sb_printf(&s, "# mapdiff program, format %d\n", MD_FORMAT_VERSION);
	gotype_syntax(md_prog_keytype(p), kt, sizeof kt);
	gotype_syntax(md_prog_valtype(p), vt, sizeof vt);
	sb_printf(&s, "map[%s]%s\n", kt, vt);
	sb_printf(&s, "seed 0x%08x\n", (unsigned)p->seed);
	if (p->hashbits)
		sb_printf(&s, "weakhash %u\n", (unsigned)p->hashbits);
}

void md_show(const md_prog *p, FILE *f)
{
	static char line[MD_TEXT_LINE_MAX + 64];
	md_format_header(p, line, sizeof line);
	fputs(line, f);
	for (uint32_t j = 0; j < p->nops && j < MD_MAX_OPS; j++) {
		md_format_op(p, j, line, sizeof line);
		fprintf(f, "%s\n", line);
	}
}

/* ---- parsing: the line cursor and errors ---- */

typedef struct parser {
	md_prog *p;
	const char *s; /* the current line, without its newline */
	size_t n, i;   /* its length and the cursor */
	unsigned line;
	char *err;
	size_t errcap;
} parser;

typedef struct tok {
	const char *s;
	size_t n;
} tok;

static bool fail(parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(parser *ps, const char *fmt, ...)
{
	if (ps->err == NULL || ps->errcap == 0)
		return false;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(ps->err, ps->errcap, "line %u: %s", ps->line, msg);
	return false;
}

/* A short, printable rendering of t for error messages. */
static const char *quote(tok t, char *buf, size_t cap)
{
	sbuf s = {buf, cap, 0};
	buf[0] = 0;
	size_t shown = t.n < 40 ? t.n : 40;
	for (size_t j = 0; j < shown; j++) {
		uint8_t c = (uint8_t)t.s[j];
		if (c >= 0x20 && c <= 0x7e && c != '\\')
			sb_putc(&s, (char)c);
		else
			sb_printf(&s, "\\x%02x", c);
	}
	if (shown < t.n)
		sb_puts(&s, "...");
	return buf;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void skip_blanks(parser *ps)
{
	while (ps->i < ps->n && is_blank(ps->s[ps->i]))
		ps->i++;
}

/* Whether only blanks and a comment are left on the line. */
static bool at_line_end(parser *ps)
{
	skip_blanks(ps);
	return ps->i == ps->n || ps->s[ps->i] == '#';
}

static bool ends_word(char c)
{
	return is_blank(c) || c == '#';
}

/* The next blank-separated word; empty at the end of the line. */
static tok next_word(parser *ps)
{
	skip_blanks(ps);
	tok t = {ps->s + ps->i, 0};
	while (ps->i < ps->n && !ends_word(ps->s[ps->i])) {
		ps->i++;
		t.n++;
	}
	return t;
}

static bool tok_is(tok t, const char *word)
{
	size_t n = strlen(word);
	return t.n == n && memcmp(t.s, word, n) == 0;
}

static bool tok_has_prefix(tok t, const char *prefix)
{
	size_t n = strlen(prefix);
	return t.n >= n && memcmp(t.s, prefix, n) == 0;
}

/* Fails unless the rest of the line is blank or a comment. */
static bool expect_line_end(parser *ps, const char *after)
{
	if (at_line_end(ps))
		return true;
	char q[200];
	tok rest = next_word(ps);
	return fail(ps, "unexpected extra operand \"%s\" after %s", quote(rest, q, sizeof q), after);
}

/* ---- integer literals ---- */

enum lit_status { LIT_OK, LIT_BAD, LIT_BIG };

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Digits of base 10 or 16 into *mag; LIT_BIG past 2^64-1. */
static enum lit_status read_digits(const char *s, size_t n, unsigned base, uint64_t *mag)
{
	if (n == 0)
		return LIT_BAD;
	uint64_t v = 0;
	for (size_t j = 0; j < n; j++) {
		int d = hex_digit(s[j]);
		if (d < 0 || (unsigned)d >= base)
			return LIT_BAD;
		if (v > (UINT64_MAX - (unsigned)d) / base)
			return LIT_BIG;
		v = v * base + (unsigned)d;
	}
	*mag = v;
	return LIT_OK;
}

/* [+-] then decimal (no leading zeros) or 0x hex: the sign and magnitude. */
static enum lit_status lit_int(tok t, bool *neg, uint64_t *mag)
{
	const char *s = t.s;
	size_t n = t.n;
	*neg = n > 0 && s[0] == '-';
	if (n > 0 && (s[0] == '-' || s[0] == '+')) {
		s++;
		n--;
	}
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return read_digits(s + 2, n - 2, 16, mag);
	if (n > 1 && s[0] == '0')
		return LIT_BAD; /* Go would read 010 as octal */
	return read_digits(s, n, 10, mag);
}

/* Whether sign and magnitude fit an integer of `bits` bits. */
static bool int_fits(bool neg, uint64_t mag, int bits, bool is_signed)
{
	uint64_t top = bits == 64 ? UINT64_MAX : (1ULL << bits) - 1;
	if (!is_signed)
		return neg ? mag == 0 : mag <= top;
	uint64_t half = (top >> 1) + 1; /* 2^(bits-1) */
	return neg ? mag <= half : mag < half;
}

/* An integer literal of the given width into *bits (two's complement). */
static bool parse_int_tok(parser *ps, tok t, int bits, bool is_signed, const char *kind,
                          uint64_t *out)
{
	char q[200];
	bool neg;
	uint64_t mag = 0;
	enum lit_status st = lit_int(t, &neg, &mag);
	if (st == LIT_BAD)
		return fail(ps, "bad %s literal \"%s\" (want decimal like -12 or hex like 0x1f)", kind,
		            quote(t, q, sizeof q));
	if (st == LIT_BIG || !int_fits(neg, mag, bits, is_signed))
		return fail(ps, "%s overflows %s", quote(t, q, sizeof q), kind);
	*out = neg ? (uint64_t)0 - mag : mag;
	return true;
}

static bool parse_int64_tok(parser *ps, tok t, const char *what, int64_t *out)
{
	uint64_t u;
	if (t.n == 0)
		return fail(ps, "missing %s", what);
	if (!parse_int_tok(ps, t, 64, true, "int64", &u))
		return false;
	*out = (int64_t)u;
	return true;
}

/* ---- float literals ---- */

/* [+-] digits [. digits] [(e|E) [+-] digits], at least one mantissa digit. */
static bool is_decimal_float(tok t)
{
	size_t j = 0, digits = 0;
	if (j < t.n && (t.s[j] == '+' || t.s[j] == '-'))
		j++;
	for (; j < t.n && t.s[j] >= '0' && t.s[j] <= '9'; j++)
		digits++;
	if (j < t.n && t.s[j] == '.')
		j++;
	for (; j < t.n && t.s[j] >= '0' && t.s[j] <= '9'; j++)
		digits++;
	if (digits == 0)
		return false;
	if (j < t.n && (t.s[j] == 'e' || t.s[j] == 'E')) {
		j++;
		if (j < t.n && (t.s[j] == '+' || t.s[j] == '-'))
			j++;
		size_t expdigits = 0;
		for (; j < t.n && t.s[j] >= '0' && t.s[j] <= '9'; j++)
			expdigits++;
		if (expdigits == 0)
			return false;
	}
	return j == t.n;
}

/* math.FloatNNfrombits(X): the bits X, of `size` bytes. */
static bool parse_frombits(parser *ps, tok t, int size, uint64_t *bits)
{
	const char *want = size == 8 ? "math.Float64frombits(" : "math.Float32frombits(";
	const char *kind = size == 8 ? "float64" : "float32";
	char q[200];
	if (!tok_has_prefix(t, want) || t.s[t.n - 1] != ')')
		return fail(ps, "bad %s literal \"%s\" (the bits form is %sX))", kind,
		            quote(t, q, sizeof q), want);
	size_t plen = strlen(want);
	tok inner = {t.s + plen, t.n - plen - 1};
	return parse_int_tok(ps, inner, 8 * size, false, size == 8 ? "uint64" : "uint32", bits);
}

/* A decimal float literal through strtod/strtof (float32 never via double). */
static bool parse_decimal_float(parser *ps, tok t, int size, uint64_t *bits)
{
	const char *kind = size == 8 ? "float64" : "float32";
	char q[200], buf[FLOAT_TEXT_MAX + 1];
	if (t.n > FLOAT_TEXT_MAX)
		return fail(ps, "%s literal \"%s\" is too long", kind, quote(t, q, sizeof q));
	memcpy(buf, t.s, t.n);
	buf[t.n] = 0;
	bool inf;
	if (size == 8) {
		double d = strtod(buf, NULL);
		inf = isinf(d);
		*bits = md_bits_of_f64(d);
	} else {
		float f = strtof(buf, NULL);
		inf = isinf(f);
		*bits = md_bits_of_f32(f);
	}
	if (inf)
		return fail(ps, "%s overflows %s", quote(t, q, sizeof q), kind);
	return true;
}

/* Any float literal of `size` bytes (4 or 8) into *bits. */
static bool parse_float_tok(parser *ps, tok t, int size, uint64_t *bits)
{
	char q[200];
	const char *kind = size == 8 ? "float64" : "float32";
	if (t.n == 0)
		return fail(ps, "missing %s literal", kind);
	if (tok_is(t, "NaN"))
		*bits = size == 8 ? NAN64_BITS : NAN32_BITS;
	else if (tok_is(t, "+Inf") || tok_is(t, "Inf"))
		*bits = size == 8 ? INF64_BITS : INF32_BITS;
	else if (tok_is(t, "-Inf"))
		*bits = size == 8 ? INF64_BITS | NEGZERO64_BITS : INF32_BITS | NEGZERO32_BITS;
	else if (tok_has_prefix(t, "math."))
		return parse_frombits(ps, t, size, bits);
	else if (is_decimal_float(t))
		return parse_decimal_float(ps, t, size, bits);
	else
		return fail(ps, "bad %s literal \"%s\" (want 1.5, -0.0, 1e300, NaN, +Inf, -Inf or %s)",
		            kind, quote(t, q, sizeof q),
		            size == 8 ? "math.Float64frombits(0x...)" : "math.Float32frombits(0x...)");
	return true;
}

/* ---- complex and string literals ---- */

/* A float token inside complex(...): ends at a blank, ',' or ')', except
 * that a math.FloatNNfrombits(...) token runs through its ')'. */
static tok next_component(parser *ps)
{
	skip_blanks(ps);
	tok t = {ps->s + ps->i, 0};
	bool call = tok_has_prefix((tok){t.s, ps->n - ps->i}, "math.");
	while (ps->i < ps->n) {
		char c = ps->s[ps->i];
		if (is_blank(c) || c == ',' || (c == ')' && !call))
			break;
		ps->i++;
		t.n++;
		if (c == ')')
			break;
	}
	return t;
}

static bool expect_char(parser *ps, char c, const char *where)
{
	skip_blanks(ps);
	if (ps->i < ps->n && ps->s[ps->i] == c) {
		ps->i++;
		return true;
	}
	return fail(ps, "expected '%c' %s", c, where);
}

/* complex(RE, IM) with components of size/2 bytes. */
static bool parse_complex(parser *ps, int size, uint8_t *out)
{
	int half = size / 2;
	uint64_t re, im;
	tok head = {ps->s + ps->i, ps->n - ps->i};
	if (!tok_has_prefix(head, "complex("))
		return fail(ps, "expected a complex literal like complex(1.5, -2)");
	ps->i += strlen("complex(");
	if (!parse_float_tok(ps, next_component(ps), half, &re))
		return false;
	if (!expect_char(ps, ',', "between the parts of complex(RE, IM)"))
		return false;
	if (!parse_float_tok(ps, next_component(ps), half, &im))
		return false;
	if (!expect_char(ps, ')', "closing complex(RE, IM)"))
		return false;
	md_put_le(out, re, half);
	md_put_le(out + half, im, half);
	return true;
}

/* One escape after a backslash, at ps->i; the byte into *c. */
static bool parse_escape(parser *ps, uint8_t *c)
{
	static const char from[] = "\\\"ntrabfv";
	static const char to[] = "\\\"\n\t\r\a\b\f\v";
	if (ps->i >= ps->n)
		return fail(ps, "unterminated string literal");
	char e = ps->s[ps->i++];
	const char *hit = e ? strchr(from, e) : NULL;
	if (hit) {
		*c = (uint8_t)to[hit - from];
		return true;
	}
	if (e == 'x' && ps->i + 2 <= ps->n) {
		int hi = hex_digit(ps->s[ps->i]), lo = hex_digit(ps->s[ps->i + 1]);
		if (hi >= 0 && lo >= 0) {
			ps->i += 2;
			*c = (uint8_t)(hi << 4 | lo);
			return true;
		}
	}
	if (e == 'x')
		return fail(ps, "\\x in a string literal needs two hex digits");
	char q[200];
	return fail(ps, "unknown escape \\%s in a string literal", quote((tok){&e, 1}, q, sizeof q));
}

/* A Go double-quoted string literal into out; *len gets its length. */
static bool parse_string(parser *ps, uint8_t *out, uint32_t *len)
{
	if (ps->i >= ps->n || ps->s[ps->i] != '"')
		return fail(ps, "expected a string literal in double quotes");
	ps->i++;
	uint32_t n = 0;
	for (;;) {
		if (ps->i >= ps->n)
			return fail(ps, "unterminated string literal");
		uint8_t c = (uint8_t)ps->s[ps->i++];
		if (c == '"')
			break;
		if (c == '\\' && !parse_escape(ps, &c))
			return false;
		if (n == MD_MAX_STR)
			return fail(ps, "string literal longer than %d bytes", MD_MAX_STR);
		out[n++] = c;
	}
	*len = n;
	return true;
}

/* ---- keys ---- */

static bool parse_bool(parser *ps, tok t, uint8_t *out)
{
	char q[200];
	if (tok_is(t, "true") || tok_is(t, "false")) {
		out[0] = tok_is(t, "true");
		return true;
	}
	return fail(ps, "bad bool literal \"%s\" (want true or false)", quote(t, q, sizeof q));
}

/* Blank, a comment or the end must follow a key literal. */
static bool expect_separator(parser *ps)
{
	if (ps->i == ps->n || ends_word(ps->s[ps->i]))
		return true;
	return fail(ps, "expected a space after the key literal");
}

/* A word-shaped key literal (bool, integers, floats). */
static bool parse_word_key(parser *ps, int kind, uint8_t *out, uint32_t *len)
{
	int size = (int)gotype_scalars[kind].size;
	tok t = next_word(ps);
	uint64_t bits;
	*len = (uint32_t)size;
	if (t.n == 0)
		return fail(ps, "missing %s key", gotype_scalars[kind].name);
	if (kind == GO_BOOL)
		return parse_bool(ps, t, out);
	bool ok = kind == GO_FLOAT32 || kind == GO_FLOAT64
	              ? parse_float_tok(ps, t, size, &bits)
	              : parse_int_tok(ps, t, 8 * size, kind_is_signed_int(kind),
	                              gotype_scalars[kind].name, &bits);
	if (ok)
		md_put_le(out, bits, size);
	return ok;
}

/* A scalar literal of kind at the cursor, in canonical bytes. */
static bool parse_scalar_lit(parser *ps, int kind, uint8_t *out, uint32_t *len)
{
	if (kind == GO_STRING)
		return parse_string(ps, out, len);
	if (kind == GO_COMPLEX64 || kind == GO_COMPLEX128) {
		*len = gotype_scalars[kind].size;
		return parse_complex(ps, (int)*len, out);
	}
	return parse_word_key(ps, kind, out, len);
}

/* The scalar leaves of composite literals (types.h goscalar_parse). */
static bool scalar_leaf(int kind, const char *s, size_t n, uint8_t *out, uint32_t *len)
{
	parser ps = {NULL, s, n, 0, 0, NULL, 0};
	if (kind < 0 || kind >= GO_NSCALAR)
		return false;
	return parse_scalar_lit(&ps, kind, out, len) && ps.i == n;
}

static gotypes text_kt;  /* the program's key type */
static gotypes text_lit; /* dynamic types of one key literal */

/* The rest of the line (to its end) as a C string in buf; false if long. */
static bool rest_of_line(parser *ps, char *buf, size_t cap)
{
	size_t k = ps->n - ps->i;
	if (k >= cap || memchr(ps->s + ps->i, 0, k) != NULL)
		return false;
	memcpy(buf, ps->s + ps->i, k);
	buf[k] = 0;
	return true;
}

/* A composite key literal (docs/TYPES.md "Values as text"). */
static bool parse_composite_key(parser *ps, uint8_t *out, uint32_t *len)
{
	static char buf[MD_COMPOSITE_TEXT_MAX];
	char err[200], ty[200];
	const gotype *kt = md_prog_keytype(ps->p);
	gotype_syntax(kt, ty, sizeof ty);
	if (!rest_of_line(ps, buf, sizeof buf))
		return fail(ps, "%s key literal too long", ty);
	const char *at = buf;
	size_t n = 0;
	gotypes_reset(&text_lit);
	if (!gocanon_parse(&text_lit, kt, &at, true, scalar_leaf, out, MD_MAX_CANON, &n, err, sizeof err))
		return fail(ps, "bad %s key: %s", ty, err[0] ? err : "not a literal of this type");
	ps->i += (size_t)(at - buf);
	*len = (uint32_t)n;
	return true;
}

/* The key literal at the cursor, in canonical bytes. */
static bool parse_key(parser *ps, uint8_t *out, uint32_t *len)
{
	int kind = ps->p->keykind;
	if (at_line_end(ps))
		return fail(ps, "missing %s key", md_prog_keytype(ps->p)->name);
	bool ok = md_prog_composite(ps->p) ? parse_composite_key(ps, out, len)
	                                   : parse_scalar_lit(ps, kind, out, len);
	return ok && expect_separator(ps);
}

/* Index of the entry of tab (n entries) with canonical bytes b[0..len),
 * or -1. */
static int find_entry(const md_prog *p, const md_key *tab, uint32_t n, const uint8_t *b, uint32_t len)
{
	for (uint32_t j = 0; j < n; j++)
		if (tab[j].len == len && memcmp(p->keybytes + tab[j].off, b, len) == 0)
			return (int)j;
	return -1;
}

/* Index of the key with these canonical bytes, adding it if new. */
static bool intern_key(parser *ps, const uint8_t *k, uint32_t len, uint16_t *idx)
{
	md_prog *p = ps->p;
	int i = find_entry(p, p->keys, p->nkeys, k, len);
	if (i < 0)
		i = md_prog_add_key(p, k, len);
	if (i < 0)
		return fail(ps, "key table full (%d keys, %d bytes)", MD_MAX_KEYS, MD_KEYBYTES);
	*idx = (uint16_t)i;
	return true;
}

static bool parse_key_operand(parser *ps, md_op *op)
{
	static uint8_t buf[MD_MAX_CANON];
	uint32_t len = 0;
	return parse_key(ps, buf, &len) && intern_key(ps, buf, len, &op->key);
}

/* A value literal of a value type other than int64 into the value table
 * (the same literal twice is one entry). */
static bool parse_value_operand(parser *ps, md_op *op)
{
	static char buf[MD_COMPOSITE_TEXT_MAX];
	static uint8_t out[MD_MAX_CANON];
	md_prog *p = ps->p;
	char err[200], ty[200];
	const gotype *vt = md_prog_valtype(p);
	gotype_syntax(vt, ty, sizeof ty);
	if (at_line_end(ps))
		return fail(ps, "missing %s value", ty);
	if (!rest_of_line(ps, buf, sizeof buf))
		return fail(ps, "%s value literal too long", ty);
	const char *at = buf;
	size_t n = 0;
	gotypes_reset(&text_lit);
	if (!gocanon_parse(&text_lit, vt, &at, true, scalar_leaf, out, MD_MAX_CANON, &n, err, sizeof err))
		return fail(ps, "bad %s value: %s", ty, err[0] ? err : "not a literal of this type");
	ps->i += (size_t)(at - buf);
	int i = find_entry(p, p->vals, p->nvals, out, (uint32_t)n);
	if (i < 0)
		i = md_prog_add_val(p, out, (uint32_t)n);
	if (i < 0)
		return fail(ps, "value table full (%d values, %d bytes with the keys)", MD_MAX_VALS, MD_KEYBYTES);
	op->val = i;
	return true;
}

static bool parse_value(parser *ps, md_op *op)
{
	md_prog *p = ps->p;
	if (op->code == MD_OP_ADD && !md_kind_integer(p->valkind)) {
		char ty[200];
		gotype_syntax(md_prog_valtype(p), ty, sizeof ty);
		return fail(ps, "add (m[k] += v) needs an integer value type, not %s", ty);
	}
	if (!md_prog_int64_vals(p))
		return parse_value_operand(ps, op);
	return parse_int64_tok(ps, next_word(ps), "int64 value", &op->val);
}

/* ---- lines ---- */

static bool parse_hint(parser *ps, tok t, int64_t *hint)
{
	if (!parse_int64_tok(ps, t, "make hint", hint))
		return false;
	if (md_hint_runnable(*hint))
		return true;
	/* The range md_hint_runnable accepts (decode.c). */
	return fail(ps, "make hint %lld is not run by mapdiff: it runs hints up to 65536 (1<<16) "
	                "and from 1125899906842624 (1<<50) up",
	            (long long)*hint);
}

/* `make` or `make N` after the word make; fills code and val. */
static bool parse_make(parser *ps, md_op *op)
{
	op->code = MD_OP_MAKE;
	if (at_line_end(ps))
		return true;
	op->code = MD_OP_MAKEHINT;
	return parse_hint(ps, next_word(ps), &op->val);
}

static bool lookup_kind(tok t, int *kind)
{
	for (int k = 0; k < GO_NSCALAR; k++) {
		if (tok_is(t, gotype_scalars[k].name)) {
			*kind = k;
			return true;
		}
	}
	return false;
}

/* map[K]int64 with a composite K, in Go syntax (spaces allowed), from
 * the start of word t. */
static bool parse_composite_type(parser *ps, tok t)
{
	static char buf[8192];
	char err[200], q[200];
	ps->i = (size_t)(t.s - ps->s);
	if (!rest_of_line(ps, buf, sizeof buf))
		return fail(ps, "map type too long");
	char *hash = strchr(buf, '#');
	if (hash)
		*hash = 0;
	const char *at = buf;
	gotypes_reset(&text_kt);
	const gotype *mt = gotype_parse(&text_kt, &at, err, sizeof err);
	if (mt == NULL || mt->kind != GO_MAP)
		return fail(ps, "unknown key type in \"%s\"%s%s", quote(t, q, sizeof q), mt ? "" : ": ", mt ? "" : err);
	if (mt->key->kind < GO_NSCALAR && strcmp(mt->key->name, gotype_scalars[mt->key->kind].name) != 0)
		return fail(ps, "unknown key type \"%s\"", mt->key->name); /* a named type: MInt */
	md_prog_init(ps->p, mt->key->kind < GO_NSCALAR ? (int)mt->key->kind : GO_INT64);
	if (mt->key->kind >= GO_NSCALAR && !md_prog_set_keytype(ps->p, mt->key))
		return fail(ps, "key type \"%s\" has no descriptor (fields a b c d A B C _, depth 4, 8192 bytes, "
		            "arrays of zero-size elements up to 16 long)",
		            mt->key->name);
	if (!md_prog_set_valtype(ps->p, mt->elem))
		return fail(ps, "value type \"%s\" has no descriptor (comparable types only: fields a b c d A B C _, "
		                "depth 4, 8192 bytes, arrays of zero-size elements up to 16 long)",
		            mt->elem->name);
	ps->i += (size_t)(at - buf);
	return expect_line_end(ps, "the map type");
}

/* map[K]int64: starts the program. */
static bool parse_type_line(parser *ps)
{
	char q[200];
	tok t = next_word(ps);
	const char *close = t.n > 4 ? memchr(t.s + 4, ']', t.n - 4) : NULL;
	if (tok_has_prefix(t, "map[") && (close == NULL || memchr(t.s, '{', t.n) || memchr(t.s, '*', t.n) ||
	                                 memchr(t.s + 4, '[', t.n - 4)))
		return parse_composite_type(ps, t);
	if (!tok_has_prefix(t, "map[") || close == NULL)
		return fail(ps, "expected the map type, like map[string]int64, got \"%s\"",
		            quote(t, q, sizeof q));
	tok key = {t.s + 4, (size_t)(close - t.s) - 4};
	tok val = {close + 1, t.n - key.n - 5};
	int kind;
	if (!lookup_kind(key, &kind))
		return parse_composite_type(ps, t);
	if (!tok_is(val, "int64"))
		return parse_composite_type(ps, t);
	md_prog_init(ps->p, kind);
	return expect_line_end(ps, "the map type");
}

static bool parse_seed(parser *ps)
{
	uint64_t seed;
	tok t = next_word(ps);
	if (t.n == 0)
		return fail(ps, "missing the seed value");
	if (!parse_int_tok(ps, t, 32, false, "uint32 seed", &seed))
		return false;
	ps->p->seed = (uint32_t)seed;
	return expect_line_end(ps, "the seed");
}

/* `weakhash N`: the C side keeps N (1..8) bits of each hash. */
static bool parse_weakhash(parser *ps)
{
	uint64_t bits;
	tok t = next_word(ps);
	if (t.n == 0)
		return fail(ps, "missing the number of hash bits after weakhash");
	if (!parse_int_tok(ps, t, 8, false, "weakhash bits", &bits))
		return false;
	if (bits < 1 || bits > 8)
		return fail(ps, "weakhash keeps 1 to 8 bits of the hash, not %u", (unsigned)bits);
	ps->p->hashbits = (uint8_t)bits;
	return expect_line_end(ps, "weakhash");
}

/* `nil`, `make` or `make N`: ops[0]. */
static bool parse_start(parser *ps, tok word)
{
	md_op *op = &ps->p->ops[0];
	char q[200];
	memset(op, 0, sizeof *op);
	if (tok_is(word, "nil")) {
		op->code = MD_OP_NIL;
		return expect_line_end(ps, "nil");
	}
	if (!tok_is(word, "make"))
		return fail(ps, "expected the start line (nil, make or make N), got \"%s\"",
		            quote(word, q, sizeof q));
	return parse_make(ps, op) && expect_line_end(ps, "make");
}

/* `m2 = m` or `m = m2` (an alias), `m2 = maps.Clone(m)` or
 * `m = maps.Clone(m2)` (a clone) after the first word; word is m2 or m. */
static bool parse_alias(parser *ps, tok word, md_op *op)
{
	op->target = tok_is(word, "m");
	const char *lhs = op->target ? "m" : "m2", *src = op->target ? "m2" : "m";
	const char *clone = op->target ? "maps.Clone(m2)" : "maps.Clone(m)";
	tok eq = next_word(ps), rhs = next_word(ps);
	op->code = tok_is(rhs, clone) ? MD_OP_CLONE : MD_OP_ALIAS;
	if (!tok_is(eq, "=") || (op->code == MD_OP_ALIAS && !tok_is(rhs, src)))
		return fail(ps, "expected \"%s = %s\" or \"%s = %s\"", lhs, src, lhs, clone);
	return expect_line_end(ps, op->code == MD_OP_CLONE ? "the clone" : "the alias");
}

static int opcode_of(tok t)
{
	static const int codes[] = {MD_OP_PUT,   MD_OP_ADD,   MD_OP_GET,  MD_OP_DEL,
	                            MD_OP_LEN,   MD_OP_RANGE, MD_OP_CLEAR, MD_OP_NIL,
	                            MD_OP_ITER,  MD_OP_NEXT,  MD_OP_DRAIN, MD_OP_STOP};
	for (size_t j = 0; j < sizeof codes / sizeof codes[0]; j++)
		if (tok_is(t, md_opname(codes[j])))
			return codes[j];
	return tok_is(t, "make") ? MD_OP_MAKE : -1;
}

/* An iterator name: one letter a, b, c or d (slot 0..3). */
static bool parse_iter_slot(parser *ps, md_op *op)
{
	tok t = next_word(ps);
	if (t.n != 1 || t.s[0] < 'a' || t.s[0] >= 'a' + MD_MAX_ITERS)
		return fail(ps, "want an iterator name a, b, c or d after %s", md_opname(op->code));
	op->key = (uint16_t)(t.s[0] - 'a');
	return true;
}

/* The word `fresh` before a key operand: the port gets a fresh copy. */
static void parse_fresh(parser *ps, md_op *op)
{
	size_t mark = ps->i;
	op->fresh = md_op_has_key(op->code) && tok_is(next_word(ps), "fresh");
	if (!op->fresh)
		ps->i = mark;
}

/* The operands of op->code, then the end of the line. */
static bool parse_operands(parser *ps, md_op *op)
{
	const char *name = md_opname(op->code);
	parse_fresh(ps, op);
	switch (op->code) {
	case MD_OP_PUT:
	case MD_OP_ADD:
		if (!parse_key_operand(ps, op) || !parse_value(ps, op))
			return false;
		break;
	case MD_OP_GET:
	case MD_OP_DEL:
		if (!parse_key_operand(ps, op))
			return false;
		break;
	case MD_OP_MAKE:
		if (!parse_make(ps, op))
			return false;
		break;
	case MD_OP_ITER:
	case MD_OP_NEXT:
	case MD_OP_DRAIN:
	case MD_OP_STOP:
		if (!parse_iter_slot(ps, op))
			return false;
		break;
	default:
		break;
	}
	return expect_line_end(ps, name);
}

/* One operation line, appended to the program. */
static bool parse_op_line(parser *ps, tok word)
{
	md_prog *p = ps->p;
	char q[200];
	if (p->nops >= MD_MAX_OPS)
		return fail(ps, "too many operations (at most %d, the start line included)", MD_MAX_OPS);
	md_op *op = &p->ops[p->nops];
	memset(op, 0, sizeof *op);
	size_t mark = ps->i;
	tok next = next_word(ps);
	if ((tok_is(word, "m2") || tok_is(word, "m")) && tok_is(next, "=")) {
		ps->i = mark;
		if (!parse_alias(ps, word, op))
			return false;
		p->nops++;
		return true;
	}
	ps->i = mark;
	if (tok_is(word, "m2")) {
		op->target = 1;
		word = next_word(ps);
		if (word.n == 0)
			return fail(ps, "missing operation after m2");
	}
	int code = opcode_of(word);
	if (code < 0)
		return fail(ps, "unknown operation \"%s\"", quote(word, q, sizeof q));
	op->code = (uint8_t)code;
	if (!parse_operands(ps, op))
		return false;
	p->nops++;
	return true;
}

/* ---- md_parse ---- */

enum stage { WANT_TYPE, WANT_START, IN_OPS };

/* One non-blank line at the given stage; advances the stage. */
static bool parse_line(parser *ps, enum stage *st, bool *seen_seed)
{
	tok word = next_word(ps);
	if (*st == WANT_TYPE) {
		ps->i = 0;
		*st = WANT_START;
		return parse_type_line(ps);
	}
	if (tok_is(word, "seed")) {
		if (*st != WANT_START)
			return fail(ps, "seed must come before the start line");
		if (*seen_seed)
			return fail(ps, "seed given twice");
		*seen_seed = true;
		return parse_seed(ps);
	}
	if (tok_is(word, "weakhash")) {
		if (*st != WANT_START)
			return fail(ps, "weakhash must come before the start line");
		return parse_weakhash(ps);
	}
	if (*st == WANT_START) {
		*st = IN_OPS;
		return parse_start(ps, word);
	}
	return parse_op_line(ps, word);
}

/* Line `ps->line` starting at text[*pos]; sets ps->s/n and moves *pos past it. */
static void take_line(parser *ps, const char *text, size_t len, size_t *pos)
{
	const char *start = text + *pos;
	const char *nl = memchr(start, '\n', len - *pos);
	size_t n = nl ? (size_t)(nl - start) : len - *pos;
	*pos += nl ? n + 1 : n;
	if (n > 0 && start[n - 1] == '\r')
		n--;
	ps->s = start;
	ps->n = n;
	ps->i = 0;
}

bool md_parse(const char *text, size_t len, md_prog *p, char *err, size_t errcap)
{
	parser ps = {p, "", 0, 0, 0, err, errcap};
	enum stage st = WANT_TYPE;
	bool seen_seed = false;
	size_t pos = 0;
	if (err && errcap)
		err[0] = 0;
	md_prog_init(p, GO_INT64);
	while (pos < len) {
		ps.line++;
		take_line(&ps, text, len, &pos);
		if (at_line_end(&ps))
			continue;
		if (!parse_line(&ps, &st, &seen_seed))
			return false;
	}
	if (ps.line == 0)
		ps.line = 1;
	if (st == WANT_TYPE)
		return fail(&ps, "end of text: missing the map type line, like map[string]int64");
	if (st == WANT_START)
		return fail(&ps, "end of text: missing the start line (nil, make or make N)");
	p->npool = (uint8_t)(p->nkeys < MD_MAX_POOL ? p->nkeys : MD_MAX_POOL);
	return true;
}
