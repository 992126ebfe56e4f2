package mdres

import (
	"os"
	"runtime"
	"time"
)

// At least two Ps, unless GOMAXPROCS says otherwise. With one P (a
// campaign pinned to one core: Go counts the cores it may use), sysmon
// takes the P from the thread in C after 20 us when no other P is idle
// (retake: "runqempty(pp) && sched.nmspinning.Load()+sched.npidle.Load()
// > 0"), so every C phase longer than that (the port's run of an input
// under the sanitizers) wakes it; with a second, idle P it waits 10 ms.
func init() {
	if os.Getenv("GOMAXPROCS") == "" && runtime.GOMAXPROCS(0) < 2 {
		runtime.GOMAXPROCS(2)
	}
}

// lastYield is when EnterFromC last yielded.
var lastYield time.Time

// EnterFromC is called first by every function C calls once per program
// (the oracle's and the Go ports' runners). It keeps Go's sysmon thread
// from taking this thread's P back every 20 us while C runs the other
// sides between two calls.
//
// Between two calls from C the calling thread holds its P as if in a
// system call (runtime/proc.go, entersyscall). sysmon's retake takes the P
// from a thread in a system call when the P's schedtick has not moved for
// forcePreemptNS (10 ms), and nothing on this path ever reschedules, so
// the tick never moves: after the first 10 ms sysmon takes the P on every
// tick, stays at its shortest sleep (20 us) and preempts the harness
// thread 6,500 times a second on one core (bench/RESULTS.md, section 21).
// A Gosched every 2 ms moves the tick; it costs two thread switches, about
// 500 a second, and changes nothing a program does.
func EnterFromC() {
	if now := time.Now(); now.Sub(lastYield) > 2*time.Millisecond {
		lastYield = now
		runtime.Gosched()
	}
}
