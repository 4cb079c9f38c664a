// Command bad is a serial event loop, `for { select { ... } }` over a
// heartbeat ticker and a channel of requests, that derives a key
// (PBKDF2-HMAC-SHA256, about 20 ms of one core) inline for every heavy
// request. Heavy requests come from -clients clients per GOMAXPROCS, each
// sending its next request when it has the reply to the last; cheap
// requests, which the loop answers at once, come every -every. Every event
// waits while the loop derives a key: the heartbeats, and the cheap
// requests queued behind the heavy ones. iostall reports the derivation.
//
// The figure is the latency of the cheap requests, from the time each was
// due to its reply: p50 and p99, in milliseconds. How late the heartbeats
// were handled is in the line too.
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

func main() {
	cfg, load := pair.SetupLoad("iostall/selectloop", "bad", pair.Defaults{Items: 100, WorkKiB: 16384})

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
	cfg.ReportLatency(load, 1, &sum, cheap, &heartbeats)
	close(stop)
	<-loopDone
}

// serve is the event loop: it records how late each heartbeat is handled,
// answers cheap requests at once and derives heavy requests' keys inline.
func serve(requests <-chan request, stop <-chan struct{}, iterations int, heartbeats *pair.Latencies) {
	ticker := time.NewTicker(heartbeat)
	defer ticker.Stop()
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
			key, err := pbkdf2.Key(sha256.New, pair.Password(req.item), pair.Salt, iterations, 32) // iostall
			if err != nil {
				pair.Fail(err)
			}
			req.reply <- [32]byte(key)
		}
	}
}
