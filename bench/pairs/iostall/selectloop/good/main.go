// Command good is the event loop of ../bad with the key derivation moved
// out of it, the first fix iostall names: the loop starts a goroutine per
// heavy request, which sends the key back as an event, and stays free for
// the heartbeats and the cheap requests. The clients bound the goroutines:
// -clients per GOMAXPROCS heavy requests are in flight at most. The load,
// the work and the figures are those of ../bad.
package main

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"time"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// heartbeat is the period of the event loop's ticker.
const heartbeat = time.Millisecond

// A request asks the loop for item's key; item is -1 for a cheap request.
type request struct {
	item  int
	reply chan [32]byte // buffered: the loop never waits on a client
}

// A derived key, sent back to the loop as an event.
type derived struct {
	req request
	key [32]byte
}

func main() {
	cfg, load := pair.SetupLoad("iostall/selectloop", "good", pair.Defaults{Items: 100, WorkKiB: 16384})

	requests := make(chan request)
	stop := make(chan struct{})
	loopDone := make(chan struct{})
	var heartbeats pair.Latencies
	go func() {
		defer close(loopDone)
		serve(requests, stop, load.Iterations, &heartbeats)
	}()

	var sum pair.Sum
	ask := func(item int) [32]byte {
		reply := make(chan [32]byte, 1)
		requests <- request{item: item, reply: reply}
		return <-reply
	}
	cheap, err := cfg.Drive(load, &sum, func(i int) ([32]byte, error) {
		return ask(i), nil
	}, func() error {
		ask(-1)
		return nil
	})
	if err != nil {
		pair.Fail(err)
	}
	cfg.ReportLatency(load, load.Clients, &sum, cheap, &heartbeats)
	close(stop)
	<-loopDone
}

// serve is the event loop: it records how late each heartbeat is handled,
// answers cheap requests at once, and hands heavy requests to goroutines
// whose keys come back on results.
func serve(requests <-chan request, stop <-chan struct{}, iterations int, heartbeats *pair.Latencies) {
	ticker := time.NewTicker(heartbeat)
	defer ticker.Stop()
	results := make(chan derived)
	for {
		select {
		case <-stop:
			return
		case due := <-ticker.C:
			heartbeats.Add(time.Since(due))
		case req := <-requests:
			if req.item < 0 {
				req.reply <- [32]byte{}
				continue
			}
			go func() {
				key, err := pbkdf2.Key(sha256.New, pair.Password(req.item), pair.Salt, iterations, 32)
				if err != nil {
					pair.Fail(err)
				}
				results <- derived{req, [32]byte(key)}
			}()
		case d := <-results:
			d.req.reply <- d.key
		}
	}
}
