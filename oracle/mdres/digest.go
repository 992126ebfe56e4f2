package mdres

// The Go twin of md_mix / md_key_hash (harness/run/result.h): both sides must
// hash a range entry to the same 64 bits.

const golden = 0x9e3779b97f4a7c15

// Mix is md_mix.
func Mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// lenMix[n] is Mix(golden ^ n), with which md_key_hash starts on a key of
// n bytes: the length mixed apart from the bytes, so that "" and "\x01"
// hash apart.
var lenMix [17]uint64

func init() {
	for n := range lenMix {
		lenMix[n] = Mix(golden ^ uint64(n))
	}
}

// KeyHashBytes is md_key_hash.
func KeyHashBytes(k []byte) uint64 {
	h := Mix(golden ^ uint64(len(k)))
	j := 0
	for ; j+8 <= len(k); j += 8 {
		h = Mix(h^LE64(k[j:])) + golden
	}
	var tail uint64
	for s := 0; j < len(k); j, s = j+1, s+8 {
		tail |= uint64(k[j]) << s
	}
	return Mix(h ^ tail)
}

// KeyHashBits is md_key_hash of a key of size < 8 bytes whose bits are b.
func KeyHashBits(b uint64, size int) uint64 { return Mix(lenMix[size] ^ b) }

// KeyHash8 is md_key_hash of an 8-byte key whose bits are b.
func KeyHash8(b uint64) uint64 { return Mix(Mix(lenMix[8]^b) + golden) }

// KeyHash16 is md_key_hash of a 16-byte key whose words are lo, hi.
func KeyHash16(lo, hi uint64) uint64 {
	h := Mix(lenMix[16]^lo) + golden
	return Mix(Mix(h^hi) + golden)
}

// LE16, LE32 and LE64 read little-endian integers, as canonical bytes hold them.
func LE16(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
func LE32(b []byte) uint32 { return uint32(LE16(b)) | uint32(LE16(b[2:]))<<16 }
func LE64(b []byte) uint64 { return uint64(LE32(b)) | uint64(LE32(b[4:]))<<32 }

// AppendLE appends the low size bytes of v, little-endian.
func AppendLE(buf []byte, v uint64, size int) []byte {
	for j := 0; j < size; j++ {
		buf = append(buf, byte(v>>(8*j)))
	}
	return buf
}
