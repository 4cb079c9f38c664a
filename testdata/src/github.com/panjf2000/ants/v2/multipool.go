package ants

import (
	"context"
	"time"
)

// LoadBalancingStrategy represents the type of load-balancing algorithm.
type LoadBalancingStrategy int

const (
	// RoundRobin distributes task to a list of pools in rotation.
	RoundRobin LoadBalancingStrategy = 1 << (iota + 1)
	// LeastTasks always selects the pool with the least number of pending tasks.
	LeastTasks
)

// MultiPool consists of multiple pools.
type MultiPool struct {
	pools []*Pool
	lbs   LoadBalancingStrategy
}

// NewMultiPool instantiates a MultiPool with a size of the pool list and a size
// per pool, and the load-balancing strategy.
func NewMultiPool(size, sizePerPool int, lbs LoadBalancingStrategy, options ...Option) (*MultiPool, error) {
	return &MultiPool{lbs: lbs}, nil
}

func (mp *MultiPool) Submit(task func()) (err error)             { return nil }
func (mp *MultiPool) Running() (n int)                           { return 0 }
func (mp *MultiPool) RunningByIndex(idx int) (int, error)        { return 0, nil }
func (mp *MultiPool) Free() (n int)                              { return 0 }
func (mp *MultiPool) FreeByIndex(idx int) (int, error)           { return 0, nil }
func (mp *MultiPool) Waiting() (n int)                           { return 0 }
func (mp *MultiPool) WaitingByIndex(idx int) (int, error)        { return 0, nil }
func (mp *MultiPool) Cap() (n int)                               { return 0 }
func (mp *MultiPool) Tune(size int)                              {}
func (mp *MultiPool) IsClosed() bool                             { return false }
func (mp *MultiPool) ReleaseTimeout(timeout time.Duration) error { return nil }
func (mp *MultiPool) ReleaseContext(ctx context.Context) error   { return nil }
func (mp *MultiPool) Reboot()                                    {}

// MultiPoolWithFunc consists of multiple pools with a function.
type MultiPoolWithFunc struct {
	pools []*PoolWithFunc
	lbs   LoadBalancingStrategy
}

// NewMultiPoolWithFunc instantiates a MultiPoolWithFunc with a size of the pool list and a size
// per pool, and the load-balancing strategy.
func NewMultiPoolWithFunc(size, sizePerPool int, fn func(any), lbs LoadBalancingStrategy, options ...Option) (*MultiPoolWithFunc, error) {
	return &MultiPoolWithFunc{lbs: lbs}, nil
}

func (mp *MultiPoolWithFunc) Invoke(args any) (err error)                { return nil }
func (mp *MultiPoolWithFunc) Running() (n int)                           { return 0 }
func (mp *MultiPoolWithFunc) RunningByIndex(idx int) (int, error)        { return 0, nil }
func (mp *MultiPoolWithFunc) Free() (n int)                              { return 0 }
func (mp *MultiPoolWithFunc) FreeByIndex(idx int) (int, error)           { return 0, nil }
func (mp *MultiPoolWithFunc) Waiting() (n int)                           { return 0 }
func (mp *MultiPoolWithFunc) WaitingByIndex(idx int) (int, error)        { return 0, nil }
func (mp *MultiPoolWithFunc) Cap() (n int)                               { return 0 }
func (mp *MultiPoolWithFunc) Tune(size int)                              {}
func (mp *MultiPoolWithFunc) IsClosed() bool                             { return false }
func (mp *MultiPoolWithFunc) ReleaseTimeout(timeout time.Duration) error { return nil }
func (mp *MultiPoolWithFunc) ReleaseContext(ctx context.Context) error   { return nil }
func (mp *MultiPoolWithFunc) Reboot()                                    {}

// MultiPoolWithFuncGeneric is the generic version of MultiPoolWithFunc.
type MultiPoolWithFuncGeneric[T any] struct {
	pools []*PoolWithFuncGeneric[T]
	lbs   LoadBalancingStrategy
}

// NewMultiPoolWithFuncGeneric instantiates a MultiPoolWithFunc with a size of the pool list and a size
// per pool, and the load-balancing strategy.
func NewMultiPoolWithFuncGeneric[T any](size, sizePerPool int, fn func(T), lbs LoadBalancingStrategy, options ...Option) (*MultiPoolWithFuncGeneric[T], error) {
	return &MultiPoolWithFuncGeneric[T]{lbs: lbs}, nil
}

func (mp *MultiPoolWithFuncGeneric[T]) Invoke(args T) (err error)                  { return nil }
func (mp *MultiPoolWithFuncGeneric[T]) Running() (n int)                           { return 0 }
func (mp *MultiPoolWithFuncGeneric[T]) RunningByIndex(idx int) (int, error)        { return 0, nil }
func (mp *MultiPoolWithFuncGeneric[T]) Free() (n int)                              { return 0 }
func (mp *MultiPoolWithFuncGeneric[T]) FreeByIndex(idx int) (int, error)           { return 0, nil }
func (mp *MultiPoolWithFuncGeneric[T]) Waiting() (n int)                           { return 0 }
func (mp *MultiPoolWithFuncGeneric[T]) WaitingByIndex(idx int) (int, error)        { return 0, nil }
func (mp *MultiPoolWithFuncGeneric[T]) Cap() (n int)                               { return 0 }
func (mp *MultiPoolWithFuncGeneric[T]) Tune(size int)                              {}
func (mp *MultiPoolWithFuncGeneric[T]) IsClosed() bool                             { return false }
func (mp *MultiPoolWithFuncGeneric[T]) ReleaseTimeout(timeout time.Duration) error { return nil }
func (mp *MultiPoolWithFuncGeneric[T]) ReleaseContext(ctx context.Context) error   { return nil }
func (mp *MultiPoolWithFuncGeneric[T]) Reboot()                                    {}
