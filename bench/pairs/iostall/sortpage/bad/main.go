// Command bad is an HTTP server, on 127.0.0.1 and in the program itself,
// that keeps a table of connections (one per -work iteration: 131,072 at
// the default) and whose /heavy handler, a monitoring endpoint, collects
// every connection, sorts them all by bytes sent and returns the page the
// request asks for (?offset=O&limit=10): O(n log n) in the table on every
// request, whatever the page. Its /ping handler answers at once. The load
// is that of ../../handler: -clients clients per GOMAXPROCS send heavy
// requests, a probe GETs /ping every -every; the sorts oversubscribe the
// cores and the pings wait behind them. iostall reports the sort.
//
// The figure is the latency of the pings, from the time each was due to
// its reply: p50 and p99, in milliseconds.
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"net/http"
	"sort"
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
	all := make([]*conn, 0, len(m.conns))
	for _, c := range m.conns {
		all = append(all, c)
	}
	sort.Slice(all, func(i, j int) bool { // iostall
		if all[i].bytes != all[j].bytes {
			return all[i].bytes > all[j].bytes
		}
		return all[i].id < all[j].id
	})
	lo := min(max(offset, 0), len(all))
	hi := lo + min(max(limit, 0), len(all)-lo)
	w.Write(digest(all[lo:hi]))
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
	cfg, load := pair.SetupLoad("iostall/sortpage", "bad", pair.Defaults{Items: 100, WorkKiB: 16384})
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
