package mixed

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// totalCalls is counted atomically by the workers of run, and read plainly
// once they are all done (grpc's stress client).
var totalCalls int64

// work counts a worker's calls.
func work(n int) {
	for range n {
		atomic.AddInt64(&totalCalls, 1)
	}
}

// run starts the workers and prints the total after they are done.
func run(workers int) {
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(100)
		}()
	}
	wg.Wait()
	fmt.Println("total calls:", totalCalls)
}

// earlyCalls is the same counter, read before the workers are done.
var earlyCalls int64

func workEarly(n int) {
	for range n {
		atomic.AddInt64(&earlyCalls, 1) // want `package variable earlyCalls is written in a goroutine and read by the function that starts it`
	}
}

func runEarly(workers int) {
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			workEarly(100)
		}()
	}
	fmt.Println("so far:", earlyCalls) // want `package variable earlyCalls is read plainly but updated with sync/atomic elsewhere`
	wg.Wait()
}

// sharedCalls is counted by run's workers and by an exported function any
// goroutine may call: the read after the Wait still races with it.
var sharedCalls int64

func workShared() { atomic.AddInt64(&sharedCalls, 1) }

// Count counts one call.
func Count() { workShared() }

func runShared(workers int) {
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			workShared()
		}()
	}
	wg.Wait()
	fmt.Println("shared:", sharedCalls) // want `package variable sharedCalls is read plainly but updated with sync/atomic elsewhere`
}
