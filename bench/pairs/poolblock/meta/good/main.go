// Command good does the work of ../bad with a pool sized for I/O: ioConc
// workers that stat and hash. With the metadata in the kernel's caches the
// two shapes should cost about the same.
package main

import (
	"fmt"
	"os"
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// ioConc is how many lookups are in flight at once.
const ioConc = 32

func main() {
	cfg := pair.Setup("poolblock/meta", "good", pair.Defaults{Items: 2000})
	dir, cleanup := cfg.TempDir()
	defer cleanup()
	if err := pair.WriteInputs(dir, cfg.Items, cfg.Size, false); err != nil {
		pair.Fail(err)
	}

	var sum pair.Sum
	items := pair.Feed(cfg.Items)
	var wg sync.WaitGroup
	cfg.Start()
	for w := 0; w < ioConc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range items {
				fi, err := os.Stat(pair.FileName(dir, i))
				if err != nil || fi.Size() != int64(cfg.Size) {
					pair.Fail(fmt.Errorf("item %d: %v", i, err))
				}
				sum.Add(pair.Work(pair.Payload(i, int(fi.Size())), cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(0, ioConc, &sum)
}
