// bench.go: Go-side loops for the benchmarks in bench/ (bench/README.md).
//
// Each exported function is ONE cgo call that does all its timing inside
// Go, so the numbers are Go's own cost with no cgo crossing per program or
// per operation: MapdiffBenchProgs runs a program set through the oracle's
// runners (the floor for the Go side of the harness), MapdiffBenchMap times
// one operation on a compiled Go map (insert, lookup, delete, range).
// Keys are made exactly as bench/maps.c makes them for the C port.

package main

/*
#include "format/prog.h"
#include "run/result.h"
*/
import "C"

import (
	"runtime"
	"strconv"
	"time"
	"unsafe"
)

// MapdiffBenchProgs runs the n programs progs[0..n) reps times, each into
// r, entirely inside Go, and returns the elapsed nanoseconds.
//
//export MapdiffBenchProgs
func MapdiffBenchProgs(progs **C.md_prog, n C.int, reps C.int, r *C.md_results) C.int64_t {
	ps := (*[1 << 20]*C.md_prog)(unsafe.Pointer(progs))[:n:n]
	start := time.Now()
	for rep := 0; rep < int(reps); rep++ {
		for _, p := range ps {
			r.nres = p.nops
			r.nmsg = 0
			runners[int(p.keykind)](p, r)
		}
	}
	return C.int64_t(time.Since(start).Nanoseconds())
}

// Operations of MapdiffBenchMap; bench/maps.c uses the same numbers.
const (
	benchInsert = iota
	benchHit
	benchMiss
	benchDelete
	benchRange
)

// benchKey64 is the i-th key of a map of n entries (miss: a key not in it).
func benchKey64(i int, miss bool) int64 {
	k := uint64(i) * 0x9E3779B97F4A7C15
	if miss {
		k++
	}
	return int64(k)
}

// benchKeyStr is benchKey64 as a 20-byte string: "key-" or "mis-" and 16
// hex digits.
func benchKeyStr(i int, miss bool) string {
	k := uint64(benchKey64(i, false))
	s := strconv.FormatUint(k, 16)
	for len(s) < 16 {
		s = "0" + s
	}
	if miss {
		return "mis-" + s
	}
	return "key-" + s
}

// benchBatch is how many maps of size n one timed round uses, so that a
// round does at least ~100000 operations.
func benchBatch(n int) int {
	b := 100000 / n
	if b < 1 {
		b = 1
	}
	return b
}

var benchSink int64

// MapdiffBenchMap times op on maps of size entries with int64 (kind 0) or
// string (kind 1) keys, repeating rounds for at least minNs, and returns
// nanoseconds per operation (per entry for range).
//
//export MapdiffBenchMap
func MapdiffBenchMap(kind, op C.int, size C.int64_t, minNs C.int64_t) C.double {
	n := int(size)
	var ns, ops int64
	for ns < int64(minNs) {
		runtime.GC()
		var d, o int64
		if kind == 0 {
			d, o = benchRound64(int(op), n)
		} else {
			d, o = benchRoundStr(int(op), n)
		}
		ns += d
		ops += o
	}
	return C.double(float64(ns) / float64(ops))
}

func build64(keys []int64) map[int64]int64 {
	m := make(map[int64]int64)
	for i, k := range keys {
		m[k] = int64(i)
	}
	return m
}

// benchRound64 is one timed round: elapsed ns and operations done.
func benchRound64(op, n int) (int64, int64) {
	keys := make([]int64, n)
	miss := make([]int64, n)
	for i := range keys {
		keys[i] = benchKey64(i, false)
		miss[i] = benchKey64(i, true)
	}
	batch := benchBatch(n)
	maps := make([]map[int64]int64, batch)
	switch op {
	case benchDelete:
		for b := range maps {
			maps[b] = build64(keys)
		}
	case benchHit, benchMiss, benchRange:
		maps[0] = build64(keys) // one map, visited batch times
	}
	if op == benchMiss {
		keys = miss
	}
	var sum int64
	start := time.Now()
	for b := range maps {
		switch op {
		case benchInsert:
			maps[b] = build64(keys)
		case benchHit, benchMiss:
			m := maps[0]
			for _, k := range keys {
				sum += m[k]
			}
		case benchDelete:
			m := maps[b]
			for _, k := range keys {
				delete(m, k)
			}
		case benchRange:
			for k, v := range maps[0] {
				sum += k ^ v
			}
		}
	}
	d := time.Since(start).Nanoseconds()
	benchSink += sum + int64(len(maps[0]))
	return d, int64(batch) * int64(n)
}

func buildStr(keys []string) map[string]int64 {
	m := make(map[string]int64)
	for i, k := range keys {
		m[k] = int64(i)
	}
	return m
}

// benchRoundStr is benchRound64 for string keys.
func benchRoundStr(op, n int) (int64, int64) {
	keys := make([]string, n)
	miss := make([]string, n)
	for i := range keys {
		keys[i] = benchKeyStr(i, false)
		miss[i] = benchKeyStr(i, true)
	}
	batch := benchBatch(n)
	maps := make([]map[string]int64, batch)
	switch op {
	case benchDelete:
		for b := range maps {
			maps[b] = buildStr(keys)
		}
	case benchHit, benchMiss, benchRange:
		maps[0] = buildStr(keys) // one map, visited batch times
	}
	if op == benchMiss {
		keys = miss
	}
	var sum int64
	start := time.Now()
	for b := range maps {
		switch op {
		case benchInsert:
			maps[b] = buildStr(keys)
		case benchHit, benchMiss:
			m := maps[0]
			for _, k := range keys {
				sum += m[k]
			}
		case benchDelete:
			m := maps[b]
			for _, k := range keys {
				delete(m, k)
			}
		case benchRange:
			for k, v := range maps[0] {
				sum += int64(len(k)) ^ v
			}
		}
	}
	d := time.Since(start).Nanoseconds()
	benchSink += sum + int64(len(maps[0]))
	return d, int64(batch) * int64(n)
}
