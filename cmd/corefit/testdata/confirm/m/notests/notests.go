// Package notests has a pool and no tests.
package notests

import (
	"net/http"
	"runtime"
	"sync"
)

// Head asks for each URL's headers, NumCPU requests at a time.
func Head(urls []string) {
	sem := make(chan struct{}, runtime.NumCPU())
	var wg sync.WaitGroup
	for _, u := range urls {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if resp, err := http.Head(u); err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
}
