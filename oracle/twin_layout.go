//go:build gc && !go1.24
// +build gc,!go1.24

package main

// The layout records of the twin (docs/TWIN.md), as harness/run/twin.c
// writes them for the port: byte for byte the same.

/*
#include "run/twin.h"
*/
import "C"

import (
	"mapdiff/oracle/mdres"
	"unsafe"
)

// layout records map h after op i: its digest, and its bytes at dump_op.
func (t *twinState) layout(i int, h *hmapHeader) {
	tw := t.tw
	tw.lay[i] = 0
	if h == nil {
		return
	}
	b := t.buf[:0]
	b = append(b, C.MD_TWIN_HDR)
	b = mdres.AppendLE(b, uint64(h.count), 8)
	b = append(b, h.flags, h.B)
	b = mdres.AppendLE(b, uint64(h.noverflow), 2)
	b = mdres.AppendLE(b, uint64(h.hash0), 4)
	b = mdres.AppendLE(b, uint64(h.nevacuate), 8)
	b = append(b, okBit(h.oldbuckets != nil))
	if h.buckets == nil {
		b = append(b, C.MD_TWIN_NOBUCKETS)
	}
	b = t.array(b, h.buckets, uintptr(1)<<h.B, 0)
	if h.oldbuckets != nil {
		n := uintptr(1) << h.B
		if h.flags&twinSameSizeGrow == 0 {
			n >>= 1
		}
		b = t.array(b, h.oldbuckets, n, 1)
	}
	t.buf = b
	tw.lay[i] = C.uint64_t(mdres.KeyHashBytes(b))
	if i != int(tw.dump_op) {
		return
	}
	if len(b) > C.MD_TWIN_DUMP {
		tw.status = C.MD_TWIN_NODUMP
		b = b[:C.MD_TWIN_DUMP]
	}
	tw.dump_len = C.uint32_t(len(b))
	copy((*[C.MD_TWIN_DUMP]byte)(unsafe.Pointer(&tw.dump[0]))[:], b)
}

func okBit(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// array appends n buckets from base, each followed by its overflow chain.
func (t *twinState) array(b []byte, base unsafe.Pointer, n uintptr, array byte) []byte {
	if base == nil {
		return b
	}
	bsize := uintptr(*(*uint16)(unsafe.Add(t.mt, mtBucketsize)))
	ksize := uintptr(*(*uint8)(unsafe.Add(t.mt, mtKeysize)))
	indirect := *(*uint32)(unsafe.Add(t.mt, mtFlags))&1 != 0 // maptype.indirectkey
	for i := uintptr(0); i < n; i++ {
		depth := byte(0)
		for bk := unsafe.Add(base, i*bsize); bk != nil; bk = *(*unsafe.Pointer)(unsafe.Add(bk, bsize-8)) {
			top := (*[8]byte)(bk)
			b = append(b, C.MD_TWIN_BUCKET, array, depth)
			b = append(b, top[:]...)
			for j := uintptr(0); j < 8; j++ {
				if top[j] >= 5 {
					k := unsafe.Add(bk, 8+j*ksize)
					if indirect {
						k = *(*unsafe.Pointer)(k)
					}
					b = mdres.AppendLE(b, t.keyHash(k), 8)
				}
			}
			depth++
		}
	}
	return b
}
