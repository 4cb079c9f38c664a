package subtests

import (
	"sync"
	"testing"
)

// fakeStore is a test double that its test uses from several goroutines:
// with -tests, its fields count like the package's own.
type fakeStore struct {
	mu    sync.Mutex
	calls []string
	fails int
}

func (f *fakeStore) Put(k string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, k)
	f.fails++
}

func (f *fakeStore) Get(k string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.calls {
		if c == k {
			return true
		}
	}
	f.fails++
	return false
}

func (f *fakeStore) Failures() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fails
}

func (f *fakeStore) Last() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[len(f.calls)-1]
}

func (f *fakeStore) Drop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = f.calls[:0]
}

// Calls forgets the lock.
func (f *fakeStore) Calls() int {
	return len(f.calls) // want `field f.calls is read without f.mu held, which guards it at 4 other accesses`
}

// A test that reads a package type's guarded field once its goroutines are
// done looks at internal state: not counted, with -tests or not.
func TestCounterState(t *testing.T) {
	c := newCounter()
	c.Inc()
	if c.n != 1 {
		t.Fatal(c.n)
	}
}
