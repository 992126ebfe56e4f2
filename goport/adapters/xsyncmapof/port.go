// Package xsyncmapof adapts github.com/puzpuzpuz/xsync/v3's MapOf (a
// concurrent hash table) to mapdiff's Go port interface.
//
// Contract: WeakIteration.  Range "does not necessarily correspond to any
// consistent snapshot ... the changes may be not reflected in the
// subsequently iterated entries."
package xsyncmapof

import (
	"github.com/puzpuzpuz/xsync/v3"

	"mapdiff/goport"
)

// Port is the adapter.
func Port() goport.Port {
	return goport.Port{
		Name:     "xsync-MapOf",
		Module:   "github.com/puzpuzpuz/xsync/v3",
		Contract: goport.WeakIteration,
		Int64:    newMap[int64],
		Float64:  newMap[float64],
		String:   newMap[string],
	}
}

type smap[K comparable] struct{ m *xsync.MapOf[K, int64] }

func newMap[K comparable](hint int) goport.Map[K] {
	if hint > 0 {
		return smap[K]{xsync.NewMapOfPresized[K, int64](hint)}
	}
	return smap[K]{xsync.NewMapOf[K, int64]()}
}

func (s smap[K]) Get(k K) (int64, bool) { return s.m.Load(k) }
func (s smap[K]) Put(k K, v int64)      { s.m.Store(k, v) }
func (s smap[K]) Delete(k K)            { s.m.Delete(k) }
func (s smap[K]) Len() int              { return s.m.Size() }
func (s smap[K]) Clear()                { s.m.Clear() }
func (s smap[K]) Iter() goport.Iter[K]  { return goport.Pull(s.m.Range) }
