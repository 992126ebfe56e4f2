//go:build mapdiff_inproc

package serve

/*
#cgo CFLAGS: -I${SRCDIR}/../../harness
#include "format/prog.h"
#include "run/result.h"
*/
import "C"

import (
	"unsafe"

	"mapdiff/goport"
	"mapdiff/oracle/mdres"
)

// id is the adapter's id (its folder's name), as --port names it.
var id string

// RegisterAs makes p the port this mapdiff runs in process, under id.
func RegisterAs(adapterID string, p goport.Port) {
	id = adapterID
	Register(p)
	goport.SetInProcess(true)
}

// MapdiffGoportRun runs program p on the registered port in mapdiff's own
// process, filling r: 0, 1 when the port does not run p (the reason in r's
// message arena), or 2 when the library would have tainted the process
// (goport.Taint, the reason in the arena): mapdiff then runs p on the
// port's helper process instead.
//
//export MapdiffGoportRun
func MapdiffGoportRun(p *C.md_prog, r *C.md_results) (rc C.int) {
	mdres.EnterFromC()
	defer func() {
		if e := recover(); e != nil {
			t, ok := e.(goport.Tainting)
			if !ok {
				panic(e)
			}
			skip(r, t.Why)
			rc = 2
		}
	}()
	return runProgram(p, r)
}

// MapdiffGoportInfo is the port's info line (info).
//
//export MapdiffGoportInfo
func MapdiffGoportInfo(buf *C.char, n C.int) C.int { return info(buf, n) }

// MapdiffGoportID writes the adapter's id into buf (NUL-terminated).
//
//export MapdiffGoportID
func MapdiffGoportID(buf *C.char, n C.int) {
	out := unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(n))
	out[copy(out[:n-1], id)] = 0
}
