package pause

import (
	"crypto/sha256"
	"runtime"
	"time"
)

// A worker that sleeps for every item waits more than it computes: its pool
// of NumCPU workers leaves the cores idle.
func sleepEveryItem(items [][]byte) {
	n := runtime.NumCPU()
	for w := 0; w < n; w++ {
		lo, hi := w*len(items)/n, (w+1)*len(items)/n
		go func() {
			for i := lo; i < hi; i++ {
				time.Sleep(50 * time.Microsecond) // want `time.Sleep sleeps in a worker`
				sha256.Sum256(items[i])
			}
		}()
	}
}

// A short pause once every 256 iterations of a CPU-bound loop (lock
// fairness, yielding to others) keeps the core busy nearly all the time:
// not a wait.
func pauseEvery256(items [][]byte) {
	n := runtime.NumCPU()
	for w := 0; w < n; w++ {
		lo, hi := w*len(items)/n, (w+1)*len(items)/n
		go func() {
			for i := lo; i < hi; i++ {
				if i%256 == 0 {
					time.Sleep(50 * time.Microsecond)
				}
				sha256.Sum256(items[i])
			}
		}()
	}
}

// The same with a mask, a counter of its own over a channel, a negated
// test and the longest pause that is still short.
func pauseMasked(jobs <-chan []byte) {
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		go func() {
			n := 0
			for j := range jobs {
				n++
				if n&255 == 0 {
					time.Sleep(time.Millisecond)
				}
				sha256.Sum256(j)
			}
		}()
	}
}

func pauseNegated(items [][]byte) {
	n := runtime.NumCPU()
	for w := 0; w < n; w++ {
		lo, hi := w*len(items)/n, (w+1)*len(items)/n
		go func() {
			for i := lo; i < hi; i++ {
				if (i+1)%1024 != 0 {
					sha256.Sum256(items[i])
				} else {
					time.Sleep(100 * time.Microsecond)
				}
			}
		}()
	}
}

// A long sleep every 256 items idles the worker for longer than the items
// take: still a wait.
func longPauseEvery256(items [][]byte) {
	n := runtime.NumCPU()
	for w := 0; w < n; w++ {
		lo, hi := w*len(items)/n, (w+1)*len(items)/n
		go func() {
			for i := lo; i < hi; i++ {
				if i%256 == 0 {
					time.Sleep(100 * time.Millisecond) // want `time.Sleep sleeps in a worker`
				}
				sha256.Sum256(items[i])
			}
		}()
	}
}

// A short pause taken too often is a wait: every 16 items.
func pauseEvery16(items [][]byte) {
	n := runtime.NumCPU()
	for w := 0; w < n; w++ {
		lo, hi := w*len(items)/n, (w+1)*len(items)/n
		go func() {
			for i := lo; i < hi; i++ {
				if i&15 == 0 {
					time.Sleep(50 * time.Microsecond) // want `time.Sleep sleeps in a worker`
				}
				sha256.Sum256(items[i])
			}
		}()
	}
}

// A period that is not a test of the loop's counter says nothing of how
// often the pause comes: a wait.
func pauseOnValue(jobs <-chan int) {
	for w := 0; w < runtime.NumCPU(); w++ {
		go func() {
			for j := range jobs {
				if j%256 == 0 {
					time.Sleep(50 * time.Microsecond) // want `time.Sleep sleeps in a worker`
				}
			}
		}()
	}
}

// A duration that is not a constant may be long: a wait.
func pauseVariable(items [][]byte, d time.Duration) {
	n := runtime.NumCPU()
	for w := 0; w < n; w++ {
		lo, hi := w*len(items)/n, (w+1)*len(items)/n
		go func() {
			for i := lo; i < hi; i++ {
				if i%256 == 0 {
					time.Sleep(d) // want `time.Sleep sleeps in a worker`
				}
				sha256.Sum256(items[i])
			}
		}()
	}
}
