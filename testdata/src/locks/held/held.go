package held

import "sync"

type S struct {
	mu sync.Mutex
	rw sync.RWMutex
	n  int
}

var global sync.Mutex

func (s *S) plain() {
	s.n = 1 // want `held: \[\]`
}

func (s *S) locked() {
	s.mu.Lock()
	s.n = 1 // want `held: \[s.mu\]`
	s.mu.Unlock()
	s.n = 2 // want `held: \[\]`
}

func (s *S) deferred() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n > 0 { // want `held: \[s.mu\]`
		s.n = 3 // want `held: \[s.mu\]`
	}
}

func (s *S) read() int {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.n // want `held: \[s.rw\(r\)\]`
}

// One branch unlocks: not held after the join.
func (s *S) branch(b bool) {
	s.mu.Lock()
	if b {
		s.mu.Unlock()
	}
	s.n = 4 // want `held: \[\]`
}

func (s *S) lock() {
	s.mu.Lock()
}

func (s *S) unlock() {
	s.mu.Unlock()
}

func (s *S) helpers() {
	s.lock()
	s.n = 5 // want `held: \[s.mu\]`
	s.unlock()
	s.n = 6 // want `held: \[\]`
}

func lockGlobal() {
	global.Lock()
}

// A closure called in place runs under its maker's locks; a goroutine does
// not.
func closure(s *S) {
	s.mu.Lock()
	func() {
		s.n = 7 // want `held: \[s.mu\]`
	}()
	go func() {
		s.mu.Lock()
		s.n = 8 // want `held: \[s.mu\]`
		s.mu.Unlock()
	}()
	s.mu.Unlock()
}

func (s *S) dropAndRetake(b bool) {
	if b {
		return
	}
	s.mu.Unlock()
	s.mu.Lock()
}

func (s *S) retake() {
	s.mu.Lock()
	s.dropAndRetake(true)
	s.n = 9 // want `held: \[s.mu\]`
	s.mu.Unlock()
}

func (s *S) condLock(b bool) {
	if b {
		s.mu.Lock()
	}
	if b {
		s.mu.Unlock()
	}
}

// condLock does not release the caller's lock.
func (s *S) condCaller() {
	s.mu.Lock()
	s.condLock(false)
	s.n = 10 // want `held: \[s.mu\]`
	s.mu.Unlock()
}
