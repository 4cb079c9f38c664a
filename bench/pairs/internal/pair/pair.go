// Package pair is the common frame of the pattern pairs under bench/pairs:
// the flags every program takes, the CPU work each item costs, the servers
// and files that stand for the outside world, and the one JSON line each
// program prints.
//
// A pair is two programs, bad (the pattern an analyzer reports) and good
// (its fix), that do the same work: the same items, the same bytes hashed
// per item, the same I/O. Only the shape of the concurrency differs. Each
// program adds every item's digest to a checksum and prints it, so the
// harness can check that bad and good did the same work.
//
// Nothing here blocks inside a pool: the pools, and the blocking calls the
// analyzers look for, are written out in each program's main.go, where a
// reader sees them.
package pair

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"
)

// Config is what the flags say.
type Config struct {
	Name    string        // the pair, "poolblock/network"
	Variant string        // "bad" or "good"
	Items   int           // -items: how many items to process
	WorkKiB int           // -work: KiB hashed per item, the CPU stage
	Latency time.Duration // -latency: the latency of each request, where the pair has one
	Size    int           // -size: bytes per item's payload (response, file)
	Dir     string        // -dir: where files go, for the pairs that write files
	Cold    bool          // -cold: evict the input files from the page cache first
	Timeout time.Duration // -timeout: the program gives up after this long

	start    time.Time
	startCPU time.Duration
	stop     time.Time // zero until Stop
	stopCPU  time.Duration
}

// Defaults are a pair's defaults for the flags; zero fields take the
// common defaults.
type Defaults struct {
	Items   int
	WorkKiB int
	Latency time.Duration
	Size    int
}

// Setup declares the flags, parses them and starts a watchdog that ends the
// program, with status 2, once -timeout has passed: no run of a pair can
// hang the harness.
func Setup(name, variant string, d Defaults) *Config {
	if d.Items == 0 {
		d.Items = 1000
	}
	if d.WorkKiB == 0 {
		d.WorkKiB = 256
	}
	if d.Size == 0 {
		d.Size = 1024
	}
	c := &Config{Name: name, Variant: variant}
	flag.IntVar(&c.Items, "items", d.Items, "number of items to process")
	flag.IntVar(&c.WorkKiB, "work", d.WorkKiB, "KiB hashed with SHA-256 per item: the CPU work")
	flag.DurationVar(&c.Latency, "latency", d.Latency, "latency of each request or wait")
	flag.IntVar(&c.Size, "size", d.Size, "bytes of payload per item")
	flag.StringVar(&c.Dir, "dir", os.TempDir(), "directory for the files the program writes")
	flag.BoolVar(&c.Cold, "cold", false, "evict the input files from the page cache before the timed part")
	flag.DurationVar(&c.Timeout, "timeout", 2*time.Minute, "give up after this long")
	flag.Parse()
	if c.Items <= 0 || c.WorkKiB < 0 || c.Size <= 0 || c.Latency < 0 {
		Fail(fmt.Errorf("bad flags: -items %d -work %d -size %d -latency %v", c.Items, c.WorkKiB, c.Size, c.Latency))
	}
	time.AfterFunc(c.Timeout, func() {
		Fail(fmt.Errorf("timed out after %v", c.Timeout))
	})
	return c
}

// Fail prints err and ends the program with status 2.
func Fail(err error) {
	fmt.Fprintf(os.Stderr, "%s: %v\n", os.Args[0], err)
	os.Exit(2)
}

// Start starts the clock: what comes before (servers, input files) is
// setup and is not timed.
func (c *Config) Start() { c.start, c.startCPU = time.Now(), cpuTime() }

// Stop stops the clock before the end of the program: what comes after
// (checking the results) is not timed. Without it, the report stops the
// clock.
func (c *Config) Stop() { c.stop, c.stopCPU = time.Now(), cpuTime() }

// block is the input of the CPU work, read-only.
var block = func() []byte {
	b := make([]byte, 1024)
	for i := range b {
		b[i] = byte(i*7 + 3)
	}
	return b
}()

// Work is the CPU stage of every item: SHA-256 over the item's payload
// followed by kib KiB, about a millisecond per 4 MiB on a current core.
// It stands for parsing, compressing, indexing: work that keeps a core
// busy and is what a pool sized to the CPUs is for.
func Work(payload []byte, kib int) [32]byte {
	h := sha256.New()
	h.Write(payload)
	for range kib {
		h.Write(block)
	}
	var d [32]byte
	h.Sum(d[:0])
	return d
}

// Payload is the deterministic payload of item i, n bytes: what the server
// answers, what a file holds, what a child process prints.
func Payload(i, n int) []byte {
	b := make([]byte, n)
	x := uint64(i)*0x9e3779b97f4a7c15 + 1
	for j := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[j] = byte(x)
	}
	return b
}

// Sum adds up the items' digests, in any order: bad and good must end with
// the same sum.
type Sum struct {
	v atomic.Uint64
	n atomic.Int64
}

// Add adds one item's digest.
func (s *Sum) Add(d [32]byte) {
	s.v.Add(binary.LittleEndian.Uint64(d[:8]))
	s.n.Add(1)
}

// Result is the JSON line a program prints.
type Result struct {
	Pair        string  `json:"pair"`
	Variant     string  `json:"variant"`
	Items       int64   `json:"items"`
	Workers     int     `json:"workers"`
	IOConc      int     `json:"io_conc"`
	GOMAXPROCS  int     `json:"gomaxprocs"`
	NumCPU      int     `json:"numcpu"`
	WorkKiB     int     `json:"work_kib"`
	LatencyMS   float64 `json:"latency_ms"`
	ElapsedS    float64 `json:"elapsed_s"`
	ItemsPerSec float64 `json:"items_per_sec"`
	// CoresBusy is the CPU time of the timed part, children included, over
	// its elapsed time: the cores the program kept busy (-1 where unknown).
	CoresBusy float64 `json:"cores_busy"`
	Check     string  `json:"check"`
}

// Report prints the result line: workers is the size of the pool that runs
// the CPU work, ioConc how many I/O operations the program keeps in flight
// at most (0 when the I/O runs in the CPU pool). It fails when not every
// item was processed.
func (c *Config) Report(workers, ioConc int, s *Sum) {
	elapsed, cores, check := c.finish(s)
	r := Result{
		Pair:        c.Name,
		Variant:     c.Variant,
		Items:       s.n.Load(),
		Workers:     workers,
		IOConc:      ioConc,
		GOMAXPROCS:  runtime.GOMAXPROCS(0),
		NumCPU:      runtime.NumCPU(),
		WorkKiB:     c.WorkKiB,
		LatencyMS:   float64(c.Latency) / float64(time.Millisecond),
		ElapsedS:    elapsed.Seconds(),
		ItemsPerSec: float64(c.Items) / elapsed.Seconds(),
		CoresBusy:   cores,
		Check:       check,
	}
	printJSON(r)
}

// finish ends the timed part: it fails unless every item was processed, and
// returns the elapsed time, the cores kept busy (-1 where unknown) and the
// checksum of the items, in hex.
func (c *Config) finish(s *Sum) (elapsed time.Duration, cores float64, check string) {
	if c.stop.IsZero() {
		c.Stop()
	}
	elapsed = c.stop.Sub(c.start)
	cores = -1.0
	if cpu := c.stopCPU; cpu >= 0 && c.startCPU >= 0 {
		cores = (cpu - c.startCPU).Seconds() / elapsed.Seconds()
	}
	if n := s.n.Load(); n != int64(c.Items) {
		Fail(fmt.Errorf("processed %d items of %d", n, c.Items))
	}
	var sum [8]byte
	binary.BigEndian.PutUint64(sum[:], s.v.Load())
	return elapsed, cores, hex.EncodeToString(sum[:])
}

// printJSON prints r as the program's result line.
func printJSON(r any) {
	b, err := json.Marshal(r)
	if err != nil {
		Fail(err)
	}
	fmt.Println(string(b))
}

// Feed sends the item numbers 0..n-1 on a new channel and closes it.
func Feed(n int) <-chan int {
	ch := make(chan int)
	go func() {
		for i := range n {
			ch <- i
		}
		close(ch)
	}()
	return ch
}
