// Package runner runs pools whose size and work its callers choose.
package runner

import (
	"os"
	"runtime"
	"sync"
)

// Run starts n workers that call fn for each job.
func Run(n int, jobs <-chan string, fn func(string)) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				fn(j)
			}
		}()
	}
	wg.Wait()
}

// Process starts n workers that read the files.
func Process(n int, paths <-chan string) { // want Process:`runner work func literal in runner.Process waits on disk I/O`
	for i := 0; i < n; i++ {
		go func() {
			for p := range paths {
				os.ReadFile(p)
			}
		}()
	}
}

// Workers is the default pool size.
func Workers() int { return runtime.NumCPU() }
