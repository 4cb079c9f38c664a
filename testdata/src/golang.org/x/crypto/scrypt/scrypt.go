// Package scrypt is a stub of golang.org/x/crypto/scrypt v0.58.0: the
// signatures are the real ones, the bodies do nothing.
package scrypt

// Key derives a key from the password, salt, and cost parameters, returning
// a byte slice of length keyLen that can be used as cryptographic key.
func Key(password, salt []byte, N, r, p, keyLen int) ([]byte, error) { return nil, nil }
