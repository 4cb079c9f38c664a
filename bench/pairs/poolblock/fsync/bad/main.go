// Command bad computes a result per item and stores it durably, with a pool
// of GOMAXPROCS workers: each hashes its item, writes the result to a file
// of its own and waits for fsync before taking the next item. The pool is
// sized for the hashing, but the workers spend their time waiting for the
// device to confirm the writes. poolblock reports the Sync.
package main

import (
	"os"
	"runtime"
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

func main() {
	cfg := pair.Setup("poolblock/fsync", "bad", pair.Defaults{Items: 500, Size: 4096})
	dir, cleanup := cfg.TempDir()
	defer cleanup()

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
				payload := pair.Payload(i, cfg.Size)
				d := pair.Work(payload, cfg.WorkKiB)
				f, err := os.Create(pair.FileName(dir, i))
				if err != nil {
					pair.Fail(err)
				}
				if _, err := f.Write(append(d[:], payload...)); err != nil {
					pair.Fail(err)
				}
				if err := f.Sync(); err != nil { // waits for fsync
					pair.Fail(err)
				}
				if err := f.Close(); err != nil {
					pair.Fail(err)
				}
				sum.Add(d)
			}
		}()
	}
	wg.Wait()
	cfg.Report(workers, workers, &sum)
}
