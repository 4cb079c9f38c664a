package none

import "sync"

// No mutex beside the slice.
func noMutex(items []string) []string {
	var wg sync.WaitGroup
	var out []string
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out = append(out, it) // want `slice header out is appended to`
		}()
	}
	wg.Wait()
	return out
}

// A mutex beside the slice that locks nothing: nothing says it is meant
// for the slice.
func idleMutex(items []string) []string {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var out []string
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out = append(out, it) // want `slice header out is appended to`
		}()
	}
	wg.Wait()
	_ = &mu
	return out
}

// Two mutexes beside the slice: which one is meant is not known.
func twoMutexes(items []string) ([]string, int) {
	var wg sync.WaitGroup
	var mu, mu2 sync.Mutex
	var out []string
	n := 0
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			mu2.Lock()
			n++
			mu2.Unlock()
			mu.Unlock()
			out = append(out, it) // want `slice header out is appended to`
		}()
	}
	wg.Wait()
	return out, n
}

// The append races with a read, not another append: holding the mutex on
// one side would not end the race.
func readWhileAppending(seen map[string]bool) int {
	var mu sync.Mutex
	var out []string
	done := make(chan bool)
	go func() {
		out = append(out, "x") // want `slice header out is appended to`
		close(done)
	}()
	n := len(out)
	<-done
	mu.Lock()
	seen["x"] = true
	mu.Unlock()
	return n
}

// A struct copy: the receiver's mutex is a copy too.
type sink struct {
	mu    sync.Mutex
	items []string
}

func (s sink) fill(items []string) []string {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.mu.Lock()
			s.mu.Unlock()
			s.items = append(s.items, it) // want `slice header s.items is appended to`
		}()
	}
	wg.Wait()
	return s.items
}
