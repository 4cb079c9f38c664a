// Command good is the server of ../bad with the derivation bounded: the
// /heavy handler holds a slot of a semaphore of GOMAXPROCS slots while it
// derives the key, so that one heavy request per core computes at most and
// the others wait for a slot, off the run queue. The load, the work and the
// figures are those of ../bad.
package main

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"net/http"
	"runtime"
	"strconv"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// iterations is the PBKDF2 iteration count of a heavy request.
var iterations int

// cpuSem bounds the derivations to one per core. Its size is GOMAXPROCS,
// which iostall takes like runtime.NumCPU(), so that the bound follows the
// harness's -procs: a run at GOMAXPROCS=p stands for a machine of p cores.
var cpuSem = make(chan struct{}, runtime.GOMAXPROCS(0))

// heavy answers /heavy?item=I with item I's key.
func heavy(w http.ResponseWriter, r *http.Request) {
	i, err := strconv.Atoi(r.FormValue("item"))
	if err != nil {
		http.Error(w, "bad item", http.StatusBadRequest)
		return
	}
	cpuSem <- struct{}{}
	key, err := pbkdf2.Key(sha256.New, pair.Password(i), pair.Salt, iterations, 32)
	<-cpuSem
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
	cfg, load := pair.SetupLoad("iostall/handler", "good", pair.Defaults{Items: 100, WorkKiB: 16384})
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
	cfg.ReportLatency(load, cap(cpuSem), &sum, pings, nil)
}
