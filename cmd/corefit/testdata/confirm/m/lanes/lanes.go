// Package lanes derives a key in each request's handler, as argon2 does:
// the derivation runs in goroutines of its own (lanes) and the handler
// waits for them. The cost is the lanes' running time.
package lanes

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"net/http"
	"sync"
)

// Login derives the password's key.
func Login(w http.ResponseWriter, r *http.Request) {
	key := derive(r.FormValue("password"))
	w.Write(key[:4])
}

// derive salts the password and runs two halves of the derivation in two
// goroutines; the handler's own goroutine only waits.
func derive(password string) []byte {
	salt, _ := pbkdf2.Key(sha256.New, password, nil, 1, 16)
	var halves [2][]byte
	var wg sync.WaitGroup
	for i := range halves {
		wg.Go(func() {
			halves[i], _ = pbkdf2.Key(sha256.New, password, append(salt, byte(i)), 50000, 16)
		})
	}
	wg.Wait()
	return append(halves[0], halves[1]...)
}
