package shapes

import (
	"context"
	"runtime"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

func work() {}

func loops() {
	n := runtime.NumCPU()
	for i := 0; i < n; i++ {
		go work() // want `pool worker loop size=cpu\(runtime.NumCPU\(\)\) work=shapes.work`
	}
	for range runtime.GOMAXPROCS(0) {
		go work() // want `pool worker loop size=cpu\(runtime.GOMAXPROCS\(0\)\) work=shapes.work`
	}
	for i := runtime.NumCPU() / 2; i > 0; i-- {
		go work() // want `pool worker loop size=cpu\(runtime.NumCPU\(\)/2\) work=shapes.work`
	}
	for i := 0; i < 10; i++ {
		go work() // want `pool worker loop size=fixed\(10\) work=shapes.work`
	}
	for i := 0; i < min(runtime.NumCPU(), 8); i++ {
		go work() // want `pool worker loop size=cpu\(min\(…runtime.NumCPU\(\)…\)\) work=shapes.work`
	}
}

func notPools(items []int) {
	go work() // a single goroutine
	for range items {
		go work() // one per item: unbounded, not a pool
	}
	for {
		go work() // endless
		break
	}
}

func sems(ctx context.Context, items []int) {
	sem := make(chan struct{}, runtime.NumCPU())
	for range items {
		go func() { // want `pool channel semaphore size=cpu\(runtime.NumCPU\(\)\) work=shapes.sems\$1`
			sem <- struct{}{}
			defer func() { <-sem }()
			work()
		}()
	}
	w := semaphore.NewWeighted(int64(4))
	for range items {
		w.Acquire(ctx, 1)
		go func() { // want `pool semaphore.Weighted size=fixed\(4\) work=shapes.sems\$2`
			defer w.Release(1)
			work()
		}()
	}
	data := make(chan int, runtime.NumCPU()) // a buffered data channel is no semaphore
	for _, it := range items {
		go func() { data <- it }()
	}
}

func groups(items []int) {
	var g errgroup.Group
	g.SetLimit(runtime.NumCPU() + 1)
	for range items {
		g.Go(func() error { work(); return nil }) // want `pool errgroup pool size=cpu\(runtime.NumCPU\(\)\+1\) work=shapes.groups\$1`
	}
	var h errgroup.Group
	for range items {
		h.Go(func() error { return nil }) // unlimited, one per item
	}
}

// A retry loop that waits for its helper goroutine each time is not a pool.
func retries(ping func() error) error {
	var err error
	for range runtime.NumCPU() + 1 {
		done := make(chan error, 1)
		go func() { done <- ping() }()
		if err = <-done; err == nil {
			return nil
		}
	}
	return err
}

// Floors and defaults.
func floors(cfgWorkers int) {
	n := cfgWorkers
	if n <= 0 {
		n = runtime.NumCPU()
	}
	if n < 4 {
		n = 4
	}
	for i := 0; i < n; i++ {
		go work() // want `pool worker loop size=cpu\(runtime.NumCPU\(\)\) work=shapes.work`
	}
	m := runtime.NumCPU()
	if cfgWorkers > 0 {
		m = 100
	}
	for i := 0; i < m; i++ {
		go work() // CPU or 100: no single answer
	}
}
