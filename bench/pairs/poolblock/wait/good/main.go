// Command good does the work of ../bad with a pool sized for the I/O:
// ioConc workers, one connection each, that query and hash. With that many
// requests in flight the waits overlap, and the cores are kept busy with
// the hashing.
package main

import (
	"net"
	"sync"
	"time"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// ioConc is how many requests are in flight at most: enough to cover the
// latency, not more than the server takes.
const ioConc = 128

func main() {
	cfg := pair.Setup("poolblock/wait", "good", pair.Defaults{Latency: 2 * time.Millisecond})
	srv, err := pair.ServeTCP(cfg.Latency, cfg.Size)
	if err != nil {
		pair.Fail(err)
	}
	defer srv.Close()

	var sum pair.Sum
	items := pair.Feed(cfg.Items)
	var wg sync.WaitGroup
	cfg.Start()
	for w := 0; w < ioConc; w++ {
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
				if err := readReply(c, reply); err != nil {
					pair.Fail(err)
				}
				sum.Add(pair.Work(reply, cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(0, ioConc, &sum)
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
