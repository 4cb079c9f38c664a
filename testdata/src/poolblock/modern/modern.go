// Package modern uses generics, iterators and range-over-func, so that the
// passes are exercised on them.
package modern

import (
	"iter"
	"net/http"
	"runtime"
	"sync"
)

type Pool[T any] struct {
	size int
	work func(T)
}

func NewPool[T any](work func(T)) *Pool[T] {
	return &Pool[T]{size: runtime.NumCPU(), work: work}
}

func (p *Pool[T]) Run(items iter.Seq[T]) {
	ch := make(chan T)
	var wg sync.WaitGroup
	for i := 0; i < p.size; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range ch {
				p.work(it)
			}
		}()
	}
	for it := range items {
		ch <- it
	}
	close(ch)
	wg.Wait()
}

func Fetch[T ~string](urls iter.Seq[T]) {
	var wg sync.WaitGroup
	next, stop := iter.Pull(urls)
	defer stop()
	var mu sync.Mutex
	for i := 0; i < runtime.GOMAXPROCS(0); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				u, ok := next()
				mu.Unlock()
				if !ok {
					return
				}
				get(string(u)) // want `modern.get waits on the network \(http.Get\)`
			}
		}()
	}
	wg.Wait()
}

func get(u string) { http.Get(u) }

func Seq(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// Sum is CPU-only work over a range-over-func iterator in a CPU pool.
func Sum(n int) int {
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for w := range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range Seq(n) {
				if i%runtime.NumCPU() == w {
					mu.Lock()
					total += i
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return total
}
