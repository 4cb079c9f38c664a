package pool

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestFetch(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond) // a slow backend
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	urls := make([]string, 16)
	for i := range urls {
		urls[i] = srv.URL
	}
	if got := Fetch(urls); got != 2*len(urls) {
		t.Fatalf("Fetch = %d, want %d", got, 2*len(urls))
	}
}
