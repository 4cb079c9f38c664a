package libs

import (
	"context"
	"net/http"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/Jeffail/tunny"
	"github.com/alitto/pond"
	pond2 "github.com/alitto/pond/v2"
	"github.com/gammazero/workerpool"
	"github.com/minio/pkg/v3/workers"
	"github.com/panjf2000/ants/v2"
	"github.com/sourcegraph/conc/iter"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

func errgroupLimit(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.NumCPU())
	for _, u := range urls {
		g.Go(func() error {
			_, err := http.Get(u) // want `http.Get waits on the network in a worker of a pool sized to the CPUs \(runtime.NumCPU\(\)\)`
			return err
		})
	}
	return g.Wait()
}

func errgroupZero(paths []string) error {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, p := range paths {
		g.Go(func() error {
			_, err := os.ReadFile(p) // want `os.ReadFile waits on disk I/O`
			return err
		})
	}
	return g.Wait()
}

// Negative: an errgroup sized for I/O.
func errgroupIO(urls []string) error {
	var g errgroup.Group
	g.SetLimit(64)
	for _, u := range urls {
		g.Go(func() error {
			_, err := http.Get(u)
			return err
		})
	}
	return g.Wait()
}

// An unlimited errgroup in a loop counted by the CPUs is a worker loop.
func errgroupLoop(jobs <-chan string) error {
	var g errgroup.Group
	for i := 0; i < runtime.NumCPU(); i++ {
		g.Go(func() error {
			for j := range jobs {
				time.Sleep(time.Duration(len(j))) // want `time.Sleep sleeps in a worker`
			}
			return nil
		})
	}
	return g.Wait()
}

func weighted(ctx context.Context, paths []string) {
	sem := semaphore.NewWeighted(int64(runtime.NumCPU()))
	for _, p := range paths {
		sem.Acquire(ctx, 1)
		go func() {
			defer sem.Release(1)
			os.WriteFile(p, nil, 0o644) // want `os.WriteFile waits on disk I/O in a worker of a pool sized to the CPUs \(runtime.NumCPU\(\)\)`
		}()
	}
}

func chanSem(urls []string) {
	sem := make(chan struct{}, runtime.NumCPU())
	var wg sync.WaitGroup
	for _, u := range urls {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			http.Head(u) // want `http.Head waits on the network`
		}()
	}
	wg.Wait()
}

// Negative: a channel semaphore sized for I/O.
func chanSemIO(urls []string) {
	sem := make(chan struct{}, 100)
	for _, u := range urls {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			http.Head(u)
		}()
	}
}

// Negative: a done channel with a capacity is not a semaphore.
func doneChan(urls []string) {
	done := make(chan struct{}, runtime.NumCPU())
	for _, u := range urls {
		go func() {
			http.Head(u)
			done <- struct{}{}
		}()
	}
	for range urls {
		<-done
	}
}

func antsPool(urls []string) {
	p, _ := ants.NewPool(runtime.NumCPU())
	defer p.Release()
	for _, u := range urls {
		p.Submit(func() {
			http.Get(u) // want `http.Get waits on the network`
		})
	}
}

func antsFunc() {
	p, _ := ants.NewPoolWithFunc(runtime.NumCPU(), func(arg any) {
		time.Sleep(time.Second) // want `time.Sleep sleeps`
	})
	p.Invoke(1)
}

func pondV1(paths []string) {
	p := pond.New(runtime.NumCPU(), 1000)
	for _, path := range paths {
		p.Submit(func() {
			os.ReadFile(path) // want `os.ReadFile waits on disk I/O`
		})
	}
	p.StopAndWait()
}

func pondV2(paths []string) {
	p := pond2.NewPool(runtime.NumCPU())
	for _, path := range paths {
		p.Submit(func() {
			os.Remove(path) // want `os.Remove waits on file-system metadata`
		})
	}
	p.StopAndWait()
}

// Negative: pond sized for I/O.
func pondIO(urls []string) {
	p := pond2.NewPool(200)
	for _, u := range urls {
		p.Submit(func() { http.Get(u) })
	}
}

func concPool(urls []string) {
	p := pool.New().WithMaxGoroutines(runtime.NumCPU())
	for _, u := range urls {
		p.Go(func() {
			http.Get(u) // want `http.Get waits on the network`
		})
	}
	p.Wait()
}

func concIter(urls []string) {
	iter.ForEach(urls, func(u *string) {
		http.Get(*u) // want `http.Get waits on the network in a worker of a pool sized to the CPUs \(runtime.GOMAXPROCS\(0\), the default of iter.ForEach\)`
	})
}

func workerPool(urls []string) {
	wp := workerpool.New(runtime.NumCPU())
	for _, u := range urls {
		wp.Submit(func() {
			http.Get(u) // want `http.Get waits on the network`
		})
	}
	wp.StopWait()
}

// minio's workers semaphore taken before each go statement and given back
// by the goroutine.
func minioWorkers(urls []string) {
	wk, _ := workers.New(runtime.GOMAXPROCS(0) / 2)
	for _, u := range urls {
		wk.Take()
		go func() {
			defer wk.Give()
			http.Get(u) // want `http.Get waits on the network in a worker of a pool sized to the CPUs \(runtime.GOMAXPROCS\(0\)/2\)`
		}()
	}
	wk.Wait()
}

// Negative: the same semaphore sized for the network.
func minioWorkersIO(urls []string) {
	wk, _ := workers.New(64)
	for _, u := range urls {
		wk.Take()
		go func() {
			defer wk.Give()
			http.Get(u)
		}()
	}
	wk.Wait()
}

func tunnyPool() {
	p := tunny.NewFunc(runtime.NumCPU(), func(payload any) any {
		resp, _ := http.Get(payload.(string)) // want `http.Get waits on the network`
		return resp
	})
	defer p.Close()
	p.Process("http://example.com")
}

// Negative: CPU-only work in a library pool.
func concCPU(nums []int) {
	p := pool.New().WithMaxGoroutines(runtime.NumCPU())
	for _, n := range nums {
		p.Go(func() {
			s := 0
			for i := 0; i < n; i++ {
				s += i
			}
			_ = s
		})
	}
	p.Wait()
}
