// Command bad hashes items with 8 workers and collects a record
// per item in a slice that all of them append to: records = append(records,
// r) from every goroutine, with no synchronization. An append reads the
// slice header (pointer, length, capacity), writes the element and stores a
// new header: two workers that read the same header write the same slot and
// store the same length, and a record is lost; one that grows the array
// while another writes the old one loses that write too. sharedstate
// reports the append.
//
// The figure is the records lost: items processed less the distinct items
// found in the slice afterwards.
package main

import (
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// workers is how many goroutines share the state, whatever GOMAXPROCS: on
// one core they take turns, on several they run at once.
const workers = 8

func main() {
	cfg := pair.Setup("sharedstate/append", "bad", pair.Defaults{Items: 1_000_000, Size: 64})

	var sum pair.Sum
	var records []pair.Record
	var wg sync.WaitGroup
	cfg.Start()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < cfg.Items; i += workers {
				d := pair.Work(pair.Payload(i, cfg.Size), cfg.WorkKiB)
				sum.Add(d)
				records = append(records, pair.Record{Item: i, Digest: d})
			}
		}()
	}
	wg.Wait()
	cfg.ReportState(workers, cfg.Items, pair.Distinct(cfg, records), &sum)
}
