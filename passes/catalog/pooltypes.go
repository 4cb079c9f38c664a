package catalog

import "go/types"

// PoolRole is what a call does to a goroutine pool.
type PoolRole uint8

const (
	// PoolNew creates a pool and returns it as its first result. SizeArg
	// is the argument that bounds the number of goroutines; WorkArg, when
	// not -1, is a function that every worker runs (ants.NewPoolWithFunc,
	// tunny.NewFunc).
	PoolNew PoolRole = iota + 1
	// PoolNewUnbounded creates a pool with no bound yet (conc's pool.New,
	// a zero errgroup); a later PoolLimit call bounds it.
	PoolNewUnbounded
	// PoolLimit bounds the pool it is called on (errgroup's SetLimit,
	// conc's WithMaxGoroutines) with SizeArg. When it returns a pool (conc),
	// the result is the same pool.
	PoolLimit
	// PoolSubmit hands the function in WorkArg to the pool the method is
	// called on.
	PoolSubmit
	// PoolRun runs the function in WorkArg on a pool of implicit size
	// (conc's iter.ForEach uses GOMAXPROCS goroutines); ImplicitCPU says so.
	PoolRun
	// SemNew creates a counting semaphore bounded by SizeArg
	// (semaphore.NewWeighted).
	SemNew
	// SemAcquire acquires the semaphore it is called on.
	SemAcquire
)

// PoolAPI describes one function or method of a pool library.
type PoolAPI struct {
	Role    PoolRole
	SizeArg int // index into the call's arguments (receiver excluded); -1: none
	WorkArg int // index into the call's arguments (receiver excluded); -1: none
	// ImplicitCPU says that the pool's size is GOMAXPROCS unless set.
	ImplicitCPU bool
	Why         string
}

// LookupPool returns the pool role of fn, if fn belongs to a known pool API.
func LookupPool(fn *types.Func) (PoolAPI, bool) {
	if fn == nil {
		return PoolAPI{}, false
	}
	if p, ok := userPool(fn); ok {
		return p, true
	}
	p, ok := poolAPIs[FullName(fn)]
	return p, ok
}
