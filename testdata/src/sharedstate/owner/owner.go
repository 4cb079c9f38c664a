// Package owner has types with a goroutine of their own: a constructor or a
// Start method starts a loop that runs for the object's life, while the
// type's exported methods run on their callers' goroutines. Each positive
// stands beside a negative that differs by what makes it safe.
package owner

import (
	"sync"
	"sync/atomic"
	"time"
)

// The loop writes a field that an exported getter reads unlocked.
type Counter struct {
	tick  chan struct{}
	count int
}

func NewCounter() *Counter {
	c := &Counter{tick: make(chan struct{})}
	go c.loop()
	return c
}

func (c *Counter) loop() {
	for range c.tick {
		c.count++ // want `counter c.count is incremented by the goroutine c.loop started in NewCounter and read by the exported method Count, which its callers run on their own goroutines, with no synchronization`
	}
}

func (c *Counter) Count() int { return c.count }

// Negative: the getter holds the mutex the loop holds.
type LockedCounter struct {
	mu    sync.Mutex
	tick  chan struct{}
	count int
}

func NewLockedCounter() *LockedCounter {
	c := &LockedCounter{tick: make(chan struct{})}
	go c.loop()
	return c
}

func (c *LockedCounter) loop() {
	for range c.tick {
		c.mu.Lock()
		c.count++
		c.mu.Unlock()
	}
}

func (c *LockedCounter) Count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.count
}

// Negative: atomic on both sides.
type AtomicCounter struct {
	tick  chan struct{}
	count int64
}

func NewAtomicCounter() *AtomicCounter {
	c := &AtomicCounter{tick: make(chan struct{})}
	go c.loop()
	return c
}

func (c *AtomicCounter) loop() {
	for range c.tick {
		atomic.AddInt64(&c.count, 1)
	}
}

func (c *AtomicCounter) Count() int64 { return atomic.LoadInt64(&c.count) }

// Negative: a field of an atomic type.
type TypedCounter struct {
	tick  chan struct{}
	count atomic.Int64
}

func NewTypedCounter() *TypedCounter {
	c := &TypedCounter{tick: make(chan struct{})}
	go c.loop()
	return c
}

func (c *TypedCounter) loop() {
	for range c.tick {
		c.count.Add(1)
	}
}

func (c *TypedCounter) Count() int64 { return c.count.Load() }

// An exported method writes a field the loop reads, the loop started by a
// Start method.
type Poller struct {
	stop     chan struct{}
	interval time.Duration
	polls    int
}

func (p *Poller) Start() {
	p.stop = make(chan struct{})
	go p.run()
}

func (p *Poller) run() {
	for {
		select {
		case <-p.stop:
			return
		case <-time.After(p.interval):
			p.poll()
		}
	}
}

func (p *Poller) poll() { p.polls = 1 }

func (p *Poller) SetInterval(d time.Duration) {
	p.interval = d // want `field p.interval is written by the exported method SetInterval and read by the goroutine p.run started in Start`
}

// Negative: the interval is set only by the Start method, before the go
// statement; the loop and the methods only read it.
type FixedPoller struct {
	stop     chan struct{}
	interval time.Duration
}

func (p *FixedPoller) Start(d time.Duration) {
	p.stop = make(chan struct{})
	p.interval = d
	go p.run()
}

func (p *FixedPoller) run() {
	for {
		select {
		case <-p.stop:
			return
		case <-time.After(p.interval):
		}
	}
}

func (p *FixedPoller) Interval() time.Duration { return p.interval }

// A map written by the loop, read by an exported method; the loop is
// started as `go func() { c.run() }()`.
type Cache struct {
	updates chan kv
	m       map[string]int
}

type kv struct {
	k string
	v int
}

func NewCache() *Cache {
	c := &Cache{updates: make(chan kv), m: make(map[string]int)}
	go func() {
		c.run()
	}()
	return c
}

func (c *Cache) run() {
	for u := range c.updates {
		c.m[u.k] = u.v // want `map c.m is written by the goroutine started in NewCache and read by the exported method Get`
	}
}

func (c *Cache) Get(k string) int { return c.m[k] }

// Negative: the method asks the loop and reads after the reply.
type AskedCache struct {
	updates chan kv
	asks    chan string
	replies chan struct{}
	m       map[string]int
}

func NewAskedCache() *AskedCache {
	c := &AskedCache{updates: make(chan kv), asks: make(chan string), replies: make(chan struct{}), m: make(map[string]int)}
	go func() {
		c.run()
	}()
	return c
}

func (c *AskedCache) run() {
	for {
		select {
		case u := <-c.updates:
			c.m[u.k] = u.v
		case <-c.asks:
			c.replies <- struct{}{}
			<-c.asks
		}
	}
}

func (c *AskedCache) Get(k string) int {
	c.asks <- k
	<-c.replies
	v := c.m[k]
	c.asks <- k
	return v
}

// Negative: the map is the loop's own; no method touches it.
type ConfinedCache struct {
	updates chan kv
	m       map[string]int
}

func NewConfinedCache() *ConfinedCache {
	c := &ConfinedCache{updates: make(chan kv), m: make(map[string]int)}
	go func() {
		c.run()
	}()
	return c
}

func (c *ConfinedCache) run() {
	for u := range c.updates {
		c.m[u.k] = u.v
	}
}

func (c *ConfinedCache) Put(k string, v int) { c.updates <- kv{k, v} }

// A loop started through the program's launcher; an exported method writes
// a field it reads.
type Worker struct {
	wg    sync.WaitGroup
	jobs  chan int
	limit int
	done  int
}

func (w *Worker) goWithWG(f func()) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		f()
	}()
}

func NewWorker() *Worker {
	w := &Worker{jobs: make(chan int)}
	w.goWithWG(w.work)
	return w
}

func (w *Worker) work() {
	for j := range w.jobs {
		if j < w.limit {
			w.done = j
		}
	}
}

func (w *Worker) SetLimit(n int) {
	w.limit = n // want `field w.limit is written by the exported method SetLimit and read by the goroutine w.work started in NewWorker`
}

// Negative: Close waits for the loop to stop before it reads.
func (w *Worker) Close() int {
	close(w.jobs)
	w.wg.Wait()
	return w.done
}

// Negative: a method that waits for the loop to stop before it reads,
// whatever its name.
func (w *Worker) Done() int {
	w.wg.Wait()
	return w.done
}

// Negative: the method is unexported and called from the loop only.
type Flusher struct {
	tick chan struct{}
	buf  []byte
}

func NewFlusher() *Flusher {
	f := &Flusher{tick: make(chan struct{})}
	go f.loop()
	return f
}

func (f *Flusher) loop() {
	for range f.tick {
		f.buf = append(f.buf, 'x')
		f.flush()
	}
}

func (f *Flusher) flush() { f.buf = f.buf[:0] }

// Negative: an exported method called by the loop only runs on the loop's
// goroutine.
type Syncer struct {
	tick  chan struct{}
	dirty bool
}

func NewSyncer() *Syncer {
	s := &Syncer{tick: make(chan struct{})}
	go s.loop()
	return s
}

func (s *Syncer) loop() {
	for range s.tick {
		s.dirty = true
		s.Sync()
	}
}

func (s *Syncer) Sync() { s.dirty = false }

// Negative: the method writes before it hands the value to the loop over a
// channel.
type Kicker struct {
	kick    chan struct{}
	pending int
	last    int
}

func NewKicker() *Kicker {
	k := &Kicker{kick: make(chan struct{})}
	go k.loop()
	return k
}

func (k *Kicker) loop() {
	for range k.kick {
		k.last = k.pending
	}
}

func (k *Kicker) Kick(n int) {
	k.pending = n
	k.kick <- struct{}{}
}

// Negative: the spawner waits for its goroutine: a worker, not a loop of
// the object's own.
type Batch struct {
	items []int
	sum   int
}

func (b *Batch) Run() {
	done := make(chan struct{})
	go func() {
		for _, it := range b.items {
			b.sum += it
		}
		close(done)
	}()
	<-done
}

func (b *Batch) Sum() int { return b.sum }

// Negative: both accesses are in one function, a helper called by the loop
// and by an exported method.
type Gauge struct {
	tick  chan struct{}
	value int
}

func NewGauge() *Gauge {
	g := &Gauge{tick: make(chan struct{})}
	go g.loop()
	return g
}

func (g *Gauge) loop() {
	for range g.tick {
		g.bump()
	}
}

func (g *Gauge) bump() { g.value++ }

func (g *Gauge) Bump() { g.bump() }

// Negative: the loop closes a channel once it has set the field, and an
// exported method waits on it: callers wait for start-up before they read.
type Process struct {
	events  chan string
	started chan struct{}
	id      string
}

func NewProcess() *Process {
	p := &Process{events: make(chan string), started: make(chan struct{})}
	go p.eventLoop()
	return p
}

func (p *Process) eventLoop() {
	for ev := range p.events {
		if p.id == "" {
			p.id = ev
			close(p.started)
		}
	}
}

func (p *Process) AwaitStartup() { <-p.started }

func (p *Process) ID() string { return p.id }

// The same without a way to wait for start-up.
type Session struct {
	events chan string
	id     string
}

func NewSession() *Session {
	s := &Session{events: make(chan string)}
	go s.eventLoop()
	return s
}

func (s *Session) eventLoop() {
	for ev := range s.events {
		if s.id == "" {
			s.id = ev // want `field s.id is written by the goroutine s.eventLoop started in NewSession and read by the exported method ID`
		}
	}
}

func (s *Session) ID() string { return s.id }

// Negative: a method that writes several fields with no lock at all is
// set-up code (a framework's Provision), run before the object is shared.
type Module struct {
	stop    chan struct{}
	name    string
	verbose bool
}

func (m *Module) Provision(name string, verbose bool) {
	m.name = name
	m.verbose = verbose
}

func (m *Module) Start() {
	m.stop = make(chan struct{})
	go m.run()
}

func (m *Module) run() {
	for {
		select {
		case <-m.stop:
			return
		case <-time.After(time.Second):
			if m.verbose {
				println(m.name)
			}
		}
	}
}
