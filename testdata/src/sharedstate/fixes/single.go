package fixes

import "sync"

// The file's one import becomes a block with sync/atomic.
func count(items []int) int {
	var wg sync.WaitGroup
	n := 0
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n++ // want `counter n is incremented`
		}()
	}
	wg.Wait()
	return n
}
