// Package haxmap adapts github.com/alphadose/haxmap (a concurrent hash
// map: a Harris lock-free list of entries sorted by hash, indexed by a
// slice) to mapdiff's Go port interface.
//
// Contract: NoWriteDuringIteration.  ForEach's documentation says nothing
// about writes made while it runs ("iterates over key-value pairs and
// executes the lambda provided for each such pair").  haxmap's keys are
// its hashable constraint (integers, floats, complex numbers, strings,
// uintptr, unsafe.Pointer): of the key types goport runs, int64, float64
// and string.
package haxmap

import (
	"github.com/alphadose/haxmap"

	"mapdiff/goport"
)

// Port is the adapter.
func Port() goport.Port {
	return goport.Port{
		Name:     "haxmap",
		Module:   "github.com/alphadose/haxmap",
		Contract: goport.NoWriteDuringIteration,
		Int64:    newMap[int64],
		Float64:  newMap[float64],
		String:   newMap[string],
		Repro:    repro,
	}
}

// hashable is haxmap's key constraint, as far as goport's keys go.
type hashable interface{ ~int64 | ~float64 | ~string }

type hmap[K hashable] struct {
	m    *haxmap.Map[K, int64]
	hint int
}

// newMap: New's optional size, when there is a hint (0 takes its default).
func newMap[K hashable](hint int) goport.Map[K] {
	return hmap[K]{haxmap.New[K, int64](uintptr(hint)), hint}
}

func (h hmap[K]) Get(k K) (int64, bool) { return h.m.Get(k) }
func (h hmap[K]) Put(k K, v int64)      { h.m.Set(k, v) }
func (h hmap[K]) Delete(k K)            { h.m.Del(k) }
func (h hmap[K]) Len() int              { return int(h.m.Len()) }

// Clear after New(n), n not a power of 2, writes past haxmap's index
// (docs/FINDINGS.md, goport-haxmap-clear-hint): the process is tainted.
func (h hmap[K]) Clear() {
	if h.hint > 0 && h.hint&(h.hint-1) != 0 {
		goport.Taint("Clear after New(n), n not a power of 2 (goport-haxmap-clear-hint)")
	}
	h.m.Clear()
}
func (h hmap[K]) Iter() goport.Iter[K] { return goport.Pull(h.m.ForEach) }

// repro spells the library's API for `mapdiff go --port` (goport.Repro).
var repro = &goport.Repro{
	Import: `"github.com/alphadose/haxmap"`,
	Type:   `*haxmap.Map[K, int64]`,
	New:    `haxmap.New[K, int64](uintptr(hint))`,
	Get:    `m.Get(k)`,
	Put:    `m.Set(k, v)`,
	Delete: `m.Del(k)`,
	Len:    `m.Len()`,
	Clear:  `m.Clear()`,
	All:    `m.ForEach`,
}
