// Package tunny is a stub of github.com/Jeffail/tunny v0.1.4 for corefit's
// tests: the exported API with the real signatures, no behaviour.
package tunny

import (
	"context"
	"errors"
	"time"
)

// Errors that are used throughout the Tunny API.
var (
	ErrPoolNotRunning = errors.New("the pool is not running")
	ErrJobNotFunc     = errors.New("generic worker not given a func()")
	ErrWorkerClosed   = errors.New("worker was closed")
	ErrJobTimedOut    = errors.New("job request timed out")
)

// Worker is an interface representing a Tunny working agent.
type Worker interface {
	Process(interface{}) interface{}
	BlockUntilReady()
	Interrupt()
	Terminate()
}

// Pool is a struct that manages a collection of workers.
type Pool struct {
	queuedJobs int64
	ctor       func() Worker
}

// New creates a new Pool of workers that starts with n workers.
func New(n int, ctor func() Worker) *Pool { return &Pool{ctor: ctor} }

// NewFunc creates a new Pool of workers where each worker will process using
// the provided func.
func NewFunc(n int, f func(interface{}) interface{}) *Pool { return &Pool{} }

// NewCallback creates a new Pool of workers where workers cast the job payload
// into a func() and runs it, or returns ErrNotFunc if the cast failed.
func NewCallback(n int) *Pool { return &Pool{} }

// Process will use the Pool to process a payload and synchronously return the result.
func (p *Pool) Process(payload interface{}) interface{} { return nil }

// ProcessTimed will use the Pool to process a payload and synchronously
// return the result, or ErrJobTimedOut after timeout.
func (p *Pool) ProcessTimed(
	payload interface{},
	timeout time.Duration,
) (interface{}, error) {
	return nil, nil
}

// ProcessCtx will use the Pool to process a payload and synchronously return
// the result, or the context's error.
func (p *Pool) ProcessCtx(ctx context.Context, payload interface{}) (interface{}, error) {
	return nil, nil
}

// QueueLength returns the current count of pending queued jobs.
func (p *Pool) QueueLength() int64 { return p.queuedJobs }

// SetSize changes the total number of workers in the Pool.
func (p *Pool) SetSize(n int) {}

// GetSize returns the current size of the pool.
func (p *Pool) GetSize() int { return 0 }

// Close will terminate all workers and close the job channel of this Pool.
func (p *Pool) Close() {}
