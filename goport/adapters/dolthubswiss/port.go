// Package dolthubswiss adapts github.com/dolthub/swiss (a Swiss table) to
// mapdiff's Go port interface.
//
// Contract: its Iter says "If the Map is Mutated during iteration,
// mutations will be reflected on return from Iter, but the set of keys
// visited by Iter is non-deterministic": no write during iteration.
package dolthubswiss

import (
	"github.com/dolthub/swiss"

	"mapdiff/goport"
)

// Port is the adapter.
func Port() goport.Port {
	return goport.Port{
		Name:     "dolthub-swiss",
		Module:   "github.com/dolthub/swiss",
		Contract: goport.NoWriteDuringIteration,
		Int64:    newMap[int64],
		Float64:  newMap[float64],
		String:   newMap[string],
		Repro:    repro,
	}
}

type smap[K comparable] struct{ m *swiss.Map[K, int64] }

func newMap[K comparable](hint int) goport.Map[K] {
	return smap[K]{swiss.NewMap[K, int64](uint32(hint))}
}

func (s smap[K]) Get(k K) (int64, bool) { return s.m.Get(k) }
func (s smap[K]) Put(k K, v int64)      { s.m.Put(k, v) }
func (s smap[K]) Delete(k K)            { s.m.Delete(k) }
func (s smap[K]) Len() int              { return s.m.Count() }
func (s smap[K]) Clear()                { s.m.Clear() }

func (s smap[K]) Iter() goport.Iter[K] {
	return goport.Pull(func(yield func(K, int64) bool) {
		s.m.Iter(func(k K, v int64) bool { return !yield(k, v) })
	})
}

// repro spells the library's API for `mapdiff go --port` (goport.Repro).
var repro = &goport.Repro{
	Import: `"github.com/dolthub/swiss"`,
	Type:   `*swiss.Map[K, int64]`,
	New:    `swiss.NewMap[K, int64](uint32(hint))`,
	Get:    `m.Get(k)`,
	Put:    `m.Put(k, v)`,
	Delete: `m.Delete(k)`,
	Len:    `m.Count()`,
	Clear:  `m.Clear()`,
	All:    `all(m)`,
	Decls: `
// all is m.Iter as an iterator (Iter's callback returns true to stop).
func all(m libMap) iter.Seq2[K, int64] {
	return func(yield func(K, int64) bool) {
		m.Iter(func(k K, v int64) bool { return !yield(k, v) })
	}
}
`,
}
