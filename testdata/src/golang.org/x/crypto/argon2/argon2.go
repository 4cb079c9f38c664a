// Package argon2 is a stub of golang.org/x/crypto/argon2 v0.58.0: the
// signatures are the real ones, the bodies do nothing.
package argon2

// The Argon2 version implemented by this package.
const Version = 0x13

// Key derives a key from the password, salt, and cost parameters using
// Argon2i.
func Key(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
	return nil
}

// IDKey derives a key from the password, salt, and cost parameters using
// Argon2id.
func IDKey(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
	return nil
}
