// Package nocost hashes with a pool of one worker per core, and each item
// also sleeps a microsecond: flagged, but the sleep is nothing beside the
// hashing.
package nocost

import (
	"crypto/sha256"
	"runtime"
	"sync"
	"time"
)

// Sum hashes each block many times over, pausing after each.
func Sum(blocks [][]byte) [][32]byte {
	out := make([][32]byte, len(blocks))
	work := make(chan int, len(blocks))
	for j := range blocks {
		work <- j
	}
	close(work)
	var wg sync.WaitGroup
	for i := 0; i < runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				h := sha256.Sum256(blocks[j])
				for range 20000 {
					h = sha256.Sum256(h[:])
				}
				out[j] = h
				time.Sleep(time.Microsecond)
			}
		}()
	}
	wg.Wait()
	return out
}
