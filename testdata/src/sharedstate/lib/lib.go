// Package lib has methods that write their receiver's fields; its facts
// tell the importers.
package lib

import "sync"

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Inc() {
	c.n++
}

func (c *Counter) SafeInc() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

func (c *Counter) Lock() {
	c.mu.Lock()
}

func (c *Counter) Unlock() {
	c.mu.Unlock()
}

// Wait waits for a signal.
func Wait(ch chan int) int {
	return <-ch
}

var hits int

// Hit counts in a package variable.
func Hit() { hits++ }
