//go:build !gc || go1.24
// +build !gc go1.24

package main

// No lockstep twin on this Go (gccgo, or the Swiss map of gc 1.24 and
// later): a twin run is told so (twin_classic.go is the classic gc's).

/*
#include "run/twin.h"
*/
import "C"

import "unsafe"

const hasTwin = false

var twinOn bool

func twinBegin(p *C.md_prog, r *C.md_results, keys unsafe.Pointer, ksize uintptr, zero interface{}) {
	if r.twin != nil {
		r.twin.status = C.MD_TWIN_NOTGO
	}
}

func twinUncovered(r *C.md_results) {
	if r.twin != nil {
		r.twin.status = C.MD_TWIN_NOTGO
	}
}

func twinAfter(i int, op *C.md_op, vars unsafe.Pointer) {}

func twinIterStart(it unsafe.Pointer) {}

func twinOrd(i int, keyhash uint64) {}
