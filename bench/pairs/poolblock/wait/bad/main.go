// Command bad queries a loopback server over a plain TCP protocol with a
// pool of GOMAXPROCS workers, one connection each: a worker sends the item's
// request, waits for the reply, then hashes it. The pool is sized for the
// hashing, but the workers spend most of their time waiting for data from
// the peer. poolblock reports the read (and the write).
package main

import (
	"net"
	"runtime"
	"sync"
	"time"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

func main() {
	cfg := pair.Setup("poolblock/wait", "bad", pair.Defaults{Latency: 2 * time.Millisecond})
	srv, err := pair.ServeTCP(cfg.Latency, cfg.Size)
	if err != nil {
		pair.Fail(err)
	}
	defer srv.Close()

	var sum pair.Sum
	items := pair.Feed(cfg.Items)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	cfg.Start()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.DialTimeout("tcp", srv.Addr(), 10*time.Second)
			if err != nil {
				pair.Fail(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(cfg.Timeout))
			reply := make([]byte, cfg.Size)
			for i := range items {
				if _, err := c.Write(pair.Request(i)); err != nil {
					pair.Fail(err)
				}
				if err := readReply(c, reply); err != nil { // waits for data from the peer
					pair.Fail(err)
				}
				sum.Add(pair.Work(reply, cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(workers, workers, &sum)
}

// readReply reads a whole reply: the server sends it once its latency has
// passed, and the read waits for it.
func readReply(c net.Conn, reply []byte) error {
	for n := 0; n < len(reply); {
		m, err := c.Read(reply[n:])
		if err != nil {
			return err
		}
		n += m
	}
	return nil
}
