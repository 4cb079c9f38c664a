package pair

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// HTTPServer is a loopback HTTP server that answers GET /item/I with item
// I's payload after a set latency: a remote service, with the latency of
// one on the same network. It listens on 127.0.0.1 only.
type HTTPServer struct {
	srv *http.Server
	ln  net.Listener
}

// ServeHTTP starts the server; its handler sleeps latency and then writes
// size bytes.
func ServeHTTP(latency time.Duration, size int) (*HTTPServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /item/{i}", func(w http.ResponseWriter, r *http.Request) {
		i, err := strconv.Atoi(r.PathValue("i"))
		if err != nil {
			http.Error(w, "bad item", http.StatusBadRequest)
			return
		}
		time.Sleep(latency) // the remote side's latency
		w.Header().Set("Content-Length", strconv.Itoa(size))
		w.Write(Payload(i, size))
	})
	s := &HTTPServer{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, ln: ln}
	go s.srv.Serve(ln)
	return s, nil
}

// URL is the address of item i.
func (s *HTTPServer) URL(i int) string {
	return fmt.Sprintf("http://%s/item/%d", s.ln.Addr(), i)
}

// Close stops the server.
func (s *HTTPServer) Close() { s.srv.Close() }

// Client is the HTTP client both programs of a pair use: keep-alive
// connections to the one host, enough of them for any pool, and a timeout
// on every request.
func Client() *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        1024,
			MaxIdleConnsPerHost: 1024,
			IdleConnTimeout:     time.Minute,
		},
	}
}

// Get fetches u and returns the body, which must be size bytes.
func Get(c *http.Client, u string, size int) ([]byte, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", u, resp.Status)
	}
	b, err := io.ReadAll(resp.Body)
	if err == nil && len(b) != size {
		err = fmt.Errorf("%s: %d bytes, want %d", u, len(b), size)
	}
	return b, err
}

// TCPServer is a loopback server of a minimal protocol: the client sends an
// item number (8 bytes, big-endian), the server waits latency and answers
// with the item's payload. A database or a cache on the same network,
// without the protocol's weight.
type TCPServer struct {
	ln    net.Listener
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns map[net.Conn]bool
}

// ServeTCP starts the server on 127.0.0.1.
func ServeTCP(latency time.Duration, size int) (*TCPServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &TCPServer{ln: ln, conns: make(map[net.Conn]bool)}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns[c] = true
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c, latency, size)
			}()
		}
	}()
	return s, nil
}

func (s *TCPServer) serve(c net.Conn, latency time.Duration, size int) {
	defer c.Close()
	var req [8]byte
	for {
		if _, err := io.ReadFull(c, req[:]); err != nil {
			return
		}
		time.Sleep(latency)
		if _, err := c.Write(Payload(int(binary.BigEndian.Uint64(req[:])), size)); err != nil {
			return
		}
	}
}

// Addr is the server's address.
func (s *TCPServer) Addr() string { return s.ln.Addr().String() }

// Close stops the server and closes its connections.
func (s *TCPServer) Close() {
	s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// Request is the request for item i.
func Request(i int) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(i))
	return b[:]
}
