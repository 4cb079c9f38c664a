// Command good does the work of ../bad with the same pool and no pause.
package main

import (
	"runtime"
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

func main() {
	cfg := pair.Setup("poolblock/pause", "good", pair.Defaults{Items: 10000})

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
				sum.Add(pair.Work(pair.Payload(i, cfg.Size), cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(workers, 0, &sum)
}
