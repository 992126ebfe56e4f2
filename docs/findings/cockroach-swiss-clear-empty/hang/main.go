// Command hang shows github.com/cockroachdb/swiss's Clear of a map that
// never held an entry (docs/FINDINGS.md) through the library's API alone:
// after New(0) and Clear, the ninth Put never returns (its probe loop
// ends only at a group with an empty slot, and the zeroed control bytes
// read as full slots).  Go's map takes all nine.
//
//	go run ./hang    # prints put 1 ... put 9, then hangs
package main

import (
	"fmt"

	"github.com/cockroachdb/swiss"
)

func main() {
	m := swiss.New[float64, int64](0) // no hint, no Put: no table of its own yet
	m.Clear()
	for i := 1; i <= 9; i++ {
		fmt.Println("put", i)
		m.Put(float64(i), 0)
	}
	fmt.Println("len", m.Len()) // Go's map: len 9
}
