package main_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// FuzzAnalyzers builds valid, type-checked Go packages from the fuzzer's
// bytes (genProgram: goroutines in loops and closures, CPU-sized pools and
// semaphores, select loops, handlers, mutexes, channels, WaitGroups,
// generics, range-over-func iterators, method values, defer and recover,
// labelled break, continue and goto) and runs the corefit binary on each,
// as a user does. It fails on a panic, an analyzer error, a package that
// does not compile (a generator bug), or a diagnostic outside the package.
//
// CI runs it for 30 seconds (.ci/run); a long run:
//
//	go test ./cmd/corefit -run '^$' -fuzz FuzzAnalyzers -fuzztime 1h
//
// Each crasher goes into testdata/src/fuzz as a regression package. The
// analysis runs in the binary, a process of its own: the fuzzer's coverage
// guidance sees the generator, not the analyzers, so the run explores the
// generator's choices rather than the analyzers' branches.
func FuzzAnalyzers(f *testing.F) {
	for _, seed := range [][]byte{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13},
		{13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
		{1, 1, 1, 1, 1, 1},
		{255, 128, 64, 32, 16, 8, 4, 2, 1},
		[]byte("corefit"),
	} {
		f.Add(seed)
	}
	bin := fuzzBinary(f)
	// One analysis cache for every worker and run: the standard library's
	// facts are computed once (the cache is keyed by content).
	cache := filepath.Join(os.TempDir(), "corefit-fuzz-cache")
	// Warm it before the clock starts: the first run computes the facts
	// of every standard package the fragments import.
	warm := f.TempDir()
	os.WriteFile(filepath.Join(warm, "go.mod"), []byte("module example.com/fz\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(warm, "p.go"), []byte(genProgram([]byte{0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0, 9, 0, 10, 0, 11, 0, 12, 0, 13, 0})), 0o644)
	warmCmd := exec.Command(bin, "./...")
	warmCmd.Dir = warm
	warmCmd.Env = offlineEnv(cache)
	warmCmd.Run()
	f.Fuzz(func(t *testing.T, data []byte) {
		src := genProgram(data)
		checkRun(t, bin, cache, src)
	})
}

// checkRun writes src as the one file of a module and runs the corefit
// binary on it; it fails on an exit status above 1, anything on
// stderr, a diagnostic that is not an analyzer's (a compile error, an
// analysis failure) or one outside the file.
func checkRun(t *testing.T, bin, cache, src string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/fz\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "p.go")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-f", "json", "./...")
	cmd.Dir = dir
	cmd.Env = offlineEnv(cache)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if code > 1 || stderr.Len() > 0 {
		t.Fatalf("exit %d, stderr:\n%s\nprogram:\n%s", code, stderr.String(), src)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var d struct {
			Code     string `json:"code"`
			Message  string `json:"message"`
			Location struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		switch d.Code {
		case "poolblock", "iostall", "sharedstate":
		default:
			t.Fatalf("%s: %s (%s)\nprogram:\n%s", d.Code, d.Message, d.Location.File, src)
		}
		if d.Location.File != file || d.Location.Line < 1 || d.Location.Line > strings.Count(src, "\n")+1 {
			t.Fatalf("diagnostic outside the package: %s:%d: %s\nprogram:\n%s", d.Location.File, d.Location.Line, d.Message, src)
		}
	}
}

var (
	fuzzBinOnce sync.Once
	fuzzBin     string
	fuzzBinErr  error
)

// fuzzBinary builds corefit once per process (the fuzzer's workers are
// processes of their own).
func fuzzBinary(f *testing.F) string {
	if testing.Short() {
		f.Skip("builds the binary")
	}
	fuzzBinOnce.Do(func() {
		// The fuzzer's workers run this test binary again: key the
		// corefit binary by it, so that the coordinator builds it and
		// the workers find it.
		key := "corefit-fuzz"
		if exe, err := os.Executable(); err == nil {
			if fi, err := os.Stat(exe); err == nil {
				key = fmt.Sprintf("corefit-fuzz-%x-%d", fi.ModTime().UnixNano(), fi.Size())
			}
		}
		fuzzBin = filepath.Join(os.TempDir(), key)
		if _, err := os.Stat(fuzzBin); err == nil {
			return
		}
		tmp := fmt.Sprintf("%s.%d", fuzzBin, os.Getpid())
		out, err := exec.Command("go", "build", "-o", tmp, ".").CombinedOutput()
		if err != nil {
			fuzzBinErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		fuzzBinErr = os.Rename(tmp, fuzzBin)
	})
	if fuzzBinErr != nil {
		f.Fatal(fuzzBinErr)
	}
	return fuzzBin
}

// genProgram turns bytes into a valid Go package: each byte picks a
// fragment, the next its variant.
func genProgram(data []byte) string {
	var b strings.Builder
	b.WriteString(`package p

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"iter"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var (
	_ = context.Background
	_ = sha256.Sum256
	_ = json.Marshal
	_ iter.Seq[int]
	_ = http.Get
	_ = runtime.NumCPU
	_ sync.Mutex
	_ atomic.Int64
	_ = time.Second
)
`)
	for i := 0; i+1 < len(data) && i < 24; i += 2 {
		frag, v := int(data[i])%len(fragments), int(data[i+1])
		fmt.Fprintf(&b, "\n%s\n", fragments[frag](i, v))
	}
	return b.String()
}

// fragments each write declarations named with n, varied by v.
var fragments = []func(n, v int) string{
	// Goroutines in a loop on a counter: locked, atomic or not.
	func(n, v int) string {
		body := "c++"
		switch v % 3 {
		case 1:
			body = "mu.Lock(); c++; mu.Unlock()"
		case 2:
			body = "a.Add(1)"
		}
		return fmt.Sprintf(`func count%d(items []int) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var a atomic.Int64
	c := 0
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			%s
		}()
	}
	wg.Wait()
	_ = &mu
	return c + int(a.Load())
}`, n, body)
	},
	// A pool sized to the CPUs or to a constant, its workers blocking or
	// computing.
	func(n, v int) string {
		size := "runtime.NumCPU()"
		if v%2 == 1 {
			size = "64"
		}
		work := "http.Get(u)"
		if v%4 >= 2 {
			work = "sha256.Sum256([]byte(u))"
		}
		return fmt.Sprintf(`func pool%d(urls chan string) {
	for i := 0; i < %s; i++ {
		go func() {
			for u := range urls {
				%s
			}
		}()
	}
}`, n, size, work)
	},
	// A select loop with a ticker, heavy or cheap in a case.
	func(n, v int) string {
		rounds := v%5 + 1
		if v%2 == 0 {
			rounds = 2_000_000
		}
		return fmt.Sprintf(`func loop%d(ctx context.Context, in <-chan []byte, t *time.Ticker) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case b := <-in:
			s := sha256.Sum256(b)
			for i := 0; i < %d; i++ {
				s = sha256.Sum256(s[:])
			}
			_ = s
		}
	}
}`, n, rounds)
	},
	// A handler with loops over the request.
	func(n, v int) string {
		inner := "for j := range vs { s += vs[i] * vs[j] }"
		if v%2 == 1 {
			inner = "for j := 0; j < 8; j++ { s += vs[i] * float64(j) }"
		}
		return fmt.Sprintf(`func handler%d(w http.ResponseWriter, r *http.Request) {
	var vs []float64
	json.NewDecoder(r.Body).Decode(&vs)
	s := 0.0
	for i := range vs {
		%s
	}
	_ = s
}

func init() { http.HandleFunc("/h%d", handler%d) }`, n, inner, n, n)
	},
	// A type with a mutex and methods, one of them maybe forgetting it.
	func(n, v int) string {
		peek := "t.mu.Lock(); defer t.mu.Unlock(); return len(t.m)"
		if v%2 == 1 {
			peek = "return len(t.m)"
		}
		return fmt.Sprintf(`type table%d struct {
	mu sync.Mutex
	m  map[string]int
}

func (t *table%d) Put(k string) { t.mu.Lock(); t.m[k]++; t.mu.Unlock() }
func (t *table%d) Del(k string) { t.mu.Lock(); delete(t.m, k); t.mu.Unlock() }
func (t *table%d) Get(k string) int { t.mu.Lock(); defer t.mu.Unlock(); return t.m[k] }
func (t *table%d) Len() int { %s }`, n, n, n, n, n, peek)
	},
	// Workers appending to a captured slice, under a lock or not.
	func(n, v int) string {
		app := "out = append(out, x*x)"
		if v%2 == 1 {
			app = "mu.Lock(); out = append(out, x*x); mu.Unlock()"
		}
		return fmt.Sprintf(`func squares%d(xs []int) []int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var out []int
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			%s
		}()
	}
	wg.Wait()
	_ = &mu
	return out
}`, n, app)
	},
	// Generics launched in goroutines.
	func(n, v int) string {
		return fmt.Sprintf(`func gmap%d[T any](xs []T, f func(T) T) []T {
	out := make([]T, len(xs))
	var wg sync.WaitGroup
	for i, x := range xs {
		wg.Add(1)
		go func() { defer wg.Done(); out[i] = f(x) }()
	}
	wg.Wait()
	return out
}

var _ = gmap%d[int]`, n, n)
	},
	// A range-over-func iterator whose body starts goroutines.
	func(n, v int) string {
		return fmt.Sprintf(`func seq%d(k int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range k {
			if !yield(i) {
				return
			}
		}
	}
}

func useSeq%d() int {
	total := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	for x := range seq%d(%d) {
		if x > 5 {
			break
		}
		wg.Add(1)
		go func() { defer wg.Done(); mu.Lock(); total += x; mu.Unlock() }()
	}
	wg.Wait()
	return total
}`, n, n, n, v%10)
	},
	// A method value started as a goroutine of the type's own.
	func(n, v int) string {
		return fmt.Sprintf(`type svc%d struct {
	mu    sync.Mutex
	hits  int
	stop  chan struct{}
}

func newSvc%d() *svc%d {
	s := &svc%d{stop: make(chan struct{})}
	go s.run()
	return s
}

func (s *svc%d) run() {
	for {
		select {
		case <-s.stop:
			return
		case <-time.After(time.Millisecond):
			s.mu.Lock()
			s.hits++
			s.mu.Unlock()
		}
	}
}

func (s *svc%d) Hits() int { s.mu.Lock(); defer s.mu.Unlock(); return s.hits }`, n, n, n, n, n, n)
	},
	// Defer and recover in a goroutine.
	func(n, v int) string {
		return fmt.Sprintf(`func safe%d(f func()) <-chan error {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- nil
			}
		}()
		f()
		done <- nil
	}()
	return done
}`, n)
	},
	// Labelled break, continue and goto around goroutine launches.
	func(n, v int) string {
		return fmt.Sprintf(`func labels%d(grid [][]int) int {
	var wg sync.WaitGroup
	var sum atomic.Int64
outer:
	for i := range grid {
		for j := range grid[i] {
			if grid[i][j] < 0 {
				continue outer
			}
			if grid[i][j] > %d {
				break outer
			}
			wg.Add(1)
			go func() { defer wg.Done(); sum.Add(int64(grid[i][j])) }()
		}
	}
	k := 0
again:
	if k < 3 {
		k++
		goto again
	}
	wg.Wait()
	return int(sum.Load()) + k
}`, n, v)
	},
	// A semaphore sized to the CPUs around blocking or CPU work.
	func(n, v int) string {
		work := "http.Get(u)"
		if v%2 == 1 {
			work = "sha256.Sum256([]byte(u))"
		}
		return fmt.Sprintf(`var sem%d = make(chan struct{}, runtime.NumCPU())

func fetch%d(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		sem%d <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem%d }()
			%s
		}()
	}
	wg.Wait()
}`, n, n, n, n, work)
	},
	// A channel hand-off and a close racing a send, or not.
	func(n, v int) string {
		closer := "close(ch)"
		if v%2 == 1 {
			closer = ""
		}
		return fmt.Sprintf(`func pipe%d(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x
		}
		close(ch)
	}()
	total := 0
	for x := range ch {
		total += x
	}
	%s
	return total
}`, n, closer)
	},
	// A sync.Once guarding a lazily built value read by goroutines.
	func(n, v int) string {
		return fmt.Sprintf(`var (
	once%d sync.Once
	conf%d map[string]string
)

func config%d() map[string]string {
	once%d.Do(func() { conf%d = map[string]string{"k": "v"} })
	return conf%d
}

func readers%d() {
	for i := 0; i < %d; i++ {
		go func() { _ = config%d()["k"] }()
	}
}`, n, n, n, n, n, n, n, v%4+1, n)
	},
}
