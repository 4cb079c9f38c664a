// Package pond is a stub of github.com/alitto/pond v1.9.2 for corefit's
// tests: the exported API with the real signatures, no behaviour.
package pond

import (
	"context"
	"errors"
	"time"
)

// ErrSubmitOnStoppedPool is thrown when attempting to submit a task to a pool that has been stopped.
var ErrSubmitOnStoppedPool = errors.New("worker pool has been stopped and is no longer accepting tasks")

// ResizingStrategy represents a pool resizing strategy.
type ResizingStrategy interface {
	Resize(runningWorkers, minWorkers, maxWorkers int) bool
}

// Option represents an option that can be passed when instantiating a worker pool to customize it.
type Option func(*WorkerPool)

// IdleTimeout allows to change the idle timeout for a worker pool.
func IdleTimeout(idleTimeout time.Duration) Option { return nil }

// MinWorkers allows to change the minimum number of workers of a worker pool.
func MinWorkers(minWorkers int) Option { return nil }

// Strategy allows to change the strategy used to resize the pool.
func Strategy(strategy ResizingStrategy) Option { return nil }

// PanicHandler allows to change the panic handler function of a worker pool.
func PanicHandler(panicHandler func(interface{})) Option { return nil }

// Context configures a parent context on a worker pool to stop all workers when it is cancelled.
func Context(parentCtx context.Context) Option { return nil }

// Preset pool resizing strategies.
var (
	Eager    = func() ResizingStrategy { return nil }
	Balanced = func() ResizingStrategy { return nil }
	Lazy     = func() ResizingStrategy { return nil }
)

// RatedResizer creates a resizing strategy which creates workers at a specific rate.
func RatedResizer(rate int) ResizingStrategy { return nil }

// WorkerPool models a pool of workers.
type WorkerPool struct {
	maxWorkers  int
	maxCapacity int
	minWorkers  int
}

// New creates a worker pool with that can scale up to the given maximum number of workers (maxWorkers).
func New(maxWorkers, maxCapacity int, options ...Option) *WorkerPool {
	return &WorkerPool{maxWorkers: maxWorkers, maxCapacity: maxCapacity}
}

func (p *WorkerPool) RunningWorkers() int                              { return 0 }
func (p *WorkerPool) IdleWorkers() int                                 { return 0 }
func (p *WorkerPool) MinWorkers() int                                  { return p.minWorkers }
func (p *WorkerPool) MaxWorkers() int                                  { return p.maxWorkers }
func (p *WorkerPool) MaxCapacity() int                                 { return p.maxCapacity }
func (p *WorkerPool) Strategy() ResizingStrategy                       { return nil }
func (p *WorkerPool) SubmittedTasks() uint64                           { return 0 }
func (p *WorkerPool) WaitingTasks() uint64                             { return 0 }
func (p *WorkerPool) SuccessfulTasks() uint64                          { return 0 }
func (p *WorkerPool) FailedTasks() uint64                              { return 0 }
func (p *WorkerPool) CompletedTasks() uint64                           { return 0 }
func (p *WorkerPool) Stopped() bool                                    { return false }
func (p *WorkerPool) Submit(task func())                               {}
func (p *WorkerPool) TrySubmit(task func()) bool                       { return false }
func (p *WorkerPool) SubmitAndWait(task func())                        {}
func (p *WorkerPool) SubmitBefore(task func(), deadline time.Duration) {}
func (p *WorkerPool) Stop() context.Context                            { return nil }
func (p *WorkerPool) StopAndWait()                                     {}
func (p *WorkerPool) StopAndWaitFor(deadline time.Duration)            {}

// Group creates a new task group.
func (p *WorkerPool) Group() *TaskGroup { return &TaskGroup{pool: p} }

// GroupContext creates a new task group and an associated Context derived from ctx.
func (p *WorkerPool) GroupContext(ctx context.Context) (*TaskGroupWithContext, context.Context) {
	return &TaskGroupWithContext{TaskGroup: TaskGroup{pool: p}}, ctx
}

// TaskGroup represents a group of related tasks.
type TaskGroup struct {
	pool *WorkerPool
}

// Submit adds a task to this group and sends it to the worker pool to be executed.
func (g *TaskGroup) Submit(task func()) {}

// Wait waits until all the tasks in this group have completed.
func (g *TaskGroup) Wait() {}

// TaskGroupWithContext represents a group of related tasks associated to a context.
type TaskGroupWithContext struct {
	TaskGroup
	ctx context.Context
	err error
}

// Submit adds a task to this group and sends it to the worker pool to be executed.
func (g *TaskGroupWithContext) Submit(task func() error) {}

// Wait blocks until all function calls from the Go method have returned, then
// returns the first non-nil error (if any) from them.
func (g *TaskGroupWithContext) Wait() error { return g.err }
