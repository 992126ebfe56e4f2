// Command cockroach-swiss-clear-empty shows github.com/cockroachdb/swiss's
// Clear writing past an allocation (docs/FINDINGS.md): a map that never
// held an entry points its one group at the library's shared 8-byte
// emptyCtrls, and Clear zeroes that group's 8 slots, past those 8 bytes,
// into whatever the Go heap put after them.
//
// Run it with Go's pointer checks, which stop at the write:
//
//	go run -gcflags=all=-d=checkptr .
//
// Without them it prints "cleared" and the damage shows later, if ever.
package main

import (
	"fmt"

	"github.com/cockroachdb/swiss"
)

func main() {
	m := swiss.New[string, int64](0) // no hint, no Put: no table of its own yet
	m.Clear()
	fmt.Println("cleared; len", m.Len())
}
