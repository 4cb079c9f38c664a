package groups

import (
	"math"
	"time"
)

// conn has pgx's shape: a timer made stopped, whose function runs only after
// a later Reset, and the fields it reads set between the two.
type conn struct {
	slow    *time.Timer
	started chan struct{}
	reader  int
}

// connect makes the timer, stops it at once, then sets what its function
// reads: the function cannot run before a Reset.
func (c *conn) connect() {
	c.slow = time.AfterFunc(time.Duration(math.MaxInt64), func() {
		c.reader++
		c.started <- struct{}{}
	})
	c.slow.Stop()
	c.started = make(chan struct{})
	c.reader = 0
}

// write arms the timer around a write.
func (c *conn) write() {
	c.slow.Reset(time.Millisecond)
	c.slow.Stop()
}

// connectLate sets a field after a Reset of the stopped timer: the function
// may run by then.
func (c *conn) connectLate() {
	c.slow = time.AfterFunc(time.Duration(math.MaxInt64), func() {
		c.reader++
	})
	c.slow.Stop()
	c.slow.Reset(time.Millisecond)
	c.reader = 0 // want `field c.reader is written by the function that starts a goroutine and read in that goroutine, after time.AfterFunc`
}

// connectArmed does not stop the timer: its function may run at once.
func (c *conn) connectArmed() {
	t := time.AfterFunc(0, func() {
		c.reader++
	})
	c.reader = 0 // want `field c.reader is written by the function that starts a goroutine and read in that goroutine, after time.AfterFunc`
	t.Stop()
}
