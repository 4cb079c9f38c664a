// Command good does the work of ../bad, split in two stages: an I/O stage
// of ioConc goroutines, sized for the requests the server can take at once,
// fetches the items and hands the bodies to a CPU stage of GOMAXPROCS
// workers that hash them. The waits overlap each other and the CPU work.
package main

import (
	"runtime"
	"sync"
	"time"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// ioConc is how many requests are in flight at most: enough to cover the
// latency (ioConc/latency items per second is far above what the cores
// hash), not more than the server takes.
const ioConc = 128

func main() {
	cfg := pair.Setup("poolblock/network", "good", pair.Defaults{Latency: 2 * time.Millisecond})
	srv, err := pair.ServeHTTP(cfg.Latency, cfg.Size)
	if err != nil {
		pair.Fail(err)
	}
	defer srv.Close()
	client := pair.Client()

	var sum pair.Sum
	items := pair.Feed(cfg.Items)
	bodies := make(chan []byte, ioConc)
	cfg.Start()

	// The I/O stage.
	var fetchers sync.WaitGroup
	for f := 0; f < ioConc; f++ {
		fetchers.Add(1)
		go func() {
			defer fetchers.Done()
			for i := range items {
				body, err := pair.Get(client, srv.URL(i), cfg.Size)
				if err != nil {
					pair.Fail(err)
				}
				bodies <- body
			}
		}()
	}
	go func() {
		fetchers.Wait()
		close(bodies)
	}()

	// The CPU stage.
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for body := range bodies {
				sum.Add(pair.Work(body, cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(workers, ioConc, &sum)
}
