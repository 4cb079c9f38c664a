package ctx

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"runtime"
	"time"
)

func events(c context.Context, a, b <-chan int, t *time.Ticker) {
	for {
		select { // want `select loop at`
		case <-c.Done():
			return
		case <-a:
		case <-b:
		case <-t.C:
		}
	}
}

func worker(c context.Context, jobs <-chan int) { // one source and ctx.Done(): a worker
	for {
		select {
		case <-c.Done():
			return
		case <-jobs:
		}
	}
}

func reader(conn net.Conn) {
	sc := bufio.NewScanner(conn)
	for sc.Scan() { // want `read loop at`
		_ = sc.Text()
	}
}

func h(w http.ResponseWriter, r *http.Request) {}

type api struct{}

func (api) ServeHTTP(w http.ResponseWriter, r *http.Request) {} // want `HTTP handler at`

func serve(ln net.Listener) {
	http.HandleFunc("/", h) // want `HTTP handler at`
	mux := http.NewServeMux()
	mux.HandleFunc("/x", func(w http.ResponseWriter, r *http.Request) {}) // want `HTTP handler at`
	for {
		c, err := ln.Accept() // want `read loop at serve` `per-connection goroutine at`
		if err != nil {
			return
		}
		go handle(c)
	}
}

func handle(c net.Conn) {}

// A CPU pool's worker reading a channel is no context.
func pool(jobs <-chan int, ticks <-chan time.Time) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for {
				select {
				case <-jobs:
				case <-ticks:
				}
			}
		}()
	}
}
