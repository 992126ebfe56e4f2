"""gen.py: regenerate bench/mutants/NN-name.patch from impl/.

Each mutant is one or more exact string replacements in an impl/ file; the
patch is `diff -u` of the file before and after, under a first line `# `
saying what the fault breaks.  When impl/ changes and a patch stops
applying, fix the strings here and run:  python3 bench/mutants/gen.py
(a string that is no longer found exactly once is reported, not guessed).
"""
import os, shutil, subprocess, sys, tempfile
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
M = []
def mut(name, comment, file, old, new):
    M.append((name, comment, file, old, new))

mut('tophash-no-mintophash', 'tophash forgets the minTopHash adjust: a key whose hash starts with 0..4 gets a marker tophash (emptyRest, emptyOne, evacuated*) and is lost.',
    'gomap.h', '\tif (top < minTopHash)\n\t\ttop += minTopHash;\n', '')
mut('delete-marks-emptyrest', 'delete marks the slot emptyRest instead of emptyOne even when live slots follow: lookups stop early and miss them, assigns add duplicates.',
    'map.c', '\tb->tophash[i] = emptyOne;\n\t/* If the bucket', '\tb->tophash[i] = emptyRest;\n\t/* If the bucket')
mut('delete-emptyrest-ignores-overflow', 'delete of the last slot of a bucket turns it into emptyRest without looking at the overflow bucket: entries in the overflow chain become unreachable.',
    'map.c', '\t\tbmap *ovf = bmap_overflow(t, b);\n\t\tif (ovf != NULL && ovf->tophash[0] != emptyRest)\n\t\t\tgoto notLast;\n', '\t\t;\n')
mut('delete-count-skipped', 'delete forgets h.count-- when the slot is not at the end of the bucket: len(m) is too big after a delete.',
    'map.c', 'notLast:\n\th->count--;\n', '\th->count--;\nnotLast:\n')
mut('no-keyupdate', 'mapassign tests needkeyupdate the wrong way round, so float keys are never updated: m[+0.0]=1; m[-0.0]=2 keeps the key +0.0 where Go keeps -0.0.',
    'map.c', '\t\t\tif (t->needkeyupdate)\n\t\t\t\tupdatekey(t, k, key);\n', '\t\t\tif (!t->needkeyupdate)\n\t\t\t\tupdatekey(t, k, key);\n')
mut('nan-found-by-lookup', 'float64 equality treats NaN as equal to NaN: lookup and delete find a NaN key, m[NaN]=v overwrites instead of adding.',
    'alg.c', '\tmemcpy(&y, b, sizeof y);\n\treturn x == y;\n}\n\n/* Follows runtime/alg.go c64equal',
    '\tmemcpy(&y, b, sizeof y);\n\treturn x == y || (x != x && y != y);\n}\n\n/* Follows runtime/alg.go c64equal')
mut('float32-bitwise-equal', 'float32 keys compared bit by bit: +0 and -0 are two keys, a NaN is found again.',
    'alg.c', '\tfloat x, y;\n\tmemcpy(&x, a, sizeof x);\n\tmemcpy(&y, b, sizeof y);\n\treturn x == y;\n', '\treturn memcmp(a, b, 4) == 0;\n')
mut('float64-fast-path', 'float64 keys take the mapfast64 path (bitwise key compare): +0 and -0 are two keys, NaN is found by lookup.',
    'alg.c', 'case GO_FLOAT64: t->hasher = f64hash, t->equal = f64equal; break;', 'case GO_FLOAT64: t->hasher = f64hash, t->equal = f64equal, t->fast = mapfast64; break;')
mut('float64-zero-hash-split', 'f64hash hashes +0 and -0 by their bits: equal keys hash differently, so m[-0.0] misses an entry stored as +0.0.',
    'alg.c', '\tdouble f;\n\tmemcpy(&f, p, sizeof f);\n\tif (f == 0)\n\t\treturn c1 * (c0 ^ seed); /* +0, -0 */\n', '\tdouble f;\n\tmemcpy(&f, p, sizeof f);\n')
mut('complex128-real-only', 'complex128 keys hashed and compared on the real part only: complex(1, 2) and complex(1, 3) are one key.',
    'alg.c', '\treturn f64hash(t, x + 8, f64hash(t, x, seed, r), r);', '\treturn f64hash(t, x, seed, r);')
mut('complex128-real-only', None, 'alg.c', '\treturn f64equal(t, x, y) && f64equal(t, x + 8, y + 8);', '\treturn f64equal(t, x, y);')
mut('evac-y-into-x', 'evacuate points the Y destination at the X bucket: entries that move to Y overwrite entries in X.',
    'map_grow.c', 'bucketAt(t, h->buckets, oldbucket + newbit)', 'bucketAt(t, h->buckets, oldbucket)')
mut('evac-wrong-bit', 'evacuate splits X/Y on the wrong hash bit: entries land in a bucket where lookups do not look.',
    'map_grow.c', 'return (hash & newbit) != 0;', 'return (hash & (newbit >> 1)) != 0;')
mut('evac-drops-elem', 'evacuate copies the key but not the elem: values read back as 0 after a grow.',
    'map_grow.c', '\t\t\t\tmemcpy(dst->e, e, t->elemsize); /* copy elem */\n', '\t\t\t\t(void)e;\n')
mut('evac-skips-overflow', 'evacuate moves only the first bucket of an old chain: entries in overflow buckets are lost by a grow.',
    'map_grow.c', '\t\tfor (; b != NULL; b = bmap_overflow(t, b)) {', '\t\tfor (; b != NULL; b = NULL) {')
mut('growwork-skips-target', 'growWork does not evacuate the old bucket a write is about to use: a key still in the old bucket gets a second entry.',
    'map_grow.c', '\tevacuate(t, h, bucket & oldbucketmask(h));\n', '\t(void)bucket;\n')
mut('evac-mark-stops-early', 'advanceEvacuationMark ends the grow one old bucket early: the last old bucket is dropped unevacuated.',
    'map_grow.c', 'if (h->nevacuate == newbit) {', 'if (h->nevacuate + 1 >= newbit) {')
mut('grow-nevacuate-not-reset', 'hashGrow keeps nevacuate from the previous grow: the second grow declares itself done with old buckets never evacuated.',
    'map_grow.c', '\th->nevacuate = 0;\n\th->noverflow = 0;\n\n\t/* Promote', '\th->noverflow = 0;\n\n\t/* Promote')
mut('read-ignores-old-buckets', 'lookups during a grow read only the new buckets: keys in old buckets not yet evacuated are not found.',
    'map.c', '\tif (h->oldbuckets != NULL) {\n\t\tif (!isSameSizeGrow(h))', '\tif (0 && h->oldbuckets != NULL) {\n\t\tif (!isSameSizeGrow(h))')
mut('iter-no-checkbucket', 'the iterator does not filter old buckets during a grow (checkBucket): range yields entries of an unevacuated old bucket twice, once per X/Y bucket.',
    'map_iter.c', '\t\t\tif ((hash & bucketMask(it->B)) != checkBucket)\n\t\t\t\treturn false;\n', '\t\t\t(void)hash;\n')
mut('iter-nan-both-halves', 'the iterator does not send NaN keys of an unevacuated old bucket to one of X/Y: range yields them twice during a grow.',
    'map_iter.c', '} else if ((checkBucket >> (it->B - 1)) != (uintptr_t)(b->tophash[offi] & 1)) {', '} else if (0) {')
mut('iter-ignores-old-buckets', 'an iterator started during a grow walks only the new buckets: entries still in old buckets are missed.',
    'map_iter.c', 'if (growing(h) && it->B == h->B) {', 'if (growing(h) && it->B != h->B) {')
mut('iter-skips-overflow', 'mapiternext does not follow overflow buckets: range misses entries in them.',
    'map_iter.c', '\tb = bmap_overflow(t, b);\n\ti = 0;\n\tgoto next;', '\tb = NULL;\n\ti = 0;\n\tgoto next;')
mut('iter-skips-last-slot', 'mapiternext stops one slot short in every bucket: range misses the entry in slot offset-1.',
    'map_iter.c', '\tfor (; i < bucketCnt; i++) {', '\tfor (; i < bucketCnt - 1; i++) {')
mut('fast64-delete-ignores-empty', 'mapdelete_fast64 does not skip empty slots: delete of an absent key 0 (or a key deleted before) counts an entry out again.',
    'map_fast64.c', 'if (key != key64(t, b, i) || isEmpty(b->tophash[i]))', 'if (key != key64(t, b, i))')
mut('fast64-lookup-ignores-empty', 'mapaccess2_fast64 does not skip empty slots: a deleted key, or 0 in a half-empty bucket, is found.',
    'map_fast64.c', 'if (key64(t, b, i) == key && !isEmpty(b->tophash[i])) {', 'if (key64(t, b, i) == key) {')
mut('fast32-assign-stops-at-tombstone', 'mapassign_fast32 treats an emptyOne slot as the end of the chain: a key stored after a deleted slot gets a second entry.',
    'map_fast32.c', '\t\t\t\tif (b->tophash[i] == emptyRest)\n\t\t\t\t\tgoto bucketloop_done;\n\t\t\t\tcontinue;\n\t\t\t}\n\t\t\tif (key32', '\t\t\t\tgoto bucketloop_done;\n\t\t\t}\n\t\t\tif (key32')
mut('generic-lookup-stops-at-tombstone', 'mapaccessK (generic path: floats, complex, bool, int8, int16) stops at an emptyOne slot: keys after a deleted slot are not found.',
    'map.c', '\t\t\t\tif (b->tophash[i] == emptyRest)\n\t\t\t\t\treturn NULL;', '\t\t\t\tif (isEmpty(b->tophash[i]))\n\t\t\t\t\treturn NULL;')
mut('generic-assign-stops-at-tombstone', 'mapassign (generic path) stops at an emptyOne slot: a key stored after a deleted slot gets a second entry.',
    'map.c', '\t\t\t\tif (b->tophash[i] == emptyRest)\n\t\t\t\t\tgoto bucketloop_done;\n\t\t\t\tcontinue;\n\t\t\t}\n\t\t\tvoid *k', '\t\t\t\tif (isEmpty(b->tophash[i]))\n\t\t\t\t\tgoto bucketloop_done;\n\t\t\t\tcontinue;\n\t\t\t}\n\t\t\tvoid *k')
mut('faststr-long-key-no-verify', 'the faststr one-bucket lookup trusts a long key whose length and first and last 4 bytes match, without comparing the rest.',
    'map_faststr.c', '\t\tif (memequal_bytes(k.ptr, key.ptr, (size_t)key.len))\n\t\t\treturn bmap_elem(t, b, keymaybe);', '\t\t(void)k;\n\t\treturn bmap_elem(t, b, keymaybe);')
mut('clear-keeps-count', 'clear empties the buckets but forgets h.count = 0: len(m) after clear is the old length.',
    'map.c', '\th->noverflow = 0;\n\th->count = 0;\n', '\th->noverflow = 0;\n')
mut('clear-skips-old-buckets', 'clear during a grow leaves the old buckets as they are and keeps the grow going: entries not yet evacuated come back after clear.',
    'map.c', '\tif (h->oldbuckets != NULL)\n\t\tmarkBucketsEmpty(t, h->oldbuckets, oldbucketmask(h));\n\n\th->flags &= (uint8_t)~sameSizeGrow;\n\tretire(h, h->oldbuckets);\n\th->oldbuckets = NULL;\n\th->nevacuate = 0;\n', '\n')

# Blind spots 5 and 6 (issue 16): numbered from 40 (another engineer takes 36).
mut('40-array-eq-skips-last', 'Go\'s == on arrays of two or more elements that are not plain memory ([2]string, [2]float64, [2]interface{}) stops one element short; hashing is right, so two keys that differ only in the last element are confused only when they share a bucket and tophash: under collision.',
    'alg.c', '\tcase GO_ARRAY:\n\t\tfor (uint32_t i = 0; i < t->len; i++) {\n\t\t\tsize_t o', '\tcase GO_ARRAY:\n\t\tfor (uint32_t i = 0; i < t->len - (t->len > 1); i++) {\n\t\t\tsize_t o')
mut('41-struct-eq-skips-last-field', 'Go\'s == on structs of two or more fields that are not plain memory skips the last field; hashing is right, so two keys that differ only in the last field are confused only under collision.',
    'alg.c', '\t\tfor (uint32_t i = 0; i < t->nfields; i++) {\n\t\t\tconst gofield *f', '\t\tfor (uint32_t i = 0; i < t->nfields - (t->nfields > 1); i++) {\n\t\t\tconst gofield *f')
mut('42-composite-string-prefix', 'strings inside composite keys and interfaces ([2]string, struct{a int8; b string}, interface{} holding a string) are hashed and compared on their length and first 8 bytes (an inline-prefix shortcut that never looks further): two such keys whose strings differ only after byte 8 are one key.',
    'alg.c', '/* Follows runtime/alg.go typehash (go1.19). */', '/* A string leaf: its length and first 8 bytes. */\nstatic uint64_t strhash8(const gotype *t, const void *p, uint64_t seed, gorand *r)\n{\n\t(void)t;\n\t(void)r;\n\tgostring s;\n\tmemcpy(&s, p, sizeof s);\n\treturn memhash(s.ptr, seed ^ (uint64_t)s.len, s.len < 8 ? (uint64_t)s.len : 8);\n}\n\nstatic bool strequal8(const gotype *t, const void *a, const void *b)\n{\n\t(void)t;\n\tgostring x, y;\n\tmemcpy(&x, a, sizeof x);\n\tmemcpy(&y, b, sizeof y);\n\treturn x.len == y.len && memequal_bytes(x.ptr, y.ptr, x.len < 8 ? (size_t)x.len : 8);\n}\n\n/* Follows runtime/alg.go typehash (go1.19). */')
mut('42-composite-string-prefix', None, 'alg.c', 'case GO_STRING: return strhash(t, p, h, r);', 'case GO_STRING: return strhash8(t, p, h, r);')
mut('42-composite-string-prefix', None, 'alg.c', 'case GO_STRING: return strequal(t, a, b);', 'case GO_STRING: return strequal8(t, a, b);')

def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    groups = {}
    for name, c, f, old, new in M:
        groups.setdefault(name, []).append((c, f, old, new))
    for n, (name, edits) in enumerate(groups.items(), 1):
        tmp = tempfile.mkdtemp()
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(ROOT + '/impl', tmp + '/a/impl')
        shutil.copytree(ROOT + '/impl', tmp + '/b/impl')
        files = []
        for c, f, old, new in edits:
            p = tmp + '/b/impl/' + f
            s = open(p).read()
            if s.count(old) != 1:
                sys.exit('%s: %r found %d times in %s' % (name, old, s.count(old), f))
            open(p, 'w').write(s.replace(old, new))
            if f not in files: files.append(f)
        patch = '# ' + edits[0][0] + '\n'
        for f in files:
            r = subprocess.run(['diff', '-u', 'a/impl/' + f, 'b/impl/' + f], cwd=tmp, capture_output=True, text=True)
            patch += r.stdout
        fname = name if name[:2].isdigit() else '%02d-%s' % (n, name)  # numbered by hand: kept
        open('%s/%s.patch' % (outdir, fname), 'w').write(patch)
main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'bench', 'mutants'))
