package goport

import (
	"fmt"
	"strings"
)

// Repro is how the library's own API spells each operation, for
// `mapdiff go --port ID`, which writes a standalone Go program (it needs
// the library only, not mapdiff) that runs a mapdiff program on the
// library and on Go's map side by side.  Each field is Go source over the
// names m (the map, of type Type), k (a key, of type K), v (an int64) and
// hint (an int); K is the program's key type.  nil of Type is a nil map,
// which the written program handles as Go does, so Type must be a pointer
// (or another type with nil).
type Repro struct {
	Import string // the import spec: `"github.com/cockroachdb/swiss"`
	Type   string // the map's type: `*swiss.Map[K, int64]`
	New    string // an expression of Type: `swiss.New[K, int64](hint)`
	Get    string // an expression of (int64, bool): `m.Get(k)`
	Put    string // a statement: `m.Put(k, v)`
	Delete string // a statement: `m.Delete(k)`
	Len    string // an expression of an integer type: `m.Len()`
	Clear  string // a statement: `m.Clear()`
	// All is an expression of type func(yield func(K, int64) bool): `m.All`.
	All string
	// Decls: more top-level declarations the fields use, gofmt'd.
	Decls string
}

// Source is r as Go source: the import spec on the first line, then the
// declarations of libMap (Type), libNew, libGet, libPut, libDelete, libLen,
// libClear and libAll, which do what Go does on a nil map and otherwise
// call the library.  The written program imports "iter".
func (r *Repro) Source() (string, error) {
	for _, f := range []struct{ name, s string }{{"Import", r.Import}, {"Type", r.Type}, {"New", r.New},
		{"Get", r.Get}, {"Put", r.Put}, {"Delete", r.Delete}, {"Len", r.Len}, {"Clear", r.Clear}, {"All", r.All}} {
		if f.s == "" || strings.Contains(f.s, "\n") {
			return "", fmt.Errorf("goport.Repro.%s must be one line of Go", f.name)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", r.Import)
	fmt.Fprintf(&b, "\n// libMap is the library's map; nil is a nil map, as Go's.\ntype libMap = %s\n", r.Type)
	fmt.Fprintf(&b, "\nfunc libNew(hint int) libMap {\n\treturn %s\n}\n", r.New)
	fmt.Fprintf(&b, "\nfunc libGet(m libMap, k K) (int64, bool) {\n\tif m == nil {\n\t\treturn 0, false\n\t}\n\treturn %s\n}\n", r.Get)
	fmt.Fprintf(&b, "\nfunc libPut(m libMap, k K, v int64) {\n\tif m == nil {\n\t\tvar nilMap map[K]int64\n"+
		"\t\tnilMap[k] = v // Go's panic: assignment to entry in nil map\n\t}\n\t%s\n}\n", r.Put)
	fmt.Fprintf(&b, "\nfunc libDelete(m libMap, k K) {\n\tif m != nil {\n\t\t%s\n\t}\n}\n", r.Delete)
	fmt.Fprintf(&b, "\nfunc libLen(m libMap) int {\n\tif m == nil {\n\t\treturn 0\n\t}\n\treturn int(%s)\n}\n", r.Len)
	fmt.Fprintf(&b, "\nfunc libClear(m libMap) {\n\tif m != nil {\n\t\t%s\n\t}\n}\n", r.Clear)
	fmt.Fprintf(&b, "\nfunc libAll(m libMap) iter.Seq2[K, int64] {\n\tif m == nil {\n\t\treturn func(func(K, int64) bool) {}\n\t}\n\treturn %s\n}\n", r.All)
	if d := strings.TrimSpace(r.Decls); d != "" {
		fmt.Fprintf(&b, "\n%s\n", d)
	}
	return b.String(), nil
}
