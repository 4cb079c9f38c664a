// Command bad hashes items with 8 workers and counts the items
// processed in a plain int that all of them increment: processed++ from
// every goroutine, with no synchronization. An increment is a load, an add
// and a store; two workers on two cores that load the same value store the
// same sum, and one update is lost. sharedstate reports the counter.
//
// The figure is the updates lost: items processed less the count.
package main

import (
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// workers is how many goroutines share the state, whatever GOMAXPROCS: on
// one core they take turns, on several they run at once.
const workers = 8

func main() {
	cfg := pair.Setup("sharedstate/counter", "bad", pair.Defaults{Items: 1_000_000, Size: 64})

	var sum pair.Sum
	processed := 0
	var wg sync.WaitGroup
	cfg.Start()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < cfg.Items; i += workers {
				sum.Add(pair.Work(pair.Payload(i, cfg.Size), cfg.WorkKiB))
				processed++
			}
		}()
	}
	wg.Wait()
	cfg.ReportState(workers, cfg.Items, processed, &sum)
}
