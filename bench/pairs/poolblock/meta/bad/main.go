// Command bad looks up one input file's metadata per item (os.Stat) and
// hashes the item, with a pool of GOMAXPROCS workers, like a build tool
// that checks its inputs before compiling them. poolblock reports the stat
// only with -poolblock.kinds=all (meta is off by default): the kernel's
// caches of directory entries and inodes answer it without I/O.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

func main() {
	cfg := pair.Setup("poolblock/meta", "bad", pair.Defaults{Items: 2000})
	dir, cleanup := cfg.TempDir()
	defer cleanup()
	if err := pair.WriteInputs(dir, cfg.Items, cfg.Size, false); err != nil {
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
				fi, err := os.Stat(pair.FileName(dir, i)) // waits on file-system metadata
				if err != nil || fi.Size() != int64(cfg.Size) {
					pair.Fail(fmt.Errorf("item %d: %v", i, err))
				}
				sum.Add(pair.Work(pair.Payload(i, int(fi.Size())), cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(workers, workers, &sum)
}
