// Command bad waits, then hashes, per item, with a pool of GOMAXPROCS
// workers. The sleep stands for any wait whose latency is set elsewhere (a
// rate limiter, a backoff, a remote call): the pool is sized for the
// hashing, and its workers sleep while the cores idle. poolblock reports the
// sleep.
package main

import (
	"runtime"
	"sync"
	"time"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

func main() {
	cfg := pair.Setup("poolblock/sleep", "bad", pair.Defaults{Latency: 2 * time.Millisecond})

	var sum pair.Sum
	items := pair.Feed(cfg.Items)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	cfg.Start()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range items {
				time.Sleep(cfg.Latency) // sleeps
				sum.Add(pair.Work(pair.Payload(i, cfg.Size), cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(workers, workers, &sum)
}
