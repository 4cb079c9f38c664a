// Package handler derives a key in each request's handler: under
// concurrent requests the derivations oversubscribe the cores.
package handler

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"net/http"
)

// Login derives the password's key, as a login would.
func Login(w http.ResponseWriter, r *http.Request) {
	key, err := pbkdf2.Key(sha256.New, r.FormValue("password"), []byte("salt"), 100000, 32)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(key[:4])
}
