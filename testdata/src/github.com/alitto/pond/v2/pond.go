// Package pond is a stub of github.com/alitto/pond/v2 v2.7.1 for corefit's
// tests: the exported API with the real signatures, no behaviour.
package pond

import (
	"context"
	"errors"
	"math"
)

const (
	// Unbounded is the constant for an unbounded queue.
	Unbounded               = math.MaxInt
	DefaultQueueSize        = Unbounded
	DefaultNonBlocking      = false
	LinkedBufferInitialSize = 1024
	LinkedBufferMaxCapacity = 100 * 1024
)

var (
	ErrQueueFull             = errors.New("queue is full")
	ErrQueueEmpty            = errors.New("queue is empty")
	ErrPoolStopped           = errors.New("pool stopped")
	ErrMaxConcurrencyReached = errors.New("max concurrency reached")
	ErrGroupStopped          = errors.New("task group stopped")
	ErrPanic                 = errors.New("task panicked")
	ErrContextCanceled       = errors.New("context canceled")
)

// Task represents a task that can be waited on.
type Task interface {
	Done() <-chan struct{}
	Wait() error
}

// ResultTask represents a task that yields a result.
type ResultTask[R any] interface {
	Done() <-chan struct{}
	Wait() (R, error)
}

// Result is deprecated. Use ResultTask instead.
//
// Deprecated: Use ResultTask instead.
type Result[R any] interface {
	Done() <-chan struct{}
	Wait() (R, error)
}

// BasePool defines methods common to all pool types.
type BasePool interface {
	RunningWorkers() int64
	SubmittedTasks() uint64
	WaitingTasks() uint64
	FailedTasks() uint64
	SuccessfulTasks() uint64
	CompletedTasks() uint64
	DroppedTasks() uint64
	CanceledTasks() uint64
	MaxConcurrency() int
	QueueSize() int
	NonBlocking() bool
	Context() context.Context
	Stop() Task
	StopAndWait()
	Stopped() bool
	Resize(maxConcurrency int)
}

// Pool represents a pool of goroutines that can execute tasks concurrently.
type Pool interface {
	BasePool
	Go(task func()) error
	Submit(task func()) Task
	SubmitErr(task func() error) Task
	TrySubmit(task func()) (Task, bool)
	TrySubmitErr(task func() error) (Task, bool)
	NewSubpool(maxConcurrency int, options ...Option) Pool
	NewGroup() TaskGroup
	NewGroupContext(ctx context.Context) TaskGroup
}

// ResultPool is a pool that can be used to submit tasks that return a result.
type ResultPool[R any] interface {
	BasePool
	Submit(task func() R) ResultTask[R]
	SubmitErr(task func() (R, error)) ResultTask[R]
	TrySubmit(task func() R) (ResultTask[R], bool)
	TrySubmitErr(task func() (R, error)) (ResultTask[R], bool)
	NewSubpool(maxConcurrency int, options ...Option) ResultPool[R]
	NewGroup() ResultTaskGroup[R]
	NewGroupContext(ctx context.Context) ResultTaskGroup[R]
}

// TaskGroup represents a group of tasks that can be executed concurrently.
type TaskGroup interface {
	Submit(tasks ...func()) TaskGroup
	SubmitErr(tasks ...func() error) TaskGroup
	Wait() error
	Done() <-chan struct{}
	Stop()
	Context() context.Context
}

// ResultTaskGroup represents a group of tasks that yield a result.
type ResultTaskGroup[O any] interface {
	Submit(tasks ...func() O) ResultTaskGroup[O]
	SubmitErr(tasks ...func() (O, error)) ResultTaskGroup[O]
	Wait() ([]O, error)
	Done() <-chan struct{}
	Stop()
}

type pool struct {
	ctx            context.Context
	maxConcurrency int
}

// Option is a pool option.
type Option func(*pool)

// WithContext sets the context for the pool.
func WithContext(ctx context.Context) Option { return func(p *pool) { p.ctx = ctx } }

// WithQueueSize sets the max number of elements that can be queued in the pool.
func WithQueueSize(size int) Option { return func(p *pool) {} }

// WithNonBlocking sets the pool to be non-blocking when the queue is full.
func WithNonBlocking(nonBlocking bool) Option { return func(p *pool) {} }

// WithoutPanicRecovery disables panic interception inside worker goroutines.
func WithoutPanicRecovery() Option { return func(p *pool) {} }

// NewPool creates a new pool with the given maximum concurrency and options.
// A maximum concurrency of 0 means no limit.
func NewPool(maxConcurrency int, options ...Option) Pool { return nil }

// NewResultPool creates a new result pool with the given maximum concurrency and options.
func NewResultPool[R any](maxConcurrency int, options ...Option) ResultPool[R] { return nil }

// Submit submits a task to the default pool.
func Submit(task func()) Task { return nil }

// SubmitErr submits a task to the default pool.
func SubmitErr(task func() error) Task { return nil }

// NewGroup creates a new task group with the default pool.
func NewGroup() TaskGroup { return nil }

// NewSubpool creates a new subpool with the default pool.
func NewSubpool(maxConcurrency int) Pool { return nil }
