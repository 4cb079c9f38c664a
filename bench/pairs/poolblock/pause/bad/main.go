// Command bad hashes its share of the items with a pool of GOMAXPROCS
// workers and pauses 50 µs once every 256 items, as a CPU-bound loop does
// for lock fairness or to yield to others. poolblock leaves the pause
// alone: the pair measures what it costs against ../good, the same pool
// without it.
package main

import (
	"runtime"
	"sync"
	"time"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

func main() {
	cfg := pair.Setup("poolblock/pause", "bad", pair.Defaults{Items: 10000})

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
					time.Sleep(50 * time.Microsecond) // a periodic pause: not a wait
				}
				sum.Add(pair.Work(pair.Payload(i, cfg.Size), cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(workers, 0, &sum)
}
