/*
 * twin_layout.c: reading the twin's layout records (docs/TWIN.md), which
 * twin.c and oracle/twin_layout.go write: the first difference between
 * two layouts, in words, and both printed side by side.
 */
#include <stdio.h>
#include <string.h>

#include "format/text.h"
#include "run/twin_layout.h"

/* One record of a layout. */
typedef struct lay_item {
	int kind;   /* MD_TWIN_HDR, MD_TWIN_NOBUCKETS, MD_TWIN_BUCKET; 0 at the end */
	uint64_t hdr[7]; /* count, flags, B, noverflow, hash0, nevacuate, old */
	int array, depth;
	int64_t index;   /* the bucket's index in its array */
	uint8_t top[8];
	uint64_t key[8]; /* digest of slot j's key (top[j] >= 5) */
} lay_item;

typedef struct lay_cursor {
	const uint8_t *b;
	uint32_t n, at;
	int64_t index[2]; /* last bucket index of each array */
} lay_cursor;

static const char *const hdr_name[7] = {"count", "flags", "B", "noverflow", "hash0", "nevacuate", "oldbuckets"};
static const uint8_t hdr_size[7] = {8, 1, 1, 2, 4, 8, 1};

static bool take(lay_cursor *c, uint32_t n, uint64_t *v)
{
	if (c->at + n > c->n)
		return false;
	uint64_t x = 0;
	for (uint32_t j = 0; j < n; j++)
		x |= (uint64_t)c->b[c->at + j] << (8 * j);
	c->at += n;
	*v = x;
	return true;
}

static bool next_bucket(lay_cursor *c, lay_item *it)
{
	uint64_t arr, depth;
	if (!take(c, 1, &arr) || !take(c, 1, &depth) || arr > 1 || c->at + 8 > c->n)
		return false;
	it->array = (int)arr;
	it->depth = (int)depth;
	if (depth == 0)
		c->index[arr]++;
	it->index = c->index[arr];
	memcpy(it->top, c->b + c->at, 8);
	c->at += 8;
	for (int j = 0; j < 8; j++)
		if (it->top[j] >= 5 && !take(c, 8, &it->key[j]))
			return false;
	return true;
}

/* The next record; false at the end (or on bytes that do not parse). */
static bool lay_next(lay_cursor *c, lay_item *it)
{
	memset(it, 0, sizeof *it);
	if (c->at >= c->n)
		return false;
	it->kind = c->b[c->at++];
	if (it->kind == MD_TWIN_HDR) {
		for (int f = 0; f < 7; f++)
			if (!take(c, hdr_size[f], &it->hdr[f]))
				return false;
		return true;
	}
	if (it->kind == MD_TWIN_NOBUCKETS)
		return true;
	return it->kind == MD_TWIN_BUCKET && next_bucket(c, it);
}

static void cursor(lay_cursor *c, const uint8_t *b, uint32_t n)
{
	*c = (lay_cursor){.b = b, .n = n, .index = {-1, -1}};
}

/* The program key whose digest is d, as the text form writes it. */
static void key_name(const md_prog *p, uint64_t d, char *buf, size_t cap)
{
	for (uint32_t i = 0; i < p->nkeys; i++) {
		if (md_key_hash(md_key_bytes(p, i), p->keys[i].len) == d) {
			md_format_key(p, i, buf, cap);
			return;
		}
	}
	snprintf(buf, cap, "a key not in the program (%016llx)", (unsigned long long)d);
}

/* What slot j of a bucket holds, in words. */
static void slot_words(const md_prog *p, const lay_item *it, int j, char *buf, size_t cap)
{
	static const char *const mark[5] = {"emptyRest", "emptyOne", "evacuatedX", "evacuatedY", "evacuatedEmpty"};
	if (it->top[j] < 5) {
		snprintf(buf, cap, "%s", mark[it->top[j]]);
		return;
	}
	char k[96];
	key_name(p, it->key[j], k, sizeof k);
	snprintf(buf, cap, "%s (tophash %#x)", k, it->top[j]);
}

static void where(const lay_item *it, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s bucket %lld%s", it->array ? "old" : "", (long long)it->index,
		 it->depth ? " overflow" : "");
	if (it->depth > 1)
		snprintf(buf + strlen(buf), cap - strlen(buf), " %d", it->depth);
	if (buf[0] == ' ')
		memmove(buf, buf + 1, strlen(buf));
}

/* The first difference between items a (Go) and b (port) of one kind. */
static bool item_diff(const md_prog *p, const lay_item *a, const lay_item *b, md_lay_diff *d)
{
	if (a->kind == MD_TWIN_HDR) {
		for (int f = 0; f < 7; f++)
			if (a->hdr[f] != b->hdr[f]) {
				snprintf(d->part, sizeof d->part, "%s", hdr_name[f]);
				snprintf(d->what, sizeof d->what, "%s is %llu in Go, %llu in the port", hdr_name[f],
					 (unsigned long long)a->hdr[f], (unsigned long long)b->hdr[f]);
				return true;
			}
		return false;
	}
	char at[64], sa[112], sb[112];
	where(a, at, sizeof at);
	if (a->array != b->array || a->index != b->index || a->depth != b->depth) {
		char bt[64];
		where(b, bt, sizeof bt);
		snprintf(d->part, sizeof d->part, "overflow chain");
		snprintf(d->what, sizeof d->what, "Go's next bucket is %s, the port's %s", at, bt);
		return true;
	}
	for (int j = 0; j < 8; j++) {
		if (a->top[j] == b->top[j] && (a->top[j] < 5 || a->key[j] == b->key[j]))
			continue;
		slot_words(p, a, j, sa, sizeof sa);
		slot_words(p, b, j, sb, sizeof sb);
		snprintf(d->part, sizeof d->part, "%s", a->top[j] == b->top[j] ? "slot key" : "tophash");
		snprintf(d->what, sizeof d->what, "%s slot %d holds %s in Go, %s in the port", at, j, sa, sb);
		return true;
	}
	return false;
}

bool md_twin_layout_diff(const md_prog *p, const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen,
			 md_lay_diff *d)
{
	lay_cursor ca, cb;
	cursor(&ca, a, alen);
	cursor(&cb, b, blen);
	for (;;) {
		lay_item ia, ib;
		bool ma = lay_next(&ca, &ia), mb = lay_next(&cb, &ib);
		if (!ma && !mb)
			return false;
		if (ma != mb || ia.kind != ib.kind) {
			snprintf(d->part, sizeof d->part, "bucket arrays");
			snprintf(d->what, sizeof d->what, "the bucket arrays differ in shape (%s ends first)",
				 ma ? "the port's" : "Go's");
			return true;
		}
		if (item_diff(p, &ia, &ib, d))
			return true;
	}
}

/* One side's bucket as a line: tophash:key per slot. */
static void bucket_line(const md_prog *p, const lay_item *it, char *buf, size_t cap)
{
	size_t n = 0;
	buf[0] = 0;
	for (int j = 0; j < 8 && n + 1 < cap; j++) {
		char k[40] = "-";
		if (it->top[j] >= 5)
			key_name(p, it->key[j], k, sizeof k);
		else if (it->top[j] > 1)
			snprintf(k, sizeof k, "%s", it->top[j] == 4 ? "evE" : it->top[j] == 2 ? "evX" : "evY");
		n += (size_t)snprintf(buf + n, cap - n, "%s%s", j ? " " : "", k);
	}
}

void md_twin_print_layouts(const md_prog *p, const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen,
			   FILE *out)
{
	lay_cursor ca, cb;
	cursor(&ca, a, alen);
	cursor(&cb, b, blen);
	bool marked = false;
	for (;;) {
		lay_item ia, ib;
		bool ma = lay_next(&ca, &ia), mb = lay_next(&cb, &ib);
		if (!ma && !mb)
			break;
		md_lay_diff d;
		bool differs = ma != mb || ia.kind != ib.kind || item_diff(p, &ia, &ib, &d);
		const char *mark = differs && !marked ? "  <== first difference" : "";
		marked |= differs;
		if (ma && ia.kind == MD_TWIN_HDR) {
			fprintf(out, "  header  Go:   count %llu flags %llu B %llu noverflow %llu hash0 %#llx nevacuate %llu old %llu%s\n",
				(unsigned long long)ia.hdr[0], (unsigned long long)ia.hdr[1], (unsigned long long)ia.hdr[2],
				(unsigned long long)ia.hdr[3], (unsigned long long)ia.hdr[4], (unsigned long long)ia.hdr[5],
				(unsigned long long)ia.hdr[6], mark);
			if (mb && ib.kind == MD_TWIN_HDR)
				fprintf(out, "          port: count %llu flags %llu B %llu noverflow %llu hash0 %#llx nevacuate %llu old %llu\n",
					(unsigned long long)ib.hdr[0], (unsigned long long)ib.hdr[1],
					(unsigned long long)ib.hdr[2], (unsigned long long)ib.hdr[3],
					(unsigned long long)ib.hdr[4], (unsigned long long)ib.hdr[5],
					(unsigned long long)ib.hdr[6]);
			continue;
		}
		char at[64] = "", la[400] = "", lb[400] = "";
		if (ma && ia.kind == MD_TWIN_BUCKET) {
			where(&ia, at, sizeof at);
			bucket_line(p, &ia, la, sizeof la);
		}
		if (mb && ib.kind == MD_TWIN_BUCKET)
			bucket_line(p, &ib, lb, sizeof lb);
		if (!differs) {
			fprintf(out, "  %-20s %s\n", at, la);
			continue;
		}
		fprintf(out, "  %-20s Go:   %s%s\n  %-20s port: %s\n", at, la, mark, "", lb);
	}
}
