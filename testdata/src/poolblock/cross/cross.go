package cross

import (
	"net/http"
	"runtime"

	"poolblock/hop1"
	"poolblock/runner"
)

// Two hops away, a helper reads a file.
func twoHops(paths <-chan string) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for p := range paths {
				hop1.Load(p) // want `hop1.Load waits on disk I/O \(os.ReadFile\) in a worker of a pool sized to the CPUs`
			}
		}()
	}
}

// Negative: the helpers that do no I/O.
func pure(bufs <-chan []byte) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for b := range bufs {
				hop1.Size(b)
			}
		}()
	}
}

func fetch(u string) {
	http.Get(u) // want `http.Get waits on the network in a worker of a pool sized to the CPUs \(runtime.NumCPU\(\)\)`
}

func viaRunner(jobs <-chan string) {
	runner.Run(runtime.NumCPU(), jobs, fetch)
}

func fetch2(u string) { http.Get(u) }

// Negative: the same runner sized for I/O.
func viaRunnerIO(jobs <-chan string) {
	runner.Run(100, jobs, fetch2)
}

func ownWork(paths <-chan string) {
	runner.Process(runner.Workers(), paths) // want `runner.Process runs func literal in runner.Process, which waits on disk I/O \(os.ReadFile\), in a worker of a pool sized to the CPUs \(runner.Workers\(\)\)`
}

func ownWorkIO(paths <-chan string) {
	runner.Process(64, paths)
}
