package main

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// The table of harness/format/types_named.c, by the names Go's runtime prints.
var namedWant = []string{
	"main.MBool", "main.MInt", "main.MInt8", "main.MInt16", "main.MInt32", "main.MInt64",
	"main.MUint", "main.MUint8", "main.MUint16", "main.MUint32", "main.MUint64", "main.MUintptr",
	"main.MFloat32", "main.MFloat64", "main.MComplex64", "main.MComplex128", "main.MString",
	"main.MArr", "main.MStruct", "main.MEmpty", "*main.MObj", "main.MSlice", "main.MMap",
	"main.MFunc", "main.MBox",
}

// Every named type is the C side's (same name, index and, for the
// scalars, the kind of the index), implements interface{ M() }, and its
// zero value goes through canonical bytes unchanged.
func TestNamedTypesMatchC(t *testing.T) {
	if len(namedTypes) != len(namedWant) || ifaceType.String() != "interface { M() }" {
		t.Fatalf("%d named types, key type %s", len(namedTypes), ifaceType)
	}
	for i, nt := range namedTypes {
		if nt.String() != namedWant[i] || !nt.Implements(ifaceType) {
			t.Errorf("%d: %s, want %s with method M", i, nt, namedWant[i])
		}
		if i < len(scalarTypes) && nt.Kind() != scalarTypes[i].Kind() {
			t.Errorf("%s: kind %s", nt, nt.Kind())
		}
		var o objects
		v := reflect.New(ifaceType).Elem()
		v.Set(reflect.New(nt).Elem())
		c := appendCanon(nil, v, true, &o)
		back := reflect.New(ifaceType).Elem()
		r := canonReader{b: c}
		canonValue(back, &r, true, &o)
		if c2 := appendCanon(nil, back, true, &o); r.bad || c[0] != byte(i+1) || !bytes.Equal(c, c2) {
			t.Errorf("%s: canonical %x reads back as %x", nt, c, c2)
		}
	}
	if d := appendDesc(nil, ifaceType, 0); !bytes.Equal(d, []byte{descIface}) {
		t.Errorf("descriptor %x", d)
	}
}

// MStruct{1, -0.0} keeps its -0 and its padding never counts; a
// signaling NaN in MFloat32 keeps its bits; (*MObj)(&obj2) is object 2.
func TestCanonicalIfaceMValues(t *testing.T) {
	cases := [][]byte{
		{19, 1, 0, 0, 0, 0, 0, 0, 0, 0x80},
		{13, 0x01, 0x00, 0x80, 0x7f},
		{21, 2, 0, 0, 0},
		{0},
		{20},
		{25, 1, 22, 1, 1, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0},
	}
	for _, c := range cases {
		var o objects
		v := reflect.New(ifaceType).Elem()
		r := canonReader{b: c}
		canonValue(v, &r, true, &o)
		if got := appendCanon(nil, v, true, &o); r.bad || r.i != len(c) || !bytes.Equal(got, c) {
			t.Errorf("canonical %x reads back as %x", c, got)
		}
	}
	bad := [][]byte{{26}, {2, 1}}
	for _, c := range bad {
		var o objects
		r := canonReader{b: c}
		canonValue(reflect.New(ifaceType).Elem(), &r, true, &o)
		if !r.bad && r.i == len(c) {
			t.Errorf("%x decodes", c)
		}
	}
}

// In an interface{} a named value is 1, descIface, its tag, its value
// (codec.c read_eface): MInt(1) next to int(1), MStruct{1, -0.0}, *MObj;
// a nil interface{ M() } there is malformed (nil is 0).
func TestCanonicalNamedInEface(t *testing.T) {
	efaceT := reflect.TypeOf((*interface{})(nil)).Elem()
	cases := []struct {
		c    []byte
		want string
	}{
		{[]byte{1, descIface, 2, 1, 0, 0, 0, 0, 0, 0, 0}, "main.MInt"},
		{[]byte{1, 1, 1, 0, 0, 0, 0, 0, 0, 0}, "int"},
		{[]byte{1, descIface, 17, 1, 0, 0, 0, 's'}, "main.MString"},
		{[]byte{1, descIface, 19, 1, 0, 0, 0, 0, 0, 0, 0, 0x80}, "main.MStruct"},
		{[]byte{1, descIface, 21, 2, 0, 0, 0}, "*main.MObj"},
	}
	for _, tc := range cases {
		var o objects
		v := reflect.New(efaceT).Elem()
		r := canonReader{b: tc.c}
		canonValue(v, &r, true, &o)
		got := appendCanon(nil, v, true, &o)
		if r.bad || r.i != len(tc.c) || !bytes.Equal(got, tc.c) || v.Elem().Type().String() != tc.want {
			t.Errorf("canonical %x: %v reads back as %x", tc.c, v, got)
		}
	}
	var o objects
	r := canonReader{b: []byte{1, descIface, 0}}
	canonValue(reflect.New(efaceT).Elem(), &r, true, &o)
	if !r.bad {
		t.Errorf("a nil interface{ M() } in an interface{} decodes")
	}
	m := map[interface{}]int{int(1): 1, MInt(1): 2}
	if len(m) != 2 || m[MInt(1)] != 2 {
		t.Errorf("MInt(1) and int(1) are one key: %v", m)
	}
}

// On a non-empty map every toolchain panics with the named type's name.
func TestUnhashableNamedTypes(t *testing.T) {
	mt := reflect.MapOf(ifaceType, int64Type)
	m := reflect.MakeMap(mt)
	one := reflect.New(ifaceType).Elem()
	one.Set(reflect.ValueOf(MInt(1)))
	m.SetMapIndex(one, reflect.ValueOf(int64(1)))
	keys := []interface{}{MSlice{1}, MMap{}, MFunc(nil), MBox{[]int{1}}}
	names := []string{"main.MSlice", "main.MMap", "main.MFunc", "[]int"}
	for i, k := range keys {
		kv := reflect.New(ifaceType).Elem()
		kv.Set(reflect.ValueOf(k))
		func() {
			defer func() {
				e, _ := recover().(error)
				want := "runtime error: hash of unhashable type " + names[i]
				if e == nil || e.Error() != want {
					t.Errorf("%T: recovered %v, want %s", k, e, want)
				}
			}()
			m.MapIndex(kv)
		}()
	}
	if !strings.HasPrefix(mt.String(), "map[interface { M() }]") {
		t.Errorf("map type %s", mt)
	}
}
