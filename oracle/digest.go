package main

import (
	"mapdiff/oracle/mdres"
	"math"
	"runtime"
	"strings"
)

// The Go twin of md_mix / md_key_hash lives in mdres (shared with the Go
// ports' runner, goport/serve); these names are what the runners call.

func mix(x uint64) uint64                            { return mdres.Mix(x) }
func keyHashBytes(k []byte) uint64                   { return mdres.KeyHashBytes(k) }
func keyHashBits(b uint64, size int) uint64          { return mdres.KeyHashBits(b, size) }
func keyHash8(b uint64) uint64                       { return mdres.KeyHash8(b) }
func keyHash16(lo, hi uint64) uint64                 { return mdres.KeyHash16(lo, hi) }
func le16(b []byte) uint16                           { return mdres.LE16(b) }
func le32(b []byte) uint32                           { return mdres.LE32(b) }
func le64(b []byte) uint64                           { return mdres.LE64(b) }
func appendLE(buf []byte, v uint64, size int) []byte { return mdres.AppendLE(buf, v, size) }

func boolBits(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func complex64Bits(c complex64) uint64 {
	return uint64(math.Float32bits(real(c))) | uint64(math.Float32bits(imag(c)))<<32
}

// mapKind names the map implementation of this toolchain.
func mapKind() string {
	v := runtime.Version()
	if strings.HasPrefix(v, "go1.") {
		minor := 0
		for _, c := range v[4:] {
			if c < '0' || c > '9' {
				break
			}
			minor = minor*10 + int(c-'0')
		}
		if minor >= 24 {
			return "swiss"
		}
	}
	return "classic"
}
