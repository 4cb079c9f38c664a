package cross

import (
	"sync"

	"sharedstate/lib"
)

func unsafe(c *lib.Counter, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Inc() // want `counter c.n is incremented by goroutines started in a loop with no synchronization`
		}()
	}
	wg.Wait()
}

func safe(c *lib.Counter, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.SafeInc()
		}()
	}
	wg.Wait()
}

// Locked through the library's own lock helpers.
func helpers(c *lib.Counter, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Lock()
			c.Inc()
			c.Unlock()
		}()
	}
	wg.Wait()
}

// lib.Wait orders the goroutine's write before the read.
func waited(c *lib.Counter) {
	ch := make(chan int)
	go func() {
		c.Inc()
		ch <- 1
	}()
	lib.Wait(ch)
	c.Inc()
}

// The library's method is the goroutine.
func direct(c *lib.Counter, n int) {
	for i := 0; i < n; i++ {
		go c.Inc() // want `counter c.n is incremented by goroutines started in a loop with no synchronization`
	}
}

func directSafe(c *lib.Counter, n int) {
	for i := 0; i < n; i++ {
		go c.SafeInc()
	}
}

// The library's function writes its package variable.
func global(n int) {
	for i := 0; i < n; i++ {
		go lib.Hit() // want `counter lib.hits is incremented by goroutines started in a loop with no synchronization`
	}
}
