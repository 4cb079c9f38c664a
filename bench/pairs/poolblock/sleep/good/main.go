// Command good does the work of ../bad with a pool sized for the wait:
// ioConc workers, so that ioConc/latency is well above what the cores can
// hash. The sleeps overlap and the cores stay busy.
package main

import (
	"sync"
	"time"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// ioConc is how many items wait at once.
const ioConc = 128

func main() {
	cfg := pair.Setup("poolblock/sleep", "good", pair.Defaults{Latency: 2 * time.Millisecond})

	var sum pair.Sum
	items := pair.Feed(cfg.Items)
	var wg sync.WaitGroup
	cfg.Start()
	for w := 0; w < ioConc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range items {
				time.Sleep(cfg.Latency)
				sum.Add(pair.Work(pair.Payload(i, cfg.Size), cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(0, ioConc, &sum)
}
