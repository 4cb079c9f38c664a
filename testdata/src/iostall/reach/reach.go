// Package reach has handlers and event loops whose heavy work is behind an
// interface, a function value or a launcher; each beside the negative that
// differs by the one thing that makes it fine.
package reach

import (
	"net/http"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// ---- an interface whose implementation in sight hashes (caddy's basicauth) ----

type Comparer interface {
	Compare(hashed, plain []byte) (bool, error)
}

type BcryptHash struct{}

func (BcryptHash) Compare(hashed, plain []byte) (bool, error) {
	err := bcrypt.CompareHashAndPassword(hashed, plain)
	return err == nil, err
}

type BasicAuth struct {
	Hash   Comparer
	hashed []byte
}

func (a *BasicAuth) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, pass, _ := r.BasicAuth()
	if ok, _ := a.Hash.Compare(a.hashed, []byte(pass)); !ok { // want `reach.BcryptHash.Compare \(through the interface Comparer\), CPU-heavy \(bcrypt password check in bcrypt.CompareHashAndPassword\), runs in an HTTP handler`
		w.WriteHeader(http.StatusUnauthorized)
	}
}

// Negative: every TokenChecker in sight looks the token up in a map.
type TokenChecker interface {
	Check(token string) bool
}

type tokenSet map[string]bool

func (t tokenSet) Check(token string) bool { return t[token] }

type TokenAuth struct{ Tokens TokenChecker }

func (a *TokenAuth) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !a.Tokens.Check(r.Header.Get("Authorization")) {
		w.WriteHeader(http.StatusUnauthorized)
	}
}

// ---- caddy's middleware method: ServeHTTP(w, r, next) error ----

type Handler interface {
	ServeHTTP(http.ResponseWriter, *http.Request) error
}

type Middleware struct {
	Hash   Comparer
	hashed []byte
}

func (m Middleware) ServeHTTP(w http.ResponseWriter, r *http.Request, next Handler) error {
	_, pass, _ := r.BasicAuth()
	if ok, err := m.Hash.Compare(m.hashed, []byte(pass)); !ok { // want `reach.BcryptHash.Compare \(through the interface Comparer\), CPU-heavy \(bcrypt password check in bcrypt.CompareHashAndPassword\), runs in an HTTP handler`
		return err
	}
	return next.ServeHTTP(w, r)
}

// ---- a function value kept in a field ----

type api struct {
	verify func(user, pass string) bool
}

func newAPI() *api {
	return &api{verify: checkPassword}
}

func checkPassword(user, pass string) bool {
	return bcrypt.CompareHashAndPassword([]byte(user), []byte(pass)) == nil
}

func (a *api) login(w http.ResponseWriter, r *http.Request) {
	if !a.verify(r.FormValue("user"), r.FormValue("pass")) { // want `reach.checkPassword \(stored in the field verify at reach/reach.go:\d+\), CPU-heavy \(bcrypt password check in bcrypt.CompareHashAndPassword\), runs in an HTTP handler`
		w.WriteHeader(http.StatusUnauthorized)
	}
}

// Negative: the function kept in the field compares strings.
type plainAPI struct {
	verify func(user, pass string) bool
}

func newPlainAPI() *plainAPI {
	return &plainAPI{verify: func(user, pass string) bool { return user == pass }}
}

func (a *plainAPI) login(w http.ResponseWriter, r *http.Request) {
	if !a.verify(r.FormValue("user"), r.FormValue("pass")) {
		w.WriteHeader(http.StatusUnauthorized)
	}
}

func routes(a *api, p *plainAPI) {
	http.HandleFunc("/login", a.login)
	http.HandleFunc("/plain", p.login)
}

// ---- a select loop that reaches the heavy work through a helper ----

type hub struct {
	reqs  chan []byte
	beats *time.Ticker
}

// retry calls f on the caller's goroutine.
func retry(n int, f func() error) error {
	var err error
	for range n {
		if err = f(); err == nil {
			return nil
		}
	}
	return err
}

func (h *hub) loop() {
	for {
		select {
		case pw := <-h.reqs:
			retry(3, func() error { // want `func literal in \(\*reach.hub\).loop \(called by retry\), CPU-heavy \(bcrypt password hash in bcrypt.GenerateFromPassword\), runs inline in a select loop`
				_, err := bcrypt.GenerateFromPassword(pw, 12)
				return err
			})
		case <-h.beats.C:
			heartbeat()
		}
	}
}

func heartbeat() {}

// Negative: the same loop hands the hash to a goroutine.
func (h *hub) offloaded() {
	for {
		select {
		case pw := <-h.reqs:
			go retry(3, func() error {
				_, err := bcrypt.GenerateFromPassword(pw, 12)
				return err
			})
		case <-h.beats.C:
			heartbeat()
		}
	}
}
