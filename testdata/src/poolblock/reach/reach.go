// Package reach has CPU-sized pools whose workers reach the I/O through a
// launcher, a size kept in a field, an interface, or a function value; each
// beside the negative that differs by the one thing that makes it fine.
package reach

import (
	"bytes"
	"fmt"
	"github.com/stretchr/testify/mock"
	"io"
	"log"
	"log/syslog"
	"net"
	"net/http"
	"os"
	"runtime"
	"sync"
	"time"
)

// ---- a project's own launcher (nats-server's startGoRoutine) ----

type Server struct {
	grWG sync.WaitGroup
	urls chan string
}

func (s *Server) startGoRoutine(f func()) {
	s.grWG.Add(1)
	go func() {
		defer s.grWG.Done()
		f()
	}()
}

func (s *Server) startFetchers() {
	for i := 0; i < runtime.GOMAXPROCS(0); i++ {
		s.startGoRoutine(s.fetch)
	}
}

func (s *Server) fetch() {
	for u := range s.urls {
		http.Get(u) // want `http.Get waits on the network in a worker of a pool sized to the CPUs \(runtime.GOMAXPROCS\(0\)\)`
	}
}

// Negative: the launcher called once, a single goroutine, is no pool.
func (s *Server) startSender() {
	s.startGoRoutine(s.send)
}

func (s *Server) send() {
	for u := range s.urls {
		http.Get(u)
	}
}

// ---- a size kept in a field, workers started with WaitGroup.Go (syncthing's copiers) ----

type Config struct{ Copiers int }

type folder struct {
	copiers int
	fs      Filesystem
	in      chan string
}

func newFolder(cfg Config, fs Filesystem) *folder {
	return &folder{copiers: min(cfg.Copiers, 2*runtime.NumCPU()), fs: fs, in: make(chan string)}
}

func (f *folder) pull() {
	var wg sync.WaitGroup
	for range f.copiers {
		wg.Go(f.copierRoutine)
	}
	wg.Wait()
}

// The work reaches fsync through the Filesystem interface, whose
// implementation in sight syncs a file.
func (f *folder) copierRoutine() {
	for name := range f.in {
		f.fs.Sync(name) // want `\(\*reach.basicFS\).Sync \(through the interface Filesystem\) waits for fsync`
	}
}

type Filesystem interface {
	Sync(name string) error
}

type basicFS struct{ root string }

func (b *basicFS) Sync(name string) error {
	fd, err := os.Open(b.root + "/" + name)
	if err != nil {
		return err
	}
	defer fd.Close()
	return fd.Sync()
}

// Negative: the same pool sized by the configuration alone is sized for the
// I/O by whoever configures it.
type ioFolder struct {
	copiers int
	fs      Filesystem
	in      chan string
}

func newIOFolder(cfg Config, fs Filesystem) *ioFolder {
	return &ioFolder{copiers: cfg.Copiers, fs: fs, in: make(chan string)}
}

func (f *ioFolder) pull() {
	var wg sync.WaitGroup
	for range f.copiers {
		wg.Go(f.copy)
	}
	wg.Wait()
}

func (f *ioFolder) copy() {
	for name := range f.in {
		f.fs.Sync(name)
	}
}

// ---- an interface whose implementations in sight are all in memory ----

type Cache interface {
	Get(key string) []byte
}

type mapCache struct{ m map[string][]byte }

func (c *mapCache) Get(key string) []byte { return c.m[key] }

type lruCache struct{ keys []string }

func (c *lruCache) Get(key string) []byte {
	for _, k := range c.keys {
		if k == key {
			return []byte(k)
		}
	}
	return nil
}

// Negative: every Cache the package can see is in memory.
func lookups(c Cache, keys chan string) {
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() {
			for k := range keys {
				_ = c.Get(k)
			}
		})
	}
	wg.Wait()
}

// An interface with one implementation that waits on the network.
type Store interface {
	Put(key string, val []byte) error
}

type memStore struct{ m map[string][]byte }

func (s *memStore) Put(key string, val []byte) error { s.m[key] = val; return nil }

type remoteStore struct{ url string }

func (s *remoteStore) Put(key string, val []byte) error {
	_, err := http.Post(s.url+"/"+key, "application/octet-stream", nil)
	return err
}

func stores(st Store, keys chan string) {
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() {
			for k := range keys {
				st.Put(k, nil) // want `\(\*reach.remoteStore\).Put \(through the interface Store\) waits on the network`
			}
		})
	}
	wg.Wait()
}

// ---- a callback kept in a struct field ----

type consumer struct {
	cb   func(msg string)
	msgs chan string
}

func newConsumer() *consumer {
	return &consumer{cb: forward, msgs: make(chan string)}
}

func forward(msg string) {
	http.Get("http://example.com/" + msg)
}

func (c *consumer) run() {
	for range runtime.NumCPU() {
		go func() {
			for m := range c.msgs {
				c.cb(m) // want `reach.forward \(stored in the field cb at reach/reach.go:\d+\) waits on the network`
			}
		}()
	}
}

// Negative: the callback stored in the field only counts.
type counter struct {
	cb   func(msg string)
	msgs chan string
	n    int
}

func newCounter() *counter {
	c := &counter{msgs: make(chan string)}
	c.cb = func(msg string) { _ = len(msg) }
	return c
}

func (c *counter) run() {
	for range runtime.NumCPU() {
		go func() {
			for m := range c.msgs {
				c.cb(m)
			}
		}()
	}
}

// ---- a helper that runs its argument on the new goroutine (wait.Until) ----

func until(f func(), period time.Duration, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		f()
	}
}

type controller struct{ queue chan string }

func (c *controller) Run(stop <-chan struct{}) {
	for range runtime.NumCPU() {
		go until(c.worker, time.Second, stop)
	}
}

func (c *controller) worker() {
	for key := range c.queue {
		resp, err := http.Get("http://api/" + key) // want `http.Get waits on the network in a worker of a pool sized to the CPUs`
		if err == nil {
			resp.Body.Close()
		}
	}
}

// Negative: the same controller whose worker only computes.
type cpuController struct{ queue chan string }

func (c *cpuController) Run(stop <-chan struct{}) {
	for range runtime.NumCPU() {
		go until(c.worker, time.Second, stop)
	}
}

func (c *cpuController) worker() {
	for key := range c.queue {
		_ = len(key) * 2
	}
}

// ---- an I/O handle kept in a field of an interface type ----

type client struct {
	rw   io.ReadWriter
	jobs chan []byte
}

func dialClient(addr string) *client {
	conn, _ := net.Dial("tcp", addr)
	return &client{rw: conn, jobs: make(chan []byte)}
}

func (c *client) run() {
	for range runtime.NumCPU() {
		go func() {
			for j := range c.jobs {
				c.rw.Write(j) // want `io.Writer.Write waits on the network`
			}
		}()
	}
}

// Negative: the field holds a buffer in memory.
type buffered struct {
	rw   io.ReadWriter
	jobs chan []byte
}

func newBuffered() *buffered {
	return &buffered{rw: new(bytes.Buffer), jobs: make(chan []byte)}
}

func (c *buffered) run() {
	for range runtime.NumCPU() {
		go func() {
			for j := range c.jobs {
				c.rw.Write(j)
			}
		}()
	}
}

// ---- more implementations in sight than the bound: not followed ----

type Sink interface{ Emit(v int) }

type s1 struct{}
type s2 struct{}
type s3 struct{}
type s4 struct{}
type s5 struct{}
type s6 struct{}
type s7 struct{}
type s8 struct{}
type netSink struct{ url string }

func (s1) Emit(int)        {}
func (s2) Emit(int)        {}
func (s3) Emit(int)        {}
func (s4) Emit(int)        {}
func (s5) Emit(int)        {}
func (s6) Emit(int)        {}
func (s7) Emit(int)        {}
func (s8) Emit(int)        {}
func (s netSink) Emit(int) { http.Get(s.url) }

// Negative: nine Sinks in sight say little about this one.
func emitAll(sink Sink, vals chan int) {
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() {
			for v := range vals {
				sink.Emit(v)
			}
		})
	}
	wg.Wait()
}

// Negative: an io.Writer parameter, an interface of the standard library,
// is not followed to the implementations in sight.
func writeAll(w io.Writer, bufs chan []byte) {
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() {
			for b := range bufs {
				w.Write(b)
			}
		})
	}
	wg.Wait()
}

type netWriter struct{ conn net.Conn }

func (w netWriter) Write(b []byte) (int, error) { return w.conn.Write(b) }

// ---- logging through the program's logger interface ----

type Logger interface {
	Warnf(format string, v ...any)
}

type sysLogger struct{ w *syslog.Writer }

func (l *sysLogger) Warnf(format string, v ...any) { l.w.Warning(fmt.Sprintf(format, v...)) }

type stdLogger struct{}

func (stdLogger) Warnf(format string, v ...any) { log.Printf(format, v...) }

// Negative: a worker that logs through a Logger, one of which writes to
// syslog, does not wait on the network for its work.
func crunch(l Logger, jobs chan int) {
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() {
			for j := range jobs {
				if j < 0 {
					l.Warnf("bad job %d", j)
				}
			}
		})
	}
	wg.Wait()
}

// ---- a task queue: workers call the functions sent to them ----

// taskQueue starts n workers that call the functions sent on the channel it
// returns (nats-server's parallelTaskQueue).
func taskQueue(n int) chan<- func() { // want taskQueue:"runner work func literal in reach.taskQueue waits on the network"
	tq := make(chan func(), n)
	for range n {
		go func() {
			for fn := range tq {
				fn() // want `func literal in reach.fetchAll \(sent on the channel at reach/reach.go:\d+\) waits on the network`
			}
		}()
	}
	return tq
}

func fetchAll(urls []string) {
	tq := taskQueue(runtime.NumCPU())
	for _, u := range urls {
		tq <- func() { http.Get(u) }
	}
	close(tq)
}

// Negative: a queue whose tasks only compute.
func cpuQueue(n int) chan<- func() {
	tq := make(chan func(), n)
	for range n {
		go func() {
			for fn := range tq {
				fn()
			}
		}()
	}
	return tq
}

func sumAll(xs [][]int, out []int) {
	tq := cpuQueue(runtime.NumCPU())
	for i, x := range xs {
		tq <- func() {
			for _, v := range x {
				out[i] += v
			}
		}
	}
	close(tq)
}

// ---- a mock declared outside a test file ----

type Log interface {
	Infof(format string, args ...any)
}

type plainLog struct{}

func (plainLog) Infof(format string, args ...any) {}

// MockLog is a test double (golangci-lint's logutils.MockLog): testify's
// Called may sleep, but no production call reaches it.
type MockLog struct {
	mock.Mock
}

func (m *MockLog) Infof(format string, args ...any) { m.Called(format, args) }

// Negative: the only Log that waits is a mock.
func analyze(l Log, pkgs chan string) {
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for p := range pkgs {
				l.Infof("analyzing %s", p)
			}
		})
	}
	wg.Wait()
}
