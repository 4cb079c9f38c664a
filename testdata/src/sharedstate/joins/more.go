package joins

import (
	"context"
	"sync"
)

// Mutex is a lock by its methods, as syncthing's sync.Mutex interface.
type Mutex interface {
	Lock()
	Unlock()
}

type registry struct {
	mu   Mutex
	seen map[string]bool
}

// Both goroutines hold the interface lock.
func (r *registry) addAll(names []string) {
	for _, n := range names {
		go func() {
			r.mu.Lock()
			r.seen[n] = true
			r.mu.Unlock()
		}()
	}
}

// Without it, the writes race.
func (r *registry) addAllUnlocked(names []string) {
	for _, n := range names {
		go func() {
			r.seen[n] = true // want `map r.seen is written by goroutines started in a loop`
		}()
	}
}

type service struct {
	wg   *sync.WaitGroup
	tick int
}

func (s *service) startCleaner() {
	if s.wg == nil {
		s.wg = new(sync.WaitGroup)
	}
	s.wg.Add(1)
	go func() { defer s.wg.Done() }()
}

// The lazy init after the first goroutine: it writes only when s.wg is
// nil, and the goroutine has it.
func (s *service) start() {
	if s.wg == nil {
		s.wg = new(sync.WaitGroup)
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
	}()
	s.startCleaner()
}

// A write that is not guarded replaces it under the goroutine.
func (s *service) restart() {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
	}()
	s.reset()
}

func (s *service) reset() {
	s.wg = new(sync.WaitGroup) // want `field s.wg is written by the function that starts a goroutine and read in that goroutine`
}

// callWithContext runs fn on a goroutine and returns when it is done or
// ctx is: a launcher that waits.
func callWithContext(ctx context.Context, fn func() error) error {
	var err error
	done := make(chan struct{})
	go func() {
		err = fn()
		close(done)
	}()
	select {
	case <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// startGo runs fn on a goroutine and returns at once.
func startGo(fn func()) {
	go fn()
}

func (s *service) viaWaitingLauncher(ctx context.Context) error {
	err := callWithContext(ctx, func() error {
		s.tick++
		return nil
	})
	s.tick = 0
	return err
}

func (s *service) viaLauncher() {
	startGo(func() {
		s.tick++
	})
	s.tick = 0 // want `field s.tick is written by the function that starts a goroutine and read in that goroutine, after startGo`
}
