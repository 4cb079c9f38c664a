package all_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/analyzers/all"
)

// TestRobust runs every analyzer on code that stresses the SSA passes: a
// huge function (thousands of statements, hundreds of loops, selects and
// goroutines), generics with range-over-func, and cgo. The packages have
// no want comments: any diagnostic fails the test, and so does an analyzer
// error or a panic (the analyzers recover panics and return them as
// errors, which analysistest reports).
func TestRobust(t *testing.T) {
	if testing.Short() {
		t.Skip("builds SSA for a huge function")
	}
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, "src", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("huge/huge.go", hugeFunc(400))
	write("generic/generic.go", `package generic

import (
	"iter"
	"sync"
)

type Set[K comparable] struct {
	mu sync.Mutex
	m  map[K]struct{}
}

func (s *Set[K]) Add(k K) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[K]struct{})
	}
	s.m[k] = struct{}{}
}

func (s *Set[K]) All() iter.Seq[K] {
	return func(yield func(K) bool) {
		s.mu.Lock()
		defer s.mu.Unlock()
		for k := range s.m {
			if !yield(k) {
				return
			}
		}
	}
}

func Fill[K comparable](s *Set[K], ks iter.Seq[K]) {
	var wg sync.WaitGroup
	for k := range ks {
		wg.Go(func() { s.Add(k) })
	}
	wg.Wait()
}

func Map[T, U any](in []T, f func(T) U) []U {
	out := make([]U, len(in))
	var wg sync.WaitGroup
	for i, v := range in {
		wg.Go(func() { out[i] = f(v) })
	}
	wg.Wait()
	return out
}
`)
	write("cgo/cgo.go", `package cgo

// #include <stdlib.h>
// static int twice(int x) { return 2 * x; }
import "C"

import (
	"runtime"
	"sync"
)

func Twice(xs []int) []int {
	out := make([]int, len(xs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.NumCPU())
	for i, x := range xs {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = int(C.twice(C.int(x)))
			<-sem
		}()
	}
	wg.Wait()
	return out
}
`)
	for _, a := range all.Analyzers() {
		t.Run(a.Name, func(t *testing.T) {
			analysistest.Run(t, dir, a, "huge", "generic", "cgo")
		})
	}
}

// hugeFunc returns a package with one function of n blocks, each a loop,
// a select over two channels, a goroutine that sends on a channel the
// function then receives from, and a mutex-guarded update: correct code, so
// that no analyzer has anything to say.
func hugeFunc(n int) string {
	var b strings.Builder
	b.WriteString(`package huge

import (
	"sync"
	"time"
)

func Huge(in <-chan int, tick <-chan time.Time) int {
	var mu sync.Mutex
	total := 0
`)
	for i := range n {
		fmt.Fprintf(&b, `	{
		done%[1]d := make(chan int)
		go func() {
			s := 0
			for j := 0; j < %[1]d; j++ {
				s += j
			}
			done%[1]d <- s
		}()
		select {
		case v := <-in:
			mu.Lock()
			total += v
			mu.Unlock()
		case <-tick:
		}
		v := <-done%[1]d
		mu.Lock()
		total += v
		mu.Unlock()
	}
`, i)
	}
	b.WriteString("\treturn total\n}\n")
	return b.String()
}
