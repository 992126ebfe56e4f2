// Package cockroachswiss adapts github.com/cockroachdb/swiss (a Swiss table
// with extendible hashing) to mapdiff's Go port interface.
//
// Contract: Go's spec in full.  Its README promises "iteration stability
// akin to Go's builtin map if the map is mutated during iteration" (All's
// comment says there is "no guarantee that the mutations will be visible to
// the iteration", which Go allows for additions only).
//
// Hash: the library's own algorithm under a hash of the adapter's
// (swiss.WithHash, hash.go) seeded from the program, not Go's runtime
// hasher under a random seed, so that a program runs the same way every
// time.  Its iteration still starts at a random place (All draws an offset
// from the runtime), which mapdiff compares as Go's random start.
package cockroachswiss

import (
	_ "embed"
	"strings"

	"github.com/cockroachdb/swiss"

	"mapdiff/goport"
)

// Port is the adapter.
func Port() goport.Port {
	return goport.Port{
		Name:     "cockroach-swiss",
		Module:   "github.com/cockroachdb/swiss",
		Contract: goport.GoSpec,
		Int64:    newMap[int64],
		Float64:  newMap[float64],
		String:   newMap[string],
		Repro:    repro,
	}
}

// smap is one map; grown: it has a table of its own (a hint, or a Put
// since New), not the library's shared empty group.
type smap[K comparable] struct {
	m     *swiss.Map[K, int64]
	grown bool
}

func newMap[K comparable](hint int) goport.Map[K] {
	return &smap[K]{swiss.New[K, int64](hint, swiss.WithHash[K, int64](newHasher[K]())), hint > 0}
}

// hashSeed is the seed newHasher mixes in: the program's.
func hashSeed() uint64 { return goport.ProgramSeed() }

//go:embed hash.go
var hashSource string

func (s *smap[K]) Get(k K) (int64, bool) { return s.m.Get(k) }
func (s *smap[K]) Put(k K, v int64)      { s.m.Put(k, v); s.grown = true }
func (s *smap[K]) Delete(k K)            { s.m.Delete(k) }
func (s *smap[K]) Len() int              { return s.m.Len() }
func (s *smap[K]) Iter() goport.Iter[K]  { return goport.Pull(s.m.All) }

// Clear on a map that never grew zeroes 8 slots of the library's shared
// 8-byte empty group, past its allocation, into whatever the Go heap put
// after it (docs/FINDINGS.md): the process is tainted (goport.Taint).
func (s *smap[K]) Clear() {
	if !s.grown {
		goport.Taint("cockroachdb/swiss: Clear of a map that never grew writes past its shared empty group " +
			"(goport-cockroach-swiss-clear-empty)")
	}
	s.m.Clear()
}

// repro spells the library's API for `mapdiff go --port` (goport.Repro).
var repro = &goport.Repro{
	Import: `"github.com/cockroachdb/swiss"`,
	Type:   `*swiss.Map[K, int64]`,
	New:    `swiss.New[K, int64](hint, swiss.WithHash[K, int64](newHasher[K]()))`,
	Get:    `m.Get(k)`,
	Put:    `m.Put(k, v)`,
	Delete: `m.Delete(k)`,
	Len:    `m.Len()`,
	Clear:  `m.Clear()`,
	All:    `m.All`,
	// the adapter's hash (hash.go below its marker), seeded as mapdiff did
	Decls: "// hashSeed is the program's seed, as goport.ProgramSeed gave the adapter.\n" +
		"func hashSeed() uint64 { return programSeed }\n" +
		hashSource[strings.Index(hashSource, "// ---- reproducer ----\n")+len("// ---- reproducer ----\n"):],
}
