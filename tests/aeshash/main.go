// The hashes gc 1.19's runtime gives bytes 0..300 long and an 8- and a
// 4-byte key, under its AES key schedule fixed to the bytes the C port and
// the twin's oracles use (impl/aeshash.c, oracle/twin_classic.go): the C
// port's own hash (tests/aeshash.c) must print the same lines
// (tests/t_hash.sh).
package main

import (
	"fmt"
	"unsafe"
)

//go:linkname aeskeysched runtime.aeskeysched
var aeskeysched [128]byte

//go:linkname memhash runtime.memhash
func memhash(p unsafe.Pointer, h, s uintptr) uintptr

//go:linkname memhash64 runtime.memhash64
func memhash64(p unsafe.Pointer, h uintptr) uintptr

//go:linkname memhash32 runtime.memhash32
func memhash32(p unsafe.Pointer, h uintptr) uintptr

func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

func main() {
	for i := range aeskeysched {
		aeskeysched[i] = byte(mix(uint64(i) + 0x61657368))
	}
	var ref [301]byte
	for i := range ref {
		ref[i] = byte(i*131 + 7)
	}
	for s := 0; s <= 300; s++ {
		fmt.Printf("%d %x\n", s, memhash(unsafe.Pointer(&ref[0]), 0x1234, uintptr(s)))
	}
	k := uint64(0x9E3779B97F4A7C15)
	fmt.Printf("64 %x\n", memhash64(unsafe.Pointer(&k), 99))
	fmt.Printf("32 %x\n", memhash32(unsafe.Pointer(&k), 99))
}
