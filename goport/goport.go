// Package goport is how a map written in Go plugs into mapdiff: an adapter
// (docs/PORTING.md, "A map written in Go") fills in a Port, and
// ./build.sh goport DIR builds a helper process that runs mapdiff's
// programs on it (goport/serve) and a mapdiff whose port under test it is.
//
// A Port makes maps of the key types it is instantiated for, with int64
// values; a program of any other map type is skipped and reported as
// skipped, never as agreeing.  Nil maps are not the adapter's business: the
// runner does what Go does on a nil map (reads see it empty, writes panic
// with Go's message).
package goport

import "iter"

// Map is one map[K]int64 of the library under test.
type Map[K comparable] interface {
	Get(k K) (v int64, ok bool) // v, ok := m[k]
	Put(k K, v int64)           // m[k] = v
	Delete(k K)                 // delete(m, k)
	Len() int                   // len(m)
	Clear()                     // clear(m)
	// Iter starts an iteration over the map, stepped by the program
	// between other operations on it (Pull makes one of a callback).
	Iter() Iter[K]
}

// Iter is a paused iteration.
type Iter[K comparable] interface {
	// Next produces the next entry, or ok false at the end.
	Next() (k K, v int64, ok bool)
	// Stop ends the iteration early (after Next returned false too).
	Stop()
}

// Contract names what the library does not promise of Go's map, each bit
// one relaxation, as its documentation says.  Programs whose result could
// depend on a disclaimed promise are skipped with the reason (never
// counted as agreeing); every other difference from Go is a divergence.
type Contract uint

const (
	// GoSpec: the library promises Go's map semantics in full.
	GoSpec Contract = 0
	// NoWriteDuringIteration: the library says nothing (or says the
	// result is unspecified) about writing to a map while an iteration over
	// it is live.  Programs that put, add, delete or clear a map while one
	// of its iterators is live are skipped.
	NoWriteDuringIteration Contract = 1 << iota
	// WeakIteration: an iteration need not reflect writes made during it
	// (a concurrent map's iteration over no consistent snapshot).  Skips
	// the same programs as NoWriteDuringIteration, with this reason.
	WeakIteration
)

// String names the relaxations, "go-spec" for none.
func (c Contract) String() string {
	if c == GoSpec {
		return "go-spec"
	}
	s := ""
	for _, x := range []struct {
		bit  Contract
		name string
	}{{NoWriteDuringIteration, "no-write-during-iteration"}, {WeakIteration, "weak-iteration"}} {
		if c&x.bit != 0 {
			if s != "" {
				s += ","
			}
			s += x.name
		}
	}
	return s
}

// Port is an adapter: a library's maps, instantiated per key type.  A nil
// constructor skips programs of that key type.  hint is make's hint; the
// runner passes 0 for no hint and for a hint Go ignores (negative or huge),
// so a constructor never sees more than 1<<16.
type Port struct {
	Name     string // how reports name the port: "dolthub-swiss"
	Module   string // the library's module path, its version read from the build
	Contract Contract
	Int64    func(hint int) Map[int64]
	Float64  func(hint int) Map[float64]
	String   func(hint int) Map[string]
	// Repro spells the library's API for the reproducers `mapdiff go
	// --port ID` writes (nil: that adapter writes none).
	Repro *Repro
}

// seed is the program's seed (ProgramSeed).
var seed uint64

// ProgramSeed is the seed of the program being run (its `seed` line,
// md_prog.seed): an adapter whose library takes a hash function or a hash
// seed seeds it from this, so that the same program lays out the library's
// table the same way on every run (a `mapdiff go --port` reproducer has it
// as the constant programSeed).
func ProgramSeed() uint64 { return seed }

// SetProgramSeed is goport/serve's, before each program.
func SetProgramSeed(s uint64) { seed = s }

// tainted: why the library may have damaged this process (Taint).
var tainted string

// inProcess: the runner shares its process with mapdiff (SetInProcess).
var inProcess bool

// Tainting is what Taint panics with in process: the program stops before
// the damage, and mapdiff runs it again in a helper process of its own.
type Tainting struct{ Why string }

// Taint says the library is about to do what may damage memory beyond the
// map (a known finding: writes past a slice, say), so that later programs
// could see the damage rather than the library.  In a helper process the
// damage happens and mapdiff then starts a fresh helper after the program
// running; in process (./build.sh goport's mapdiff) Taint panics with
// Tainting instead, before the damage, and mapdiff runs that program on
// the helper.  Either way every program gets the same verdict however
// many ran before it in the same process.  why names the finding, its id
// in parentheses ("... (goport-haxmap-clear-hint)"): a known finding of
// that id marked as one that damages the process (harness/report/
// findings.c) then explains any difference of the program that tainted,
// since what breaks next depends on what the damage hit.
func Taint(why string) {
	if inProcess {
		panic(Tainting{why})
	}
	if tainted == "" {
		tainted = why
		if onTaint != nil {
			onTaint(why)
		}
	}
}

// onTaint: goport/serve's, to tell mapdiff at once (SetOnTaint).
var onTaint func(why string)

// SetOnTaint is goport/serve's: f hears of a taint when it happens, so
// that mapdiff knows it even if the program then never ends.
func SetOnTaint(f func(why string)) { onTaint = f }

// SetInProcess is goport/serve's, when built into mapdiff itself.
func SetInProcess(on bool) { inProcess = on }

// Tainted says why the process was tainted since the last call, or "";
// it clears the taint (goport/serve asks after each program).
func Tainted() string {
	why := tainted
	tainted = ""
	return why
}

// Pull makes a steppable Iter of a callback iteration (the library's
// Range/All/Iter wrapped as an iter.Seq2), through iter.Pull2: the
// callback runs as a coroutine, paused between entries, so the program's
// other operations run between steps.
func Pull[K comparable](seq iter.Seq2[K, int64]) Iter[K] {
	next, stop := iter.Pull2(seq)
	return &pulled[K]{next: next, stop: stop}
}

type pulled[K comparable] struct {
	next func() (K, int64, bool)
	stop func()
}

func (p *pulled[K]) Next() (K, int64, bool) { return p.next() }
func (p *pulled[K]) Stop()                  { p.stop() }
