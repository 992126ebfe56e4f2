package main

// reflect_runner.go: the runner for every key type without a compiled
// runner (arrays, structs, interfaces, pointers, channels): the map type
// is reflect.MapOf of the key type oracle/types.go builds from the
// program's descriptor, keys come from their canonical bytes (canonValue)
// and range keys go back to canonical bytes (appendCanon).  The op loop
// has the semantics of the generated runners (runners_gen.go).

/*
#include "prog.h"
#include "result.h"
*/
import "C"

import (
	"reflect"
	"unsafe"
)

var int64Type = reflect.TypeOf(int64(0))

// mapTypes caches map types by key descriptor (reflect caches the types
// themselves anyway).
var mapTypes = map[string]reflect.Type{}

func keyDesc(p *C.md_prog) []byte {
	n := int(p.keydesclen)
	if n > C.MD_MAX_DESC {
		n = C.MD_MAX_DESC
	}
	return (*[C.MD_MAX_DESC]byte)(unsafe.Pointer(&p.keydesc[0]))[:n:n]
}

func reflectMapType(p *C.md_prog) reflect.Type {
	d := keyDesc(p)
	if t, ok := mapTypes[string(d)]; ok {
		return t
	}
	if len(mapTypes) > 4096 {
		mapTypes = map[string]reflect.Type{}
	}
	r := descReader{b: d}
	t := reflect.MapOf(decodeType(&r, true, 0), int64Type)
	mapTypes[string(d)] = t
	return t
}

// reflectState is a program's variables, keys and iterators.
type reflectState struct {
	mt     reflect.Type
	keys   []reflect.Value
	m      [2]reflect.Value
	nilMap reflect.Value
	it     [C.MD_MAX_ITERS]*reflect.MapIter
	k, v   reflect.Value // settable views of the current range key and value
	val    reflect.Value // a settable int64 to store
	objs   objects
	buf    []byte
}

// runReflect runs p on a map of a reflect-built type; 1 when p's keys do
// not decode.
func runReflect(p *C.md_prog, r *C.md_results) C.int {
	st := &reflectState{mt: reflectMapType(p)}
	kt := st.mt.Key()
	st.keys = make([]reflect.Value, int(p.nkeys))
	for i := range st.keys {
		v := reflect.New(kt).Elem()
		cr := canonReader{b: keyBytes(p, i)}
		canonValue(v, &cr, true, &st.objs)
		if cr.bad || cr.i != len(cr.b) {
			return 1
		}
		st.keys[i] = v
	}
	st.nilMap = reflect.Zero(st.mt)
	st.m = [2]reflect.Value{st.nilMap, st.nilMap}
	st.k = reflect.New(kt).Elem()
	st.v = reflect.New(int64Type).Elem()
	st.val = reflect.New(int64Type).Elem()
	r.nres = p.nops
	for i := 0; i < int(p.nops); {
		i = st.steps(r, p, i)
	}
	return 0
}

// steps runs ops from start until one panics; it returns the op to resume
// at, after recording the panic.
func (st *reflectState) steps(r *C.md_results, p *C.md_prog, start int) (i int) {
	defer func() {
		if e := recover(); e != nil {
			recordPanic(r, i, e)
			i++
		}
	}()
	n := int(p.nops)
	for i = start; i < n; i++ {
		res := &r.res[i]
		*res = C.md_res{}
		st.op(r, i, &p.ops[i], res)
	}
	return n
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
		st.val.SetInt(int64(op.val))
		m.SetMapIndex(st.keys[op.key], st.val)
	case C.MD_OP_ADD:
		st.add(m, st.keys[op.key], int64(op.val))
	case C.MD_OP_GET:
		if v := m.MapIndex(st.keys[op.key]); v.IsValid() {
			res.val = C.int64_t(v.Int())
			res.ok = 1
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
	case C.MD_OP_ITER, C.MD_OP_NEXT, C.MD_OP_DRAIN, C.MD_OP_STOP:
		st.iterOp(r, i, op)
	}
}

// add is m[k] += d, which Go compiles to *mapassign(m, k) += d: on an
// empty (or nil) map only the assignment runs, and its panics are the
// assignment's.
func (st *reflectState) add(m, k reflect.Value, d int64) {
	var v int64
	if m.Len() != 0 {
		if x := m.MapIndex(k); x.IsValid() {
			v = x.Int()
		}
	}
	st.val.SetInt(v + d)
	m.SetMapIndex(k, st.val)
}

// entry takes iterator it's current entry into st.buf (canonical key) and
// returns its value.
func (st *reflectState) entry(it *reflect.MapIter) int64 {
	st.k.SetIterKey(it)
	st.v.SetIterValue(it)
	st.buf = appendCanon(st.buf[:0], st.k, true, &st.objs)
	return st.v.Int()
}

func (st *reflectState) rangeOp(r *C.md_results, i int, m reflect.Value, res *C.md_res) {
	detail := i == int(r.detail_op)
	for it := m.MapRange(); it.Next(); {
		v := st.entry(it)
		digestAdd(res, keyHashBytes(st.buf), v)
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
	if !it.Next() {
		st.it[slot] = nil
		return false
	}
	v := st.entry(it)
	itEntry(r, i, st.buf, v)
	return true
}
