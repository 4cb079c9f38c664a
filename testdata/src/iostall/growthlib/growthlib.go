// Package growthlib holds helpers whose cost grows with their arguments,
// for the handlers of package growth: their cost crosses as a fact.
package growthlib

import "crypto/sha256"

// Nearest compares every vector with every other: O(n²·d) in its argument.
func Nearest(vs [][]float64) (int, int) {
	bi, bj, best := 0, 0, -1.0
	for i := range vs {
		for j := range vs {
			if i == j {
				continue
			}
			d := 0.0
			for k := range vs[i] {
				x := vs[i][k] - vs[j][k]
				d += x * x
			}
			if best < 0 || d < best {
				bi, bj, best = i, j, d
			}
		}
	}
	return bi, bj
}

// First is linear: one pass.
func First(vs [][]float64) float64 {
	s := 0.0
	for _, v := range vs {
		if len(v) > 0 {
			s += v[0]
		}
	}
	return s
}

// Stretch hashes a key rounds times: linear work repeated by its argument.
func Stretch(key []byte, rounds int) [32]byte {
	sum := sha256.Sum256(key)
	for i := 0; i < rounds; i++ {
		sum = sha256.Sum256(sum[:])
	}
	return sum
}

// StretchFixed hashes a key a constant number of times.
func StretchFixed(key []byte) [32]byte {
	sum := sha256.Sum256(key)
	for i := 0; i < 4; i++ {
		sum = sha256.Sum256(sum[:])
	}
	return sum
}
