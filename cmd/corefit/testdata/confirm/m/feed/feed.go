// Package feed fetches the URLs a slow producer hands out, with a pool of
// one worker per core: the workers wait for the next URL most of their
// lives, and for the network while they have one.
package feed

import (
	"io"
	"net/http"
	"runtime"
	"sync"
)

// Fetch returns the total size of the bodies at the URLs next returns,
// until it returns "".
func Fetch(next func() string) int {
	work := make(chan string)
	var total int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range work {
				resp, err := http.Get(u)
				if err != nil {
					continue
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mu.Lock()
				total += int(n)
				mu.Unlock()
			}
		}()
	}
	for u := next(); u != ""; u = next() {
		work <- u
	}
	close(work)
	wg.Wait()
	return total
}
