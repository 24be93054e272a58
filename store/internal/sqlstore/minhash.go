package sqlstore

import (
	"encoding/binary"
	"hash/fnv"
	"strings"
	"unicode"
)

// MinHash parameters. A signature has numHashes values; locality-sensitive
// hashing splits it into numBands bands of bandRows values, and two
// documents become candidates when any band is equal. With 20 bands of 3
// rows, documents with shingle similarity 0.5 are candidates with
// probability 0.93, at 0.3 with 0.42 and unrelated articles (similarity
// around 0.02) almost never, so the candidate check stays cheap.
const (
	numBands  = 20
	bandRows  = 3
	numHashes = numBands * bandRows
	// shingleWords is the length of the word n-grams compared.
	shingleWords = 3
)

// signature is a MinHash signature: for each of numHashes hash functions,
// the smallest hash of any shingle of the document.
type signature [numHashes]uint32

// seeds are fixed so that signatures computed by different runs and
// versions compare: changing them would orphan every stored signature.
var seeds = func() (s [numHashes]uint64) {
	x := uint64(0x9e3779b97f4a7c15)
	for i := range s {
		x += 0x9e3779b97f4a7c15
		s[i] = mix64(x)
	}
	return s
}()

// mix64 is the splitmix64 finaliser, a cheap well-distributed bijection.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// minhash computes the signature of text over lower-cased word shingles.
// ok is false when the text has no words, so it has no meaningful
// neighbours.
func minhash(text string) (sig signature, ok bool) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) == 0 {
		return sig, false
	}
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	n := shingleWords
	if len(words) < n {
		n = len(words)
	}
	h := fnv.New64a()
	for i := 0; i+n <= len(words); i++ {
		h.Reset()
		for _, w := range words[i : i+n] {
			h.Write([]byte(w))
			h.Write([]byte{' '})
		}
		base := h.Sum64()
		for j := range sig {
			if v := uint32(mix64(base ^ seeds[j])); v < sig[j] {
				sig[j] = v
			}
		}
	}
	return sig, true
}

// bands returns the LSH band hashes of a signature, each folded with its
// band number so that equal values in different bands do not collide.
func (s *signature) bands() [numBands]int64 {
	var out [numBands]int64
	for b := range out {
		x := uint64(b+1) * 0x9e3779b97f4a7c15
		for r := 0; r < bandRows; r++ {
			x = mix64(x ^ uint64(s[b*bandRows+r]))
		}
		// Keep the hashes non-negative: both databases store signed
		// 64-bit integers.
		out[b] = int64(x >> 1)
	}
	return out
}

// similarity estimates the Jaccard similarity of the shingle sets of two
// documents from their signatures.
func (s *signature) similarity(o *signature) float64 {
	same := 0
	for i := range s {
		if s[i] == o[i] {
			same++
		}
	}
	return float64(same) / numHashes
}

func (s *signature) bytes() []byte {
	b := make([]byte, 4*numHashes)
	for i, v := range s {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	return b
}

func signatureFrom(b []byte) (s signature, ok bool) {
	if len(b) != 4*numHashes {
		return s, false
	}
	for i := range s {
		s[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return s, true
}
