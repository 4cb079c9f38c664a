// Command good does the work of ../bad and collects the records in one
// slice per goroutine, each stored in its own element of parts (disjoint
// index writes), then merged after Wait: no slice is shared while it grows.
package main

import (
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// workers is how many goroutines share the state, whatever GOMAXPROCS: on
// one core they take turns, on several they run at once.
const workers = 8

func main() {
	cfg := pair.Setup("sharedstate/append", "good", pair.Defaults{Items: 1_000_000, Size: 64})

	var sum pair.Sum
	parts := make([][]pair.Record, workers)
	var wg sync.WaitGroup
	cfg.Start()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []pair.Record
			for i := w; i < cfg.Items; i += workers {
				d := pair.Work(pair.Payload(i, cfg.Size), cfg.WorkKiB)
				sum.Add(d)
				mine = append(mine, pair.Record{Item: i, Digest: d})
			}
			parts[w] = mine
		}()
	}
	wg.Wait()
	var records []pair.Record
	for _, p := range parts {
		records = append(records, p...)
	}
	cfg.ReportState(workers, cfg.Items, pair.Distinct(cfg, records), &sum)
}
