package cockroachswiss

import "math"

// The hash the adapter gives the library (swiss.WithHash), so that the
// same program lays out the table the same way on every run: the library's
// default hashes with Go's runtime hasher under a seed it draws at random
// (and draws again on Clear and on deleting the last entry), which this
// hash ignores for one drawn from the program (hashSeed).  Below the
// marker, this file is also the reproducer's (repro.Decls: `mapdiff go
// --port cockroachswiss`), where hashSeed is the program's seed.

// ---- reproducer ----

// newHasher is a hash for swiss.WithHash: int64 and float64 keys by their
// bits (+0 and -0 alike), strings by FNV-1a, each mixed with hashSeed()
// by murmur3's finalizer; a NaN (never found again, as in Go) gets the
// next of a sequence of its own, as Go's runtime gives each a random hash.
func newHasher[K comparable]() func(key *K, seed uintptr) uintptr {
	nans := uint64(0)
	return func(key *K, _ uintptr) uintptr {
		s := hashSeed()
		switch k := any(*key).(type) {
		case int64:
			return uintptr(fmix64(uint64(k) ^ s))
		case float64:
			if k != k {
				nans++
				return uintptr(fmix64(s ^ nans*0x9e3779b97f4a7c15))
			}
			if k == 0 {
				k = 0 // -0 as +0: they are one key
			}
			return uintptr(fmix64(math.Float64bits(k) ^ s))
		case string:
			h := uint64(14695981039346656037)
			for i := 0; i < len(k); i++ {
				h = (h ^ uint64(k[i])) * 1099511628211
			}
			return uintptr(fmix64(h ^ s))
		}
		panic("newHasher: a key type the adapter does not make")
	}
}

// fmix64 is murmur3's 64-bit finalizer.
func fmix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}
