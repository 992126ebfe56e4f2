//go:build gc && !go1.24
// +build gc,!go1.24

package main

// The Go half of the lockstep twin (harness/run/twin.h, docs/TWIN.md), on
// the classic map of gc 1.19 to 1.23: the harness's draws written over the
// runtime's (hash0 after every op that drew one, an iterator's start before
// the runtime's mapiterinit would draw it), the hash of every program key
// under every seed (the map type's own hasher), and the layout after every
// op, read from runtime.hmap and its buckets.  The structures read here are
// runtime/map.go's and reflect/value.go's, go1.19 to go1.23 (identical);
// twinCheck tries them on a map once before the first record.

/*
#include "run/twin.h"
*/
import "C"

import (
	"mapdiff/oracle/mdres"
	"unsafe"
)

// The hash keys the runtime draws at start-up, fixed: Go's hashes are then
// the same in every process, and so is a twin verdict.
//
//go:linkname aeskeysched runtime.aeskeysched
var aeskeysched [128]byte

//go:linkname hashkey runtime.hashkey
var hashkey [4]uintptr

// hashKeysFixed fixes them, before this package makes a map: a map filled
// under the old keys cannot be read under the new ones, so every map this
// package fills while it initializes (compiledRunners, namedIndex) names
// hashKeysFixed in its initializer, which Go's initialization order then
// runs first (oracle/README.md).
var hashKeysFixed = fixHashKeys()

func fixHashKeys() bool {
	for i := range aeskeysched {
		aeskeysched[i] = byte(mdres.Mix(uint64(i) + 0x61657368))
	}
	for i := range hashkey {
		hashkey[i] = uintptr(mdres.Mix(uint64(i)+0x68617368)) | 1
	}
	return true
}

const hasTwin = true

// Offsets into runtime.maptype (a 48-byte _type, then key, elem, bucket,
// hasher, keysize, elemsize, bucketsize) and _type.ptrdata.
const (
	mtBucket     = 64
	mtHasher     = 72
	mtKeysize    = 80
	mtBucketsize = 82
	mtFlags      = 84
	typePtrdata  = 8
)

// reflect.MapIter: a reflect.Value (typ, ptr, flag), then reflect's hiter.
type twinMapIter struct {
	typ  unsafe.Pointer
	ptr  unsafe.Pointer
	flag uintptr
	hi   twinHiter
}

type twinHiter struct {
	key, elem, t, h, buckets, bptr unsafe.Pointer
	overflow, oldoverflow          *[]unsafe.Pointer
	startBucket                    uintptr
	offset                         uint8
	wrapped                        bool
	B                              uint8
	i                              uint8
	bucket, checkBucket            uintptr
}

const (
	twinIterator     = 1 | 2 // hmap flags iterator | oldIterator
	twinSameSizeGrow = 8
	twinFlagIndir    = 1 << 7 // reflect flagIndir
)

type twinMapSeed struct {
	h    *hmapHeader
	seed uint32
}

// twinState is the record of the program running.
type twinState struct {
	tw      *C.md_twin
	mt      unsafe.Pointer              // *maptype of the program's map type
	keyAt   func(i int) unsafe.Pointer  // the runner's key i
	keyHash func(unsafe.Pointer) uint64 // md_key_hash of a key's canonical bytes
	nkeys   int
	known   [2]twinMapSeed // the maps the variables held after the last op, and their seeds
	buf     []byte
	checked bool
}

var twin twinState

// twinOn: the program running records the twin.
var twinOn bool

var twinSentinel byte

// twinBegin starts a twin record of p into r.twin, if asked: mt is the
// program's *maptype, keyAt(i) the runner's key i, keyHash the md_key_hash
// of a key's canonical bytes.
func twinBegin(p *C.md_prog, r *C.md_results, mt unsafe.Pointer, keyAt func(int) unsafe.Pointer, keyHash func(unsafe.Pointer) uint64) {
	twinOn = r.twin != nil
	if !twinOn {
		return
	}
	t := &twin
	t.tw = r.twin
	t.mt, t.keyAt, t.keyHash, t.nkeys = mt, keyAt, keyHash, int(p.nkeys)
	t.known = [2]twinMapSeed{}
	tw := t.tw
	tw.status, tw.nseeds, tw.niters, tw.nkeys, tw.dump_len = 0, 0, 0, C.uint32_t(p.nkeys), 0
	tw.miss_op = ^C.uint32_t(0)
	for i := 0; i < int(p.nops); i++ {
		tw.ord[i] = 0
	}
	if !t.checked {
		t.checked = true
		if !twinCheck() {
			twinStop(C.MD_TWIN_NOTGO)
		}
	}
}

// typeWord is the type word of an interface holding a value: its *_type.
func typeWord(x interface{}) unsafe.Pointer { return (*[2]unsafe.Pointer)(unsafe.Pointer(&x))[0] }

// twinStop ends the record: its status says why.
func twinStop(status C.uint32_t) {
	twin.tw.status = status
	twinOn = false
}

// twinCheck tries the offsets above on a map: its hasher must put a key
// in the bucket where the runtime stored it.
func twinCheck() bool {
	m := make(map[int64]int64, 100)
	m[7] = 1
	mt := typeWord(m)
	h := *(**hmapHeader)(unsafe.Pointer(&m))
	if *(*uint8)(unsafe.Add(mt, mtKeysize)) != 8 || h.count != 1 || h.B < 4 || h.B > 5 {
		return false // B is 4, or 5 on gc 1.21 (its load factor 6, golang/go#63438)
	}
	key := int64(7)
	hash := twinHasher(mt)(unsafe.Pointer(&key), uintptr(h.hash0))
	mask := uintptr(1)<<h.B - 1
	b := unsafe.Add(h.buckets, (hash&mask)*uintptr(*(*uint16)(unsafe.Add(mt, mtBucketsize))))
	top := uint8(hash >> 56)
	if top < 5 {
		top += 5
	}
	for j := uintptr(0); j < 8; j++ {
		if *(*uint8)(unsafe.Add(b, j)) == top && *(*int64)(unsafe.Add(b, 8+8*j)) == 7 {
			return true
		}
	}
	return false
}

func twinHasher(mt unsafe.Pointer) func(unsafe.Pointer, uintptr) uintptr {
	return *(*func(unsafe.Pointer, uintptr) uintptr)(unsafe.Add(mt, mtHasher))
}

// twinAfter runs after op i: the draws of hash seeds this op made are
// replaced by the harness's, then the layout of the op's map is recorded.
// vars points at the runner's two map variables.
func twinAfter(i int, op *C.md_op, vars unsafe.Pointer) {
	t := &twin
	hs := (*[2]*hmapHeader)(vars)
	var now [2]twinMapSeed
	for v := 0; v < 2 && twinOn; v++ {
		h := hs[v]
		if h == nil {
			continue
		}
		seed, ok := t.seedOf(h, now[:v])
		if !ok && t.drawn(h.hash0) {
			seed, ok = h.hash0, true // a clone: mapclone2 gives it its source's seed
		}
		if !ok || seed != h.hash0 {
			t.draw(h)
		}
		now[v] = twinMapSeed{h, h.hash0}
	}
	t.known = now
	if twinOn {
		t.layout(i, hs[shapeVar(op)])
	}
}

// seedOf is the seed map h had: this op's earlier variables first.
func (t *twinState) seedOf(h *hmapHeader, now []twinMapSeed) (uint32, bool) {
	for _, k := range now {
		if k.h == h {
			return k.seed, true
		}
	}
	for _, k := range t.known {
		if k.h == h {
			return k.seed, true
		}
	}
	return 0, false
}

// drawn says whether seed is one the program's maps drew.
func (t *twinState) drawn(seed uint32) bool {
	for k := 0; k < int(t.tw.nseeds); k++ {
		if uint32(t.tw.seeds[k]) == seed {
			return true
		}
	}
	return false
}

// draw gives map h the next seed, and hashes every key under it.
func (t *twinState) draw(h *hmapHeader) {
	tw := t.tw
	k := int(tw.nseeds)
	if k >= C.MD_TWIN_SEEDS {
		twinStop(C.MD_TWIN_NOSEEDS)
		return
	}
	if (k+1)*t.nkeys > C.MD_TWIN_HASHES {
		twinStop(C.MD_TWIN_NOHASHES)
		return
	}
	seed := uint32(tw.seeds[k])
	h.hash0 = seed
	tw.nseeds++
	hasher := twinHasher(t.mt)
	for i := 0; i < t.nkeys; i++ {
		hash := hasher(t.keyAt(i), uintptr(seed))
		if k == 0 && hash != hasher(t.keyAt(i), uintptr(seed)) {
			twinStop(C.MD_TWIN_RANDOM)
			return
		}
		tw.hash[k*t.nkeys+i] = C.uint64_t(hash)
	}
}

// twinIterStart sets up iterator it as mapiterinit would, with the
// harness's draw, before its first Next (which then only steps it).
func twinIterStart(it unsafe.Pointer) {
	mi := (*twinMapIter)(it)
	if !twinOn || mi.hi.t != nil {
		return
	}
	hp := mi.ptr
	if mi.flag&twinFlagIndir != 0 {
		hp = *(*unsafe.Pointer)(hp)
	}
	h := (*hmapHeader)(hp)
	if h == nil || h.count == 0 {
		return // the runtime's mapiterinit draws nothing
	}
	tw := twin.tw
	if tw.niters >= C.MD_TWIN_ITERS {
		twinStop(C.MD_TWIN_NOITERS)
		return
	}
	r := uintptr(tw.iters[tw.niters])
	tw.niters++
	hi := &mi.hi
	hi.t, hi.h, hi.B, hi.buckets = mi.typ, hp, h.B, h.buckets
	bucketType := *(*unsafe.Pointer)(unsafe.Add(mi.typ, mtBucket))
	if *(*uintptr)(unsafe.Add(bucketType, typePtrdata)) == 0 {
		if h.extra == nil {
			h.extra = new(hmapExtra)
		}
		if h.extra.overflow == nil {
			h.extra.overflow = new([]unsafe.Pointer)
		}
		hi.overflow, hi.oldoverflow = h.extra.overflow, h.extra.oldoverflow
	}
	hi.startBucket = r & (uintptr(1)<<h.B - 1)
	hi.offset = uint8(r >> h.B & 7)
	hi.bucket = hi.startBucket
	h.flags |= twinIterator
	hi.key = unsafe.Pointer(&twinSentinel) // not exhausted: Next steps it
}

// twinOrd adds a range's next key to op i's order digest (md_twin_ord).
func twinOrd(i int, keyhash uint64) {
	if twinOn {
		twin.tw.ord[i] = C.uint64_t(mdres.Mix(uint64(twin.tw.ord[i])^keyhash) + 0x9e3779b97f4a7c15)
	}
}
