// Package launchers has goroutines started through the program's own
// launchers, each beside the negative that differs by what orders or guards
// the accesses.
package launchers

import (
	"sync"

	"sharedstate/launchers/lib"
)

type server struct {
	wg sync.WaitGroup
	mu sync.Mutex
}

// startGoRoutine starts f on a goroutine counted by s.wg (nats-server).
func (s *server) startGoRoutine(f func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
}

func (s *server) counts(items []int) int {
	total := 0
	for _, it := range items {
		s.startGoRoutine(func() {
			total += it // want `counter total is incremented by goroutines started in a loop with no synchronization`
		})
	}
	s.wg.Wait()
	return total
}

// Negative: the same loop with the counter under the server's mutex.
func (s *server) lockedCounts(items []int) int {
	total := 0
	for _, it := range items {
		s.startGoRoutine(func() {
			s.mu.Lock()
			total += it
			s.mu.Unlock()
		})
	}
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	return total
}

// A launcher of another package, known by its fact.
func collect(items []string) map[string]int {
	m := make(map[string]int)
	for _, it := range items {
		lib.Go(func() {
			m[it] = len(it) // want `map m is written by goroutines started in a loop with no synchronization`
		})
	}
	return m
}

// Negative: a helper of another package that calls its argument on the
// caller's goroutine starts nothing.
func collectInline(items []string) map[string]int {
	m := make(map[string]int)
	for _, it := range items {
		lib.Do(func() {
			m[it] = len(it)
		})
	}
	return m
}

// A goroutine started as `go until(c.work, stop)`: the helper calls c.work
// on the new goroutine, while Run's caller goes on writing c.n.
type controller struct{ n int }

func until(f func(), stop chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		f()
	}
}

func (c *controller) work() { c.n++ }

func (c *controller) Run(stop chan struct{}) {
	go until(c.work, stop)
	c.n = 0 // want `field c.n is written by the function that starts a goroutine and .* in that goroutine`
}

// Negative: the same start after the write.
func (c *controller) RunAfter(stop chan struct{}) {
	c.n = 0
	go until(c.work, stop)
}
