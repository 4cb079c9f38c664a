package handlers

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
)

func Register(mux *http.ServeMux) {
	hits := 0
	mux.HandleFunc("/hits", func(w http.ResponseWriter, r *http.Request) {
		hits++ // want `counter hits is incremented by an HTTP handler, which runs once per request in flight, with no synchronization: updates are lost`
		fmt.Fprintln(w, hits)
	})

	var mu sync.Mutex
	seen := map[string]int{}
	mux.HandleFunc("/seen", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		seen[r.URL.Path]++
	})

	var n atomic.Int64
	http.HandleFunc("/n", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, n.Add(1))
	})

	// Read only.
	greeting := "hello"
	http.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, greeting)
	})

	// Its own variables.
	http.HandleFunc("/own", func(w http.ResponseWriter, r *http.Request) {
		count := 0
		count++
		fmt.Fprintln(w, count)
	})
}

var last string

func Handle(w http.ResponseWriter, r *http.Request) {
	last = r.URL.Path // want `package variable last is written by an HTTP handler, which runs once per request in flight, with no synchronization`
}

func Main() {
	http.HandleFunc("/last", Handle)
}
