// Command bad is an HTTP server, on 127.0.0.1 and in the program itself,
// whose /heavy handler derives a key (PBKDF2-HMAC-SHA256, about 20 ms of
// one core) inline, once per request in flight with no bound, and whose
// /ping handler answers at once. The program drives a fixed load: -clients
// clients per GOMAXPROCS send heavy requests, each its next when it has the
// reply to the last, while a probe client sends a /ping every -every. Under
// that load the heavy handlers oversubscribe the cores: the scheduler
// shares the cores among all of them, 10 ms at a time, and the pings wait
// in the run queue behind them. iostall reports the derivation.
//
// The figure is the latency of the pings, from the time each was due to
// its reply: p50 and p99, in milliseconds.
package main

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"net/http"
	"strconv"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// iterations is the PBKDF2 iteration count of a heavy request.
var iterations int

// heavy answers /heavy?item=I with item I's key.
func heavy(w http.ResponseWriter, r *http.Request) {
	i, err := strconv.Atoi(r.FormValue("item"))
	if err != nil {
		http.Error(w, "bad item", http.StatusBadRequest)
		return
	}
	key, err := pbkdf2.Key(sha256.New, pair.Password(i), pair.Salt, iterations, 32) // iostall
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(key)
}

// ping answers at once.
func ping(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("pong"))
}

func main() {
	cfg, load := pair.SetupLoad("iostall/handler", "bad", pair.Defaults{Items: 100, WorkKiB: 16384})
	iterations = load.Iterations

	mux := http.NewServeMux()
	mux.HandleFunc("GET /heavy", heavy)
	mux.HandleFunc("GET /ping", ping)
	base, stopServer, err := pair.Listen(mux)
	if err != nil {
		pair.Fail(err)
	}
	defer stopServer()

	var sum pair.Sum
	client, prober := pair.Client(), pair.Client()
	pings, err := cfg.Drive(load, &sum, func(i int) ([32]byte, error) {
		key, err := pair.Get(client, base+"/heavy?item="+strconv.Itoa(i), 32)
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
