package effects

import "sync"

type S struct {
	mu sync.Mutex
	rw sync.RWMutex
	n  int
}

var global sync.Mutex

func (s *S) Lock() { // want Lock:`locks\(acquires param0.mu\)`
	s.mu.Lock()
}

func (s *S) Unlock() { // want Unlock:`locks\(releases param0.mu\)`
	s.mu.Unlock()
}

func (s *S) RLock() { // want RLock:`locks\(acquires param0.rw\(r\)\)`
	s.rw.RLock()
}

// Locks and unlocks: no effect on the caller.
func (s *S) Inc() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
}

func LockGlobal() { // want LockGlobal:`locks\(acquires locks/effects.global\)`
	global.Lock()
}

func Nested(s *S) { // want Nested:`locks\(acquires param0.mu\)`
	s.Lock()
}

// DropAndRetake releases the caller's lock around a call and takes it
// again; on the early return it does not touch it: no effect.
func (s *S) DropAndRetake(b bool) {
	if b {
		return
	}
	s.mu.Unlock()
	s.n++
	s.mu.Lock()
}

// Wrapper calls it: no effect either.
func (s *S) Wrapper(b bool) {
	if s.n > 0 {
		return
	}
	s.DropAndRetake(b)
}

// CondLock takes and drops the lock on the same condition (nats' Sublist.match
// with doLock): no effect, though one path unlocks with the lock not taken.
func (s *S) CondLock(b bool) int {
	if b {
		s.rw.RLock()
	}
	n := s.n
	if b {
		s.rw.RUnlock()
	}
	return n
}
