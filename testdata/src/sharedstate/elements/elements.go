// Package elements has races on elements, whole copies, channels'
// lifecycle, and the negatives that differ by the one thing that makes
// them safe.
package elements

import (
	"sync"
	"sync/atomic"
)

type pair struct{ a, b int }

// The goroutine writes element 1 while the function reads it.
func sameElement() int {
	done := make(chan bool, 1)
	a := make([]int, 2)
	go func() {
		a[1] = 1 // want `element a\[1\] is written in a goroutine and read by the function that starts it`
		done <- true
	}()
	v := a[1]
	<-done
	return v
}

// Distinct constant elements do not overlap.
func otherElement() int {
	done := make(chan bool, 1)
	a := make([]int, 2)
	go func() {
		a[0] = 1
		done <- true
	}()
	v := a[1]
	<-done
	return v
}

// A range over the slice reads every element, the one the goroutine
// writes too.
func rangeWhileWritten(i int) int {
	var wg sync.WaitGroup
	s := make([]int, 10)
	wg.Add(1)
	go func() {
		defer wg.Done()
		s[i] = 3 // want `element s\[i\] is written in a goroutine and read by the function that starts it`
	}()
	sum := 0
	for _, v := range s {
		sum += v
	}
	wg.Wait()
	return sum
}

// The same range after the join.
func rangeAfterJoin(i int) int {
	var wg sync.WaitGroup
	s := make([]int, 10)
	wg.Add(1)
	go func() {
		defer wg.Done()
		s[i] = 3
	}()
	wg.Wait()
	sum := 0
	for _, v := range s {
		sum += v
	}
	return sum
}

// copy writes every element of its destination.
func copyOver(src []int) []int {
	var wg sync.WaitGroup
	dst := make([]int, 10)
	wg.Add(1)
	go func() {
		defer wg.Done()
		dst[3] = 1 // want `element dst\[3\] is written in a goroutine and written by the function that starts it`
	}()
	copy(dst, src)
	wg.Wait()
	return dst
}

// copy into another slice.
func copyElsewhere(src []int) []int {
	var wg sync.WaitGroup
	dst := make([]int, 10)
	other := make([]int, 10)
	wg.Add(1)
	go func() {
		defer wg.Done()
		other[3] = 1
	}()
	copy(dst, src)
	wg.Wait()
	return append(dst, other...)
}

// A conversion to string reads every byte.
func convertWhileWritten() string {
	var wg sync.WaitGroup
	b := make([]byte, 4)
	wg.Add(1)
	go func() {
		defer wg.Done()
		b[2] = 'x' // want `element b\[2\] is written in a goroutine and read by the function that starts it`
	}()
	s := string(b)
	wg.Wait()
	return s
}

// A copy of the whole struct reads the field the goroutine writes.
func structCopy() pair {
	var wg sync.WaitGroup
	var p pair
	wg.Add(1)
	go func() {
		defer wg.Done()
		p.a = 1 // want `field p.a is written in a goroutine and read by the function that starts it`
	}()
	q := p
	wg.Wait()
	return q
}

// The copy made before the goroutine starts.
func structCopyBefore() pair {
	var wg sync.WaitGroup
	var p pair
	q := p
	wg.Add(1)
	go func() {
		defer wg.Done()
		p.a = 1
	}()
	wg.Wait()
	return q
}

// len of a map reads its contents.
func mapLen(m map[string]bool) int {
	var wg sync.WaitGroup
	n := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		n = len(m)
	}()
	m["x"] = true // want `map m is written by the function that starts a goroutine and read in that goroutine`
	wg.Wait()
	return n
}

// The same under a lock on both sides.
func mapLenLocked(m map[string]bool) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	n := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		mu.Lock()
		n = len(m)
		mu.Unlock()
	}()
	mu.Lock()
	m["x"] = true
	mu.Unlock()
	wg.Wait()
	return n
}

// Closing a channel a goroutine still sends on.
func closeWhileSending(out chan int) {
	go func() {
		out <- 1
	}()
	close(out) // want `channel out is closed by the function that starts a goroutine and sent on in that goroutine`
}

// Closing it once the sender is done.
func closeAfterJoin(out chan int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		out <- 1
	}()
	wg.Wait()
	close(out)
}

// A loop whose test fails on entry never runs: its increment is no access.
func neverRuns() int {
	done := make(chan bool)
	x := 0
	go func() {
		x++
		done <- true
	}()
	for i := 0; i < 0; x++ {
	}
	<-done
	return x
}

// The same loop when it runs.
func runsOnce() int {
	done := make(chan bool)
	x := 0
	go func() {
		x++
		done <- true
	}()
	for i := 0; i < 1; i++ {
		x++ // want `counter x is incremented by the function that starts a goroutine`
	}
	<-done
	return x
}

// The last goroutine to finish, told by the count an atomic add returns,
// reads what the others wrote.
func lastOneOut(parts int, out []int) {
	var left int32 = int32(parts)
	total := 0
	for i := 0; i < parts; i++ {
		go func() {
			out[i] = i
			if atomic.AddInt32(&left, -1) == 0 {
				total = 1
			}
		}()
	}
	_ = total
}

// Without the test, every goroutine writes.
func everyOneWrites(parts int) int {
	var left int32 = int32(parts)
	total := 0
	defer func() { use(total) }()
	for i := 0; i < parts; i++ {
		go func() {
			atomic.AddInt32(&left, -1)
			total = i // want `variable total is written by goroutines started in a loop`
		}()
	}
	return 0
}

func use(int) {}

// A read right after Unlock: the lock is held only at the write.
func readAfterUnlock(n int) {
	var mu sync.Mutex
	x := 0
	for i := 0; i < n; i++ {
		go func() {
			mu.Lock()
			x++ // want `counter x is incremented by goroutines started in a loop with mu held only where it is incremented`
			mu.Unlock()
			use(x)
		}()
	}
}

// The same read before Unlock.
func readBeforeUnlock(n int) {
	var mu sync.Mutex
	x := 0
	for i := 0; i < n; i++ {
		go func() {
			mu.Lock()
			x++
			use(x)
			mu.Unlock()
		}()
	}
}
