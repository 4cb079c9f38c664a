// Package workerpool is a stub of github.com/gammazero/workerpool v1.3.0 for
// corefit's tests: the exported API with the real signatures, no behaviour.
package workerpool

import (
	"context"
	"errors"
	"time"
)

// DefaultIdleTimeout is default amount of time the worker pool must be idle
// before stopping a worker.
const DefaultIdleTimeout = 2 * time.Second

// ErrStopped is returned by Do when the worker pool is stopped.
var ErrStopped = errors.New("submitting work to stopped workerpool")

type config struct {
	idleTimeout time.Duration
}

// Option is a function that sets a value in a config.
type Option func(*config)

// WithIdleTimeout configures the amount of time that the worker pool must be
// idle before a worker is automatically stopped.
func WithIdleTimeout(timeout time.Duration) Option {
	return func(c *config) { c.idleTimeout = timeout }
}

// New creates and starts a pool of worker goroutines.
func New(maxWorkers int, options ...Option) *WorkerPool {
	return &WorkerPool{maxWorkers: maxWorkers}
}

// WorkerPool is a collection of goroutines.
type WorkerPool struct {
	maxWorkers int
}

func (p *WorkerPool) Size() int                 { return p.maxWorkers }
func (p *WorkerPool) Stop()                     {}
func (p *WorkerPool) StopWait()                 {}
func (p *WorkerPool) Stopped() bool             { return false }
func (p *WorkerPool) Do(task func()) error      { return nil }
func (p *WorkerPool) DoWait(task func()) error  { return nil }
func (p *WorkerPool) Submit(task func())        {}
func (p *WorkerPool) SubmitWait(task func())    {}
func (p *WorkerPool) WaitingQueueSize() int     { return 0 }
func (p *WorkerPool) Pause(ctx context.Context) {}
