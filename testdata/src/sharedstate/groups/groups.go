package groups

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

func fetch(ctx context.Context, u string) (int, error) { return len(u), nil }

func errgroupTotal(ctx context.Context, urls []string) (int, error) {
	g, ctx := errgroup.WithContext(ctx)
	total := 0
	for _, u := range urls {
		g.Go(func() error {
			n, err := fetch(ctx, u)
			total += n // want `counter total is incremented by goroutines started in a loop by errgroup.Group.Go with no synchronization: updates are lost`
			return err
		})
	}
	err := g.Wait()
	return total, err
}

func errgroupMutex(ctx context.Context, urls []string) (int, error) {
	g, ctx := errgroup.WithContext(ctx)
	var mu sync.Mutex
	total := 0
	for _, u := range urls {
		g.Go(func() error {
			n, err := fetch(ctx, u)
			mu.Lock()
			total += n
			mu.Unlock()
			return err
		})
	}
	err := g.Wait()
	return total, err
}

// With a limit of one, the goroutines run one at a time.
func errgroupLimited(ctx context.Context, urls []string) (int, error) {
	var g errgroup.Group
	g.SetLimit(1)
	total := 0
	for _, u := range urls {
		g.Go(func() error {
			n, err := fetch(ctx, u)
			total += n
			return err
		})
	}
	err := g.Wait()
	return total, err
}

// Each goroutine writes its own element.
func errgroupIndex(ctx context.Context, urls []string) ([]int, error) {
	var g errgroup.Group
	out := make([]int, len(urls))
	for i, u := range urls {
		g.Go(func() error {
			n, err := fetch(ctx, u)
			out[i] = n
			return err
		})
	}
	return out, g.Wait()
}

// The result is read before Wait.
func errgroupEarlyRead(ctx context.Context, u string) int {
	var g errgroup.Group
	n := 0
	g.Go(func() error {
		n = 1 // want `variable n is written in a goroutine and read by the function that starts it, after errgroup.Group.Go and before it waits for the goroutine`
		return nil
	})
	if n > 0 {
		return n
	}
	g.Wait()
	return n
}

func waitGroupGo(items []string) map[string]bool {
	var wg sync.WaitGroup
	seen := map[string]bool{}
	for _, it := range items {
		wg.Go(func() {
			seen[it] = true // want `map seen is written by goroutines started in a loop by WaitGroup.Go with no synchronization: concurrent map writes crash the program`
		})
	}
	wg.Wait()
	return seen
}

func waitGroupGoLocked(items []string) map[string]bool {
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[string]bool{}
	for _, it := range items {
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
			seen[it] = true
		})
	}
	wg.Wait()
	return seen
}

type poller struct {
	mu   sync.Mutex
	last time.Time
	n    int
}

func (p *poller) start() {
	time.AfterFunc(time.Second, func() {
		p.n = 1 // want `field p.n is written in a goroutine and written by the function that starts it, after time.AfterFunc and before it waits for the goroutine`
	})
	p.n = 2
}

func (p *poller) startLocked() {
	time.AfterFunc(time.Second, func() {
		p.mu.Lock()
		p.n = 1
		p.mu.Unlock()
	})
	p.mu.Lock()
	p.n = 2
	p.mu.Unlock()
}

// Two goroutines started one after the other.
func siblings() int {
	var wg sync.WaitGroup
	x := 0
	wg.Add(2)
	go func() {
		defer wg.Done()
		x = 1
	}()
	go func() {
		defer wg.Done()
		x = 2 // want `variable x is written and written by two goroutines that run at the same time with no synchronization`
	}()
	wg.Wait()
	return x
}

func siblingsOrdered() int {
	x := 0
	done := make(chan bool)
	go func() {
		x = 1
		done <- true
	}()
	<-done
	go func() {
		x = 2
		done <- true
	}()
	<-done
	return x
}

// A generic function: its instantiations are analysed through the origin.
func Sum[T int | float64](xs []T) T {
	var wg sync.WaitGroup
	var total T
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			total += x // want `counter total is incremented by goroutines started in a loop`
		}()
	}
	wg.Wait()
	return total
}

func SumLocked[T int | float64](xs []T) T {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var total T
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			total += x
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

// Range over a function: the loop body is a closure that runs on the
// caller's goroutine.
func seq(yield func(int) bool) {
	for i := range 3 {
		if !yield(i) {
			return
		}
	}
}

func rangeFunc() int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	n := 0
	for i := range seq {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			n += i
			mu.Unlock()
		}()
	}
	wg.Wait()
	return n
}

// The timer refers to itself: its assignment races only with a timer that
// fires at once.
func (p *poller) rearm(d time.Duration) {
	var t *time.Timer
	t = time.AfterFunc(d, func() {
		t.Reset(d)
	})
}
