package main

// reflect_runner.go: the runner for every map type without a compiled
// runner (composite keys: arrays, structs, interfaces, pointers, channels;
// and every value type but int64): the map type is reflect.MapOf of the
// key and value types oracle/types.go builds from the program's
// descriptors, keys and values come from their canonical bytes
// (canonValue), and range keys and values go back to canonical bytes
// (appendCanon).  A value other than an int64 is reported as its word
// (md_val_word in harness/run/result.h): an integer as itself, anything else
// as the hash of its canonical bytes.  The op loop has the semantics of
// the generated runners (runners_gen.go).

/*
#include "format/prog.h"
#include "run/result.h"
*/
import "C"

import (
	"fmt"
	"reflect"
	"unsafe"

	"mapdiff/oracle/mdres"
)

var int64Type = reflect.TypeOf(int64(0))

// mapTypes caches map types by key descriptor (reflect caches the types
// themselves anyway).
var mapTypes = map[string]reflect.Type{}

func descBytes(d *[C.MD_MAX_DESC]C.uint8_t, n int) []byte {
	if n > C.MD_MAX_DESC {
		n = C.MD_MAX_DESC
	}
	return (*[C.MD_MAX_DESC]byte)(unsafe.Pointer(&d[0]))[:n:n]
}

func keyDesc(p *C.md_prog) []byte { return descBytes(&p.keydesc, int(p.keydesclen)) }
func valDesc(p *C.md_prog) []byte { return descBytes(&p.valdesc, int(p.valdesclen)) }

// int64Vals is md_prog_int64_vals: op.val is the value itself.
func int64Vals(p *C.md_prog) bool { return p.valkind == kindInt64 && p.valdesclen <= 1 }

const kindInt64 = 5 // GO_INT64 (impl/port.h)

func reflectMapType(p *C.md_prog) reflect.Type {
	kd, vd := keyDesc(p), valDesc(p)
	name := string(kd) + "\x00" + string(vd)
	if t, ok := mapTypes[name]; ok {
		return t
	}
	if len(mapTypes) > 4096 {
		mapTypes = map[string]reflect.Type{}
	}
	kr, vr := descReader{b: kd}, descReader{b: vd}
	vt := int64Type
	if !int64Vals(p) {
		vt = decodeType(&vr, true, 0)
	}
	t := reflect.MapOf(decodeType(&kr, true, 0), vt)
	mapTypes[name] = t
	return t
}

// safeMapType is reflectMapType, or why this Go's reflect cannot make the
// type: gccgo 11's reflect.StructOf (Go 1.16) rejects a second blank field.
func safeMapType(p *C.md_prog) (t reflect.Type, why string) {
	defer func() {
		if e := recover(); e != nil {
			why = fmt.Sprint("reflect cannot make the map type here: ", e)
		}
	}()
	return reflectMapType(p), ""
}

// valBytes returns the canonical bytes of value i (C memory, not copied).
func valBytes(p *C.md_prog, i int) []byte {
	if i < 0 || i >= int(p.nvals) {
		i = 0
	}
	k := p.vals[i]
	all := (*[C.MD_KEYBYTES]byte)(unsafe.Pointer(&p.keybytes[0]))
	return all[k.off : k.off+k.len : k.off+k.len]
}

// valWord is md_val_word: an integer value as itself, anything else as
// the hash of its canonical bytes.
func (st *reflectState) valWord(v reflect.Value) int64 {
	if st.vint {
		return v.Int()
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return int64(v.Uint())
	}
	if !v.CanAddr() { // a copy, so that float32 bits read exactly (appendScalar)
		st.vget.Set(v)
		v = st.vget
	}
	st.vbuf = appendCanon(st.vbuf[:0], v, true, &st.objs)
	return int64(keyHashBytes(st.vbuf))
}

// reflectState is a program's variables, keys and iterators.
type reflectState struct {
	mt     reflect.Type
	keys   []reflect.Value
	m      [2]reflect.Value
	nilMap reflect.Value
	it     [C.MD_MAX_ITERS]*reflect.MapIter
	k, v   reflect.Value   // settable views of the current range key and value
	val    reflect.Value   // a settable value to store (m[k] += d)
	dval   reflect.Value   // a settable int64: op.val of int64 values
	vget   reflect.Value   // a settable copy of a looked-up value
	vals   []reflect.Value // the value table (values other than int64)
	vint   bool            // int64 values: op.val is the value
	seen   bool            // a same-size grow was seen (shape_classic.go)
	zero   int64           // the word of the zero value
	objs   objects
	buf    []byte
	vbuf   []byte
}

// runReflect runs p on a map of a reflect-built type; 1 when p's keys do
// not decode.
func runReflect(p *C.md_prog, r *C.md_results) C.int {
	mt, why := safeMapType(p)
	if why != "" {
		mdres.Skip(unsafe.Pointer(r), why)
		return 1
	}
	st := &reflectState{mt: mt}
	kt := st.mt.Key()
	var ok bool
	if st.keys, ok = st.decodeAll(kt, int(p.nkeys), func(i int) []byte { return keyBytes(p, i) }); !ok {
		return 1
	}
	vt := st.mt.Elem()
	st.vint = int64Vals(p)
	if !st.vint {
		if st.vals, ok = st.decodeAll(vt, int(p.nvals), func(i int) []byte { return valBytes(p, i) }); !ok {
			return 1
		}
	}
	st.nilMap = reflect.Zero(st.mt)
	st.m = [2]reflect.Value{st.nilMap, st.nilMap}
	st.k = reflect.New(kt).Elem()
	st.v = reflect.New(vt).Elem()
	st.val = reflect.New(vt).Elem()
	st.dval = reflect.New(vt).Elem()
	st.vget = reflect.New(vt).Elem()
	st.zero = st.valWord(reflect.Zero(vt))
	if r.twin != nil {
		st.twinBegin(p, r)
	}
	r.nres = p.nops
	for i := 0; i < int(p.nops); {
		i = st.steps(r, p, i)
	}
	return 0
}

// decodeAll makes n values of type t from their canonical bytes; false
// when some bytes do not decode.
func (st *reflectState) decodeAll(t reflect.Type, n int, bytesOf func(int) []byte) ([]reflect.Value, bool) {
	vs := make([]reflect.Value, n)
	for i := range vs {
		v := reflect.New(t).Elem()
		cr := canonReader{b: bytesOf(i)}
		canonValue(v, &cr, true, &st.objs)
		if cr.bad || cr.i != len(cr.b) {
			return nil, false
		}
		vs[i] = v
	}
	return vs, true
}

// steps runs ops from start until one panics; it returns the op to resume
// at, after recording the panic.
func (st *reflectState) steps(r *C.md_results, p *C.md_prog, start int) (i int) {
	defer func() {
		if e := recover(); e != nil {
			recordPanic(r, i, e)
			if twinOn {
				st.twinAfter(i, &p.ops[i])
			}
			i++
		}
	}()
	n := int(p.nops)
	for i = start; i < n; i++ {
		res := &r.res[i]
		*res = C.md_res{}
		st.op(r, i, &p.ops[i], res)
		if hasShape {
			st.shape(res, st.m[shapeVar(&p.ops[i])])
		}
		if twinOn {
			st.twinAfter(i, &p.ops[i])
		}
	}
	return n
}

// twinBegin starts the twin's record of p (twin_classic.go): keys by
// address, hashed by their canonical bytes.
func (st *reflectState) twinBegin(p *C.md_prog, r *C.md_results) {
	kt := st.mt.Key()
	var kbuf []byte
	keyAt := func(i int) unsafe.Pointer { return unsafe.Pointer(st.keys[i].UnsafeAddr()) }
	keyHash := func(q unsafe.Pointer) uint64 {
		kbuf = appendCanon(kbuf[:0], reflect.NewAt(kt, q).Elem(), true, &st.objs)
		return keyHashBytes(kbuf)
	}
	twinBegin(p, r, (*[2]unsafe.Pointer)(unsafe.Pointer(&st.mt))[1], keyAt, keyHash)
}

// twinAfter hands the twin the maps the variables hold after op i.
func (st *reflectState) twinAfter(i int, op *C.md_op) {
	var hs [2]unsafe.Pointer
	for v := range hs {
		if !st.m[v].IsNil() {
			hs[v] = unsafe.Pointer(st.m[v].Pointer())
		}
	}
	twinAfter(i, op, unsafe.Pointer(&hs))
}

// shape records the structure of map m after an op, as the compiled
// runners do: setShape reads the header of the map a variable holds.
func (st *reflectState) shape(res *C.md_res, m reflect.Value) {
	if m.IsNil() {
		return
	}
	h := unsafe.Pointer(m.Pointer())
	setShape(res, unsafe.Pointer(&h), &st.seen)
}

func (st *reflectState) op(r *C.md_results, i int, op *C.md_op, res *C.md_res) {
	m := st.m[op.target]
	switch op.code {
	case C.MD_OP_NIL:
		st.m[op.target] = st.nilMap
	case C.MD_OP_MAKE:
		st.m[op.target] = reflect.MakeMap(st.mt)
	case C.MD_OP_MAKEHINT:
		st.m[op.target] = reflect.MakeMapWithSize(st.mt, int(op.val))
	case C.MD_OP_PUT:
		m.SetMapIndex(st.keys[op.key], st.opVal(op))
	case C.MD_OP_ADD:
		st.add(m, st.keys[op.key], st.opVal(op))
	case C.MD_OP_GET:
		if v := m.MapIndex(st.keys[op.key]); v.IsValid() {
			res.val = C.int64_t(st.valWord(v))
			res.ok = 1
		} else {
			res.val = C.int64_t(st.zero)
		}
	case C.MD_OP_DEL:
		m.SetMapIndex(st.keys[op.key], reflect.Value{})
	case C.MD_OP_LEN:
		res.val = C.int64_t(m.Len())
	case C.MD_OP_RANGE:
		st.rangeOp(r, i, m, res)
	case C.MD_OP_CLEAR:
		clearValue(m)
	case C.MD_OP_ALIAS:
		st.m[1-op.target] = m
	case C.MD_OP_CLONE:
		st.m[1-op.target] = cloneValue(m)
	case C.MD_OP_ITER, C.MD_OP_NEXT, C.MD_OP_DRAIN, C.MD_OP_STOP:
		st.iterOp(r, i, op)
	}
}

// opVal is the value a PUT or ADD stores.
func (st *reflectState) opVal(op *C.md_op) reflect.Value {
	if st.vint {
		st.dval.SetInt(int64(op.val))
		return st.dval
	}
	i := int(op.val)
	if i < 0 || i >= len(st.vals) {
		i = 0
	}
	return st.vals[i]
}

// add is m[k] += d, which Go compiles to *mapassign(m, k) += d: on an
// empty (or nil) map only the assignment runs, and its panics are the
// assignment's.  Integer values only (the decoders make every other add
// a put); the sum wraps at the value type's width, as Go's does.
func (st *reflectState) add(m, k, d reflect.Value) {
	if m.Len() == 0 {
		m.SetMapIndex(k, d)
		return
	}
	st.val.Set(reflect.Zero(st.val.Type()))
	if x := m.MapIndex(k); x.IsValid() {
		st.val.Set(x)
	}
	switch st.val.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		st.val.SetInt(st.val.Int() + d.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		st.val.SetUint(st.val.Uint() + d.Uint())
	default:
		st.val.Set(d)
	}
	m.SetMapIndex(k, st.val)
}

// entry takes iterator it's current entry into st.buf (canonical key) and
// returns its value.
func (st *reflectState) entry(it *reflect.MapIter) int64 {
	setIter(st.k, st.v, it)
	st.buf = appendCanon(st.buf[:0], st.k, true, &st.objs)
	return st.valWord(st.v)
}

func (st *reflectState) rangeOp(r *C.md_results, i int, m reflect.Value, res *C.md_res) {
	detail := i == int(r.detail_op)
	it := m.MapRange()
	if twinOn {
		twinIterStart(unsafe.Pointer(it))
	}
	for it.Next() {
		v := st.entry(it)
		kh := keyHashBytes(st.buf)
		digestAdd(res, kh, v)
		if twinOn {
			twinOrd(i, kh)
		}
		if detail {
			addEntry(r, st.buf, v)
		}
	}
}

func (st *reflectState) iterOp(r *C.md_results, i int, op *C.md_op) {
	slot := int(op.key) % C.MD_MAX_ITERS
	switch op.code {
	case C.MD_OP_ITER:
		st.it[slot] = st.m[op.target].MapRange()
	case C.MD_OP_NEXT:
		st.step(r, i, slot)
	case C.MD_OP_DRAIN:
		for st.step(r, i, slot) {
		}
	case C.MD_OP_STOP:
		st.it[slot] = nil
	}
}

// step takes iterator slot's next entry into op i's results; false at the end.
func (st *reflectState) step(r *C.md_results, i int, slot int) bool {
	it := st.it[slot]
	if it == nil {
		return false
	}
	if twinOn {
		twinIterStart(unsafe.Pointer(it))
	}
	if !it.Next() {
		st.it[slot] = nil
		return false
	}
	v := st.entry(it)
	itEntry(r, i, st.buf, v)
	return true
}
