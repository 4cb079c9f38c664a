// Command good does the work of ../bad and counts the items processed in an
// atomic.Int64: every increment is one atomic add, and none is lost.
package main

import (
	"sync"
	"sync/atomic"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// workers is how many goroutines share the state, whatever GOMAXPROCS: on
// one core they take turns, on several they run at once.
const workers = 8

func main() {
	cfg := pair.Setup("sharedstate/counter", "good", pair.Defaults{Items: 1_000_000, Size: 64})

	var sum pair.Sum
	var processed atomic.Int64
	var wg sync.WaitGroup
	cfg.Start()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < cfg.Items; i += workers {
				sum.Add(pair.Work(pair.Payload(i, cfg.Size), cfg.WorkKiB))
				processed.Add(1)
			}
		}()
	}
	wg.Wait()
	cfg.ReportState(workers, cfg.Items, int(processed.Load()), &sum)
}
