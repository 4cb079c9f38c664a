// Package lib has launchers and helpers that run their function-typed
// parameters: the reach pass's facts say which and how.
package lib

import (
	"sync"
	"time"
)

// Start starts f on a new goroutine.
func Start(f func()) { // want Start:"runs\\(launches\\[0\\]\\)"
	go f()
}

type Server struct {
	wg      sync.WaitGroup
	running bool
}

// StartGoRoutine is nats-server's shape: a closure calls f on the new
// goroutine, counted by a WaitGroup.
func (s *Server) StartGoRoutine(f func(), name string) bool { // want StartGoRoutine:"runs\\(launches\\[0\\]\\)"
	if !s.running {
		return false
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
	return true
}

// Spawn starts f through another launcher.
func Spawn(name string, f func()) { // want Spawn:"runs\\(launches\\[1\\]\\)"
	Start(f)
}

// Group starts each f through sync.WaitGroup.Go and waits for them.
func Group(fs ...func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Go(f)
	}
	wg.Wait()
}

// One starts f with WaitGroup.Go.
func One(f func()) { // want One:"runs\\(launches\\[0\\]\\)"
	var wg sync.WaitGroup
	wg.Go(f)
	wg.Wait()
}

// Until calls f every period until stop is closed, on the caller's
// goroutine (k8s's wait.Until).
func Until(f func(), period time.Duration, stop <-chan struct{}) { // want Until:"runs\\(calls\\[0\\]\\)"
	for {
		select {
		case <-stop:
			return
		default:
		}
		f()
		time.Sleep(period)
	}
}

// Retry calls f up to n times.
func Retry(n int, f func() error) error { // want Retry:"runs\\(calls\\[1\\]\\)"
	var err error
	for range n {
		if err = f(); err == nil {
			return nil
		}
	}
	return err
}

// Both calls a and starts b.
func Both(a, b func()) { // want Both:"runs\\(calls\\[0\\] launches\\[1\\]\\)"
	go b()
	a()
}

// ---- negatives: no fact ----

// Keep stores f and never runs it.
func Keep(f func()) func() { return f }

// Once runs f once in the life of the program: not a cost of each call.
var once sync.Once

func Init(f func()) { once.Do(f) }

// unexported launchers get no fact: no other package can call them.
func start(f func()) { go f() }

func Use() { start(func() {}) }

// Closure starts a closure that calls f, through WaitGroup.Go.
func Closure(f func()) { // want Closure:"runs\\(launches\\[0\\]\\)"
	var wg sync.WaitGroup
	wg.Go(func() { f() })
	wg.Wait()
}

// Wrapped calls f inside a closure that Retry calls.
func Wrapped(f func()) error { // want Wrapped:"runs\\(calls\\[0\\]\\)"
	return Retry(2, func() error { f(); return nil })
}
