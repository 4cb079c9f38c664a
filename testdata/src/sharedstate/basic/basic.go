package basic

import (
	"sync"
	"sync/atomic"
)

func work() error { return nil }

// --- counters in goroutines started in a loop

func counterLoop(n int) int {
	var wg sync.WaitGroup
	count := 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count++ // want `counter count is incremented by goroutines started in a loop with no synchronization: updates are lost; guard it with a sync.Mutex or use atomic.Int64`
		}()
	}
	wg.Wait()
	return count
}

func counterLoopMutex(n int) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	count := 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			count++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return count
}

func counterLoopDeferUnlock(n int) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	count := 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			count++
		}()
	}
	wg.Wait()
	return count
}

func counterLoopAtomic(n int) int64 {
	var wg sync.WaitGroup
	var count int64
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&count, 1)
		}()
	}
	wg.Wait()
	return atomic.LoadInt64(&count)
}

func counterLoopAtomicType(n int) int64 {
	var wg sync.WaitGroup
	var count atomic.Int64
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count.Add(1)
		}()
	}
	wg.Wait()
	return count.Load()
}

// A variable declared in the loop body is each goroutine's own.
func perIteration(n int) {
	for i := 0; i < n; i++ {
		local := 0
		go func() {
			local++
			_ = local
		}()
	}
}

// --- mixed atomic and plain access

func mixedAtomic(n int) int64 {
	var wg sync.WaitGroup
	var count int64
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&count, 1)
			if count > 10 { // want `variable count is read and written by goroutines started in a loop with no synchronization: mixing atomic and plain access is still a race`
				return
			}
		}()
	}
	wg.Wait()
	return count
}

// --- maps

func mapLoop(keys []string) map[string]int {
	var wg sync.WaitGroup
	m := make(map[string]int)
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m[k] = len(k) // want `map m is written by goroutines started in a loop with no synchronization: concurrent map writes crash the program`
		}()
	}
	wg.Wait()
	return m
}

func mapLoopMutex(keys []string) map[string]int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	m := make(map[string]int)
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			m[k] = len(k)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return m
}

// Maps only read by the goroutines are fine.
func mapReadOnly(keys []string, m map[string]int) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = m[k]
		}()
	}
	wg.Wait()
}

// --- slices: append is a header write, distinct elements are not shared

func appendLoop(items []int) []int {
	var wg sync.WaitGroup
	var out []int
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out = append(out, it*2) // want `slice header out is appended to by goroutines started in a loop with no synchronization: appends are lost`
		}()
	}
	wg.Wait()
	return out
}

func indexLoop(items []int) []int {
	var wg sync.WaitGroup
	out := make([]int, len(items))
	for i, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = it * 2
		}()
	}
	wg.Wait()
	return out
}

func appendChannel(items []int) []int {
	ch := make(chan int)
	for _, it := range items {
		go func() { ch <- it * 2 }()
	}
	var out []int
	for range items {
		out = append(out, <-ch)
	}
	return out
}

// --- captured err

func capturedErr() error {
	var err error
	done := make(chan struct{})
	go func() {
		err = work() // want `captured error err is written in a goroutine and read by the function that starts it, after the go statement and before it waits for the goroutine, with no synchronization: one goroutine's error overwrites another's`
		close(done)
	}()
	if err != nil {
		return err
	}
	<-done
	return err
}

func capturedErrJoined() error {
	var err error
	done := make(chan struct{})
	go func() {
		err = work()
		close(done)
	}()
	<-done
	return err
}

func capturedErrLoop(n int) error {
	var wg sync.WaitGroup
	var err error
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if e := work(); e != nil {
				err = e // want `captured error err is written by goroutines started in a loop with no synchronization`
			}
		}()
	}
	wg.Wait()
	return err
}

// --- writes before the go statement, reads after the join

func beforeAndAfter() int {
	x := 0
	x = 1
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		x++
	}()
	wg.Wait()
	return x
}

func spawnerRace() int {
	x := 0
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		x = 2 // want `variable x is written in a goroutine and written by the function that starts it, after the go statement and before it waits for the goroutine`
	}()
	x = 3
	wg.Wait()
	return x
}

// Only read after it is shared.
func readOnly(cfg *config) {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = cfg.name
		}()
	}
	_ = cfg.name
	wg.Wait()
}

type config struct{ name string }

// Fresh objects made by each goroutine are its own.
func fresh(n int) {
	for i := 0; i < n; i++ {
		go func() {
			c := &config{}
			c.name = "x"
			_ = c
		}()
	}
}

// --- struct fields through shared pointers and receivers

type Server struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	hits  int
	cache map[string]string
	name  string
}

func (s *Server) Serve(n int) {
	for i := 0; i < n; i++ {
		go func() {
			s.hits++ // want `counter s.hits is incremented by goroutines started in a loop with no synchronization`
		}()
	}
}

func (s *Server) ServeLocked(n int) {
	for i := 0; i < n; i++ {
		go func() {
			s.mu.Lock()
			s.hits++
			s.mu.Unlock()
		}()
	}
}

// A write under RLock is not guarded.
func (s *Server) Fill(keys []string) {
	for _, k := range keys {
		go func() {
			s.rw.RLock()
			s.cache[k] = k // want `map s.cache is written while holding only the read lock s.rw \(RLock\), which other goroutines hold at the same time: take s.rw.Lock\(\) to write`
			s.rw.RUnlock()
		}()
	}
}

func (s *Server) FillLocked(keys []string) {
	for _, k := range keys {
		go func() {
			s.rw.Lock()
			s.cache[k] = k
			s.rw.Unlock()
		}()
	}
}

// --- a method that writes a field, called from goroutines

func (s *Server) bump() { s.hits++ } // want `counter s.hits is incremented by goroutines started in a loop with no synchronization`

func (s *Server) bumpLocked() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits++
}

func (s *Server) Many(n int) {
	for i := 0; i < n; i++ {
		go s.bump()
	}
}

func (s *Server) ManyLocked(n int) {
	for i := 0; i < n; i++ {
		go s.bumpLocked()
	}
}

// --- pointers passed into goroutines

func worker(n *int, wg *sync.WaitGroup) {
	defer wg.Done()
	*n++ // want `counter total is incremented by goroutines started in a loop with no synchronization`
}

func passPointer() int {
	var wg sync.WaitGroup
	total := 0
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go worker(&total, &wg)
	}
	wg.Wait()
	return total
}

// --- package-level variables

var requests int

func global(n int) {
	for i := 0; i < n; i++ {
		go func() {
			requests++ // want `counter requests is incremented by goroutines started in a loop`
		}()
	}
}

// --- channel semaphores and done channels

func semaphore(n int) int {
	sem := make(chan struct{}, 1)
	count := 0
	for i := 0; i < n; i++ {
		sem <- struct{}{}
		go func() {
			count++
			<-sem
		}()
	}
	sem <- struct{}{} // the last goroutine is done
	return count
}

func handoff() int {
	x := 0
	ready := make(chan struct{})
	go func() {
		<-ready
		x = 1
	}()
	x = 2
	close(ready)
	return x
}

// --- sync.Once

func once(n int) {
	var o sync.Once
	var v int
	for i := 0; i < n; i++ {
		go func() {
			o.Do(func() { v = 1 })
			_ = v
		}()
	}
}

// A function value carried around a loop.
func phiLoop(fs []func()) {
	f := func() {}
	for _, g := range fs {
		if g != nil {
			f = g
		}
		go f()
	}
}

// --- the same mutex reached by two paths (net/http's idle timer)

type transport struct {
	idleMu sync.Mutex
	idle   map[*conn]bool
}

type conn struct {
	t     *transport
	timer int
}

func (pc *conn) closeIfIdle() {
	t := pc.t
	t.idleMu.Lock()
	defer t.idleMu.Unlock()
	if pc.timer != 0 {
		pc.timer = 0
	}
}

func (t *transport) putIdle(pc *conn) {
	t.idleMu.Lock()
	defer t.idleMu.Unlock()
	go pc.closeIfIdle()
	pc.timer = 1
}

// --- a spawner that runs with its caller's lock held

func (t *transport) putIdleLocked(pc *conn) {
	go pc.closeIfIdle()
	pc.timer = 1
}

func (t *transport) put(pc *conn) {
	t.idleMu.Lock()
	t.putIdleLocked(pc)
	t.idleMu.Unlock()
}

// --- worker pools: a receive from the work channel does not order the
// workers among themselves

func pool(jobs chan int, n int) []int {
	var wg sync.WaitGroup
	var results []int
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results = append(results, j*j) // want `slice header results is appended to by goroutines started in a loop with no synchronization`
			}
		}()
	}
	wg.Wait()
	return results
}

func poolSelect(jobs chan int, quit chan struct{}, n int) int {
	var wg sync.WaitGroup
	total := 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case j := <-jobs:
					total += j // want `counter total is incremented by goroutines started in a loop with no synchronization`
				case <-quit:
					return
				}
			}
		}()
	}
	wg.Wait()
	return total
}

// A channel of one token is a mutex.
func tokens(n int) int {
	var wg sync.WaitGroup
	token := make(chan struct{}, 1)
	token <- struct{}{}
	count := 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-token
			count++
			token <- struct{}{}
		}()
	}
	wg.Wait()
	return count
}

// The launch runs once: the loop returns after it.
func firstMatch(xs []int) int {
	found := 0
	for _, x := range xs {
		if x > 0 {
			go func() { found++ }()
			return 0
		}
	}
	return found
}

// Each iteration waits for its goroutine.
func oneAtATime(n int) int {
	count := 0
	for i := 0; i < n; i++ {
		done := make(chan bool)
		go func() {
			count++
			done <- true
		}()
		<-done
	}
	return count
}

// --- a composite literal is named by the variable it is assigned to

type stats struct{ n int }

func (s *stats) add() {
	s.n++ // want `counter st.n is incremented by goroutines started in a loop`
}

func complitName() {
	st := &stats{}
	for i := 0; i < 3; i++ {
		go st.add()
	}
}

// --- a named result returned as is is not written (nats' header catcher)

func namedResult() (got chan int) {
	got = make(chan int, 1)
	go func() {
		got <- 1
	}()
	return got
}

// --- sync.Map, OnceValue and Cond synchronise

func syncMap(keys []string) {
	var wg sync.WaitGroup
	var m sync.Map
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.Store(k, len(k))
		}()
	}
	wg.Wait()
}

func onceValue(n int) {
	calls := 0
	get := sync.OnceValue(func() int {
		calls++
		return calls
	})
	for i := 0; i < n; i++ {
		go func() { _ = get() }()
	}
}

func cond(n int) int {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := 0
	for i := 0; i < n; i++ {
		go func() {
			c.L.Lock()
			ready++
			c.L.Unlock()
			c.Signal()
		}()
	}
	c.L.Lock()
	for ready < n {
		c.Wait()
	}
	c.L.Unlock()
	return ready
}

// --- a call that waits on its own things (an HTTP request) does not order
// the goroutines that make it

func get(u string) (int, error) {
	ch := make(chan int)
	go func() { ch <- len(u) }()
	return <-ch, nil
}

func fetchAll(urls []string) (err error) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err = get(u) // want `captured error err is written by goroutines started in a loop with no synchronization`
		}()
	}
	wg.Wait()
	return
}

// A custom lock, unknown to the lock sets, is a wait.
type spin struct{ held int32 }

func (s *spin) Lock() {
	for !atomic.CompareAndSwapInt32(&s.held, 0, 1) {
	}
}

func (s *spin) Unlock() { atomic.StoreInt32(&s.held, 0) }

func customLock(n int) int {
	var l spin
	count := 0
	for i := 0; i < n; i++ {
		go func() {
			l.Lock()
			count++
			l.Unlock()
		}()
	}
	return count
}
