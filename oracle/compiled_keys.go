package main

// compiled_keys.go: the composite key types that have compiled runners
// (gen.go, runners_gen.go): the compiler's own hash and equality
// functions run for them, where reflect-made types (reflect_runner.go)
// run reflect's.  Each has a decoder from canonical bytes and an encoder
// back (docs/TYPES.md "Canonical values"); oracle/types_test.go pins them
// to the reflect path.

/*
#include "format/prog.h"
*/
import "C"

import "math"

// Named, not aliases of struct types: gccgo 12 stops with an internal
// compiler error (write_hash_function, types.cc:1976) on an alias of a
// struct that needs a generated hash function, in a c-archive.
type keySInt64Int64 struct{ a, b int64 }

type keySInt8Float64 struct {
	a int8
	b float64
}

type keySStringInt64 struct {
	a string
	b int64
}

func decodeA2Int64(b []byte) [2]int64 { return [2]int64{int64(le64(b)), int64(le64(b[8:]))} }

func appendA2Int64(buf []byte, k [2]int64) []byte {
	return appendLE(appendLE(buf, uint64(k[0]), 8), uint64(k[1]), 8)
}

func decodeA2Float64(b []byte) [2]float64 {
	return [2]float64{math.Float64frombits(le64(b)), math.Float64frombits(le64(b[8:]))}
}

func appendA2Float64(buf []byte, k [2]float64) []byte {
	return appendLE(appendLE(buf, math.Float64bits(k[0]), 8), math.Float64bits(k[1]), 8)
}

func decodeA16Uint8(b []byte) (k [16]uint8) {
	copy(k[:], b)
	return k
}

func decodeSInt64Int64(b []byte) keySInt64Int64 {
	return keySInt64Int64{int64(le64(b)), int64(le64(b[8:]))}
}

func appendSInt64Int64(buf []byte, k keySInt64Int64) []byte {
	return appendLE(appendLE(buf, uint64(k.a), 8), uint64(k.b), 8)
}

func decodeSInt8Float64(b []byte) keySInt8Float64 {
	return keySInt8Float64{int8(b[0]), math.Float64frombits(le64(b[1:]))}
}

func appendSInt8Float64(buf []byte, k keySInt8Float64) []byte {
	return appendLE(append(buf, byte(k.a)), math.Float64bits(k.b), 8)
}

// A string inside a composite is u32-length-prefixed.
func decodeSStringInt64(b []byte) keySStringInt64 {
	n := int(le32(b))
	return keySStringInt64{cString(b[4 : 4+n]), int64(le64(b[4+n:]))}
}

func appendSStringInt64(buf []byte, k keySStringInt64) []byte {
	buf = appendLE(buf, uint64(len(k.a)), 4)
	buf = append(buf, k.a...)
	return appendLE(buf, uint64(k.b), 8)
}

// emptyWord is the word of struct{}{} (md_val_word of no bytes).
var emptyWord = int64(keyHashBytes(nil))

func wordEmpty(struct{}) int64 { return emptyWord }

// valIndex is op.val as an index into a value table of n entries (0, the
// zero value, when out of range).
func valIndex(op *C.md_op, n int) int {
	i := int(op.val)
	if i < 0 || i >= n {
		return 0
	}
	return i
}

// emptyOf is the struct{} value of canonical bytes b (there are none).
func emptyOf([]byte) struct{} { return struct{}{} }
