// Command bad fetches items from a loopback HTTP server with a pool of
// GOMAXPROCS workers, each fetching an item and then hashing it: the pool is
// sized for the CPU work, but its workers spend most of their time waiting
// on the network, and the cores idle. poolblock reports the fetch.
//
// The throughput is capped at workers/(latency + work), whatever the cores
// could do.
package main

import (
	"runtime"
	"sync"
	"time"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

func main() {
	cfg := pair.Setup("poolblock/network", "bad", pair.Defaults{Latency: 2 * time.Millisecond})
	srv, err := pair.ServeHTTP(cfg.Latency, cfg.Size)
	if err != nil {
		pair.Fail(err)
	}
	defer srv.Close()
	client := pair.Client()

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
				body, err := pair.Get(client, srv.URL(i), cfg.Size) // waits on the network
				if err != nil {
					pair.Fail(err)
				}
				sum.Add(pair.Work(body, cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(workers, workers, &sum)
}
