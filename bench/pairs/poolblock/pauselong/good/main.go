// Command good does the work of ../bad, the same pauses at the same items,
// with a pool sized for the wait: ioConc workers, so that while some sleep
// the others keep the cores busy.
package main

import (
	"sync"
	"time"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// ioConc is how many workers share the items.
const ioConc = 128

func main() {
	cfg := pair.Setup("poolblock/pauselong", "good", pair.Defaults{Items: 4000})

	var sum pair.Sum
	var wg sync.WaitGroup
	cfg.Start()
	for w := 0; w < ioConc; w++ {
		lo, hi := w*cfg.Items/ioConc, (w+1)*cfg.Items/ioConc
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				if i%256 == 0 {
					time.Sleep(100 * time.Millisecond)
				}
				sum.Add(pair.Work(pair.Payload(i, cfg.Size), cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(0, ioConc, &sum)
}
