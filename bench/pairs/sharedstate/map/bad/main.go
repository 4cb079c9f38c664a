// Command bad hashes items with 8 workers and indexes each
// item's digest by its name in a map that all of them write: digests[name]
// = d from every goroutine, with no synchronization. A map is not safe for
// concurrent writes: the runtime notices two writers most of the time and
// ends the program with "fatal error: concurrent map writes"; when it does
// not, entries can be lost. sharedstate reports the map.
//
// The figure is the entries lost: items processed less the items found in
// the map afterwards, with their digest. The harness counts the crashes.
package main

import (
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// workers is how many goroutines share the state, whatever GOMAXPROCS: on
// one core they take turns, on several they run at once.
const workers = 8

func main() {
	cfg := pair.Setup("sharedstate/map", "bad", pair.Defaults{Items: 200_000, Size: 64})

	var sum pair.Sum
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
				digests[pair.Name(i)] = d
			}
		}()
	}
	wg.Wait()
	cfg.ReportState(workers, cfg.Items, pair.Found(cfg, digests), &sum)
}
