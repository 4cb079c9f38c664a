// Functions that run with their caller's lock held: every call in the
// package holds it, or the doc comment says so.
package callerlocks

import "sync"

type Server struct {
	mu sync.Mutex
	a  int
	b  int
	c  int
	c2 int
	d  int
	d2 int
	e  int
	f  int
	g  int
}

// --- a spawner whose two calls both hold s.mu

func (s *Server) startA() {
	go func() {
		s.mu.Lock()
		s.a++
		s.mu.Unlock()
	}()
	s.a = 1
}

func (s *Server) A1() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.startA()
}

func (s *Server) A2() {
	s.mu.Lock()
	s.startA()
	s.mu.Unlock()
}

// --- the same, but one call does not hold s.mu

func (s *Server) startB() {
	go func() {
		s.mu.Lock()
		s.b++
		s.mu.Unlock()
	}()
	s.b = 1 // want `field s.b is written by the function that starts a goroutine and read in that goroutine`
}

func (s *Server) B1() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.startB()
}

func (s *Server) B2() {
	s.startB()
}

// --- two levels: C1 holds s.mu, midC calls startC

func (s *Server) startC() {
	go func() {
		s.mu.Lock()
		s.c++
		s.mu.Unlock()
	}()
	s.c = 1
}

func (s *Server) midC() {
	s.startC()
}

func (s *Server) C1() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.midC()
}

// The same chain from a caller without the lock.
func (s *Server) startC2() {
	go func() {
		s.mu.Lock()
		s.c2++
		s.mu.Unlock()
	}()
	s.c2 = 1 // want `field s.c2 is written by the function that starts a goroutine`
}

func (s *Server) midC2() {
	s.startC2()
}

func (s *Server) C2() {
	s.midC2()
}

// --- doc comments, for exported functions whose callers are out of view

// StartDoc starts the counter. It must be called with s.mu held.
func (s *Server) StartDoc() {
	go func() {
		s.mu.Lock()
		s.d++
		s.mu.Unlock()
	}()
	s.d = 1
}

// StartNoDoc starts the counter.
func (s *Server) StartNoDoc() {
	go func() {
		s.mu.Lock()
		s.d2++
		s.mu.Unlock()
	}()
	s.d2 = 1 // want `field s.d2 is written by the function that starts a goroutine`
}

func (s *Server) D() {
	s.StartNoDoc()
}

// StartChecked is annotated for gVisor's checklocks.
//
// +checklocks:mu
func (s *Server) StartChecked() {
	go func() {
		s.mu.Lock()
		s.e++
		s.mu.Unlock()
	}()
	s.e = 1
}

// --- a helper that drops its caller's lock around slow work

func (s *Server) refresh() {
	s.mu.Unlock()
	go func() {
		s.mu.Lock()
		s.f++
		s.mu.Unlock()
	}()
	s.f = 0 // want `field s.f is written by the function that starts a goroutine`
	s.mu.Lock()
}

func (s *Server) F() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refresh()
}

// --- a method value may be called from anywhere

func (s *Server) startG() {
	go func() {
		s.mu.Lock()
		s.g++
		s.mu.Unlock()
	}()
	s.g = 1 // want `field s.g is written by the function that starts a goroutine`
}

func (s *Server) G1() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.startG()
}

func (s *Server) G2() func() {
	return s.startG
}

// --- a field guarded by a sibling mutex at most of its accesses

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	c.items[k] = v
	c.mu.Unlock()
}

func (c *Cache) Delete(k string) {
	c.mu.Lock()
	delete(c.items, k)
	c.mu.Unlock()
}

func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

// lookup's two calls hold c.mu.
func (c *Cache) lookup(k string) int {
	return c.items[k]
}

func (c *Cache) Twice(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lookup(k) + c.lookup(k+k)
}

// peek's second call does not.
func (c *Cache) peek(k string) int {
	return c.items[k] // want `field c.items is read without c.mu held, which guards it at 4 other accesses`
}

func (c *Cache) Peek1(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.peek(k)
}

func (c *Cache) Peek2(k string) int {
	return c.peek(k)
}

// reload drops the lock its caller holds to load the items.
func (c *Cache) reload() {
	c.mu.Unlock()
	c.items = load() // want `field c.items is written without c.mu held, which guards it at 4 other accesses`
	c.mu.Lock()
}

func (c *Cache) Reload() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reload()
}

func load() map[string]int { return map[string]int{} }
