// Package mdres is the Go side of a mapdiff program and its results: the
// key bytes of a C md_prog (harness/format/prog.h) and the writers of a C
// md_results (harness/run/result.h) for Go code that runs a program: the
// oracle (oracle/) and the Go ports' runner (goport/serve).
//
// cgo types are per package, so the C structs cross into this package as
// unsafe.Pointer.
package mdres

/*
#cgo CFLAGS: -I${SRCDIR}/../../harness
#include "format/prog.h"
#include "run/result.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// KeyBytes returns the canonical bytes of key i of the md_prog at p (C
// memory, not copied).
func KeyBytes(p unsafe.Pointer, i int) []byte {
	prog := (*C.md_prog)(p)
	k := prog.keys[i]
	all := (*[C.MD_KEYBYTES]byte)(unsafe.Pointer(&prog.keybytes[0]))
	return all[k.off : k.off+k.len : k.off+k.len]
}

// Panic stores e, recovered at op i, into the md_results at r as Go would
// print it.
func Panic(r unsafe.Pointer, i int, e interface{}) {
	var msg string
	switch x := e.(type) {
	case error:
		msg = x.Error()
	case string:
		msg = x
	default:
		msg = fmt.Sprint(x)
	}
	b := []byte(msg)
	if len(b) == 0 {
		b = []byte{0}
		msg = ""
	}
	C.md_results_panic((*C.md_results)(r), C.uint32_t(i), (*C.char)(unsafe.Pointer(&b[0])), C.size_t(len(msg)))
}

// Entry appends one range entry for a report (cold path).
func Entry(r unsafe.Pointer, key []byte, v int64) {
	var k [1]byte
	p := &k[0]
	if len(key) > 0 {
		p = &key[0]
	}
	C.md_results_entry((*C.md_results)(r), (*C.uint8_t)(unsafe.Pointer(p)), C.uint32_t(len(key)), C.int64_t(v))
}

// ItEntry records an entry produced by an iterator at op i: the Go twin of
// md_results_itent, writing into the C arena.
func ItEntry(rp unsafe.Pointer, i int, key []byte, v int64) {
	r := (*C.md_results)(rp)
	res := &r.res[i]
	need := 4 + len(key) + 8
	if res.itn == 0 {
		res.itoff = r.it_len
	}
	res.ok = 1
	res.val++
	if int(r.it_len)+need > C.MD_IT_ARENA {
		r.it_truncated = 1
		return
	}
	arena := (*[C.MD_IT_ARENA]byte)(unsafe.Pointer(&r.it[0]))
	o := arena[r.it_len : int(r.it_len)+need]
	n := uint32(len(key))
	o[0], o[1], o[2], o[3] = byte(n), byte(n>>8), byte(n>>16), byte(n>>24)
	copy(o[4:], key)
	for j := 0; j < 8; j++ {
		o[4+len(key)+j] = byte(uint64(v) >> (8 * j))
	}
	r.it_len += C.uint32_t(need)
	res.itn++
}

// DigestAdd adds one range entry (its key's md_key_hash and its value word)
// to the digest of the md_res at res: md_digest_add.
func DigestAdd(resp unsafe.Pointer, keyhash uint64, v int64) {
	res := (*C.md_res)(resp)
	e := Mix(keyhash ^ Mix(uint64(v)+0x632be59bd9b4e019))
	res.val++
	res.d1 += C.uint64_t(e)
	res.d2 += C.uint64_t(Mix(e ^ 0x8cb92ba72f3d8dd7))
}

// Skip puts why, the reason a program cannot run here, into the message
// arena of the md_results at rp (the side's skip reason).
func Skip(rp unsafe.Pointer, why string) {
	r := (*C.md_results)(rp)
	arena := (*[C.MD_MSG_ARENA]byte)(unsafe.Pointer(&r.msg[0]))
	r.nmsg = C.uint32_t(copy(arena[:C.MD_MSG_ARENA-1], why))
}
