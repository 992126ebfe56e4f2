// Package main is mapdiff's oracle: the real Go runtime map, run over a
// whole mapdiff program in one cgo call.
//
// Built with -buildmode=c-archive and linked into every mapdiff binary.
// The C side decodes the input into a C.md_prog (harness/format/prog.h) and hands
// it over with a C.md_results (harness/run/result.h) it owns; MapdiffOracleRun
// runs every op on a map of a compiled type (runners_gen.go) and writes one
// result per op.  A panic is recovered, recorded with Go's own message, and
// the program goes on with the next op.
package main

/*
#cgo CFLAGS: -I${SRCDIR}/../harness
#include "format/prog.h"
#include "run/result.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"mapdiff/oracle/mdres"
	"os"
	"runtime"
	"unsafe"
)

var errNoClear = errors.New("mapdiff: this Go has no clear builtin")
var errNoClone = errors.New("mapdiff: this Go has no maps.Clone")

// forceReflect (MAPDIFF_ORACLE_REFLECT=1) runs every map type but the
// scalar-key, int64-value ones through reflect: the tests compare the
// compiled runners with it.
var forceReflect = os.Getenv("MAPDIFF_ORACLE_REFLECT") == "1"

// MapdiffOracleRun runs program p on the Go runtime map, filling r.
// It returns 0, or 1 when p cannot run (its keys do not decode).
// Scalar keys take a compiled runner, every other key type the reflect
// runner (reflect_runner.go).
//
//export MapdiffOracleRun
func MapdiffOracleRun(p *C.md_prog, r *C.md_results) C.int {
	mdres.EnterFromC()
	k := int(p.keykind)
	if p.nops > C.MD_MAX_OPS || p.nkeys > C.MD_MAX_KEYS {
		return 1
	}
	r.nres = p.nops
	twinOn = false
	if k < len(runners) && int64Vals(p) {
		runners[k](p, r)
		return 0
	}
	if run := compiledRunners[runnerKey(p)]; run != nil && !forceReflect {
		run(p, r)
		return 0
	}
	return runReflect(p, r)
}

// runnerKey is p's key descriptor, a 0 byte, its value descriptor: the
// index of compiledRunners.  (Not on the path of scalar keys with int64
// values; string(bytes) as a map index does not allocate.)
func runnerKey(p *C.md_prog) string {
	var b [2*C.MD_MAX_DESC + 1]byte
	kd, vd := keyDesc(p), valDesc(p)
	n := copy(b[:], kd)
	n += copy(b[n+1:], vd) + 1
	return string(b[:n])
}

// MapdiffOracleInfo writes "<compiler> <version> <map kind> <clear|noclear>
// <clone|noclone>" into buf (NUL-terminated) and returns its length.
//
//export MapdiffOracleInfo
func MapdiffOracleInfo(buf *C.char, n C.int) C.int {
	clear := "noclear"
	if hasClear {
		clear = "clear"
	}
	clone := "noclone"
	if hasClone {
		clone = "clone"
	}
	s := fmt.Sprintf("%s %s %s %s %s", runtime.Compiler, runtime.Version(), mapKind(), clear, clone)
	if len(s) >= int(n) {
		s = s[:int(n)-1]
	}
	out := (*[1 << 16]byte)(unsafe.Pointer(buf))[:n:n]
	copy(out, s)
	out[len(s)] = 0
	return C.int(len(s))
}

// shapeVar is the variable whose map's structure op's result records:
// the clone after a clone, else op's target (md_shape_var, prog.h).
func shapeVar(op *C.md_op) int {
	if op.code == C.MD_OP_CLONE {
		return 1 - int(op.target&1)
	}
	return int(op.target & 1)
}

func okByte(ok bool) C.uint8_t {
	if ok {
		return 1
	}
	return 0
}

// keyBytes returns the canonical bytes of key i (C memory, not copied).
func keyBytes(p *C.md_prog, i int) []byte { return mdres.KeyBytes(unsafe.Pointer(p), i) }

type stringHeader struct {
	p unsafe.Pointer
	n int
}

// cString is a string over b's memory (the program outlives the run).
func cString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	h := stringHeader{unsafe.Pointer(&b[0]), len(b)}
	return *(*string)(unsafe.Pointer(&h))
}

// stringBytes is the bytes of s, not copied; never written.
func stringBytes(s string) []byte {
	if len(s) == 0 {
		return nil
	}
	h := (*stringHeader)(unsafe.Pointer(&s))
	return (*[1 << 30]byte)(h.p)[:h.n:h.n]
}

// recordPanic stores e, recovered at op i, as Go would print it.
func recordPanic(r *C.md_results, i int, e interface{}) { mdres.Panic(unsafe.Pointer(r), i, e) }

// addEntry appends one range entry for a report (cold path).
func addEntry(r *C.md_results, key []byte, v int64) { mdres.Entry(unsafe.Pointer(r), key, v) }

// itEntry records an entry produced by an iterator at op i.
func itEntry(r *C.md_results, i int, key []byte, v int64) {
	mdres.ItEntry(unsafe.Pointer(r), i, key, v)
}

func digestAdd(res *C.md_res, keyhash uint64, v int64) {
	mdres.DigestAdd(unsafe.Pointer(res), keyhash, v)
}

// cKeyHash is the C md_key_hash, for the tests that pin the Go twin to it.
func cKeyHash(b []byte) uint64 {
	var z [1]byte
	p := &z[0]
	if len(b) > 0 {
		p = &b[0]
	}
	return uint64(C.md_key_hash((*C.uint8_t)(unsafe.Pointer(p)), C.uint32_t(len(b))))
}

func main() {}
