// Package heavylib hides CPU-heavy work behind helpers, one and two hops
// from the contexts that call them.
package heavylib

import "golang.org/x/crypto/bcrypt"

func Hash(pw []byte) []byte {
	h, _ := bcrypt.GenerateFromPassword(pw, 12)
	return h
}

func Register(pw []byte) []byte { return Hash(pw) }

func Cheap(b []byte) int { return len(b) }
