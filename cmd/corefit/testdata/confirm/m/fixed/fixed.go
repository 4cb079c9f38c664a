// Package fixed counts hits from many goroutines under a mutex.
package fixed

import "sync"

// Counter counts hits.
type Counter struct {
	mu sync.Mutex
	n  int
}

// Hits adds one per goroutine, k goroutines at once, and returns the count.
func (c *Counter) Hits(k int) int {
	var wg sync.WaitGroup
	for range k {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.mu.Lock()
			c.n++
			c.mu.Unlock()
		}()
	}
	wg.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
