// Command gccgoarrayiface shows gccgo 11 and 12 storing a map key of type
// [2]interface{} whose second element is a slice: gc panics with "hash of
// unhashable type"; gccgo's compiled hash of the array does not check the
// elements' dynamic types. The next assignment of the same key panics
// comparing the keys, inside the assignment, and leaves the map marked as
// being written: the lookup after that (one goroutine, the panic
// recovered) is a fatal error, "concurrent map read and map write". gc
// fixed its own form of that second part in 2017 (golang/go#19359).
// Run it with each toolchain's go: `go run .` (gccgo: `GOENV=off go-11 run .`).
package main

import (
	"fmt"
	"runtime"
)

type slice []int

// try runs f, printing the panic it raised, if any.
func try(what string, f func()) {
	defer func() {
		if e := recover(); e != nil {
			fmt.Printf("%s: panic: %v\n", what, e)
		}
	}()
	f()
	fmt.Printf("%s: no panic\n", what)
}

func main() {
	fmt.Println(runtime.Compiler, runtime.Version())
	m := map[[2]interface{}]int{}
	k := [2]interface{}{1, slice{}}
	try("m[k] = 1", func() { m[k] = 1 })
	fmt.Println("len(m) =", len(m))
	try("m[k] = 2", func() { m[k] = 2 })
	try("_, ok := m[k]", func() { _, ok := m[k]; fmt.Println("ok =", ok) })
	fmt.Println("end")
}
