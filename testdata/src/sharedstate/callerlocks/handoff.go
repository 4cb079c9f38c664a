package callerlocks

import "sync"

// A mutex locked by the starter and unlocked by the goroutine it starts is
// the goroutine's until it unlocks it: x = 1 runs under mu, as x = 2 does.
func handoff() {
	var mu sync.Mutex
	ch := make(chan bool, 2)
	x := 0
	_ = x
	mu.Lock()
	go func() {
		x = 1
		mu.Unlock()
		ch <- true
	}()
	go func() {
		mu.Lock()
		x = 2
		mu.Unlock()
		ch <- true
	}()
	<-ch
	<-ch
}

// The same without the starter's Lock: nothing is handed over, and y = 1
// runs with no lock.
func handoffLate() {
	var mu sync.Mutex
	ch := make(chan bool, 2)
	y := 0
	_ = y
	go func() {
		y = 1
		mu.Unlock()
		ch <- true
	}()
	go func() {
		mu.Lock()
		y = 2 // want `variable y is written and written by two goroutines that run at the same time with mu held only where it is written`
		mu.Unlock()
		ch <- true
	}()
	<-ch
	<-ch
}

// The starter no longer holds a lock it handed over: its own write after
// the go statement races with the goroutine's.
func handoffStarter() {
	var mu sync.Mutex
	done := make(chan bool)
	z := 0
	mu.Lock()
	go func() {
		z = 1 // want `variable z is written in a goroutine and written by the function that starts it, after the go statement and before it waits for the goroutine, with mu held only where it is written`
		mu.Unlock()
		done <- true
	}()
	z = 2
	<-done
	_ = z
}
