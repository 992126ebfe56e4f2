package main

// named.go: the named types an interface{ M() } key can hold (and an
// interface{} one, next to unnamed types: 1, descIface, the tag).  reflect
// cannot make a type with a method, so they are compiled here: the table
// of harness/format/types_named.c, in the same order (docs/TYPES.md).  A canonical
// interface{ M() } is 0 for nil, else 1 + the index in namedTypes, then
// the value's canonical bytes.

import "reflect"

// ifaceM is the key type interface{ M() }: an alias, so that its name
// is the type literal's (as the C side prints it), not main.I.
type ifaceM = interface{ M() }

type (
	MBool       bool
	MInt        int
	MInt8       int8
	MInt16      int16
	MInt32      int32
	MInt64      int64
	MUint       uint
	MUint8      uint8
	MUint16     uint16
	MUint32     uint32
	MUint64     uint64
	MUintptr    uintptr
	MFloat32    float32
	MFloat64    float64
	MComplex64  complex64
	MComplex128 complex128
	MString     string
	MArr        [2]float64
	MStruct     struct {
		a int8
		b float64
	}
	MEmpty struct{}
	MObj   int // M has a pointer receiver: *MObj is in the table
	MSlice []int
	MMap   map[int]int
	MFunc  func()
	MBox   struct{ x interface{} }
)

func (MBool) M()       {}
func (MInt) M()        {}
func (MInt8) M()       {}
func (MInt16) M()      {}
func (MInt32) M()      {}
func (MInt64) M()      {}
func (MUint) M()       {}
func (MUint8) M()      {}
func (MUint16) M()     {}
func (MUint32) M()     {}
func (MUint64) M()     {}
func (MUintptr) M()    {}
func (MFloat32) M()    {}
func (MFloat64) M()    {}
func (MComplex64) M()  {}
func (MComplex128) M() {}
func (MString) M()     {}
func (MArr) M()        {}
func (MStruct) M()     {}
func (MEmpty) M()      {}
func (*MObj) M()       {}
func (MSlice) M()      {}
func (MMap) M()        {}
func (MFunc) M()       {}
func (MBox) M()        {}

var (
	ifaceType = reflect.TypeOf((*ifaceM)(nil)).Elem()

	// namedTypes is indexed like impl/types_named.c.
	namedTypes = [...]reflect.Type{
		reflect.TypeOf(MBool(false)), reflect.TypeOf(MInt(0)), reflect.TypeOf(MInt8(0)),
		reflect.TypeOf(MInt16(0)), reflect.TypeOf(MInt32(0)), reflect.TypeOf(MInt64(0)),
		reflect.TypeOf(MUint(0)), reflect.TypeOf(MUint8(0)), reflect.TypeOf(MUint16(0)),
		reflect.TypeOf(MUint32(0)), reflect.TypeOf(MUint64(0)), reflect.TypeOf(MUintptr(0)),
		reflect.TypeOf(MFloat32(0)), reflect.TypeOf(MFloat64(0)), reflect.TypeOf(MComplex64(0)),
		reflect.TypeOf(MComplex128(0)), reflect.TypeOf(MString("")),
		reflect.TypeOf(MArr{}), reflect.TypeOf(MStruct{}), reflect.TypeOf(MEmpty{}),
		reflect.TypeOf((*MObj)(nil)), reflect.TypeOf(MSlice(nil)), reflect.TypeOf(MMap(nil)),
		reflect.TypeOf(MFunc(nil)), reflect.TypeOf(MBox{}),
	}

	namedIndex = func() map[reflect.Type]int {
		_ = hashKeysFixed // filled under the fixed hash keys (twin_classic.go)
		m := map[reflect.Type]int{}
		for i, t := range namedTypes {
			m[t] = i
		}
		return m
	}()
)

// canonIfaceM is canonValue for an interface{ M() } v.
func canonIfaceM(v reflect.Value, r *canonReader, o *objects) {
	tag := int(r.take(1)[0])
	if tag == 0 {
		return
	}
	if tag > len(namedTypes) {
		r.bad = true
		return
	}
	x := reflect.New(namedTypes[tag-1]).Elem()
	canonValue(x, r, false, o)
	v.Set(x)
}

// appendIfaceM is appendCanon for an interface{ M() } v.
func appendIfaceM(b []byte, v reflect.Value, o *objects) []byte {
	if v.IsNil() {
		return append(b, 0)
	}
	e := addressableElem(v)
	i, ok := namedIndex[e.Type()]
	if !ok {
		return append(b, 0xFF) // not in the table: reads back as malformed
	}
	return appendCanon(append(b, byte(i+1)), e, false, o)
}
