// Command good does the work of ../bad and indexes the digests in a map
// guarded by a sync.Mutex: one writer at a time.
package main

import (
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// workers is how many goroutines share the state, whatever GOMAXPROCS: on
// one core they take turns, on several they run at once.
const workers = 8

func main() {
	cfg := pair.Setup("sharedstate/map", "good", pair.Defaults{Items: 200_000, Size: 64})

	var sum pair.Sum
	var mu sync.Mutex
	digests := map[string][32]byte{}
	var wg sync.WaitGroup
	cfg.Start()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < cfg.Items; i += workers {
				d := pair.Work(pair.Payload(i, cfg.Size), cfg.WorkKiB)
				sum.Add(d)
				mu.Lock()
				digests[pair.Name(i)] = d
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	cfg.ReportState(workers, cfg.Items, pair.Found(cfg, digests), &sum)
}
