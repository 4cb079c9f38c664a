// Package ants is a stub of github.com/panjf2000/ants/v2 v2.12.1 for
// corefit's tests: the exported API with the real signatures, no behaviour.
package ants

import (
	"context"
	"errors"
	"math"
	"time"
)

const (
	// DefaultAntsPoolSize is the default capacity for a default goroutine pool.
	DefaultAntsPoolSize = math.MaxInt32
	// DefaultCleanIntervalTime is the interval time to clean up goroutines.
	DefaultCleanIntervalTime = time.Second
)

const (
	// OPENED represents that the pool is opened.
	OPENED = iota
	// CLOSED represents that the pool is closed.
	CLOSED
)

var (
	ErrLackPoolFunc                 = errors.New("must provide function for pool")
	ErrInvalidPoolExpiry            = errors.New("invalid expiry for pool")
	ErrPoolClosed                   = errors.New("this pool has been closed")
	ErrPoolOverload                 = errors.New("too many goroutines blocked on submit or Nonblocking is set")
	ErrInvalidPreAllocSize          = errors.New("can not set up a negative capacity under PreAlloc mode")
	ErrTimeout                      = errors.New("operation timed out")
	ErrInvalidPoolIndex             = errors.New("invalid pool index")
	ErrInvalidLoadBalancingStrategy = errors.New("invalid load-balancing strategy")
	ErrInvalidMultiPoolSize         = errors.New("invalid size for multiple pool")
)

// Submit submits a task to the default pool.
func Submit(task func()) error { return nil }

// Running returns the number of the currently running goroutines of the default pool.
func Running() int { return 0 }

// Cap returns the capacity of the default pool.
func Cap() int { return 0 }

// Free returns the available goroutines of the default pool.
func Free() int { return 0 }

// Release closes the default pool.
func Release() {}

// ReleaseTimeout is like Release but with a timeout.
func ReleaseTimeout(timeout time.Duration) error { return nil }

// ReleaseContext is like Release but with a context.
func ReleaseContext(ctx context.Context) error { return nil }

// Reboot reboots the default pool.
func Reboot() {}

// Logger is used for logging formatted messages.
type Logger interface {
	Printf(format string, args ...any)
}

// poolCommon contains all common fields for other sophisticated pools.
type poolCommon struct {
	capacity int32
	options  *Options
}

func (p *poolCommon) Running() int                               { return 0 }
func (p *poolCommon) Free() int                                  { return 0 }
func (p *poolCommon) Waiting() int                               { return 0 }
func (p *poolCommon) Cap() int                                   { return int(p.capacity) }
func (p *poolCommon) Tune(size int)                              {}
func (p *poolCommon) IsClosed() bool                             { return false }
func (p *poolCommon) Release()                                   {}
func (p *poolCommon) ReleaseTimeout(timeout time.Duration) error { return nil }
func (p *poolCommon) ReleaseContext(ctx context.Context) error   { return nil }
func (p *poolCommon) Reboot()                                    {}
