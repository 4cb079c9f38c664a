// Command bad is an HTTP server, on 127.0.0.1 and in the program itself,
// whose /heavy handler decodes a JSON array of n numbers from the request
// body and compares every number with every other (plain arithmetic, no
// call: O(n²) in the request, about 20 ms of one core at n = 4096) inline,
// once per request in flight with no bound, and whose /ping handler answers
// at once. The load is that of ../../handler: -clients clients per
// GOMAXPROCS post heavy requests, a probe GETs /ping every -every; the
// heavy handlers oversubscribe the cores and the pings wait behind them.
// iostall reports the nested loops.
//
// The figure is the latency of the pings, from the time each was due to
// its reply: p50 and p99, in milliseconds.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// closest answers POST /heavy with a digest of the smallest gap between
// two of the numbers in the body.
func closest(w http.ResponseWriter, r *http.Request) {
	var vs []float64
	if err := json.NewDecoder(r.Body).Decode(&vs); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	best := math.Inf(1)
	for i := range vs { // iostall
		for j := range vs {
			if d := math.Abs(vs[i] - vs[j]); i != j && d < best {
				best = d
			}
		}
	}
	w.Write(digest(best))
}

func digest(x float64) []byte {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
	sum := sha256.Sum256(b[:])
	return sum[:]
}

// ping answers at once.
func ping(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("pong"))
}

// body is item i's request: n numbers from its payload.
func body(i, n int) []byte {
	p := pair.Payload(i, 8*n)
	vs := make([]float64, n)
	for k := range vs {
		vs[k] = float64(binary.LittleEndian.Uint64(p[8*k:])>>11) / (1 << 53)
	}
	b, _ := json.Marshal(vs)
	return b
}

// size is the number of numbers per request: n² comparisons make the work
// of -work KiB as the other handler pairs count it (8 iterations a KiB).
func size(iterations int) int { return int(math.Sqrt(float64(iterations) * 128)) }

func main() {
	cfg, load := pair.SetupLoad("iostall/quadratic", "bad", pair.Defaults{Items: 100, WorkKiB: 16384})
	n := size(load.Iterations)

	mux := http.NewServeMux()
	mux.HandleFunc("POST /heavy", closest)
	mux.HandleFunc("GET /ping", ping)
	base, stopServer, err := pair.Listen(mux)
	if err != nil {
		pair.Fail(err)
	}
	defer stopServer()

	var sum pair.Sum
	client, prober := pair.Client(), pair.Client()
	pings, err := cfg.Drive(load, &sum, func(i int) ([32]byte, error) {
		resp, err := client.Post(base+"/heavy", "application/json", bytes.NewReader(body(i, n)))
		if err != nil {
			return [32]byte{}, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || len(b) != 32 {
			return [32]byte{}, fmt.Errorf("heavy: %d bytes, %v", len(b), err)
		}
		return [32]byte(b), nil
	}, func() error {
		_, err := pair.Get(prober, base+"/ping", 4)
		return err
	})
	if err != nil {
		pair.Fail(err)
	}
	cfg.ReportLatency(load, 0, &sum, pings, nil)
}
