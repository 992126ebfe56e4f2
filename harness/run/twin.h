/*
 * twin.h: the lockstep twin, the C port and classic Go bit for bit.
 *
 * The classic map is deterministic once its random draws and its hash are
 * known.  In twin mode both sides take the same draws, which the harness
 * makes (md_twin_prepare): the k-th hash seed any map of the program draws
 * (makemap, mapclear, a delete that empties the map) is seeds[k], the k-th
 * iterator start (mapiterinit's r) is iters[k].  Go's side (oracle/twin.go,
 * a classic gc in a helper process) writes them over what its runtime drew
 * and records, for every seed and every key of the program, the hash its
 * map type's hasher gives; the port replays those hashes (port.h gotwin).
 * Then each side records, after every op, a digest of its map's whole
 * layout (header, every bucket of the current and old arrays, tophash
 * bytes, which key sits in each slot, overflow chains), and for a range
 * the order of its keys; the twin compares them exactly (docs/TWIN.md).
 *
 * Go writes this struct through cgo: fixed-width fields, no pointers.
 */
#ifndef MAPDIFF_TWIN_H
#define MAPDIFF_TWIN_H

#include <stdbool.h>
#include <stdint.h>

#include "format/prog.h"
#include "run/result.h"

#define MD_TWIN_SEEDS 64        /* hash seeds a program may draw */
#define MD_TWIN_ITERS 256       /* iterator starts a program may draw */
#define MD_TWIN_HASHES (1u << 16) /* recorded hashes: seeds drawn x keys */
#define MD_TWIN_DUMP (1u << 20) /* bytes of one op's layout (dump_op) */

/* md_twin.status: whether this side recorded the program. */
enum {
	MD_TWIN_OK = 0,
	MD_TWIN_RANDOM = 1,    /* a key Go hashes at random (a NaN in it) */
	MD_TWIN_NOSEEDS = 2,   /* more than MD_TWIN_SEEDS seed draws */
	MD_TWIN_NOITERS = 3,   /* more than MD_TWIN_ITERS iterator draws */
	MD_TWIN_NOHASHES = 4,  /* seeds x keys over MD_TWIN_HASHES */
	MD_TWIN_NODUMP = 5,    /* dump_op's layout is larger than MD_TWIN_DUMP */
	MD_TWIN_NOTGO = 6,     /* this Go is not a classic gc (no twin) */
};

typedef struct md_twin {
	/* in: the harness fills them (md_twin_prepare) */
	int32_t dump_op; /* op whose layout bytes go to dump, or -1 */
	uint32_t pad;
	uint32_t seeds[MD_TWIN_SEEDS]; /* the k-th hash seed drawn */
	uint64_t iters[MD_TWIN_ITERS]; /* the k-th iterator start drawn */
	/* out: each side */
	uint32_t status;   /* MD_TWIN_* */
	uint32_t nseeds;   /* seed draws taken */
	uint32_t niters;   /* iterator draws taken */
	uint32_t nkeys;    /* Go: the program's keys, the stride of hash */
	uint32_t miss_op;  /* port: first op that asked for a hash Go never made, or UINT32_MAX */
	uint32_t dump_len; /* bytes of dump */
	uint64_t lay[MD_MAX_OPS]; /* digest of the layout after each op (0: a nil map) */
	uint64_t ord[MD_MAX_OPS]; /* RANGE: digest of the keys in the order produced */
	uint64_t hash[MD_TWIN_HASHES]; /* Go: hash[k * nkeys + i]: key i under seeds[k] */
	uint8_t dump[MD_TWIN_DUMP]; /* the layout bytes of dump_op (docs/TWIN.md) */
	/* in, a port's record only: Go's record, whose hashes the port replays */
	const struct md_twin *replay;
} md_twin;

/* Layout records (docs/TWIN.md), as both sides write them. */
enum {
	MD_TWIN_HDR = 'H',    /* count u64, flags u8, B u8, noverflow u16, hash0 u32, nevacuate u64, old u8 */
	MD_TWIN_BUCKET = 'b', /* array u8 (0 current, 1 old), depth u8, tophash[8], u64 key digest per full slot */
	MD_TWIN_NOBUCKETS = 'n', /* buckets is nil */
};

/* A range's order digest, one key (md_key_hash of its canonical bytes)
 * at a time (oracle/twin.go is the Go twin). */
static inline uint64_t md_twin_ord(uint64_t ord, uint64_t keyhash)
{
	return md_mix(ord ^ keyhash) + 0x9e3779b97f4a7c15ULL;
}

/* Why p is outside the twin, or NULL: its key type (scalar kinds only),
 * NaN keys (Go hashes them at random, inside its runtime), weak hashing
 * (the C port's, not Go's), maps.Clone (a clone hashes its entries with
 * the seed Go drew, before the harness can set it). */
const char *md_twin_uncovered(const md_prog *p);

/* Fill tw's inputs for p: draws made from p's seed (the same bytes, the
 * same draws), dump_op. */
void md_twin_prepare(md_twin *tw, const md_prog *p, int32_t dump_op);

/* What a status says, in words. */
const char *md_twin_status_text(uint32_t status);

#endif
