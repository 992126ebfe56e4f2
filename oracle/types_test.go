package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// The Go twin decodes every descriptor of tests/types_golden.txt (made by
// the C decoder, which tests/impl_types_test.c checks against the same
// file) to the type the C side names, with the same size and
// comparability; its descriptor and zero value's canonical bytes go back
// and forth unchanged.
func TestTypeDescriptorsMatchC(t *testing.T) {
	f, err := os.Open("../tests/types_golden.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		col := strings.Split(line, "\t")
		desc, _ := hex.DecodeString(col[0])
		size, _ := strconv.Atoi(col[2])
		r := descReader{b: desc}
		typ := decodeType(&r, col[1] == "1", 0)
		if typ.String() != col[4] || int(typ.Size()) != size || typ.Comparable() != (col[3] == "1") {
			t.Errorf("%s: Go decodes %s (size %d, comparable %v), C %s (size %s, comparable %s)",
				col[0], typ, typ.Size(), typ.Comparable(), col[4], col[2], col[3])
			continue
		}
		d := appendDesc(nil, typ, 0)
		r2 := descReader{b: d}
		if back := decodeType(&r2, col[1] == "1", 0); back != typ {
			t.Errorf("%s: descriptor %x decodes to %s", typ, d, back)
		}
		var o objects
		c := appendCanon(nil, reflect.New(typ).Elem(), true, &o)
		v := reflect.New(typ).Elem()
		cr := canonReader{b: c}
		canonValue(v, &cr, true, &o)
		if c2 := appendCanon(nil, v, true, &o); cr.bad || cr.i != len(c) || !bytes.Equal(c, c2) {
			t.Errorf("%s: canonical %x reads back as %x", typ, c, c2)
		}
		n++
	}
	if n < 100 {
		t.Fatalf("only %d descriptors in the golden file", n)
	}
}

// A canonical interface{} holding []int{1} is a value whose hashing
// panics; one holding struct{a int8; b float64}{1, -0} keeps its -0.
func TestCanonicalInterfaceValues(t *testing.T) {
	c := []byte{1, descSlice, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}
	v := reflect.New(efaceType).Elem()
	var o objects
	r := canonReader{b: c}
	canonValue(v, &r, true, &o)
	if r.bad || v.Elem().Type().String() != "[]int" || v.Elem().Index(0).Int() != 1 {
		t.Fatalf("decoded %v", v)
	}
	if got := appendCanon(nil, v, true, &o); !bytes.Equal(got, c) {
		t.Errorf("canonical %x, want %x", got, c)
	}
	func() {
		defer func() {
			if e := recover(); e == nil || !strings.Contains(e.(error).Error(), "hash of unhashable type") {
				t.Errorf("recovered %v", e)
			}
		}()
		m := map[interface{}]int64{}
		_ = m[v.Interface()]
	}()
	s := []byte{1, descStruct, 2, 0, 2, 1, 13, 1, 0, 0, 0, 0, 0, 0, 0, 0x80}
	r = canonReader{b: s}
	v = reflect.New(efaceType).Elem()
	canonValue(v, &r, true, &o)
	if r.bad || v.Elem().Type().String() != "struct { a int8; b float64 }" {
		t.Fatalf("decoded %v", v)
	}
	if got := appendCanon(nil, v, true, &o); !bytes.Equal(got, s) {
		t.Errorf("canonical %x, want %x", got, s)
	}
}

// Float32 bits go through canonical values exactly, even a signaling NaN
// inside an interface inside a struct field (float64 would quiet it).
func TestCanonFloat32BitsExact(t *testing.T) {
	typ := reflect.StructOf([]reflect.StructField{
		{Name: "a", PkgPath: "main", Type: efaceType},
		{Name: "b", PkgPath: "main", Type: reflect.TypeOf(complex64(0))},
	})
	c := []byte{1, 12, 0x01, 0x00, 0x80, 0x7f, 0x01, 0x00, 0x80, 0x7f, 0x02, 0x00, 0xc0, 0xff}
	var o objects
	v := reflect.New(typ).Elem()
	cr := canonReader{b: c}
	canonValue(v, &cr, true, &o)
	if back := appendCanon(nil, v, true, &o); cr.bad || !bytes.Equal(back, c) {
		t.Fatalf("canonical %x reads back as %x", c, back)
	}
}

// Pointers to zero-size types are distinct objects, as on the C side.
func TestZeroSizeObjectsDistinct(t *testing.T) {
	var o objects
	pt := reflect.PtrTo(reflect.TypeOf(struct{}{}))
	if o.get(pt, 1).Pointer() == o.get(pt, 2).Pointer() {
		t.Fatal("objects 1 and 2 of *struct{} share an address")
	}
}
