// Package slow has a pool whose test outlives any short -timeout.
package slow

import (
	"runtime"
	"sync"
	"time"
)

// Wait sleeps d in each of NumCPU goroutines.
func Wait(d time.Duration) {
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(d)
		}()
	}
	wg.Wait()
}
