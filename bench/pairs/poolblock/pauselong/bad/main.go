// Command bad is ../../pause/bad with a long pause: 100 ms once every 256
// items, more than the 256 items take to hash. The workers of the
// GOMAXPROCS pool sleep while the cores idle; poolblock reports the sleep.
package main

import (
	"runtime"
	"sync"
	"time"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

func main() {
	cfg := pair.Setup("poolblock/pauselong", "bad", pair.Defaults{Items: 4000})

	var sum pair.Sum
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	cfg.Start()
	for w := 0; w < workers; w++ {
		lo, hi := w*cfg.Items/workers, (w+1)*cfg.Items/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				if i%256 == 0 {
					time.Sleep(100 * time.Millisecond) // sleeps
				}
				sum.Add(pair.Work(pair.Payload(i, cfg.Size), cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(workers, 0, &sum)
}
