package ants

// Pool is a goroutine pool that limits and recycles a mass of goroutines.
type Pool struct {
	*poolCommon
}

// Submit submits a task to the pool.
func (p *Pool) Submit(task func()) error { return nil }

// NewPool instantiates a Pool with customized options.
func NewPool(size int, options ...Option) (*Pool, error) {
	return &Pool{poolCommon: &poolCommon{capacity: int32(size)}}, nil
}

// PoolWithFunc accepts the tasks and process them concurrently,
// it limits the total of goroutines to a given number by recycling goroutines.
type PoolWithFunc struct {
	*poolCommon
	fn func(any)
}

// Invoke passes arguments to the pool.
func (p *PoolWithFunc) Invoke(arg any) error { return nil }

// NewPoolWithFunc instantiates a PoolWithFunc with customized options.
func NewPoolWithFunc(size int, pf func(any), options ...Option) (*PoolWithFunc, error) {
	return &PoolWithFunc{poolCommon: &poolCommon{capacity: int32(size)}, fn: pf}, nil
}

// PoolWithFuncGeneric is the generic version of PoolWithFunc.
type PoolWithFuncGeneric[T any] struct {
	*poolCommon
	fn func(T)
}

// Invoke passes the argument to the pool to start a new task.
func (p *PoolWithFuncGeneric[T]) Invoke(arg T) error { return nil }

// NewPoolWithFuncGeneric instantiates a PoolWithFuncGeneric[T] with customized options.
func NewPoolWithFuncGeneric[T any](size int, pf func(T), options ...Option) (*PoolWithFuncGeneric[T], error) {
	return &PoolWithFuncGeneric[T]{poolCommon: &poolCommon{capacity: int32(size)}, fn: pf}, nil
}
