// Package intmap adapts github.com/kamstrup/intmap (open addressing with
// linear probing, integer keys only) to mapdiff's Go port interface.
//
// Contract: NoWriteDuringIteration.  ForEach and All say only that "the
// iteration order of a Map is not defined"; nothing about writes made
// during an iteration.  Its keys are its IntKey constraint (integer types):
// of the key types goport runs, int64; float64 and string maps are
// skipped.
package intmap

import (
	"github.com/kamstrup/intmap"

	"mapdiff/goport"
)

// Port is the adapter.
func Port() goport.Port {
	return goport.Port{
		Name:     "intmap",
		Module:   "github.com/kamstrup/intmap",
		Contract: goport.NoWriteDuringIteration,
		Int64:    newMap,
		Repro:    repro,
	}
}

type imap struct{ m *intmap.Map[int64, int64] }

// newMap: New's capacity is the hint.
func newMap(hint int) goport.Map[int64] { return imap{intmap.New[int64, int64](hint)} }

func (i imap) Get(k int64) (int64, bool) { return i.m.Get(k) }
func (i imap) Put(k, v int64)            { i.m.Put(k, v) }
func (i imap) Delete(k int64)            { i.m.Del(k) }
func (i imap) Len() int                  { return i.m.Len() }
func (i imap) Clear()                    { i.m.Clear() }
func (i imap) Iter() goport.Iter[int64]  { return goport.Pull(i.m.All()) }

// repro spells the library's API for `mapdiff go --port` (goport.Repro).
var repro = &goport.Repro{
	Import: `"github.com/kamstrup/intmap"`,
	Type:   `*intmap.Map[K, int64]`,
	New:    `intmap.New[K, int64](hint)`,
	Get:    `m.Get(k)`,
	Put:    `m.Put(k, v)`,
	Delete: `m.Del(k)`,
	Len:    `m.Len()`,
	Clear:  `m.Clear()`,
	All:    `m.All()`,
}
