// Command good is the server of ../bad with the page selected instead of
// the table sorted: /heavy still visits every connection, but keeps only
// the best offset+limit of them in a bounded heap (O(n log k), k the page's
// end), the fix iostall suggests. The load, the table and the figures are
// those of ../bad, and so are the pages it returns.
package main

import (
	"container/heap"
	"crypto/sha256"
	"encoding/binary"
	"net/http"
	"strconv"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

type conn struct {
	id    int
	bytes uint64
}

type monitor struct {
	conns map[int]*conn
}

// connz answers /heavy?offset=O&limit=L with a digest of the page.
func (m *monitor) connz(w http.ResponseWriter, r *http.Request) {
	offset, _ := strconv.Atoi(r.FormValue("offset"))
	limit, _ := strconv.Atoi(r.FormValue("limit"))
	k := max(offset, 0) + max(limit, 0)
	h := &worst{}
	for _, c := range m.conns {
		if h.Len() < k {
			heap.Push(h, c)
		} else if k > 0 && before(c, (*h)[0]) {
			(*h)[0] = c
			heap.Fix(h, 0)
		}
	}
	top := make([]*conn, h.Len())
	for i := len(top) - 1; i >= 0; i-- {
		top[i] = heap.Pop(h).(*conn)
	}
	lo := min(max(offset, 0), len(top))
	w.Write(digest(top[lo:]))
}

// before is the order of the page: more bytes first, then lower ids.
func before(a, b *conn) bool {
	if a.bytes != b.bytes {
		return a.bytes > b.bytes
	}
	return a.id < b.id
}

// worst is a heap of the k best connections so far, the worst on top.
type worst []*conn

func (h worst) Len() int           { return len(h) }
func (h worst) Less(i, j int) bool { return before(h[j], h[i]) }
func (h worst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *worst) Push(x any)        { *h = append(*h, x.(*conn)) }
func (h *worst) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

func digest(page []*conn) []byte {
	h := sha256.New()
	var b [16]byte
	for _, c := range page {
		binary.LittleEndian.PutUint64(b[:8], uint64(c.id))
		binary.LittleEndian.PutUint64(b[8:], c.bytes)
		h.Write(b[:])
	}
	return h.Sum(nil)
}

// ping answers at once.
func ping(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("pong"))
}

// table is n connections whose byte counts come from the payloads.
func table(n int) map[int]*conn {
	m := make(map[int]*conn, n)
	for i := range n {
		m[i] = &conn{id: i, bytes: binary.LittleEndian.Uint64(pair.Payload(i, 8)) % 1_000_000}
	}
	return m
}

func main() {
	cfg, load := pair.SetupLoad("iostall/sortpage", "good", pair.Defaults{Items: 100, WorkKiB: 16384})
	m := &monitor{conns: table(load.Iterations)}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /heavy", m.connz)
	mux.HandleFunc("GET /ping", ping)
	base, stopServer, err := pair.Listen(mux)
	if err != nil {
		pair.Fail(err)
	}
	defer stopServer()

	var sum pair.Sum
	client, prober := pair.Client(), pair.Client()
	pings, err := cfg.Drive(load, &sum, func(i int) ([32]byte, error) {
		key, err := pair.Get(client, base+"/heavy?limit=10&offset="+strconv.Itoa(i%50*10), 32)
		return [32]byte(key), err
	}, func() error {
		_, err := pair.Get(prober, base+"/ping", 4)
		return err
	})
	if err != nil {
		pair.Fail(err)
	}
	cfg.ReportLatency(load, 0, &sum, pings, nil)
}
