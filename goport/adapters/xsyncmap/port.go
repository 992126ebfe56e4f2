// Package xsyncmap adapts github.com/puzpuzpuz/xsync/v4's Map (a
// concurrent hash table, CLHT-style) to mapdiff's Go port interface.
//
// Contract: WeakIteration.  Range "does not necessarily correspond to any
// consistent snapshot of the Map's contents: no key will be visited more
// than once, but if the value for any key is stored or deleted
// concurrently, Range may reflect any mapping for that key from any point
// during the Range call. ... the changes may be not reflected in the
// subsequently iterated entries."  Its hash is seeded at random per map.
package xsyncmap

import (
	"github.com/puzpuzpuz/xsync/v4"

	"mapdiff/goport"
)

// Port is the adapter.
func Port() goport.Port {
	return goport.Port{
		Name:     "xsync-Map",
		Module:   "github.com/puzpuzpuz/xsync/v4",
		Contract: goport.WeakIteration,
		Int64:    newMap[int64],
		Float64:  newMap[float64],
		String:   newMap[string],
		Repro:    repro,
	}
}

type smap[K comparable] struct{ m *xsync.Map[K, int64] }

// newMap: WithPresize ignores a hint of 0.
func newMap[K comparable](hint int) goport.Map[K] {
	return smap[K]{xsync.NewMap[K, int64](xsync.WithPresize(hint))}
}

func (s smap[K]) Get(k K) (int64, bool) { return s.m.Load(k) }
func (s smap[K]) Put(k K, v int64)      { s.m.Store(k, v) }
func (s smap[K]) Delete(k K)            { s.m.Delete(k) }
func (s smap[K]) Len() int              { return s.m.Size() }
func (s smap[K]) Clear()                { s.m.Clear() }
func (s smap[K]) Iter() goport.Iter[K]  { return goport.Pull(s.m.Range) }

// repro spells the library's API for `mapdiff go --port` (goport.Repro).
var repro = &goport.Repro{
	Import: `"github.com/puzpuzpuz/xsync/v4"`,
	Type:   `*xsync.Map[K, int64]`,
	New:    `xsync.NewMap[K, int64](xsync.WithPresize(hint))`,
	Get:    `m.Load(k)`,
	Put:    `m.Store(k, v)`,
	Delete: `m.Delete(k)`,
	Len:    `m.Size()`,
	Clear:  `m.Clear()`,
	All:    `m.Range`,
}
