// Command classic-clear-iterator shows golang/go#70189 on the classic map
// (gc 1.21, 1.22, 1.23): an iterator started before a grow that finished
// produces NaN entries after clear(m) has removed them.  The Go spec: "If a
// map entry that has not yet been reached is removed during iteration, the
// corresponding iteration value will not be produced."
//
// Run it with each toolchain: go run .
package main

import (
	"fmt"
	"math"
	"runtime"
)

func main() {
	bad := 0
	for trial := 0; trial < 100; trial++ {
		m := map[float64]int{}
		for i := 0; i < 8; i++ { // one full bucket (B = 0)
			m[math.NaN()] = i
		}
		n := 0
		for range m {
			if n == 0 {
				m[math.NaN()] = 8 // the 9th entry grows the map to B = 1; the grow finishes at once
				clear(m)          // every entry is removed
			} else {
				bad++ // an entry produced after clear: it is not in the map
			}
			n++
		}
	}
	fmt.Printf("%s: %d entries produced after clear(m), in 100 runs\n", runtime.Version(), bad)
}
