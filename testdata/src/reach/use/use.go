// Package use calls the launchers of lib: the facts make its own functions
// launchers too.
package use

import "reach/lib"

// Launch starts f through lib.Spawn.
func Launch(f func()) { // want Launch:"runs\\(launches\\[0\\]\\)"
	lib.Spawn("worker", f)
}

// Tick calls f on a goroutine of its own through lib.Until: f runs on the
// new goroutine.
func Tick(f func(), stop chan struct{}) { // want Tick:"runs\\(launches\\[0\\]\\)"
	go lib.Until(f, 0, stop)
}

// Attempt calls f through lib.Retry, on the caller's goroutine.
func Attempt(f func() error) error { // want Attempt:"runs\\(calls\\[0\\]\\)"
	return lib.Retry(3, f)
}

// Plain passes f on to a function that only keeps it.
func Plain(f func()) func() { return lib.Keep(f) }
