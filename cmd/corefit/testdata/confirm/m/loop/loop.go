// Package loop derives keys inline in a select loop that also keeps a
// heartbeat: every derivation delays the ticks behind it.
package loop

import "crypto/sha256"

// A Request asks for the key of a password.
type Request struct {
	Password []byte
	Reply    chan [32]byte
}

// Server serves key requests and counts heartbeats in one goroutine.
type Server struct {
	Rounds   int // the key derivation's cost
	Requests chan Request
	Ticks    chan int64 // heartbeats, sent by another goroutine
	Beats    int
}

// Run is the event loop; it returns when done is closed.
func (s *Server) Run(done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case <-s.Ticks:
			s.Beats++
		case req := <-s.Requests:
			key := derive(req.Password, s.Rounds)
			req.Reply <- key
		}
	}
}

// derive hashes the password rounds times over.
func derive(password []byte, rounds int) [32]byte {
	h := sha256.Sum256(password)
	for i := 0; i < rounds; i++ {
		h = sha256.Sum256(h[:])
	}
	return h
}
