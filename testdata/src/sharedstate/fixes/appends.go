package fixes

import "sync"

// The mutex beside the slice already guards the map: it is held around
// the append too.
func collect(items []string) ([]string, map[string]int) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var out []string
	seen := make(map[string]int)
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			seen[it]++
			mu.Unlock()
			out = append(out, it) // want `slice header out is appended to`
		}()
	}
	wg.Wait()
	return out, seen
}

// A field beside a mutex field of the same struct.
type sink struct {
	mu    sync.Mutex
	items []string
	n     int
}

func (s *sink) add(n int) {
	s.mu.Lock()
	s.n += n
	s.mu.Unlock()
}

func (s *sink) fill(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.items = append(s.items, it) // want `slice header s.items is appended to`
		}()
	}
	wg.Wait()
}
