// Command bad reads one input file per item and hashes it, with a pool of
// GOMAXPROCS workers. poolblock reports the read only with
// -poolblock.kinds=all (disk is off by default): served from the page cache
// a read costs a CPU pool little. With -cold the files are evicted from the
// page cache first, and every read goes to the device.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

func main() {
	cfg := pair.Setup("poolblock/disk", "bad", pair.Defaults{Items: 2000, Size: 64 << 10})
	dir, cleanup := cfg.TempDir()
	defer cleanup()
	if err := pair.WriteInputs(dir, cfg.Items, cfg.Size, cfg.Cold); err != nil {
		pair.Fail(err)
	}

	var sum pair.Sum
	items := pair.Feed(cfg.Items)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	cfg.Start()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range items {
				data, err := os.ReadFile(pair.FileName(dir, i)) // waits on disk I/O
				if err != nil || len(data) != cfg.Size {
					pair.Fail(fmt.Errorf("item %d: %v (%d bytes)", i, err, len(data)))
				}
				sum.Add(pair.Work(data, cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(workers, workers, &sum)
}
