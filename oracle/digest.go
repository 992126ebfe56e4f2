package main

import (
	"math"
	"runtime"
	"strings"
)

// The Go twin of md_mix / md_key_hash (harness/run/result.h): both sides must
// hash a range entry to the same 64 bits.

const golden = 0x9e3779b97f4a7c15

func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// keyHashBytes is md_key_hash.
func keyHashBytes(k []byte) uint64 {
	h := uint64(golden) ^ uint64(len(k))
	j := 0
	for ; j+8 <= len(k); j += 8 {
		h = mix(h^le64(k[j:])) + golden
	}
	var tail uint64
	for s := 0; j < len(k); j, s = j+1, s+8 {
		tail |= uint64(k[j]) << s
	}
	return mix(h ^ tail)
}

// keyHashBits is md_key_hash of a key of size < 8 bytes whose bits are b.
func keyHashBits(b uint64, size int) uint64 { return mix(golden ^ uint64(size) ^ b) }

// keyHash8 is md_key_hash of an 8-byte key whose bits are b.
func keyHash8(b uint64) uint64 { return mix(mix(golden^8^b) + golden) }

// keyHash16 is md_key_hash of a 16-byte key whose words are lo, hi.
func keyHash16(lo, hi uint64) uint64 {
	h := mix(golden^16^lo) + golden
	return mix(mix(h^hi) + golden)
}

func le16(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
func le32(b []byte) uint32 { return uint32(le16(b)) | uint32(le16(b[2:]))<<16 }
func le64(b []byte) uint64 { return uint64(le32(b)) | uint64(le32(b[4:]))<<32 }

func appendLE(buf []byte, v uint64, size int) []byte {
	for j := 0; j < size; j++ {
		buf = append(buf, byte(v>>(8*j)))
	}
	return buf
}

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
