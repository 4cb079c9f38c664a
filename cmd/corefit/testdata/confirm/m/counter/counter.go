// Package counter counts hits from many goroutines without a lock.
package counter

import "sync"

// Counter counts hits.
type Counter struct {
	n int
}

// Hits adds one per goroutine, k goroutines at once, and returns the count.
func (c *Counter) Hits(k int) int {
	var wg sync.WaitGroup
	for range k {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.n++
		}()
	}
	wg.Wait()
	return c.n
}
