package main

/*
#include <stdint.h>
*/
import "C"

import (
	"runtime"
	"strconv"
	"unsafe"
)

// Facts about the linked Go's map for `mapdiff facts`.  A Go map's layout
// is not visible from outside (and Swiss tables have no B), so growth is
// observed the way a Go program can observe it: an insert that allocates
// is an insert at which the map grew.

var factsSink interface{}

// growthStrings is the string keys MapdiffGoGrowth inserts (the C side
// inserts the same ones).
func growthStrings(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "key-" + strconv.Itoa(i)
	}
	return keys
}

func mallocs() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Mallocs
}

// MapdiffGoGrowth inserts n distinct keys of kind (0 int64, 1 string,
// 2 int8) into make(map[K]int64) and writes to out the 1-based inserts
// that allocated; returns how many it wrote (at most outcap).
//
//export MapdiffGoGrowth
func MapdiffGoGrowth(kind C.int, n C.int, out *C.int32_t, outcap C.int) C.int {
	res := (*[1 << 20]C.int32_t)(unsafe.Pointer(out))[:outcap:outcap]
	w := 0
	record := func(i int, before uint64) {
		if mallocs() != before && w < len(res) {
			res[w] = C.int32_t(i + 1)
			w++
		}
	}
	switch kind {
	case 0:
		m := make(map[int64]int64)
		factsSink = m
		for i := 0; i < int(n); i++ {
			b := mallocs()
			m[int64(i)] = 1
			record(i, b)
		}
	case 1:
		keys := growthStrings(int(n))
		m := make(map[string]int64)
		factsSink = m
		for i := 0; i < int(n); i++ {
			b := mallocs()
			m[keys[i]] = 1
			record(i, b)
		}
	case 2:
		m := make(map[int8]int64)
		factsSink = m
		for i := 0; i < int(n) && i < 256; i++ {
			b := mallocs()
			m[int8(i)] = 1
			record(i, b)
		}
	}
	factsSink = nil
	return C.int(w)
}

// MapdiffGoMakeBytes returns the bytes make(map[int64]int64, hint) allocates.
//
//export MapdiffGoMakeBytes
func MapdiffGoMakeBytes(hint C.int64_t) C.int64_t {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	factsSink = make(map[int64]int64, int64(hint))
	runtime.ReadMemStats(&after)
	factsSink = nil
	return C.int64_t(after.TotalAlloc - before.TotalAlloc)
}
