package subtests

import (
	"net/http"
	"sync"
	"testing"
)

var cases = []string{"a", "b", "c"}

func TestShared(t *testing.T) {
	failures := 0
	for _, tc := range cases {
		t.Run(tc, func(t *testing.T) {
			t.Parallel()
			if Check(tc) != nil {
				failures++ // want `counter failures is incremented by parallel subtests started in a loop with no synchronization`
			}
		})
	}
}

func TestSharedMutex(t *testing.T) {
	var mu sync.Mutex
	failures := 0
	for _, tc := range cases {
		t.Run(tc, func(t *testing.T) {
			t.Parallel()
			if Check(tc) != nil {
				mu.Lock()
				failures++
				mu.Unlock()
			}
		})
	}
}

// Without t.Parallel the subtests run one after the other.
func TestSequential(t *testing.T) {
	failures := 0
	for _, tc := range cases {
		t.Run(tc, func(t *testing.T) {
			if Check(tc) != nil {
				failures++
			}
		})
	}
}

// Before t.Parallel a subtest still runs alone.
func TestBeforeParallel(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc, func(t *testing.T) {
			seen[tc] = true
			t.Parallel()
			_ = Check(tc)
		})
	}
}

// Two different parallel subtests share a variable.
func TestSiblings(t *testing.T) {
	var last string
	t.Run("a", func(t *testing.T) {
		t.Parallel()
		last = "a"
	})
	t.Run("b", func(t *testing.T) {
		t.Parallel()
		last = "b" // want `variable last is written and written by two goroutines that run at the same time`
	})
	_ = last
}

// A test's handler serves the requests the test makes (quic-go's
// integration tests set a flag so).
func TestHandler(t *testing.T) {
	mux := http.NewServeMux()
	var called bool
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		called = true
	})
	_ = called
}

// The package's code that parallel subtests run is the package's business.
func TestDefaults(t *testing.T) {
	t.Run("a", func(t *testing.T) {
		t.Parallel()
		_ = Configure()
	})
	t.Run("b", func(t *testing.T) {
		t.Parallel()
		_ = Configure()
	})
}
