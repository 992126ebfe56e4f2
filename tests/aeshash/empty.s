// empty.s: an assembly file lets main.go declare body-less functions
// (runtime.memhash* through go:linkname).
