package held

import "sync"

// Entry locks: what a function's callers hold when they call it.

type C struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	other sync.Mutex
	n     int
	inner *Inner
}

type Inner struct {
	mu sync.Mutex
	v  int
}

// Both calls hold c.mu.
func (c *C) bothHeld() {
	c.n = 1 // want `held: \[c.mu\]`
}

func (c *C) A() {
	c.mu.Lock()
	c.bothHeld()
	c.mu.Unlock()
}

func (c *C) B() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bothHeld()
	c.oneHeld()
	c.level1()
	c.relock()
	c.viaValue()
}

// One call does not hold it.
func (c *C) oneHeld() {
	c.n = 2 // want `held: \[\]`
}

func (c *C) D() {
	c.oneHeld()
}

// A chain: B holds c.mu, level1 calls level2.
func (c *C) level1() {
	c.n = 3 // want `held: \[c.mu\]`
	c.level2()
}

func (c *C) level2() {
	c.n = 4 // want `held: \[c.mu\]`
}

// A helper that drops the caller's lock around slow work.
func (c *C) relock() {
	c.n = 5 // want `held: \[c.mu\]`
	c.mu.Unlock()
	c.n = 6 // want `held: \[\]`
	c.mu.Lock()
	c.n = 7 // want `held: \[c.mu\]`
}

// A method value may be called from anywhere.
func (c *C) viaValue() {
	c.n = 8 // want `held: \[\]`
}

func (c *C) E() func() {
	return c.viaValue
}

// The argument is another object: its lock is the parameter's.
func (c *C) F(o *C) {
	o.mu.Lock()
	setN(o)
	o.mu.Unlock()
	c.inner.mu.Lock()   // want `held: \[\]`
	c.inner.set()       // want `held: \[c.inner.mu\]`
	c.inner.mu.Unlock() // want `held: \[c.inner.mu\]`
}

func setN(x *C) {
	x.n = 9 // want `held: \[x.mu\]`
}

func (i *Inner) set() {
	i.v = 1 // want `held: \[i.mu\]`
}

// Exported: callers out of view.
func (c *C) Exported() {
	c.n = 10 // want `held: \[\]`
}

func (c *C) G() {
	c.mu.Lock()
	c.Exported()
	c.mu.Unlock()
	go c.started()
	c.mu.Lock()
	c.started()
	c.mu.Unlock()
}

// Started by go as well as called.
func (c *C) started() {
	c.n = 11 // want `held: \[\]`
}

// Read locks: one call holds it for reading, the other for writing.
func (c *C) reader() int {
	return c.n // want `held: \[c.rw\(r\)\]`
}

func (c *C) H() int {
	c.rw.RLock()
	n := c.reader()
	c.rw.RUnlock()
	c.rw.Lock()
	n += c.reader()
	c.rw.Unlock()
	return n
}

// Recursion: the locks of the outside call.
func (c *C) rec(k int) {
	c.n = k // want `held: \[c.mu\]`
	if k > 0 {
		c.rec(k - 1)
	}
}

func (c *C) I() {
	c.mu.Lock()
	c.rec(3)
	c.mu.Unlock()
}

// Annotations, for callers out of view.

// Must be called with c.mu held.
func (c *C) Documented() {
	c.n = 12 // want `held: \[c.mu\]`
}

// Undocumented has no such comment.
func (c *C) Undocumented() {
	c.n = 13 // want `held: \[\]`
}

// +checklocks:other
func (c *C) Checklocks() {
	c.n = 14 // want `held: \[c.other\]`
}

// +checklocksread:rw
func (c *C) ChecklocksRead() {
	c.n = 15 // want `held: \[c.rw\(r\)\]`
}

// Caller must hold x.inner.mu.
func Param(x *C) {
	x.inner.v = 16 // want `held: \[x.inner.mu\]` `held: \[x.inner.mu\]`
}

// The name says the receiver's mutex is held, but which of three?
func (c *C) ExportedLocked() {
	c.n = 17 // want `held: \[c.mu\]`
}

// Assumes lock is held.
func (i *Inner) Assumes() {
	i.v = 18 // want `held: \[i.mu\]`
}

// Lock should not be held: a negative phrase.
func (i *Inner) NotHeld() {
	i.v = 19 // want `held: \[\]`
}

// A closure called where it is made, under the lock, and one passed on.
func (c *C) J(run func(func())) {
	c.mu.Lock()
	f := func() {
		c.n = 20 // want `held: \[c.mu\]`
	}
	f()
	run(func() {
		c.n = 21 // want `held: \[\]`
	})
	c.mu.Unlock()
}
