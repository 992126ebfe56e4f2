// Command gc121loadfactor shows gc 1.21's map growing at a load factor of
// 6 instead of 6.5 (golang/go#63438): make(map, 13) gets 4 buckets, and
// the 13th insert grows a map of 2 buckets.  It reads B from the classic
// map's header (hmap, runtime/map.go of gc 1.19 to 1.23); run it with
// each toolchain's go: `go run .`.
package main

import (
	"fmt"
	"unsafe"
)

// hmap is the head of the classic runtime.hmap (runtime/map.go).
type hmap struct {
	count     int
	flags     uint8
	B         uint8
	noverflow uint16
}

// B is log2 of m's bucket count.
func B(m map[int64]int64) uint8 { return (**(**hmap)(unsafe.Pointer(&m))).B }

func main() {
	m := make(map[int64]int64, 13)
	fmt.Println("make(map, 13): B =", B(m))
	m = make(map[int64]int64)
	for i := int64(0); i < 14; i++ {
		m[i] = i
		if i == 12 || i == 13 {
			fmt.Printf("after %d inserts: B = %d\n", i+1, B(m))
		}
	}
}
