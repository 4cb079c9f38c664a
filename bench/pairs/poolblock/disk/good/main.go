// Command good does the work of ../bad in two stages: an I/O stage of
// ioConc readers hands the files' contents to a CPU stage of GOMAXPROCS
// workers that hash them. With the files in the page cache the two shapes
// should cost about the same; with -cold the readers keep the device busy
// with ioConc reads at once.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// ioConc is how many reads are in flight at once.
const ioConc = 32

func main() {
	cfg := pair.Setup("poolblock/disk", "good", pair.Defaults{Items: 2000, Size: 64 << 10})
	dir, cleanup := cfg.TempDir()
	defer cleanup()
	if err := pair.WriteInputs(dir, cfg.Items, cfg.Size, cfg.Cold); err != nil {
		pair.Fail(err)
	}

	var sum pair.Sum
	items := pair.Feed(cfg.Items)
	contents := make(chan []byte, ioConc)
	cfg.Start()

	// The I/O stage.
	var readers sync.WaitGroup
	for r := 0; r < ioConc; r++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for i := range items {
				data, err := os.ReadFile(pair.FileName(dir, i))
				if err != nil || len(data) != cfg.Size {
					pair.Fail(fmt.Errorf("item %d: %v (%d bytes)", i, err, len(data)))
				}
				contents <- data
			}
		}()
	}
	go func() {
		readers.Wait()
		close(contents)
	}()

	// The CPU stage.
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for data := range contents {
				sum.Add(pair.Work(data, cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(workers, ioConc, &sum)
}
