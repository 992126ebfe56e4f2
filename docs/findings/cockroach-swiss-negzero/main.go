// cockroach-swiss-negzero: github.com/cockroachdb/swiss keeps the key +0
// after m[+0.0] = 1; m[-0.0] = 2, where Go's map keeps -0 (docs/FINDINGS.md).
package main

import (
	"fmt"
	"math"

	"github.com/cockroachdb/swiss"
)

func main() {
	negZero := math.Copysign(0, -1)

	gomap := map[float64]int64{}
	gomap[0.0] = 1
	gomap[negZero] = 2
	for k, v := range gomap {
		fmt.Printf("go map:          key signbit %v, value %d\n", math.Signbit(k), v)
	}

	m := swiss.New[float64, int64](0)
	m.Put(0.0, 1)
	m.Put(negZero, 2)
	m.All(func(k float64, v int64) bool {
		fmt.Printf("cockroach swiss: key signbit %v, value %d\n", math.Signbit(k), v)
		return true
	})
}
