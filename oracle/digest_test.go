package main

import (
	"math"
	"testing"
)

// The specialised key hashes used by the runners must equal keyHashBytes
// over the canonical bytes, which is md_key_hash in C.
func TestKeyHashSpecialisations(t *testing.T) {
	vals := []uint64{0, 1, 0xff, 0x8000000000000000, math.Float64bits(math.NaN()), 0x0123456789abcdef}
	for _, v := range vals {
		for _, size := range []int{1, 2, 4} {
			bits := v & (1<<(8*uint(size)) - 1)
			if got, want := keyHashBits(bits, size), keyHashBytes(appendLE(nil, bits, size)); got != want {
				t.Errorf("keyHashBits(%#x, %d) = %#x, want %#x", bits, size, got, want)
			}
		}
		if got, want := keyHash8(v), keyHashBytes(appendLE(nil, v, 8)); got != want {
			t.Errorf("keyHash8(%#x) = %#x, want %#x", v, got, want)
		}
		hi := v ^ 0x5555
		if got, want := keyHash16(v, hi), keyHashBytes(appendLE(appendLE(nil, v, 8), hi, 8)); got != want {
			t.Errorf("keyHash16(%#x, %#x) = %#x, want %#x", v, hi, got, want)
		}
	}
}

// Keys of other lengths hash apart even when their bytes XOR to the length:
// "" and "\x01", "\x03" and "\x00\x00" (the length once went into the
// same word as the last bytes, and those pairs met).
func TestKeyHashLengthApart(t *testing.T) {
	for _, p := range [][2]string{{"", "\x01"}, {"\x03", "\x00\x00"}, {"\x02", "\x00\x00\x00"}, {"", "\x00"}} {
		if keyHashBytes([]byte(p[0])) == keyHashBytes([]byte(p[1])) {
			t.Errorf("%q and %q hash alike", p[0], p[1])
		}
	}
}

// keyHashBytes is md_key_hash (harness/run/result.h), checked against the C
// function itself on keys of every length up to 40 bytes.
func TestKeyHashMatchesC(t *testing.T) {
	b := make([]byte, 40)
	for n := 0; n <= len(b); n++ {
		for i := range b {
			b[i] = byte(i*131 + n*7)
		}
		if got, want := keyHashBytes(b[:n]), cKeyHash(b[:n]); got != want {
			t.Errorf("len %d: keyHashBytes = %#x, C md_key_hash = %#x", n, got, want)
		}
	}
}
