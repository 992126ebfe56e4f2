//go:build ignore
// +build ignore

// gen.go writes runners_gen.go, clear_gen.go, noclear_gen.go, clone_gen.go
// and noclone_gen.go: program
// runners over compiled map types, so that Go's own code for them runs:
// one per scalar key kind with int64 values (map[int64]int64,
// map[string]int64, ...: the fast paths for 4-byte, 8-byte and string
// keys), the fast-path keys with string and struct{} values (the fast
// paths again, with other element sizes), and common composite keys
// ([2]int64, [16]uint8, struct{a, b int64}, struct{a string; b int64}).
// Every other map type goes through reflect (reflect_runner.go).
// Generated, not generic: gccgo 12 (Go 1.18 language) has no generics.
//
//	go run gen.go
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"text/template"
)

// kind is one Go key type: the scalar kinds in the order of gokind in
// impl/port.h, then composite ones (Desc: their descriptor, docs/TYPES.md).
type kind struct {
	Type   string // Go type
	Name   string // suffix of generated names
	Decode string // canonical bytes b -> T
	Hash   string // T k -> md_key_hash of its canonical bytes
	Append string // append canonical bytes of k to buf
	Desc   string // descriptor bytes of a composite key type, as a Go string literal
}

// value is one value type; Int64: op.val is the value itself.
type value struct {
	Type   string // Go type
	Name   string // suffix of generated names ("" for int64)
	Desc   string // descriptor bytes, as a Go string literal
	Decode string // canonical bytes b -> V
	Word   string // V v -> its word (md_val_word)
	Int64  bool
}

var int64Value = value{Type: "int64", Desc: `"\x05"`, Word: "v", Int64: true}

// values other than int64 that the fast-path keys get compiled runners for.
var values = []value{
	{Type: "string", Name: "String", Desc: `"\x10"`, Decode: "cString(b)", Word: "int64(keyHashBytes(stringBytes(v)))"},
	{Type: "struct{}", Name: "Empty", Desc: `"\x12\x00"`, Decode: "emptyOf(b)", Word: "wordEmpty(v)"},
}

// composite key types with compiled runners (int64 values); their decode,
// hash and append helpers are in compiled_keys.go.
var composites = []kind{
	{"[2]int64", "A2Int64", "decodeA2Int64(b)", "keyHashBytes(appendA2Int64(kb[:0], k))", "appendA2Int64(buf, k)", `"\x11\x02\x05"`},
	{"[2]float64", "A2Float64", "decodeA2Float64(b)", "keyHashBytes(appendA2Float64(kb[:0], k))", "appendA2Float64(buf, k)", `"\x11\x02\x0d"`},
	{"[16]uint8", "A16Uint8", "decodeA16Uint8(b)", "keyHashBytes(k[:])", "append(buf, k[:]...)", `"\x11\x10\x07"`},
	{"keySInt64Int64", "SInt64Int64", "decodeSInt64Int64(b)", "keyHashBytes(appendSInt64Int64(kb[:0], k))", "appendSInt64Int64(buf, k)", `"\x12\x02\x00\x05\x01\x05"`},
	{"keySInt8Float64", "SInt8Float64", "decodeSInt8Float64(b)", "keyHashBytes(appendSInt8Float64(kb[:0], k))", "appendSInt8Float64(buf, k)", `"\x12\x02\x00\x02\x01\x0d"`},
	{"keySStringInt64", "SStringInt64", "decodeSStringInt64(b)", "keyHashBytes(appendSStringInt64(kb[:0], k))", "appendSStringInt64(buf, k)", `"\x12\x02\x00\x10\x01\x05"`},
}

// runner is one compiled map type map[K.Type]V.Type.
type runner struct {
	K    kind
	V    value
	Name string
}

// fastKeys are the key kinds Go's compiler gives fast paths to.
var fastKeys = map[string]bool{"int32": true, "uint32": true, "int64": true, "uint64": true, "int": true, "string": true}

// all lists the runners: the scalar kinds with int64 values first, in
// gokind order (the runners table is indexed by kind), then the rest.
func all() (scalar, other []runner) {
	for _, k := range kinds {
		scalar = append(scalar, runner{k, int64Value, k.Name})
	}
	for _, v := range values {
		for _, k := range kinds {
			if fastKeys[k.Type] {
				k.Desc = scalarDesc(k)
				other = append(other, runner{k, v, k.Name + v.Name})
			}
		}
	}
	for _, k := range composites {
		other = append(other, runner{k, int64Value, k.Name})
	}
	return scalar, other
}

// scalarDesc is a scalar kind's one-byte descriptor: its gokind.
func scalarDesc(k kind) string {
	for i, x := range kinds {
		if x.Type == k.Type {
			return fmt.Sprintf("%q", string([]byte{byte(i)}))
		}
	}
	panic(k.Type)
}

var kinds = []kind{
	{"bool", "Bool", "b[0] != 0", "keyHashBits(boolBits(k), 1)", "append(buf, byte(boolBits(k)))", ""},
	{"int", "Int", "int(le64(b))", "keyHash8(uint64(k))", "appendLE(buf, uint64(k), 8)", ""},
	{"int8", "Int8", "int8(b[0])", "keyHashBits(uint64(uint8(k)), 1)", "appendLE(buf, uint64(uint8(k)), 1)", ""},
	{"int16", "Int16", "int16(le16(b))", "keyHashBits(uint64(uint16(k)), 2)", "appendLE(buf, uint64(uint16(k)), 2)", ""},
	{"int32", "Int32", "int32(le32(b))", "keyHashBits(uint64(uint32(k)), 4)", "appendLE(buf, uint64(uint32(k)), 4)", ""},
	{"int64", "Int64", "int64(le64(b))", "keyHash8(uint64(k))", "appendLE(buf, uint64(k), 8)", ""},
	{"uint", "Uint", "uint(le64(b))", "keyHash8(uint64(k))", "appendLE(buf, uint64(k), 8)", ""},
	{"uint8", "Uint8", "b[0]", "keyHashBits(uint64(k), 1)", "appendLE(buf, uint64(k), 1)", ""},
	{"uint16", "Uint16", "le16(b)", "keyHashBits(uint64(k), 2)", "appendLE(buf, uint64(k), 2)", ""},
	{"uint32", "Uint32", "le32(b)", "keyHashBits(uint64(k), 4)", "appendLE(buf, uint64(k), 4)", ""},
	{"uint64", "Uint64", "le64(b)", "keyHash8(k)", "appendLE(buf, k, 8)", ""},
	{"uintptr", "Uintptr", "uintptr(le64(b))", "keyHash8(uint64(k))", "appendLE(buf, uint64(k), 8)", ""},
	{"float32", "Float32", "math.Float32frombits(le32(b))", "keyHashBits(uint64(math.Float32bits(k)), 4)", "appendLE(buf, uint64(math.Float32bits(k)), 4)", ""},
	{"float64", "Float64", "math.Float64frombits(le64(b))", "keyHash8(math.Float64bits(k))", "appendLE(buf, math.Float64bits(k), 8)", ""},
	{"complex64", "Complex64", "complex(math.Float32frombits(le32(b)), math.Float32frombits(le32(b[4:])))", "keyHash8(complex64Bits(k))", "appendLE(buf, complex64Bits(k), 8)", ""},
	{"complex128", "Complex128", "complex(math.Float64frombits(le64(b)), math.Float64frombits(le64(b[8:])))", "keyHash16(math.Float64bits(real(k)), math.Float64bits(imag(k)))", "appendLE(appendLE(buf, math.Float64bits(real(k)), 8), math.Float64bits(imag(k)), 8)", ""},
	{"string", "String", "cString(b)", "keyHashBytes(stringBytes(k))", "append(buf, k...)", ""},
}

const header = `// Code generated by gen.go; DO NOT EDIT.

`

var runners = template.Must(template.New("r").Parse(header + `package main

/*
#include "format/prog.h"
#include "run/result.h"
*/
import "C"

import (
	"math"
	"reflect"
	"unsafe"
)

var _ = math.Float64bits

// runners, indexed by gokind (impl/port.h): scalar keys, int64 values.
var runners = []func(p *C.md_prog, r *C.md_results){
{{- range .Scalar}}
	run{{.Name}},
{{- end}}
}

// compiledRunners, by key descriptor, a 0 byte, value descriptor: the
// other compiled map types (filled under the fixed hash keys,
// twin_classic.go).
var compiledRunners = func() map[string]func(p *C.md_prog, r *C.md_results) {
	_ = hashKeysFixed
	return map[string]func(p *C.md_prog, r *C.md_results){
{{- range .Other}}
		{{.K.Desc}} + "\x00" + {{.V.Desc}}: run{{.Name}},
{{- end}}
	}
}()
{{range .All}}
// ---- map[{{.K.Type}}]{{.V.Type}} ----

var keys{{.Name}} []{{.K.Type}}
{{- if not .V.Int64}}
var vals{{.Name}} []{{.V.Type}}
{{- end}}

func run{{.Name}}(p *C.md_prog, r *C.md_results) {
	n := int(p.nkeys)
	if cap(keys{{.Name}}) < n {
		keys{{.Name}} = make([]{{.K.Type}}, n)
	}
	keys := keys{{.Name}}[:n]
	for i := range keys {
		b := keyBytes(p, i)
		keys[i] = {{.K.Decode}}
	}
{{- if .V.Int64}}
	var vals []int64
{{- else}}
	nv := int(p.nvals)
	if cap(vals{{.Name}}) < nv {
		vals{{.Name}} = make([]{{.V.Type}}, nv)
	}
	vals := vals{{.Name}}[:nv]
	for i := range vals {
		b := valBytes(p, i)
		vals[i] = {{.V.Decode}}
	}
{{- end}}
	if r.twin != nil {
		keyAt := func(i int) unsafe.Pointer { return unsafe.Pointer(&keys[i]) }
		keyHash := func(q unsafe.Pointer) uint64 {
			var kb [64]byte
			k := *(*{{.K.Type}})(q)
			_ = kb
			return {{.K.Hash}}
		}
		twinBegin(p, r, typeWord(map[{{.K.Type}}]{{.V.Type}}(nil)), keyAt, keyHash)
	}
	var st state{{.Name}}
	for i := 0; i < int(p.nops); {
		i = steps{{.Name}}(p, r, keys, vals, &st, i)
	}
}

// state{{.Name}} is a program's variables: m, m2 and its iterators.
type state{{.Name}} struct {
	m        [2]map[{{.K.Type}}]{{.V.Type}}
	its      *iters{{.Name}} // made by the first "it" op
	sameSeen bool            // a same-size grow was seen (shape.go)
}

// iters{{.Name}} holds a program's live iterators, paused between steps
// (reflect.MapIter runs the runtime's own map iterator).
type iters{{.Name}} struct {
	it     [C.MD_MAX_ITERS]*reflect.MapIter
	k      {{.K.Type}}
	v      {{.V.Type}}
	kv, vv reflect.Value // settable views of k and v
}

// iters is the program's iterators, made by the first that needs them.
func (st *state{{.Name}}) iters() *iters{{.Name}} {
	if st.its == nil {
		s := new(iters{{.Name}})
		s.kv = reflect.ValueOf(&s.k).Elem()
		s.vv = reflect.ValueOf(&s.v).Elem()
		st.its = s
	}
	return st.its
}

func (st *state{{.Name}}) iterOp(r *C.md_results, i int, op *C.md_op) {
	s := st.iters()
	slot := int(op.key) % C.MD_MAX_ITERS
	switch op.code {
	case C.MD_OP_ITER:
		s.it[slot] = reflect.ValueOf(st.m[op.target]).MapRange()
	case C.MD_OP_NEXT:
		s.step(r, i, slot)
	case C.MD_OP_DRAIN:
		for s.step(r, i, slot) {
		}
	case C.MD_OP_STOP:
		s.it[slot] = nil
	}
}

// step takes iterator slot's next entry into op i's results; false at the end.
func (s *iters{{.Name}}) step(r *C.md_results, i int, slot int) bool {
	it := s.it[slot]
	if it == nil {
		return false
	}
	if twinOn {
		twinIterStart(unsafe.Pointer(it))
	}
	if !it.Next() {
		s.it[slot] = nil
		return false
	}
	setIter(s.kv, s.vv, it)
	var kb [64]byte
	k, v := s.k, s.v
	buf := kb[:0]
	buf = {{.K.Append}}
	itEntry(r, i, buf, {{.V.Word}})
	return true
}

// twinRange is op i, a range, on an iterator the twin starts (twin.go).
func (st *state{{.Name}}) twinRange(r *C.md_results, i int, m map[{{.K.Type}}]{{.V.Type}}) {
	s := st.iters()
	it := reflect.ValueOf(m).MapRange()
	twinIterStart(unsafe.Pointer(it))
	res := &r.res[i]
	var kb [64]byte
	for it.Next() {
		setIter(s.kv, s.vv, it)
		k, v := s.k, s.v
		h := {{.K.Hash}}
		digestAdd(res, h, {{.V.Word}})
		twinOrd(i, h)
	}
	_ = kb
}

// steps{{.Name}} runs ops from start until one panics; it returns the op to
// resume at, after recording the panic.
func steps{{.Name}}(p *C.md_prog, r *C.md_results, keys []{{.K.Type}}, vals []{{.V.Type}}, st *state{{.Name}}, start int) (i int) {
	defer func() {
		if e := recover(); e != nil {
			recordPanic(r, i, e)
			if twinOn {
				twinAfter(i, &p.ops[i], unsafe.Pointer(&st.m))
			}
			i++
		}
	}()
	n := int(p.nops)
	var kb [64]byte
	for i = start; i < n; i++ {
		op := &p.ops[i]
		res := &r.res[i]
		*res = C.md_res{}
		vars := &st.m
		m := vars[op.target]
		switch op.code {
		case C.MD_OP_NIL:
			vars[op.target] = nil
		case C.MD_OP_MAKE:
			vars[op.target] = make(map[{{.K.Type}}]{{.V.Type}})
		case C.MD_OP_MAKEHINT:
			vars[op.target] = make(map[{{.K.Type}}]{{.V.Type}}, int64(op.val))
{{- if .V.Int64}}
		case C.MD_OP_PUT:
			m[keys[op.key]] = int64(op.val)
		case C.MD_OP_ADD:
			m[keys[op.key]] += int64(op.val)
{{- else}}
		case C.MD_OP_PUT, C.MD_OP_ADD: // the decoders make no add of a non-integer value
			m[keys[op.key]] = vals[valIndex(op, len(vals))]
{{- end}}
		case C.MD_OP_GET:
			v, ok := m[keys[op.key]]
			res.val = C.int64_t({{.V.Word}})
			res.ok = okByte(ok)
		case C.MD_OP_DEL:
			delete(m, keys[op.key])
		case C.MD_OP_LEN:
			res.val = C.int64_t(len(m))
		case C.MD_OP_RANGE:
			if twinOn {
				st.twinRange(r, i, m)
				break
			}
			for k, v := range m {
				digestAdd(res, {{.K.Hash}}, {{.V.Word}})
			}
			if i == int(r.detail_op) {
				detail{{.Name}}(r, m)
			}
		case C.MD_OP_CLEAR:
			clear{{.Name}}(m)
		case C.MD_OP_ALIAS:
			vars[1-op.target] = m
		case C.MD_OP_CLONE:
			vars[1-op.target] = clone{{.Name}}(m)
		case C.MD_OP_ITER, C.MD_OP_NEXT, C.MD_OP_DRAIN, C.MD_OP_STOP:
			st.iterOp(r, i, op)
		}
		if hasShape {
			setShape(res, unsafe.Pointer(&vars[shapeVar(op)]), &st.sameSeen)
		}
		if twinOn {
			twinAfter(i, op, unsafe.Pointer(vars))
		}
	}
	_ = kb
	return n
}

func detail{{.Name}}(r *C.md_results, m map[{{.K.Type}}]{{.V.Type}}) {
	var kb [64]byte
	for k, v := range m {
		buf := kb[:0]
		buf = {{.K.Append}}
		addEntry(r, buf, {{.V.Word}})
	}
}
{{end}}`))

var clears = template.Must(template.New("c").Parse(header + `//go:build go1.21
// +build go1.21

package main

// hasClear: this toolchain has the clear builtin (Go 1.21).
const hasClear = true
{{range .All}}
func clear{{.Name}}(m map[{{.K.Type}}]{{.V.Type}}) { clear(m) }
{{- end}}
`))

var noclears = template.Must(template.New("n").Parse(header + `//go:build !go1.21
// +build !go1.21

package main

// hasClear: this toolchain has no clear builtin (before Go 1.21).
const hasClear = false
{{range .All}}
func clear{{.Name}}(m map[{{.K.Type}}]{{.V.Type}}) { panic(errNoClear) }
{{- end}}
`))

var clones = template.Must(template.New("k").Parse(header + `//go:build go1.21
// +build go1.21

package main

import "maps"

// hasClone: this toolchain has maps.Clone (Go 1.21).
const hasClone = true
{{range .All}}
func clone{{.Name}}(m map[{{.K.Type}}]{{.V.Type}}) map[{{.K.Type}}]{{.V.Type}} { return maps.Clone(m) }
{{- end}}
`))

var noclones = template.Must(template.New("o").Parse(header + `//go:build !go1.21
// +build !go1.21

package main

// hasClone: this toolchain has no maps.Clone (before Go 1.21).
const hasClone = false
{{range .All}}
func clone{{.Name}}(m map[{{.K.Type}}]{{.V.Type}}) map[{{.K.Type}}]{{.V.Type}} { panic(errNoClone) }
{{- end}}
`))

func write(name string, t *template.Template) {
	var b bytes.Buffer
	scalar, other := all()
	data := struct{ Scalar, Other, All []runner }{scalar, other, append(scalar, other...)}
	if err := t.Execute(&b, data); err != nil {
		panic(err)
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		os.Stderr.Write(b.Bytes())
		panic(err)
	}
	if err := os.WriteFile(name, src, 0o644); err != nil {
		panic(err)
	}
}

func main() {
	write("runners_gen.go", runners)
	write("clear_gen.go", clears)
	write("noclear_gen.go", noclears)
	write("clone_gen.go", clones)
	write("noclone_gen.go", noclones)
}
