package golistmap

import "mapdiff/goport"

// Port is what mapdiff runs (docs/PORTING.md, "A map written in Go"): the
// map's name, its contract, and one constructor per key type.
func Port() goport.Port {
	return goport.Port{
		Name:     "golistmap",
		Module:   "example.com/golistmap",
		Contract: goport.GoSpec, // it promises Go's semantics, iteration included
		Int64:    newMap[int64],
		Float64:  newMap[float64],
		String:   newMap[string],
		Repro:    repro,
	}
}

// adapter is a *Map[K] as a goport.Map[K]; golistmap has no size hint.
type adapter[K comparable] struct{ m *Map[K] }

func newMap[K comparable](hint int) goport.Map[K] { return adapter[K]{New[K]()} }

func (a adapter[K]) Get(k K) (int64, bool) { return a.m.Get(k) }
func (a adapter[K]) Put(k K, v int64)      { a.m.Put(k, v) }
func (a adapter[K]) Delete(k K)            { a.m.Delete(k) }
func (a adapter[K]) Len() int              { return a.m.Len() }
func (a adapter[K]) Clear()                { a.m.Clear() }
func (a adapter[K]) Iter() goport.Iter[K]  { return goport.Pull(a.m.All()) }

// repro spells the map's API for `mapdiff go --port golistmap` (optional).
var repro = &goport.Repro{
	Import: `"example.com/golistmap"`,
	Type:   `*golistmap.Map[K]`,
	New:    `golistmap.New[K]()`,
	Get:    `m.Get(k)`,
	Put:    `m.Put(k, v)`,
	Delete: `m.Delete(k)`,
	Len:    `m.Len()`,
	Clear:  `m.Clear()`,
	All:    `m.All()`,
}
