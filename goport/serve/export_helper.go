//go:build !mapdiff_inproc

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
)

// MapdiffOracleRun runs program p on the registered port, filling r: 0, or
// 1 when the port does not run p (the reason in r's message arena).
//
//export MapdiffOracleRun
func MapdiffOracleRun(p *C.md_prog, r *C.md_results) C.int { return runProgram(p, r) }

// MapdiffOracleInfo is the port's info line (info).
//
//export MapdiffOracleInfo
func MapdiffOracleInfo(buf *C.char, n C.int) C.int { return info(buf, n) }

// MapdiffGoportRestart says whether the program just run tainted this
// process (goport.Taint): the helper then exits after its reply, and the
// parent starts a fresh one for the next program (oraclesrv.c).
//
//export MapdiffGoportRestart
func MapdiffGoportRestart() C.int {
	if goport.Tainted() != "" {
		return 1
	}
	return 0
}

// MapdiffGoportTaintTo makes goport.Taint write its reason into buf
// (NUL-terminated) when it happens: the helper's shared memory, which
// mapdiff reads even when the program then hangs (oracle_proc.c).
//
//export MapdiffGoportTaintTo
func MapdiffGoportTaintTo(buf *C.char, n C.int) {
	out := unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(n))
	goport.SetOnTaint(func(why string) { out[copy(out[:n-1], why)] = 0 })
}
