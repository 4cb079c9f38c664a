// Package bcrypt is a stub of golang.org/x/crypto/bcrypt v0.58.0: the
// signatures are the real ones, the bodies do nothing.
package bcrypt

import "errors"

const (
	MinCost     int = 4  // the minimum allowable cost as passed in to GenerateFromPassword
	MaxCost     int = 31 // the maximum allowable cost as passed in to GenerateFromPassword
	DefaultCost int = 10 // the cost that will actually be set if a cost below MinCost is passed into GenerateFromPassword
)

// ErrMismatchedHashAndPassword is returned from CompareHashAndPassword when a
// password and hash do not match.
var ErrMismatchedHashAndPassword = errors.New("crypto/bcrypt: hashedPassword is not the hash of the given password")

// GenerateFromPassword returns the bcrypt hash of the password at the given
// cost.
func GenerateFromPassword(password []byte, cost int) ([]byte, error) { return nil, nil }

// CompareHashAndPassword compares a bcrypt hashed password with its possible
// plaintext equivalent. Returns nil on success, or an error on failure.
func CompareHashAndPassword(hashedPassword, password []byte) error { return nil }

// Cost returns the hashing cost used to create the given hashed password.
func Cost(hashedPassword []byte) (int, error) { return 0, nil }
