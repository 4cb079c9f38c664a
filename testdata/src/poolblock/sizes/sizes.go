package sizes

import (
	"flag"
	"net/http"
	"os"
	"runtime"
)

type Server struct {
	workers int
	jobs    chan string
}

func NewServer() *Server {
	return &Server{workers: runtime.NumCPU(), jobs: make(chan string)}
}

// Sized through a struct field.
func (s *Server) Start() {
	for i := 0; i < s.workers; i++ {
		go func() {
			for j := range s.jobs {
				os.ReadFile(j) // want `os.ReadFile waits on disk I/O in a worker of a pool sized to the CPUs \(runtime.NumCPU\(\)\)`
			}
		}()
	}
}

var nworkers = flag.Int("workers", runtime.NumCPU(), "number of workers")

// Sized through a flag default.
func flagged(jobs <-chan string) {
	for i := 0; i < *nworkers; i++ {
		go func() {
			for j := range jobs {
				os.Stat(j) // want `os.Stat waits on file-system metadata`
			}
		}()
	}
}

// A configured size with a CPU default.
func withDefault(n int, jobs <-chan string) {
	if n <= 0 {
		n = runtime.NumCPU() - 1
	}
	for i := 0; i < n; i++ {
		go func() {
			for j := range jobs {
				os.Stat(j) // want `os.Stat waits on file-system metadata in a worker of a pool sized to the CPUs \(runtime.NumCPU\(\)-1\)`
			}
		}()
	}
}

// A local function that takes the size: each call site is a pool.
func startPool(n int, jobs <-chan string) { // want startPool:`runner work func literal in sizes.startPool waits on file-system metadata`
	for i := 0; i < n; i++ {
		go func() {
			for j := range jobs {
				os.Lstat(j) // want `os.Lstat waits on file-system metadata in a worker of a pool sized to the CPUs \(max`
			}
		}()
	}
}

func callsStartPool(jobs <-chan string) {
	startPool(max(1, runtime.NumCPU()/2), jobs)
}

// Negatives: deliberate I/O sizing.
func padded(jobs <-chan string) {
	for i := 0; i < runtime.NumCPU()+64; i++ {
		go func() {
			for j := range jobs {
				os.Stat(j)
			}
		}()
	}
}

func shifted(jobs <-chan string) {
	for i := 0; i < runtime.NumCPU()<<3; i++ {
		go func() {
			for j := range jobs {
				os.Stat(j)
			}
		}()
	}
}

// A cap written as an if: min(GOMAXPROCS, 16) (nats-server's API workers).
func cappedByIf(urls chan string) {
	mp := runtime.GOMAXPROCS(0)
	if mp > 16 {
		mp = 16
	}
	for i := 0; i < mp; i++ {
		go func() {
			for u := range urls {
				http.Get(u) // want `http.Get waits on the network in a worker of a pool sized to the CPUs \(min\(runtime.GOMAXPROCS\(0\), 16\)\)`
			}
		}()
	}
}

// Negative: a floor of 64 written as an if sizes the pool for the I/O.
func flooredByIf(urls chan string) {
	mp := runtime.GOMAXPROCS(0)
	if mp < 64 {
		mp = 64
	}
	for i := 0; i < mp; i++ {
		go func() {
			for u := range urls {
				http.Get(u)
			}
		}()
	}
}
