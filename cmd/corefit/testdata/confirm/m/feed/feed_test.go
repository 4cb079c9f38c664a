package feed

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestFetch hands out a URL every 60 ms; each takes 20 ms to answer.
func TestFetch(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	left := 8
	next := func() string {
		if left == 0 {
			return ""
		}
		left--
		time.Sleep(60 * time.Millisecond)
		return srv.URL
	}
	if got := Fetch(next); got != 16 {
		t.Fatalf("Fetch = %d, want 16", got)
	}
}
