// Command good does the work of ../bad in two stages: a CPU stage of
// GOMAXPROCS workers hashes the items and hands the results to an I/O stage
// of ioConc writers, each writing and fsyncing one file at a time. The
// fsyncs overlap (the file system commits them together) and the hashing
// goes on meanwhile.
package main

import (
	"os"
	"runtime"
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// ioConc is how many files are written and flushed at once.
const ioConc = 32

type result struct {
	i       int
	digest  [32]byte
	payload []byte
}

func main() {
	cfg := pair.Setup("poolblock/fsync", "good", pair.Defaults{Items: 500, Size: 4096})
	dir, cleanup := cfg.TempDir()
	defer cleanup()

	var sum pair.Sum
	items := pair.Feed(cfg.Items)
	results := make(chan result, ioConc)
	cfg.Start()

	// The CPU stage.
	workers := runtime.GOMAXPROCS(0)
	var hashers sync.WaitGroup
	for w := 0; w < workers; w++ {
		hashers.Add(1)
		go func() {
			defer hashers.Done()
			for i := range items {
				payload := pair.Payload(i, cfg.Size)
				results <- result{i, pair.Work(payload, cfg.WorkKiB), payload}
			}
		}()
	}
	go func() {
		hashers.Wait()
		close(results)
	}()

	// The I/O stage.
	var writers sync.WaitGroup
	for w := 0; w < ioConc; w++ {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for r := range results {
				f, err := os.Create(pair.FileName(dir, r.i))
				if err != nil {
					pair.Fail(err)
				}
				if _, err := f.Write(append(r.digest[:], r.payload...)); err != nil {
					pair.Fail(err)
				}
				if err := f.Sync(); err != nil {
					pair.Fail(err)
				}
				if err := f.Close(); err != nil {
					pair.Fail(err)
				}
				sum.Add(r.digest)
			}
		}()
	}
	writers.Wait()
	cfg.Report(workers, ioConc, &sum)
}
