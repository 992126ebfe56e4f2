// Package serve runs mapdiff programs on a Go port (goport.Port), exported
// to C two ways (./build.sh goport DIR builds both):
//   - in a helper process (export_helper.go): the functions an oracle
//     helper exports (MapdiffOracleRun, MapdiffOracleInfo,
//     harness/oracles/oraclesrv.c), over the library's map instead of Go's;
//   - in mapdiff's own process, next to the linked oracle (build tag
//     mapdiff_inproc, export_inproc.go): MapdiffGoportRun and
//     MapdiffGoportInfo (harness/oracles/goport_linked.c).
//
// The main package registers the adapter's Port and is built as a
// c-archive with this package.  The runner keeps
// the program's variables m and m2 and its iterators, does what Go does on
// a nil map, and fills md_results through mapdiff/oracle/mdres, as the
// oracle does.  A program it does not run (a map type the port is not
// instantiated for, a write during iteration the contract disclaims)
// returns 1 with the reason in the results' message arena, which the
// parent shows as the skip reason.
package serve

/*
#cgo CFLAGS: -I${SRCDIR}/../../harness
#include "format/prog.h"
#include "run/result.h"
*/
import "C"

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"unsafe"

	"mapdiff/goport"
	"mapdiff/oracle/mdres"
)

var port goport.Port

// Register makes p the port this helper runs programs on.
func Register(p goport.Port) { port = p }

const (
	kindInt64   = 5  // GO_INT64 (impl/port.h)
	kindFloat64 = 13 // GO_FLOAT64
	kindString  = 16 // GO_STRING
	maxHint     = 1 << 16
)

// scalarNames are the Go names of the scalar kinds, indexed by gokind.
var scalarNames = []string{"bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8",
	"uint16", "uint32", "uint64", "uintptr", "float32", "float64", "complex64", "complex128", "string"}

// runProgram runs program p on the registered port, filling r: 0, or 1
// when the port does not run p (the reason in r's message arena).  In
// process, a goport.Taint panics through it (export_inproc.go).
func runProgram(p *C.md_prog, r *C.md_results) C.int {
	if p.nops > C.MD_MAX_OPS || p.nkeys > C.MD_MAX_KEYS {
		return skip(r, "program out of bounds")
	}
	if p.valkind != kindInt64 || p.valdesclen > 1 {
		return skip(r, "goport runs int64 values only")
	}
	k := int(p.keykind)
	name := "composite"
	if k < len(scalarNames) {
		name = scalarNames[k]
	}
	missing := false
	switch k {
	case kindInt64:
		missing = port.Int64 == nil
	case kindFloat64:
		missing = port.Float64 == nil
	case kindString:
		missing = port.String == nil
	default:
		return skip(r, fmt.Sprintf("goport runs int64, float64 and string keys only, not %s", name))
	}
	if missing {
		return skip(r, fmt.Sprintf("%s has no map[%s]int64", port.Name, name))
	}
	if hasClone(p) { // (the parent skips it first: the info says noclone)
		return skip(r, "no clone")
	}
	if why := outsideContract(p); why != "" {
		return skip(r, why)
	}
	r.nres = p.nops
	goport.SetProgramSeed(uint64(p.seed))
	switch k {
	case kindInt64:
		run(p, r, port.Int64, int64Codec)
	case kindFloat64:
		run(p, r, port.Float64, float64Codec)
	default:
		run(p, r, port.String, stringCodec)
	}
	return 0
}

// info writes "goport <name> <module>@<version> <contract> clear noclone
// keys=K,K vals=int64" into buf (NUL-terminated) and returns its length:
// goport.Map has no clone, so mapdiff skips programs with maps.Clone ("no
// clone"); keys= and vals= are the map types the port runs, onto which
// `mapdiff --port-types` decodes every binary input.
func info(buf *C.char, n C.int) C.int {
	s := fmt.Sprintf("goport %s %s %s clear noclone keys=%s vals=int64", port.Name, moduleVersion(),
		port.Contract, keyTypes())
	if len(s) >= int(n) {
		s = s[:int(n)-1]
	}
	out := unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(n))
	copy(out, s)
	out[len(s)] = 0
	return C.int(len(s))
}

// MapdiffGoportRepro writes the port's goport.Repro as Go source (the
// import spec, then declarations; `mapdiff go --port ID`) into buf
// (NUL-terminated) and returns its length, or -1 (the reason in buf) when
// the port has none or it does not fit.
//
//export MapdiffGoportRepro
func MapdiffGoportRepro(buf *C.char, n C.int) C.int {
	out := unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(n))
	rc, s := 0, ""
	if port.Repro == nil {
		rc, s = -1, port.Name+" declares no goport.Repro"
	} else if src, err := port.Repro.Source(); err != nil {
		rc, s = -1, err.Error()
	} else {
		s = src
	}
	if len(s) >= int(n) {
		rc, s = -1, "goport.Repro's source is too long"
	}
	copy(out, s)
	out[len(s)] = 0
	if rc < 0 {
		return -1
	}
	return C.int(len(s))
}

// keyTypes names the key types the port has a constructor for, in the
// order of their kinds: "int64,float64,string".
func keyTypes() string {
	s := ""
	for _, k := range []struct {
		name string
		has  bool
	}{{"int64", port.Int64 != nil}, {"float64", port.Float64 != nil}, {"string", port.String != nil}} {
		if k.has {
			if s != "" {
				s += ","
			}
			s += k.name
		}
	}
	return s
}

// moduleVersion is the library's module and version as built ("std" and
// the Go version for the standard library).
func moduleVersion() string {
	if port.Module == "" || port.Module == "std" {
		return "std@" + runtime.Version()
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == port.Module {
				return d.Path + "@" + d.Version
			}
		}
	}
	return port.Module + "@unknown"
}

// hasClone says whether p has a maps.Clone op, which goport.Map lacks.
func hasClone(p *C.md_prog) bool {
	for i := 0; i < int(p.nops); i++ {
		if p.ops[i].code == C.MD_OP_CLONE {
			return true
		}
	}
	return false
}

// skip puts why into r's message arena and returns 1.
func skip(r *C.md_results, why string) C.int {
	arena := unsafe.Slice((*byte)(unsafe.Pointer(&r.msg[0])), C.MD_MSG_ARENA)
	r.nmsg = C.uint32_t(copy(arena[:C.MD_MSG_ARENA-1], why))
	return 1
}

// outsideContract says why p's results could depend on what the port's
// contract disclaims, or "": under NoWriteDuringIteration or WeakIteration,
// an iterator stepped after its map was written to since the iterator
// started.  Maps are followed through make, nil and aliases by identity.
func outsideContract(p *C.md_prog) string {
	c := port.Contract
	if c&(goport.NoWriteDuringIteration|goport.WeakIteration) == 0 {
		return ""
	}
	var vars [2]int // the map each variable holds, 0 for nil
	var its [C.MD_MAX_ITERS]struct {
		m       int // the map iterator a+slot is over, 0 for none
		written int // the op that wrote to it while the iterator was live, -1 for none
	}
	made := 0
	for i := 0; i < int(p.nops); i++ {
		op := &p.ops[i]
		t := int(op.target) & 1
		slot := int(op.key) % C.MD_MAX_ITERS
		switch op.code {
		case C.MD_OP_NIL:
			vars[t] = 0
		case C.MD_OP_MAKE, C.MD_OP_MAKEHINT:
			made++
			vars[t] = made
		case C.MD_OP_ALIAS:
			vars[1-t] = vars[t]
		case C.MD_OP_PUT, C.MD_OP_ADD, C.MD_OP_DEL, C.MD_OP_CLEAR:
			for s := range its {
				if vars[t] != 0 && its[s].m == vars[t] && its[s].written < 0 {
					its[s].written = i
				}
			}
		case C.MD_OP_ITER:
			its[slot].m, its[slot].written = vars[t], -1
		case C.MD_OP_NEXT, C.MD_OP_DRAIN:
			if its[slot].m != 0 && its[slot].written >= 0 {
				return fmt.Sprintf("outside the contract (%s): op %d writes while iterator %c is live",
					c, its[slot].written, 'a'+slot)
			}
			if op.code == C.MD_OP_DRAIN {
				its[slot].m = 0
			}
		case C.MD_OP_STOP:
			its[slot].m = 0
		}
	}
	return ""
}

// codec is a key type's canonical bytes (docs/TYPES.md) both ways, and
// md_key_hash of them.
type codec[K comparable] struct {
	dec  func(b []byte) K
	enc  func(buf []byte, k K) []byte
	hash func(k K) uint64
}

var int64Codec = codec[int64]{
	dec:  func(b []byte) int64 { return int64(mdres.LE64(b)) },
	enc:  func(buf []byte, k int64) []byte { return mdres.AppendLE(buf, uint64(k), 8) },
	hash: func(k int64) uint64 { return mdres.KeyHash8(uint64(k)) },
}

var float64Codec = codec[float64]{
	dec:  func(b []byte) float64 { return math.Float64frombits(mdres.LE64(b)) },
	enc:  func(buf []byte, k float64) []byte { return mdres.AppendLE(buf, math.Float64bits(k), 8) },
	hash: func(k float64) uint64 { return mdres.KeyHash8(math.Float64bits(k)) },
}

var stringCodec = codec[string]{
	dec:  func(b []byte) string { return string(b) },
	enc:  func(buf []byte, k string) []byte { return append(buf, k...) },
	hash: func(k string) uint64 { return mdres.KeyHashBytes(unsafe.Slice(unsafe.StringData(k), len(k))) },
}

// state is a program's variables: m, m2 and its iterators.
type state[K comparable] struct {
	make func(hint int) goport.Map[K]
	c    codec[K]
	keys []K
	m    [2]goport.Map[K]
	its  [C.MD_MAX_ITERS]goport.Iter[K]
	buf  []byte
}

func run[K comparable](p *C.md_prog, r *C.md_results, mk func(int) goport.Map[K], c codec[K]) {
	st := &state[K]{make: mk, c: c, keys: make([]K, int(p.nkeys)), buf: make([]byte, 0, 64)}
	for i := range st.keys {
		st.keys[i] = c.dec(mdres.KeyBytes(unsafe.Pointer(p), i))
	}
	defer func() { // also when a goport.Taint panics through
		for s := range st.its {
			st.stop(s)
		}
	}()
	for i := 0; i < int(p.nops); {
		i = st.steps(p, r, i)
	}
}

// nilWrite panics as Go does on m[k] = v with m nil.
func nilWrite() {
	var m map[int]int
	m[0] = 0
}

// steps runs ops from start until one panics; it returns the op to resume
// at, after recording the panic.
func (st *state[K]) steps(p *C.md_prog, r *C.md_results, start int) (i int) {
	defer func() {
		if e := recover(); e != nil {
			if t, ok := e.(goport.Tainting); ok {
				panic(t) // in process: not the program's panic
			}
			mdres.Panic(unsafe.Pointer(r), i, e)
			i++
		}
	}()
	for i = start; i < int(p.nops); i++ {
		op := &p.ops[i]
		res := &r.res[i]
		*res = C.md_res{}
		t := int(op.target) & 1
		m := st.m[t]
		slot := int(op.key) % C.MD_MAX_ITERS
		switch op.code {
		case C.MD_OP_NIL:
			st.m[t] = nil
		case C.MD_OP_MAKE:
			st.m[t] = st.make(0)
		case C.MD_OP_MAKEHINT:
			h := int64(op.val)
			if h < 0 || h > maxHint {
				h = 0 // a hint Go ignores
			}
			st.m[t] = st.make(int(h))
		case C.MD_OP_PUT:
			if m == nil {
				nilWrite()
			}
			m.Put(st.keys[op.key], int64(op.val))
		case C.MD_OP_ADD:
			if m == nil {
				nilWrite()
			}
			k := st.keys[op.key]
			v, _ := m.Get(k)
			m.Put(k, v+int64(op.val))
		case C.MD_OP_GET:
			if m != nil {
				v, ok := m.Get(st.keys[op.key])
				res.val = C.int64_t(v)
				if ok {
					res.ok = 1
				}
			}
		case C.MD_OP_DEL:
			if m != nil {
				m.Delete(st.keys[op.key])
			}
		case C.MD_OP_LEN:
			if m != nil {
				res.val = C.int64_t(m.Len())
			}
		case C.MD_OP_RANGE:
			st.rangeOp(r, res, i, m)
		case C.MD_OP_CLEAR:
			if m != nil {
				m.Clear()
			}
		case C.MD_OP_ALIAS:
			st.m[1-t] = m
		case C.MD_OP_ITER:
			st.stop(slot)
			if m != nil {
				st.its[slot] = m.Iter()
			}
		case C.MD_OP_NEXT:
			st.step(r, i, slot)
		case C.MD_OP_DRAIN:
			for st.step(r, i, slot) {
			}
		case C.MD_OP_STOP:
			st.stop(slot)
		}
	}
	return i
}

// rangeOp is for k, v := range m: the multiset digest of the entries, and
// the entries themselves when a report asks for op i's.
func (st *state[K]) rangeOp(r *C.md_results, res *C.md_res, i int, m goport.Map[K]) {
	if m == nil {
		return
	}
	it := m.Iter()
	defer it.Stop()
	for {
		k, v, ok := it.Next()
		if !ok {
			return
		}
		mdres.DigestAdd(unsafe.Pointer(res), st.c.hash(k), v)
		if i == int(r.detail_op) {
			mdres.Entry(unsafe.Pointer(r), st.c.enc(st.buf[:0], k), v)
		}
	}
}

// step takes iterator slot's next entry into op i's results; false at the end.
func (st *state[K]) step(r *C.md_results, i, slot int) bool {
	it := st.its[slot]
	if it == nil {
		return false
	}
	k, v, ok := it.Next()
	if !ok {
		st.stop(slot)
		return false
	}
	mdres.ItEntry(unsafe.Pointer(r), i, st.c.enc(st.buf[:0], k), v)
	return true
}

func (st *state[K]) stop(slot int) {
	if it := st.its[slot]; it != nil {
		st.its[slot] = nil
		it.Stop()
	}
}
