/*
 * prog_types.c: a program's key and value types (md_prog_keytype,
 * md_prog_valtype), decoded from its descriptors into a cache of 4
 * slots, round robin: a type stays valid until 4 other descriptors have
 * been asked for.
 */
#include "format/prog.h"

#include <string.h>

#include "port.h"
#include "format/types.h"

/* Decoded key and value types, by descriptor: a few, round robin. */
#define KT_CACHE 4
static struct {
	uint32_t len;
	uint8_t desc[MD_MAX_DESC];
	const gotype *t;
	gotypes a;
} kt_cache[KT_CACHE];
static unsigned kt_next;

static const gotype *desc_type(const uint8_t *desc, uint32_t len)
{
	uint32_t n = len < MD_MAX_DESC ? len : MD_MAX_DESC;
	for (int j = 0; j < KT_CACHE; j++)
		if (kt_cache[j].t && kt_cache[j].len == n && memcmp(kt_cache[j].desc, desc, n) == 0)
			return kt_cache[j].t;
	unsigned j = kt_next++ % KT_CACHE;
	size_t pos = 0;
	gotypes_reset(&kt_cache[j].a);
	kt_cache[j].len = n;
	memcpy(kt_cache[j].desc, desc, n);
	kt_cache[j].t = gotype_decode(&kt_cache[j].a, desc, n, &pos, true);
	return kt_cache[j].t;
}

const gotype *md_prog_keytype(const md_prog *p)
{
	if (!md_prog_composite(p))
		return &gotype_scalars[p->keykind < GO_NSCALAR ? p->keykind : GO_INT64];
	return desc_type(p->keydesc, p->keydesclen);
}

const gotype *md_prog_valtype(const md_prog *p)
{
	if (p->valkind < GO_NSCALAR)
		return &gotype_scalars[p->valkind];
	return desc_type(p->valdesc, p->valdesclen);
}
