package main

// types.go: the Go twin of harness/format/types_desc.c and impl/types_canon.c.
// A type descriptor becomes a reflect.Type (ArrayOf, StructOf, MapOf, ...),
// and a canonical value a reflect.Value of it, and back (docs/TYPES.md).
// Not yet on the per-input path: the runners still take scalar keys.

import (
	"encoding/binary"
	"math"
	"reflect"
	"unsafe"
)

const (
	descMaxDepth = 4
	descMaxSize  = 8192
	// descMaxZeroLen is GODESC_MAX_ZEROLEN: the longest array of
	// zero-size elements (reflect hashes them one by one).
	descMaxZeroLen = 16
	descArray      = 17
	descStruct     = 18
	descEface      = 19
	descPtr        = 20
	descChan       = 21
	descSlice      = 22
	descMap        = 23
	descFunc       = 24
	descIface      = 25
	descNCodes     = 26
	objMax         = 64
)

// scalarTypes is indexed by enum gokind (impl/port.h).
var scalarTypes = [17]reflect.Type{
	reflect.TypeOf(false), reflect.TypeOf(int(0)), reflect.TypeOf(int8(0)),
	reflect.TypeOf(int16(0)), reflect.TypeOf(int32(0)), reflect.TypeOf(int64(0)),
	reflect.TypeOf(uint(0)), reflect.TypeOf(uint8(0)), reflect.TypeOf(uint16(0)),
	reflect.TypeOf(uint32(0)), reflect.TypeOf(uint64(0)), reflect.TypeOf(uintptr(0)),
	reflect.TypeOf(float32(0)), reflect.TypeOf(float64(0)), reflect.TypeOf(complex64(0)),
	reflect.TypeOf(complex128(0)), reflect.TypeOf(""),
}

var (
	efaceType  = reflect.TypeOf((*interface{})(nil)).Elem()
	funcType   = reflect.TypeOf((func())(nil))
	fieldNames = [8]string{"a", "b", "c", "d", "A", "B", "C", "_"}
)

type descReader struct {
	b []byte
	i int
}

// next reads one byte; past the end it reads zeros (and still advances).
func (r *descReader) next() byte {
	r.i++
	if r.i <= len(r.b) {
		return r.b[r.i-1]
	}
	return 0
}

func lenOf(l byte) int {
	if l < 0x80 {
		return int(l)
	}
	return 128 * (int(l) - 0x7F)
}

// fit is types_desc.c fit: too big or, at a key position, not comparable
// decodes as interface{}.
func fit(t reflect.Type, key bool) reflect.Type {
	if t.Size() > descMaxSize || key && !t.Comparable() {
		return efaceType
	}
	return t
}

// decodeType is types_desc.c decode.
func decodeType(r *descReader, key bool, depth int) reflect.Type {
	c := r.next()
	if c < 17 || c >= descNCodes || depth >= descMaxDepth {
		return scalarTypes[c%17]
	}
	switch c {
	case descArray:
		n := lenOf(r.next())
		e := decodeType(r, key, depth+1)
		if uint64(e.Size())*uint64(n) > descMaxSize || e.Size() == 0 && n > descMaxZeroLen {
			return efaceType
		}
		return fit(reflect.ArrayOf(n, e), key)
	case descStruct:
		n := int(r.next() % 5)
		fields := make([]reflect.StructField, n)
		used := 0
		for i := range fields {
			x := r.next() % 8
			for x != 7 && used&(1<<x) != 0 {
				x = (x + 1) % 8 // a name is used once; "_" any number of times
			}
			used |= 1 << x
			name := fieldNames[x]
			fields[i] = reflect.StructField{Name: name, Type: decodeType(r, key, depth+1)}
			if name[0] >= 'a' || name == "_" {
				fields[i].PkgPath = "main"
			}
		}
		return fit(reflect.StructOf(fields), key)
	case descEface:
		return efaceType
	case descIface:
		return ifaceType
	case descFunc:
		return fit(funcType, key)
	case descPtr:
		return fit(reflect.PtrTo(decodeType(r, false, depth+1)), key)
	case descChan:
		return fit(reflect.ChanOf(reflect.BothDir, decodeType(r, false, depth+1)), key)
	case descSlice:
		return fit(reflect.SliceOf(decodeType(r, false, depth+1)), key)
	default: // descMap
		k := decodeType(r, true, depth+1)
		return fit(reflect.MapOf(k, decodeType(r, false, depth+1)), key)
	}
}

// objects are the pointers and channels a program's values name: object
// i+1 of a type is the same value every time within one program.
type objects struct {
	byIndex map[objKey]reflect.Value
	byPtr   map[uintptr]uint32
}

type objKey struct {
	t reflect.Type
	i uint32
}

func (o *objects) get(t reflect.Type, i uint32) reflect.Value {
	if i == 0 || i > objMax {
		return reflect.Zero(t)
	}
	if o.byIndex == nil {
		o.byIndex = map[objKey]reflect.Value{}
		o.byPtr = map[uintptr]uint32{}
	}
	k := objKey{t, i}
	v, ok := o.byIndex[k]
	if !ok {
		if t.Kind() == reflect.Ptr && t.Elem().Size() == 0 {
			// Go may give every zero-size allocation one address
			// (zerobase): a pointer into an object of its own keeps
			// objects apart, as the C side's are.
			v = reflect.NewAt(t.Elem(), unsafe.Pointer(new(uint64)))
		} else if t.Kind() == reflect.Ptr {
			v = reflect.New(t.Elem())
		} else {
			v = reflect.MakeChan(t, 0)
		}
		o.byIndex[k] = v
		o.byPtr[v.Pointer()] = i
	}
	return v
}

type canonReader struct {
	b   []byte
	i   int
	bad bool
}

func (r *canonReader) take(n int) []byte {
	if r.bad || n < 0 || len(r.b)-r.i < n {
		r.bad = true
		return make([]byte, n&0xffff)
	}
	r.i += n
	return r.b[r.i-n : r.i]
}

func (r *canonReader) u32() uint32 { return binary.LittleEndian.Uint32(r.take(4)) }

// canonValue is gocanon_to_native (types_canon.c): canonical bytes into v (settable).
func canonValue(v reflect.Value, r *canonReader, top bool, o *objects) {
	t := v.Type()
	switch t.Kind() {
	case reflect.String:
		n := len(r.b) - r.i
		if !top {
			n = int(r.u32())
		}
		v.SetString(string(r.take(n)))
	case reflect.Array:
		if t.Size() == 0 { // no canonical bytes; [128][1920][1920]struct{} has 471M elements
			return
		}
		for i := 0; i < v.Len(); i++ {
			canonValue(v.Index(i), r, false, o)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if t.Field(i).Name != "_" {
				canonValue(settable(v.Field(i)), r, false, o)
			}
		}
	case reflect.Interface:
		if t == ifaceType {
			canonIfaceM(v, r, o)
		} else {
			canonIface(v, r, o)
		}
	case reflect.Ptr, reflect.Chan:
		v.Set(o.get(t, r.u32()))
	case reflect.Slice:
		n := int(r.u32())
		if n > len(r.b) {
			r.bad = true
			return
		}
		s := reflect.MakeSlice(t, n, n)
		for i := 0; i < n; i++ {
			canonValue(s.Index(i), r, false, o)
		}
		v.Set(s)
	case reflect.Map:
		v.Set(reflect.MakeMap(t))
	case reflect.Func:
	default:
		setScalar(v, r.take(int(t.Size())))
	}
}

// settable is v, settable even when v is an unexported struct field.
func settable(v reflect.Value) reflect.Value {
	if v.CanSet() {
		return v
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

func canonIface(v reflect.Value, r *canonReader, o *objects) {
	if r.take(1)[0] == 0 {
		return
	}
	d := descReader{b: r.b, i: r.i}
	dt := decodeType(&d, false, 0)
	if d.i > len(r.b) {
		r.bad = true
		return
	}
	r.i = d.i
	if dt == ifaceType { // a named type: interface{ M() }'s tag, then its value
		if r.i < len(r.b) && r.b[r.i] == 0 {
			r.bad = true // a nil interface{} is 0: one form per value (codec.c read_eface)
		}
		canonIfaceM(v, r, o)
		return
	}
	if dt.Kind() == reflect.Interface {
		canonIface(v, r, o) // boxing an interface boxes its dynamic value
		return
	}
	x := reflect.New(dt).Elem()
	canonValue(x, r, false, o)
	v.Set(x)
}

// setScalar sets a bool, number or complex from its little-endian bits.
func setScalar(v reflect.Value, b []byte) {
	var u uint64
	for i := len(b) - 1; i >= 0 && i < 8; i-- {
		u = u<<8 | uint64(b[i])
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(u != 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(signExtend(u, len(b)))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(u)
	case reflect.Float32: // through float64 a signaling NaN would be quieted
		*(*uint32)(unsafe.Pointer(v.UnsafeAddr())) = uint32(u)
	case reflect.Float64:
		v.SetFloat(math.Float64frombits(u))
	case reflect.Complex64:
		*(*uint64)(unsafe.Pointer(v.UnsafeAddr())) = binary.LittleEndian.Uint64(b)
	case reflect.Complex128:
		v.SetComplex(complex(math.Float64frombits(binary.LittleEndian.Uint64(b)),
			math.Float64frombits(binary.LittleEndian.Uint64(b[8:]))))
	}
}

func signExtend(u uint64, size int) int64 {
	s := uint(64 - 8*size)
	return int64(u<<s) >> s
}

// appendCanon is types_canon.c to_canon: v's canonical bytes after b.
func appendCanon(b []byte, v reflect.Value, top bool, o *objects) []byte {
	t := v.Type()
	switch t.Kind() {
	case reflect.String:
		if !top {
			b = appendLE(b, uint64(v.Len()), 4)
		}
		return append(b, v.String()...)
	case reflect.Array:
		if t.Size() == 0 { // no canonical bytes (see canonValue)
			return b
		}
		for i := 0; i < v.Len(); i++ {
			b = appendCanon(b, v.Index(i), false, o)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if t.Field(i).Name != "_" {
				b = appendCanon(b, v.Field(i), false, o)
			}
		}
	case reflect.Interface:
		if t == ifaceType {
			return appendIfaceM(b, v, o)
		}
		if v.IsNil() {
			return append(b, 0)
		}
		e := addressableElem(v)
		if i, ok := namedIndex[e.Type()]; ok { // MInt next to int
			return appendCanon(append(b, 1, descIface, byte(i+1)), e, false, o)
		}
		b = appendDesc(append(b, 1), e.Type(), 0)
		return appendCanon(b, e, false, o)
	case reflect.Ptr, reflect.Chan:
		i := uint32(0)
		if !v.IsNil() {
			i = o.byPtr[v.Pointer()]
		}
		return appendLE(b, uint64(i), 4)
	case reflect.Slice:
		b = appendLE(b, uint64(v.Len()), 4)
		for i := 0; i < v.Len(); i++ {
			b = appendCanon(b, v.Index(i), false, o)
		}
	case reflect.Map, reflect.Func:
	default:
		return appendScalar(b, v)
	}
	return b
}

// addressableElem is the dynamic value of the interface{} or
// interface{ M() } v as an addressable copy (so float32 bits read
// exactly), even when v came through an unexported field.
func addressableElem(v reflect.Value) reflect.Value {
	if !v.CanAddr() || v.Type() != efaceType && v.Type() != ifaceType {
		return v.Elem()
	}
	var iv interface{}
	if v.Type() == efaceType {
		iv = *(*interface{})(unsafe.Pointer(v.UnsafeAddr()))
	} else {
		iv = *(*ifaceM)(unsafe.Pointer(v.UnsafeAddr()))
	}
	e := reflect.New(reflect.TypeOf(iv)).Elem()
	e.Set(reflect.ValueOf(iv))
	return e
}

func appendScalar(b []byte, v reflect.Value) []byte {
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			return append(b, 1)
		}
		return append(b, 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return appendLE(b, uint64(v.Int()), int(v.Type().Size()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return appendLE(b, v.Uint(), int(v.Type().Size()))
	case reflect.Float32:
		if v.CanAddr() { // bit-exact: v.Float() would quiet a signaling NaN
			return appendLE(b, uint64(*(*uint32)(unsafe.Pointer(v.UnsafeAddr()))), 4)
		}
		return appendLE(b, uint64(math.Float32bits(float32(v.Float()))), 4)
	case reflect.Float64:
		return appendLE(b, math.Float64bits(v.Float()), 8)
	case reflect.Complex64:
		if v.CanAddr() {
			return appendLE(b, *(*uint64)(unsafe.Pointer(v.UnsafeAddr())), 8)
		}
		c := v.Complex()
		b = appendLE(b, uint64(math.Float32bits(float32(real(c)))), 4)
		return appendLE(b, uint64(math.Float32bits(float32(imag(c)))), 4)
	default: // Complex128
		c := v.Complex()
		b = appendLE(b, math.Float64bits(real(c)), 8)
		return appendLE(b, math.Float64bits(imag(c)), 8)
	}
}

// appendDesc is types_desc.c encode: the descriptor of t.
func appendDesc(b []byte, t reflect.Type, depth int) []byte {
	for k, s := range scalarTypes {
		if t == s {
			return append(b, byte(k))
		}
	}
	switch t.Kind() {
	case reflect.Array:
		n := t.Len()
		l := byte(n)
		if n >= 128 {
			l = byte(n/128 + 0x7F)
		}
		return appendDesc(append(b, descArray, l), t.Elem(), depth+1)
	case reflect.Struct:
		b = append(b, descStruct, byte(t.NumField()))
		for i := 0; i < t.NumField(); i++ {
			x := 0
			for x < 7 && fieldNames[x] != t.Field(i).Name {
				x++
			}
			b = appendDesc(append(b, byte(x)), t.Field(i).Type, depth+1)
		}
		return b
	case reflect.Interface:
		if t == ifaceType {
			return append(b, descIface)
		}
		return append(b, descEface)
	case reflect.Func:
		return append(b, descFunc)
	case reflect.Ptr:
		return appendDesc(append(b, descPtr), t.Elem(), depth+1)
	case reflect.Chan:
		return appendDesc(append(b, descChan), t.Elem(), depth+1)
	case reflect.Slice:
		return appendDesc(append(b, descSlice), t.Elem(), depth+1)
	default: // Map
		return appendDesc(appendDesc(append(b, descMap), t.Key(), depth+1), t.Elem(), depth+1)
	}
}
