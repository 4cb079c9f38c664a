// Package unreached has a pool that its tests do not run.
package unreached

import (
	"net"
	"runtime"
	"sync"
)

// Ping dials each address from a pool of GOMAXPROCS workers.
func Ping(addrs []string) {
	work := make(chan string)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for a := range work {
				if c, err := net.Dial("tcp", a); err == nil {
					c.Close()
				}
			}
		})
	}
	for _, a := range addrs {
		work <- a
	}
	close(work)
	wg.Wait()
}

// Double doubles n: the only function the tests call.
func Double(n int) int { return 2 * n }
