// Package user tests the catalog entries users add with flags: the test
// runs poolblock with
//
//	-poolblock.blocking=(*poolblock/user.Client).Query=network,(*poolblock/user.Client).Cached=none
//	-poolblock.pools=poolblock/user.NewPool=new:size=0,(*poolblock/user.Pool).Go=submit:work=0
package user

import (
	"net/http"
	"runtime"
)

// Client stands for a client whose wire protocol corefit cannot see (cgo,
// an interface it does not know).
type Client struct{ call func(string) string }

// Query goes to the server: listed as network.
func (c *Client) Query(q string) string { return c.call(q) }

// Cached answers from memory, but falls back to the network on a miss the
// user knows never happens in the pool: listed as not blocking.
func (c *Client) Cached(q string) string {
	resp, err := http.Get(q)
	if err == nil {
		resp.Body.Close()
	}
	return q
}

// Pool is the user's own pool library.
type Pool struct{ sem chan struct{} }

func NewPool(n int) *Pool { return &Pool{sem: make(chan struct{}, n)} }

func (p *Pool) Go(f func()) {
	p.sem <- struct{}{}
	go func() { defer func() { <-p.sem }(); f() }()
}

func Run(c *Client, qs []string) {
	p := NewPool(runtime.NumCPU())
	for _, q := range qs {
		p.Go(func() {
			c.Query(q) // want `\(\*user.Client\).Query waits on the network in a worker of a pool sized to the CPUs \(runtime.NumCPU\(\)\)`
		})
	}
}

func RunCached(c *Client, qs []string) {
	p := NewPool(runtime.NumCPU())
	for _, q := range qs {
		p.Go(func() {
			c.Cached(q)
		})
	}
}

// An I/O-sized pool of the user's library is quiet.
func RunWide(c *Client, qs []string) {
	p := NewPool(64 * runtime.NumCPU())
	for _, q := range qs {
		p.Go(func() {
			c.Query(q)
		})
	}
}
