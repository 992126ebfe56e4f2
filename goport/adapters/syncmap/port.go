// Package syncmap adapts the standard library's sync.Map to mapdiff's Go
// port interface.
//
// Contract: WeakIteration.  Range "does not necessarily correspond to any
// consistent snapshot of the Map's contents ... if the value for any key is
// stored or deleted concurrently (including by f), Range may reflect any
// mapping for that key from any point during the Range call."  sync.Map
// has no len: Len counts a Range.
package syncmap

import (
	"sync"

	"mapdiff/goport"
)

// Port is the adapter.
func Port() goport.Port {
	return goport.Port{
		Name:     "sync.Map",
		Module:   "std",
		Contract: goport.WeakIteration,
		Int64:    newMap[int64],
		Float64:  newMap[float64],
		String:   newMap[string],
		Repro:    repro,
	}
}

type smap[K comparable] struct{ m *sync.Map }

func newMap[K comparable](int) goport.Map[K] { return smap[K]{new(sync.Map)} }

func (s smap[K]) Get(k K) (int64, bool) {
	v, ok := s.m.Load(k)
	if !ok {
		return 0, false
	}
	return v.(int64), true
}

func (s smap[K]) Put(k K, v int64) { s.m.Store(k, v) }
func (s smap[K]) Delete(k K)       { s.m.Delete(k) }
func (s smap[K]) Clear()           { s.m.Clear() }

func (s smap[K]) Len() int {
	n := 0
	s.m.Range(func(any, any) bool { n++; return true })
	return n
}

func (s smap[K]) Iter() goport.Iter[K] {
	return goport.Pull(func(yield func(K, int64) bool) {
		s.m.Range(func(k, v any) bool { return yield(k.(K), v.(int64)) })
	})
}

// repro spells the library's API for `mapdiff go --port` (goport.Repro).
var repro = &goport.Repro{
	Import: `"sync"`,
	Type:   `*sync.Map`,
	New:    `new(sync.Map)`,
	Get:    `syncLoad(m, k)`,
	Put:    `m.Store(k, v)`,
	Delete: `m.Delete(k)`,
	Len:    `syncLen(m)`,
	Clear:  `m.Clear()`,
	All:    `syncAll(m)`,
	Decls: `
// syncLoad is m.Load with its value as an int64.
func syncLoad(m *sync.Map, k K) (int64, bool) {
	v, ok := m.Load(k)
	if !ok {
		return 0, false
	}
	return v.(int64), true
}

// syncLen counts m's entries with Range (sync.Map has no len).
func syncLen(m *sync.Map) int {
	n := 0
	m.Range(func(any, any) bool { n++; return true })
	return n
}

// syncAll is m.Range as an iterator of K and int64.
func syncAll(m *sync.Map) iter.Seq2[K, int64] {
	return func(yield func(K, int64) bool) {
		m.Range(func(k, v any) bool { return yield(k.(K), v.(int64)) })
	}
}
`,
}
