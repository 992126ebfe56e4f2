/* prog.c: the program API (prog.h): a program's start, its key and value
 * types, its key and value tables. */
#include "format/prog.h"

#include <string.h>

#include "port.h"
#include "format/types.h"

void md_prog_init(md_prog *p, int keykind)
{
	p->version = MD_FORMAT_VERSION;
	p->keykind = (uint8_t)keykind;
	p->valkind = GO_INT64;
	p->npool = 0;
	p->seed = 0;
	p->hashbits = 0;
	memset(p->pad8, 0, sizeof p->pad8);
	p->nkeys = 0;
	p->nkeybytes = 0;
	p->pad = 0;
	p->keydesclen = 1;
	p->keydesc[0] = (uint8_t)keykind;
	p->valdesclen = 1;
	p->valdesc[0] = GO_INT64;
	p->nvals = 0;
	p->pad3 = 0;
	p->nops = 1;
	memset(&p->ops[0], 0, sizeof p->ops[0]);
	p->ops[0].code = MD_OP_NIL;
}

/* t's descriptor into d (cap MD_MAX_DESC); 0 when t cannot be a key or
 * value type of a program. */
static size_t type_desc(const gotype *t, uint8_t *d)
{
	size_t n = gotype_encode(t, d, MD_MAX_DESC), pos = 0;
	if (n == 0)
		return 0;
	static gotypes chk;
	gotypes_reset(&chk);
	const gotype *back = gotype_decode(&chk, d, n, &pos, true);
	if (pos != n || !gotype_identical(back, t) || back->size > GODESC_MAX_SIZE)
		return 0;
	return n;
}

bool md_prog_set_keytype(md_prog *p, const gotype *t)
{
	uint8_t d[MD_MAX_DESC];
	size_t n = type_desc(t, d);
	if (n == 0)
		return false;
	memcpy(p->keydesc, d, n);
	p->keydesclen = (uint32_t)n;
	p->keykind = (uint8_t)t->kind;
	return true;
}

bool md_prog_set_valtype(md_prog *p, const gotype *t)
{
	static uint8_t buf[MD_MAX_CANON];
	uint8_t d[MD_MAX_DESC];
	size_t n = type_desc(t, d), len = 0;
	if (n == 0)
		return false;
	memcpy(p->valdesc, d, n);
	p->valdesclen = (uint32_t)n;
	p->valkind = (uint8_t)t->kind;
	p->nvals = 0;
	if (md_prog_int64_vals(p))
		return true;
	gocanon_zero(t, true, buf, sizeof buf, &len);
	return md_prog_add_val(p, buf, (uint32_t)len) == 0;
}

/* Append canon[0..len) to the program's bytes as table entry *n of tab
 * (cap entries); its index, or -1 when full. */
static int add_entry(md_prog *p, md_key *tab, uint32_t *n, uint32_t cap, const uint8_t *canon, uint32_t len)
{
	if (*n >= cap || p->nkeybytes + len > MD_KEYBYTES)
		return -1;
	tab[*n].off = p->nkeybytes;
	tab[*n].len = len;
	memcpy(p->keybytes + p->nkeybytes, canon, len);
	p->nkeybytes += len;
	return (int)(*n)++;
}

int md_prog_add_val(md_prog *p, const uint8_t *canon, uint32_t len)
{
	return add_entry(p, p->vals, &p->nvals, MD_MAX_VALS, canon, len);
}

int md_prog_add_key(md_prog *p, const uint8_t *canon, uint32_t len)
{
	return add_entry(p, p->keys, &p->nkeys, MD_MAX_KEYS, canon, len);
}

