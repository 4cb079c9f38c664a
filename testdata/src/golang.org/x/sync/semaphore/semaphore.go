// Package semaphore is a stub of golang.org/x/sync/semaphore v0.24.0 for
// corefit's tests: the exported API with the real signatures, no behaviour.
package semaphore

import "context"

// NewWeighted creates a new weighted semaphore with the given maximum
// combined weight for concurrent access.
func NewWeighted(n int64) *Weighted { return &Weighted{size: n} }

// Weighted provides a way to bound concurrent access to a resource.
type Weighted struct {
	size int64
	cur  int64
}

// Acquire acquires the semaphore with a weight of n, blocking until
// resources are available or ctx is done.
func (s *Weighted) Acquire(ctx context.Context, n int64) error { return nil }

// TryAcquire acquires the semaphore with a weight of n without blocking.
func (s *Weighted) TryAcquire(n int64) bool { return false }

// Release releases the semaphore with a weight of n.
func (s *Weighted) Release(n int64) {}
