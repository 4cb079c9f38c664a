// Package workers is a stub of github.com/minio/pkg/v3/workers v3.1.3: the
// signatures are the real ones, the bodies a working copy of the real ones.
package workers

import (
	"errors"
	"sync"
)

// Workers provides a bounded semaphore with the ability to wait until all
// concurrent jobs finish.
type Workers struct {
	wg    sync.WaitGroup
	queue chan struct{}
}

// New creates a Workers object which allows up to n jobs to proceed
// concurrently. n must be > 0.
func New(n int) (*Workers, error) {
	if n <= 0 {
		return nil, errors.New("n must be > 0")
	}
	queue := make(chan struct{}, n)
	for i := 0; i < n; i++ {
		queue <- struct{}{}
	}
	return &Workers{queue: queue}, nil
}

// Take is how a job (goroutine) can Take its turn.
func (jt *Workers) Take() {
	jt.wg.Add(1)
	<-jt.queue
}

// Give is how a job (goroutine) can give back its turn once done.
func (jt *Workers) Give() {
	jt.queue <- struct{}{}
	jt.wg.Done()
}

// Wait waits for all ongoing concurrent jobs to complete.
func (jt *Workers) Wait() {
	jt.wg.Wait()
}
