/* spec.c: the spec checker (see spec.h). */
#include "run/spec.h"

#include <stdio.h>
#include <string.h>

#include "run/canon.h"
#include "format/text.h"

#define SC_BUCKETS 8192 /* power of two, > MD_MAX_OPS */
#define SC_WORDS (MD_MAX_OPS / 64)

/* One entry of one map: made by a put of a key not present. */
typedef struct sc_entry {
	uint32_t obj;      /* the map: 1 + the op that made it */
	int32_t next;      /* index chain of the bucket */
	int32_t onext;     /* the next entry of the same map, or -1 */
	md_canon_form key; /* stored key: canonical (in the program's key table), its == form */
	int64_t val;
	bool present;
} sc_entry;

typedef struct sc_iter {
	uint32_t obj;
	bool live;
	uint64_t start[SC_WORDS];    /* entries present when it started */
	uint64_t produced[SC_WORDS]; /* entries it has produced */
} sc_iter;

typedef struct checker {
	const md_prog *p;
	const md_results *r;
	md_spec_violation *v;
	uint32_t vars[2];
	uint32_t n; /* entries */
	bool full;  /* clones made more entries than the checker holds */
	bool keyupdate; /* an overwrite stores its key (md_canon_needkeyupdate) */
	sc_entry e[MD_MAX_OPS];
	int32_t bucket[SC_BUCKETS];
	sc_iter it[MD_MAX_ITERS];
	/* the op at which iterator i produced entry j, read only where its
	 * produced bit is set (so never cleared) */
	uint16_t produced_at[MD_MAX_ITERS][MD_MAX_OPS];
	/* the == form of each key of the program's table, made once per
	 * check (its generation gen), its bytes in forms */
	uint32_t gen, form_gen[MD_MAX_KEYS], nforms;
	md_canon_form form[MD_MAX_KEYS];
	uint8_t forms[MD_KEYBYTES];
	uint8_t qform[MD_MAX_CANON]; /* the form of a key an iterator produced */
	uint32_t bucket_gen[SC_BUCKETS]; /* bucket[b] is set when it is gen */
	/* each map's entries in the order they were made: first[obj] to
	 * last[obj] through onext, set when obj_gen[obj] is gen */
	int32_t first[MD_MAX_OPS + 1], last[MD_MAX_OPS + 1];
	uint32_t obj_gen[MD_MAX_OPS + 1];
} checker;

static checker ck; /* one checker: the per-input path allocates nothing */

static bool bit(const uint64_t *s, uint32_t i) { return s[i / 64] >> (i % 64) & 1; }
static void set_bit(uint64_t *s, uint32_t i) { s[i / 64] |= 1ULL << (i % 64); }

bool md_prog_has_iters(const md_prog *p)
{
	for (uint32_t i = 1; i < p->nops; i++)
		if (md_op_is_iter(p->ops[i].code))
			return true;
	return false;
}

/* The == form of key i of the program's table (made once per check), or
 * NULL when the forms fill up (they cannot: the table's keys fit in
 * MD_KEYBYTES; then nothing more is judged). */
static const md_canon_form *table_form(uint32_t i)
{
	if (ck.form_gen[i] == ck.gen)
		return &ck.form[i];
	uint32_t len = ck.p->keys[i].len;
	if (ck.nforms + len > sizeof ck.forms) {
		ck.full = true;
		return NULL;
	}
	md_canon_form_of(ck.p, md_key_bytes(ck.p, i), len, ck.forms + ck.nforms, &ck.form[i]);
	ck.nforms += len;
	ck.form_gen[i] = ck.gen;
	return &ck.form[i];
}

/* The bucket of a key of map obj whose form hashes to hash. */
static uint32_t bucket_of(uint32_t obj, uint64_t hash)
{
	return (uint32_t)(hash ^ md_mix(obj)) & (SC_BUCKETS - 1);
}

/* The first entry of bucket b, or -1. */
static int32_t bucket_head(uint32_t b)
{
	return ck.bucket_gen[b] == ck.gen ? ck.bucket[b] : -1;
}

/* The first entry of map obj, or -1 (then ck.e[j].onext to the next). */
static int32_t first_of(uint32_t obj)
{
	return ck.obj_gen[obj] == ck.gen ? ck.first[obj] : -1;
}

/* The present entry of obj whose key == k, or -1 (never for NaN keys). */
static int32_t find(uint32_t obj, const md_canon_form *k)
{
	if (k->nan)
		return -1;
	for (int32_t j = bucket_head(bucket_of(obj, k->hash)); j >= 0; j = ck.e[j].next) {
		sc_entry *x = &ck.e[j];
		if (x->present && x->obj == obj && md_canon_same(&x->key, k))
			return j;
	}
	return -1;
}

static void add_entry(uint32_t obj, const md_canon_form *k, int64_t val)
{
	if (ck.n >= MD_MAX_OPS) {
		ck.full = true; /* only clones copy entries: puts make at most one each */
		return;
	}
	sc_entry *x = &ck.e[ck.n];
	*x = (sc_entry){obj, -1, -1, *k, val, true};
	if (first_of(obj) < 0) {
		ck.first[obj] = (int32_t)ck.n;
		ck.obj_gen[obj] = ck.gen;
	} else {
		ck.e[ck.last[obj]].onext = (int32_t)ck.n;
	}
	ck.last[obj] = (int32_t)ck.n;
	if (!k->nan) {
		uint32_t b = bucket_of(obj, k->hash);
		x->next = bucket_head(b);
		ck.bucket[b] = (int32_t)ck.n;
		ck.bucket_gen[b] = ck.gen;
	}
	ck.n++;
}

/* m[k] = val (add: m[k] += val) on map obj. */
static void put(uint32_t obj, const md_canon_form *k, int64_t val, bool add)
{
	int32_t j = find(obj, k);
	if (j < 0) {
		add_entry(obj, k, val);
		return;
	}
	sc_entry *x = &ck.e[j];
	x->val = add ? md_int_wrap(ck.p->valkind, (uint64_t)x->val + (uint64_t)val) : val;
	if (ck.keyupdate)
		x->key = *k;
}

static void clear_obj(uint32_t obj)
{
	for (int32_t j = first_of(obj); j >= 0; j = ck.e[j].onext)
		ck.e[j].present = false;
}

/* maps.Clone(obj) as map clone: a copy of every present entry. */
static void clone_obj(uint32_t obj, uint32_t clone)
{
	for (int32_t j = first_of(obj); j >= 0; j = ck.e[j].onext)
		if (ck.e[j].present)
			add_entry(clone, &ck.e[j].key, ck.e[j].val);
}

static bool violate(int op, const char *rule, const uint8_t *k, uint32_t len, int64_t val, const char *more)
{
	char key[MD_KEY_TEXT_MAX];
	md_format_pkey(ck.p, k, len, key, sizeof key);
	ck.v->op = op;
	ck.v->rule = rule;
	char v[MD_KEY_TEXT_MAX];
	md_format_word(ck.p, val, v, sizeof v);
	snprintf(ck.v->detail, sizeof ck.v->detail, "entry %.60s: %.40s%.140s", key, v, more);
	return false;
}

/* An unproduced present NaN entry of it's map with exactly these bits and
 * value, one that was there at the start if possible; or -1. */
static int32_t find_nan(const sc_iter *it, const uint8_t *k, uint32_t len, int64_t val)
{
	int32_t late = -1;
	for (int32_t j = first_of(it->obj); j >= 0; j = ck.e[j].onext) {
		const sc_entry *x = &ck.e[j];
		if (!x->key.nan || !x->present || x->val != val || x->key.len != len ||
		    memcmp(x->key.raw, k, len) != 0 || bit(it->produced, (uint32_t)j))
			continue;
		if (bit(it->start, (uint32_t)j))
			return j;
		if (late < 0)
			late = j;
	}
	return late;
}

/* The present entry of obj stored with exactly the bits k[0..len), found
 * where its form would be when its form is its bits (no -0, no NaN), or
 * -1.  Same bits are the same key: when it finds one, it is find's. */
static int32_t find_bits(uint32_t obj, const uint8_t *k, uint32_t len)
{
	for (int32_t j = bucket_head(bucket_of(obj, md_key_hash(k, len))); j >= 0; j = ck.e[j].next) {
		const sc_entry *x = &ck.e[j];
		if (x->present && x->obj == obj && x->key.len == len && memcmp(x->key.raw, k, len) == 0)
			return j;
	}
	return -1;
}

/* The entry key k (produced by it) is, or -1; *nan: k holds a NaN. */
static int32_t produced_entry(const sc_iter *it, const uint8_t *k, uint32_t len, int64_t val, bool *nan)
{
	int32_t j = find_bits(it->obj, k, len);
	*nan = false;
	if (j >= 0)
		return j;
	md_canon_form f;
	md_canon_form_of(ck.p, k, len, ck.qform, &f);
	*nan = f.nan;
	return f.nan ? find_nan(it, k, len, val) : find(it->obj, &f);
}

static bool produce(int op, sc_iter *it, const uint8_t *k, uint32_t len, int64_t val)
{
	if (!it->live)
		return violate(op, "produced an entry from an iterator that had ended", k, len, val, "");
	bool nan;
	int32_t j = produced_entry(it, k, len, val, &nan);
	if (j < 0)
		return violate(op, "produced an entry that is not in the map", k, len, val,
			       nan ? " (every NaN entry like it was already produced, or none exists)" : "");
	sc_entry *x = &ck.e[j];
	uint16_t *at = &ck.produced_at[it - ck.it][j];
	if (bit(it->produced, (uint32_t)j)) {
		char more[64];
		snprintf(more, sizeof more, " (first produced at op %u)", (unsigned)*at);
		return violate(op, "produced an entry twice", k, len, val, more);
	}
	if (x->val != val) {
		char more[200];
		char v[MD_KEY_TEXT_MAX];
		md_format_word(ck.p, x->val, v, sizeof v);
		snprintf(more, sizeof more, " (the map holds %.60s)", v);
		return violate(op, "produced a stale value", k, len, val, more);
	}
	if (x->key.len != len || memcmp(x->key.raw, k, len) != 0) {
		char held[MD_KEY_TEXT_MAX], more[200];
		md_format_pkey(ck.p, x->key.raw, x->key.len, held, sizeof held);
		snprintf(more, sizeof more, " (the map holds the key as %.150s)", held);
		return violate(op, "produced a stale key", k, len, val, more);
	}
	set_bit(it->produced, (uint32_t)j);
	*at = (uint16_t)op;
	return true;
}

/* The side says iterator it has no more entries: it must have produced
 * every entry present at its start and still present. */
static bool end_iter(int op, sc_iter *it)
{
	it->live = false;
	for (int32_t j = first_of(it->obj); j >= 0; j = ck.e[j].onext) {
		const sc_entry *x = &ck.e[j];
		if (x->present && bit(it->start, (uint32_t)j) && !bit(it->produced, (uint32_t)j))
			return violate(op, "missed an entry", x->key.raw, x->key.len, x->val,
				       " (in the map when the iterator started, never deleted, never produced)");
	}
	return true;
}

static void start_iter(sc_iter *it, uint32_t obj)
{
	memset(it, 0, sizeof *it);
	it->obj = obj;
	it->live = true;
	for (int32_t j = obj ? first_of(obj) : -1; j >= 0; j = ck.e[j].onext)
		if (ck.e[j].present)
			set_bit(it->start, (uint32_t)j);
}

/* The entries op i produced (NEXT, DRAIN), then the end if it reached it. */
static bool iter_entries(uint32_t i, sc_iter *it)
{
	const md_res *res = &ck.r->res[i];
	const uint8_t *o = ck.r->it + res->itoff;
	for (uint32_t n = 0; n < res->itn; n++) {
		const uint8_t *k;
		uint32_t len;
		int64_t val;
		o += md_get_entry(o, &k, &len, &val);
		if (!produce((int)i, it, k, len, val))
			return false;
	}
	bool ended = ck.p->ops[i].code == MD_OP_DRAIN || res->itn == 0;
	return ended && it->live ? end_iter((int)i, it) : true;
}

/* Apply op i to the checker's picture of the maps; false on a violation. */
static bool step(uint32_t i)
{
	const md_op *op = &ck.p->ops[i];
	uint32_t obj = ck.vars[op->target & 1];
	bool writes = op->code == MD_OP_PUT || op->code == MD_OP_ADD || op->code == MD_OP_DEL;
	const md_canon_form *k = obj && writes && op->key < ck.p->nkeys ? table_form(op->key) : NULL;
	sc_iter *it = &ck.it[op->key % MD_MAX_ITERS];
	int32_t j;
	switch (op->code) {
	case MD_OP_NIL: ck.vars[op->target & 1] = 0; break;
	case MD_OP_MAKE:
	case MD_OP_MAKEHINT: ck.vars[op->target & 1] = i + 1; break;
	case MD_OP_ALIAS: ck.vars[1 - (op->target & 1)] = obj; break;
	case MD_OP_CLONE:
		ck.vars[1 - (op->target & 1)] = obj ? i + 1 : 0; /* maps.Clone(nil) is nil */
		if (obj)
			clone_obj(obj, i + 1);
		break;
	case MD_OP_PUT:
	case MD_OP_ADD:
		if (k)
			put(obj, k, md_op_word(ck.p, op), op->code == MD_OP_ADD);
		break;
	case MD_OP_DEL:
		if (k && (j = find(obj, k)) >= 0)
			ck.e[j].present = false;
		break;
	case MD_OP_CLEAR:
		if (obj)
			clear_obj(obj);
		break;
	case MD_OP_ITER: start_iter(it, obj); break;
	case MD_OP_NEXT:
	case MD_OP_DRAIN: return iter_entries(i, it);
	case MD_OP_STOP: it->live = false; break;
	default: break;
	}
	return true;
}

bool md_spec_check(const md_prog *p, const md_results *r, md_spec_violation *v)
{
	if (r->it_truncated || !md_prog_has_iters(p))
		return true;
	ck.p = p;
	ck.r = r;
	ck.v = v;
	ck.n = 0;
	ck.full = false;
	ck.keyupdate = md_canon_needkeyupdate(p);
	ck.vars[0] = ck.vars[1] = 0;
	ck.nforms = 0;
	if (++ck.gen == 0) { /* a new generation empties the forms and buckets */
		memset(ck.form_gen, 0, sizeof ck.form_gen);
		memset(ck.bucket_gen, 0, sizeof ck.bucket_gen);
		memset(ck.obj_gen, 0, sizeof ck.obj_gen);
		ck.gen = 1;
	}
	for (int j = 0; j < MD_MAX_ITERS; j++)
		ck.it[j].live = false;
	for (uint32_t i = 0; i < p->nops && !ck.full; i++)
		if (!r->res[i].panicked && !step(i))
			return false;
	return true; /* (full: the entries from there on are not known, nothing is judged) */
}
