package pair

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"net"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"time"
)

// This file is the frame of the latency pairs (iostall): heavy requests
// from a fixed number of clients, each waiting for its reply before it sends
// the next, and cheap requests at a fixed rate, whose latency is the metric.
//
// The heavy work is PBKDF2-HMAC-SHA256, the way a server derives a key from
// a password. Each iteration runs SHA-256 over two 64-byte blocks, so -work
// (KiB hashed per item, as in the other pairs) sets the iterations: 8 per
// KiB. The call itself is written out in each program's main.go, where
// iostall sees it.

// Load is the shape of the load a latency pair drives.
type Load struct {
	// Clients is how many heavy requests are in flight at most: -clients
	// per GOMAXPROCS, each client sending its next request when the reply
	// to the last one has come.
	Clients int
	// Every is the interval of the cheap requests (-every): they are sent
	// on a fixed schedule, whatever the replies, until the heavy requests
	// are all answered.
	Every time.Duration
	// Iterations is the PBKDF2 iteration count of a heavy request: 8 per
	// KiB of -work.
	Iterations int
}

// SetupLoad is Setup for the latency pairs: it declares -clients and
// -every too.
func SetupLoad(name, variant string, d Defaults) (*Config, Load) {
	perCore := flag.Int("clients", 4, "heavy clients per GOMAXPROCS, each with one request in flight")
	every := flag.Duration("every", 2*time.Millisecond, "interval of the cheap requests")
	c := Setup(name, variant, d)
	if *perCore < 1 || *every <= 0 {
		Fail(fmt.Errorf("bad flags: -clients %d -every %v", *perCore, *every))
	}
	return c, Load{
		Clients:    *perCore * runtime.GOMAXPROCS(0),
		Every:      *every,
		Iterations: Iterations(c.WorkKiB),
	}
}

// Iterations is the PBKDF2-HMAC-SHA256 iteration count that hashes about
// kib KiB: two 64-byte SHA-256 blocks per iteration.
func Iterations(kib int) int { return max(1, 8*kib) }

// Salt is the PBKDF2 salt of every heavy request.
var Salt = []byte("corefit-bench-salt")

// Password is item i's password: 16 bytes of its payload.
func Password(i int) string { return string(Payload(i, 16)) }

// Latencies collects durations from any goroutine.
type Latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

// Add records one duration.
func (l *Latencies) Add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

// Len is how many durations were recorded.
func (l *Latencies) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.d)
}

// Quantile is the q-quantile (0 < q <= 1) of the durations, by nearest
// rank, in milliseconds; 0 when there are none.
func (l *Latencies) Quantile(q float64) float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.d) == 0 {
		return 0
	}
	s := slices.Clone(l.d)
	slices.Sort(s)
	i := int(math.Ceil(q*float64(len(s)))) - 1
	i = min(max(i, 0), len(s)-1)
	return float64(s[i]) / float64(time.Millisecond)
}

// Probe sends cheap requests on a fixed schedule, one every interval from
// its start, each in its own goroutine, until stop is closed (at least one
// is sent) or limit have been sent, and waits for them all. A request's
// latency runs from the time it was due, not from when it was sent, so
// that a probe delayed by a busy core counts its delay (no coordinated
// omission). It returns the first error of do.
func Probe(every time.Duration, limit int, stop <-chan struct{}, lat *Latencies, do func() error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	start := time.Now()
send:
	for k := range limit {
		due := start.Add(time.Duration(k) * every)
		if k > 0 {
			t := time.NewTimer(time.Until(due))
			select {
			case <-stop:
				t.Stop()
				break send
			case <-t.C:
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := do()
			lat.Add(time.Since(due))
			if err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return first
}

// Listen serves h on 127.0.0.1, on a port of its own, and returns the
// base URL ("http://127.0.0.1:PORT") and a function that stops the server.
func Listen(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// LatencyResult is the JSON line of a latency pair. The metrics are the
// cheap requests' latency quantiles, in milliseconds; Items, Check and
// ItemsPerSec are those of the heavy requests.
type LatencyResult struct {
	Pair        string  `json:"pair"`
	Variant     string  `json:"variant"`
	Items       int64   `json:"items"`
	Clients     int     `json:"clients"`
	Bound       int     `json:"cpu_bound"` // heavy requests computing at once at most, 0 when unbounded
	GOMAXPROCS  int     `json:"gomaxprocs"`
	NumCPU      int     `json:"numcpu"`
	WorkKiB     int     `json:"work_kib"`
	Iterations  int     `json:"iterations"`
	EveryMS     float64 `json:"every_ms"`
	ElapsedS    float64 `json:"elapsed_s"`
	ItemsPerSec float64 `json:"items_per_sec"`
	CoresBusy   float64 `json:"cores_busy"` // as in Result
	Probes      int     `json:"probes"`
	P50         float64 `json:"p50_ms"`
	P90         float64 `json:"p90_ms"`
	P99         float64 `json:"p99_ms"`
	Max         float64 `json:"max_ms"`
	// The heartbeats, where the program has them: how late each tick of
	// the event loop's ticker was handled.
	Heartbeats   int     `json:"heartbeats,omitempty"`
	HeartbeatP50 float64 `json:"heartbeat_p50_ms,omitempty"`
	HeartbeatP99 float64 `json:"heartbeat_p99_ms,omitempty"`
	Check        string  `json:"check"`
}

// ReportLatency prints the result line of a latency pair: cheap are the
// cheap requests' latencies, heartbeats (nil where there are none) the
// event loop's ticks, bound how many heavy requests compute at once at most
// (0: no bound). It fails when not every heavy item was processed or no
// cheap request was answered.
func (c *Config) ReportLatency(ld Load, bound int, s *Sum, cheap, heartbeats *Latencies) {
	elapsed, cores, check := c.finish(s)
	if cheap.Len() == 0 {
		Fail(errors.New("no cheap request was answered"))
	}
	r := LatencyResult{
		Pair:        c.Name,
		Variant:     c.Variant,
		Items:       s.n.Load(),
		Clients:     ld.Clients,
		Bound:       bound,
		GOMAXPROCS:  runtime.GOMAXPROCS(0),
		NumCPU:      runtime.NumCPU(),
		WorkKiB:     c.WorkKiB,
		Iterations:  ld.Iterations,
		EveryMS:     float64(ld.Every) / float64(time.Millisecond),
		ElapsedS:    elapsed.Seconds(),
		ItemsPerSec: float64(c.Items) / elapsed.Seconds(),
		CoresBusy:   cores,
		Probes:      cheap.Len(),
		P50:         cheap.Quantile(0.50),
		P90:         cheap.Quantile(0.90),
		P99:         cheap.Quantile(0.99),
		Max:         cheap.Quantile(1),
		Check:       check,
	}
	if heartbeats != nil {
		r.Heartbeats = heartbeats.Len()
		r.HeartbeatP50 = heartbeats.Quantile(0.50)
		r.HeartbeatP99 = heartbeats.Quantile(0.99)
	}
	printJSON(r)
}

// Drive runs the load of a latency pair: ld.Clients clients take items
// from a feed of c.Items and call heavy for each, each client its next when
// it has the last's result, which goes into s; meanwhile a probe calls cheap
// every ld.Every until the clients are done. It starts the clock, and
// returns the cheap calls' latencies and the first error of either.
func (c *Config) Drive(ld Load, s *Sum, heavy func(item int) ([32]byte, error), cheap func() error) (*Latencies, error) {
	items := Feed(c.Items)
	var (
		wg     sync.WaitGroup
		failed FirstError
	)
	c.Start()
	for range ld.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range items {
				key, err := heavy(i)
				if err != nil {
					failed.Set(err)
					continue
				}
				s.Add(key)
			}
		}()
	}
	heavyDone := make(chan struct{})
	go func() {
		wg.Wait()
		close(heavyDone)
	}()
	var lat Latencies
	failed.Set(Probe(ld.Every, MaxProbes, heavyDone, &lat, cheap))
	<-heavyDone
	return &lat, failed.Err()
}

// MaxProbes bounds the cheap requests of one run: at one every 2 ms, more
// than the watchdog's 2 minutes.
const MaxProbes = 100_000

// FirstError keeps the first error set from any goroutine.
type FirstError struct {
	mu  sync.Mutex
	err error
}

// Set keeps err if it is the first error; nil is ignored.
func (f *FirstError) Set(err error) {
	if err == nil {
		return
	}
	f.mu.Lock()
	if f.err == nil {
		f.err = err
	}
	f.mu.Unlock()
}

// Err is the first error set, or nil.
func (f *FirstError) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}
