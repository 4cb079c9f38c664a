// Command good is the server of ../bad with the comparison bounded: the
// /heavy handler holds a slot of a semaphore of GOMAXPROCS slots around its
// nested loops, so that one heavy request per core computes at most. The
// load, the work and the figures are those of ../bad.
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
	"runtime"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// cpuSem bounds the comparisons to one per core (GOMAXPROCS, which iostall
// takes like runtime.NumCPU()).
var cpuSem = make(chan struct{}, runtime.GOMAXPROCS(0))

// closest answers POST /heavy with a digest of the smallest gap between
// two of the numbers in the body.
func closest(w http.ResponseWriter, r *http.Request) {
	var vs []float64
	if err := json.NewDecoder(r.Body).Decode(&vs); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	cpuSem <- struct{}{}
	best := math.Inf(1)
	for i := range vs {
		for j := range vs {
			if d := math.Abs(vs[i] - vs[j]); i != j && d < best {
				best = d
			}
		}
	}
	<-cpuSem
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
	cfg, load := pair.SetupLoad("iostall/quadratic", "good", pair.Defaults{Items: 100, WorkKiB: 16384})
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
	cfg.ReportLatency(load, cap(cpuSem), &sum, pings, nil)
}
