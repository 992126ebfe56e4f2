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

// hashKeysFixed: this Go's hash keys stay its own (twin_classic.go).
var hashKeysFixed = true

var twinOn bool

func twinBegin(p *C.md_prog, r *C.md_results, mt unsafe.Pointer, keyAt func(int) unsafe.Pointer, keyHash func(unsafe.Pointer) uint64) {
	if r.twin != nil {
		r.twin.status = C.MD_TWIN_NOTGO
	}
}

func typeWord(x interface{}) unsafe.Pointer { return (*[2]unsafe.Pointer)(unsafe.Pointer(&x))[0] }

func twinAfter(i int, op *C.md_op, vars unsafe.Pointer) {}

func twinIterStart(it unsafe.Pointer) {}

func twinOrd(i int, keyhash uint64) {}
