// Package joins has waits that are joins, and waits that are not: only a
// join orders the goroutine's accesses before the starter's.
package joins

import (
	"sync"
	"time"
)

func use(int) {}

// A receive from a channel the goroutine never sends on is not a join.
func unrelatedReceive(in chan int) {
	done := make(chan bool)
	x := 0
	go func() {
		x = 1 // want `variable x is written in a goroutine and written by the function that starts it`
		done <- true
	}()
	x = <-in
	<-done
	use(x)
}

// The receive from the goroutine's own channel is.
func joinedReceive(in chan int) {
	done := make(chan bool)
	x := 0
	go func() {
		x = 1
		done <- true
	}()
	<-done
	x = <-in
	use(x)
}

// A select with a timeout: the branch of the goroutine's channel is
// joined, the timeout's is not.
func timeout(d time.Duration) int {
	done := make(chan bool, 1)
	x := 0
	go func() {
		x = 1 // want `variable x is written in a goroutine and written by the function that starts it`
		done <- true
	}()
	select {
	case <-done:
		return x
	case <-time.After(d):
		x = -1
		return x
	}
}

// Without the timeout, the select joins.
func noTimeout() int {
	done := make(chan bool, 1)
	x := 0
	go func() {
		x = 1
		done <- true
	}()
	select {
	case <-done:
		x++
		return x
	}
}

// A goroutine's accesses after a send on a buffered channel are not
// ordered after the receiver's accesses before its receive.
func afterBufferedSend() {
	ch := make(chan int, 1)
	x := 0
	go func() {
		ch <- 1
		x = 2 // want `variable x is written in a goroutine and written by the function that starts it`
	}()
	x = 1
	<-ch
	_ = x
}

// On an unbuffered channel the send completes once the receiver is there.
func afterUnbufferedSend() {
	ch := make(chan int)
	x := 0
	go func() {
		ch <- 1
		x = 2
	}()
	x = 1
	<-ch
	_ = x
}

// A WaitGroup's Wait is a join.
func waitGroup() int {
	var wg sync.WaitGroup
	x := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		x = 1
	}()
	wg.Wait()
	return x
}

// A send on a semaphore the goroutine releases waits for it.
func semaphoreSend() int {
	sem := make(chan struct{}, 1)
	x := 0
	sem <- struct{}{}
	go func() {
		x++
		<-sem
	}()
	sem <- struct{}{}
	return x
}

// An unbuffered send completes once the goroutine receives: what it did
// before its receive is done.
func unbufferedSendJoins() int {
	start := make(chan struct{})
	x := 0
	go func() {
		x = 1
		<-start
	}()
	start <- struct{}{}
	return x
}
