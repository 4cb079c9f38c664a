package facts // want package:`members\(Bump: accesses\(read c.n; inc c.n\); Hit: accesses\(read shared/facts.hits; inc shared/facts.hits\); JoinAll: waits; Wait: waits; accesses\(recv ch\); WaitAndCount: waits; accesses\(read c.n after wait; inc c.n after wait\)\)`

import (
	"sync"
	"sync/atomic"
)

type Counter struct { // want Counter:`members\(Add: accesses\(atomic write c.a\); Inc: accesses\(read c.n; inc c.n\); Put: accesses\(read c.m; mapwrite c.m\); SafeInc: accesses\(read c.n under param0.mu; inc c.n under param0.mu\)\)`
	mu sync.Mutex
	n  int
	a  atomic.Int64
	m  map[string]int
}

func (c *Counter) Inc() {
	c.n++
}

func (c *Counter) SafeInc() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

func (c *Counter) Add() {
	c.a.Add(1)
}

func (c *Counter) Put(k string) {
	c.m[k] = 1
}

// Through a call in the same package.
func Bump(c *Counter) {
	c.Inc()
}

// Wait waits for a signal.
func Wait(ch chan int) int {
	return <-ch
}

func JoinAll(wg *sync.WaitGroup) {
	wg.Wait()
}

// Only its own memory.
func Fresh() int {
	c := &Counter{}
	c.n++
	return c.n
}

var hits int

// Hit writes a package variable.
func Hit() {
	hits++
}

// WaitAndCount waits, then counts.
func WaitAndCount(c *Counter, wg *sync.WaitGroup) {
	wg.Wait()
	c.n++
}
