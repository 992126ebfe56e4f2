//go:build !go1.24
// +build !go1.24

package main

/*
#include "run/result.h"
*/
import "C"

import "unsafe"

// hasShape: this Go has the classic map (gc 1.19 to 1.23, gccgo), whose
// header mapdiff reads to compare B with the C port.
const hasShape = true

// hmapHeader is runtime.hmap (runtime/map.go; libgo's copy has the same
// layout), which the lockstep twin reads whole (twin_classic.go).
type hmapHeader struct {
	count      int
	flags      uint8
	B          uint8
	noverflow  uint16
	hash0      uint32
	buckets    unsafe.Pointer
	oldbuckets unsafe.Pointer
	nevacuate  uintptr
	extra      *hmapExtra
}

// hmapExtra is runtime.mapextra.
type hmapExtra struct {
	overflow     *[]unsafe.Pointer
	oldoverflow  *[]unsafe.Pointer
	nextOverflow unsafe.Pointer
}

const sameSizeGrow = 8 // runtime/map.go

// setShape records the structure of the map held by the variable at mp
// (a map value is a *hmap) after an op.
func setShape(res *C.md_res, mp unsafe.Pointer, seen *bool) {
	h := *(**hmapHeader)(mp)
	if h == nil {
		return
	}
	shape := C.uint8_t(C.MD_SHAPE_KNOWN)
	if h.oldbuckets != nil {
		shape |= C.MD_SHAPE_GROWING
		if h.flags&sameSizeGrow != 0 {
			shape |= C.MD_SHAPE_SAMESIZE
			*seen = true
		}
	}
	if *seen {
		shape |= C.MD_SHAPE_SAMESEEN
	}
	res.shape = shape
	res.B = C.uint8_t(h.B)
}
