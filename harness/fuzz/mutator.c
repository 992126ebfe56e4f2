/*
 * mutator.c: libFuzzer's custom mutator (LLVMFuzzerCustomMutator): one
 * mutation in four edits the program, not its bytes: it decodes the
 * input, inserts a put, get or delete of a key one unit apart from a key
 * of the program (a string's byte, an element, a field, a float's sign:
 * format/derive.h), sometimes after a put of that key, and encodes the
 * program again.  The
 * others are libFuzzer's own (LLVMFuzzerMutate).  Keys one unit apart
 * are where comparison shortcuts fail (issue 16, blind spot 6), and byte
 * mutation almost never writes two of them.
 *
 * Deterministic: every choice comes from libFuzzer's seed.  AFL++ links
 * this file too but never calls it (LLVMFuzzerMutate is weak: absent
 * there).  $MAPDIFF_MUTATOR=0 leaves every mutation to libFuzzer (to
 * measure what this one adds: bench/RESULTS.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format/derive.h"
#include "format/prog.h"
#include "run/result.h"

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max) __attribute__((weak));
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned int seed);

static md_prog mp;
static uint8_t kbuf[MD_MAX_CANON];
static uint8_t ebuf[1 << 20]; /* the program encoded, before it is known to fit */

static uint32_t draw(uint64_t *s)
{
	*s = md_mix(*s + 0x9e3779b97f4a7c15ULL);
	return (uint32_t)(*s >> 32);
}

/* Key b of mp with one unit changed into kbuf; its length, or -1. */
static int64_t near_key(uint32_t b, uint64_t *s)
{
	const gotype *t = md_prog_keytype(&mp);
	uint32_t len = mp.keys[b].len, n;
	md_unit u;
	memcpy(kbuf, md_key_bytes(&mp, b), len);
	n = md_key_units(t, kbuf, len);
	if (n == 0 || !md_key_unit(t, kbuf, len, draw(s) % 2 ? n - 1 : draw(s) % n, &u))
		return -1;
	if (u.kind == GO_BOOL)
		kbuf[u.off] ^= 1;
	else if (u.kind == GO_PTR || u.kind == GO_CHAN)
		kbuf[u.off] = (uint8_t)(kbuf[u.off] % 64 + 1), memset(kbuf + u.off + 1, 0, 3);
	else if (u.kind == GO_STRING)
		kbuf[u.off] = (uint8_t)(kbuf[u.off] + 1 + draw(s) % 255);
	else if (md_unit_has_sign(&u) && draw(s) % 2)
		md_unit_flip_sign(&u, draw(s) % 2, kbuf);
	else
		kbuf[u.off] ^= (uint8_t)(1u << (draw(s) % 8)); /* the low byte: a near value */
	return len;
}

/* Insert op o at position at (1 .. nops) of mp. */
static void insert_op(uint32_t at, const md_op *o)
{
	memmove(&mp.ops[at + 1], &mp.ops[at], (mp.nops - at) * sizeof mp.ops[0]);
	mp.ops[at] = *o;
	mp.nops++;
}

/* A put, get or delete of a key near one of the program's, at a random
 * place, sometimes after a put of that key: the new size, or 0. */
static size_t near_key_op(uint8_t *data, size_t size, size_t max, uint64_t *s)
{
	md_decode(data, size, &mp);
	if (mp.nkeys == 0 || mp.nkeys >= MD_MAX_KEYS || mp.nops + 2 > MD_MAX_OPS)
		return 0;
	uint32_t b = draw(s) % mp.nkeys, at = 1 + draw(s) % mp.nops;
	int64_t len = near_key(b, s);
	int k = len < 0 ? -1 : md_prog_add_key(&mp, kbuf, (uint32_t)len);
	if (k < 0)
		return 0;
	static const uint8_t codes[4] = {MD_OP_PUT, MD_OP_PUT, MD_OP_GET, MD_OP_DEL};
	md_op o = {.code = codes[draw(s) % 4], .target = (uint8_t)(draw(s) % 4 == 0), .key = (uint16_t)k};
	o.val = md_prog_int64_vals(&mp) ? (int64_t)(draw(s) % 16) : 0;
	insert_op(at, &o);
	if (draw(s) % 2) { /* the base key first */
		o.code = MD_OP_PUT;
		o.key = (uint16_t)b;
		insert_op(at, &o);
	}
	size_t n = md_encode(&mp, ebuf, sizeof ebuf);
	if (n == 0 || n > max)
		return 0;
	memcpy(data, ebuf, n);
	return n;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned int seed)
{
	static int on = -1;
	uint64_t s = seed;
	size_t n = 0;
	if (on < 0)
		on = !(getenv("MAPDIFF_MUTATOR") && strcmp(getenv("MAPDIFF_MUTATOR"), "0") == 0);
	if (on && draw(&s) % 4 == 0)
		n = near_key_op(data, size, max, &s);
	if (n > 0)
		return n;
	return LLVMFuzzerMutate ? LLVMFuzzerMutate(data, size, max) : size;
}
