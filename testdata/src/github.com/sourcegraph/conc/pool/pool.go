// Package pool is a stub of github.com/sourcegraph/conc/pool v0.3.0 for
// corefit's tests: the exported API with the real signatures, no behaviour.
package pool

import "context"

// New creates a new Pool.
func New() *Pool { return &Pool{} }

// Pool is a pool of goroutines used to execute tasks concurrently.
type Pool struct {
	limiter chan struct{}
	tasks   chan func()
}

// Go submits a task to be run in the pool.
func (p *Pool) Go(f func()) {}

// Wait cleans up spawned goroutines, propagating any panics.
func (p *Pool) Wait() {}

// MaxGoroutines returns the maximum size of the pool.
func (p *Pool) MaxGoroutines() int { return cap(p.limiter) }

// WithMaxGoroutines limits the number of goroutines in a pool.
func (p *Pool) WithMaxGoroutines(n int) *Pool { return p }

// WithErrors converts the pool to an ErrorPool.
func (p *Pool) WithErrors() *ErrorPool { return &ErrorPool{} }

// WithContext converts the pool to a ContextPool.
func (p *Pool) WithContext(ctx context.Context) *ContextPool { return &ContextPool{ctx: ctx} }

// ErrorPool is a pool that runs tasks that may return an error.
type ErrorPool struct {
	pool           Pool
	onlyFirstError bool
	errs           error
}

func (p *ErrorPool) Go(f func() error)                            {}
func (p *ErrorPool) Wait() error                                  { return p.errs }
func (p *ErrorPool) WithContext(ctx context.Context) *ContextPool { return &ContextPool{ctx: ctx} }
func (p *ErrorPool) WithFirstError() *ErrorPool                   { return p }
func (p *ErrorPool) WithMaxGoroutines(n int) *ErrorPool           { return p }

// ContextPool is a pool that runs tasks that take a context.
type ContextPool struct {
	errorPool     ErrorPool
	ctx           context.Context
	cancel        context.CancelFunc
	cancelOnError bool
}

func (p *ContextPool) Go(f func(ctx context.Context) error) {}
func (p *ContextPool) Wait() error                          { return nil }
func (p *ContextPool) WithFirstError() *ContextPool         { return p }
func (p *ContextPool) WithCancelOnError() *ContextPool      { return p }
func (p *ContextPool) WithMaxGoroutines(n int) *ContextPool { return p }

// NewWithResults creates a new ResultPool for tasks with a result of type T.
func NewWithResults[T any]() *ResultPool[T] { return &ResultPool[T]{} }

// ResultPool is a pool that executes tasks that return a generic result type.
type ResultPool[T any] struct {
	pool Pool
	agg  []T
}

func (p *ResultPool[T]) Go(f func() T)                   {}
func (p *ResultPool[T]) Wait() []T                       { return p.agg }
func (p *ResultPool[T]) MaxGoroutines() int              { return 0 }
func (p *ResultPool[T]) WithErrors() *ResultErrorPool[T] { return &ResultErrorPool[T]{} }
func (p *ResultPool[T]) WithContext(ctx context.Context) *ResultContextPool[T] {
	return &ResultContextPool[T]{}
}
func (p *ResultPool[T]) WithMaxGoroutines(n int) *ResultPool[T] { return p }

// ResultErrorPool is a pool that executes tasks that return a generic result
// type and an error.
type ResultErrorPool[T any] struct {
	errorPool      ErrorPool
	agg            []T
	collectErrored bool
}

func (p *ResultErrorPool[T]) Go(f func() (T, error))                  {}
func (p *ResultErrorPool[T]) Wait() ([]T, error)                      { return p.agg, nil }
func (p *ResultErrorPool[T]) WithCollectErrored() *ResultErrorPool[T] { return p }
func (p *ResultErrorPool[T]) WithContext(ctx context.Context) *ResultContextPool[T] {
	return &ResultContextPool[T]{}
}
func (p *ResultErrorPool[T]) WithFirstError() *ResultErrorPool[T]         { return p }
func (p *ResultErrorPool[T]) WithMaxGoroutines(n int) *ResultErrorPool[T] { return p }

// ResultContextPool is a pool that runs tasks that take a context and return a
// result.
type ResultContextPool[T any] struct {
	contextPool    ContextPool
	agg            []T
	collectErrored bool
}

func (p *ResultContextPool[T]) Go(f func(context.Context) (T, error))         {}
func (p *ResultContextPool[T]) Wait() ([]T, error)                            { return p.agg, nil }
func (p *ResultContextPool[T]) WithCollectErrored() *ResultContextPool[T]     { return p }
func (p *ResultContextPool[T]) WithFirstError() *ResultContextPool[T]         { return p }
func (p *ResultContextPool[T]) WithCancelOnError() *ResultContextPool[T]      { return p }
func (p *ResultContextPool[T]) WithMaxGoroutines(n int) *ResultContextPool[T] { return p }
