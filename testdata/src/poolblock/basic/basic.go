package basic

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"time"
)

// ---- positives: worker loops sized to the CPUs ----

func fetchAll(urls <-chan string) {
	var wg sync.WaitGroup
	for i := 0; i < runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range urls {
				resp, err := http.Get(u) // want `http.Get waits on the network in a worker of a pool sized to the CPUs \(runtime.NumCPU\(\)\)`
				if err != nil {
					continue
				}
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
}

func readFiles(paths <-chan string, out chan<- int) {
	n := runtime.GOMAXPROCS(0)
	for w := 0; w < n; w++ {
		go func() {
			for p := range paths {
				b, _ := os.ReadFile(p) // want `os.ReadFile waits on disk I/O in a worker of a pool sized to the CPUs \(runtime.GOMAXPROCS\(0\)\)`
				out <- len(b)
			}
		}()
	}
}

func sleepy(jobs <-chan int) {
	for range runtime.NumCPU() {
		go func() {
			for range jobs {
				time.Sleep(time.Millisecond) // want `time.Sleep sleeps in a worker`
			}
		}()
	}
}

func timerWait(jobs <-chan int) {
	for range runtime.NumCPU() {
		go func() {
			for range jobs {
				<-time.After(time.Millisecond) // want `receive from time.After sleeps in a worker`
			}
		}()
	}
}

func selectSleep(ctx context.Context, jobs <-chan int) {
	for range runtime.NumCPU() {
		go func() {
			for range jobs {
				select { // want `select on time.After sleeps in a worker`
				case <-ctx.Done():
					return
				case <-time.After(time.Second):
				}
			}
		}()
	}
}

func subprocess(jobs <-chan string) {
	workers := runtime.NumCPU() * 2
	for i := 0; i < workers; i++ {
		go worker(jobs)
	}
}

func worker(jobs <-chan string) {
	for j := range jobs {
		exec.Command("convert", j).Run() // want `\(\*exec.Cmd\).Run waits for a child process in a worker of a pool sized to the CPUs \(2\*runtime.NumCPU\(\)\)`
	}
}

func database(db *sql.DB, ids <-chan int) {
	for i := runtime.NumCPU(); i > 0; i-- {
		go func() {
			for id := range ids {
				db.QueryRow("select 1 where id = ?", id) // want `\(\*sql.DB\).QueryRow waits on the network`
			}
		}()
	}
}

func fsync(files <-chan *os.File) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for f := range files {
				f.Sync() // want `\(\*os.File\).Sync waits for fsync`
			}
		}()
	}
}

// Through a helper in the same package: the diagnostic sits on the call in
// the work function and names the operation at the end.
func viaHelper(paths <-chan string) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for p := range paths {
				load(p) // want `basic.load waits on disk I/O \(os.ReadFile\) in a worker`
			}
		}()
	}
}

func load(p string) []byte {
	b, _ := os.ReadFile(p)
	return b
}

// Reads through io.Reader: the origin decides.
func readBodies(urls <-chan *http.Response) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for r := range urls {
				io.ReadAll(r.Body) // want `io.ReadAll waits on the network`
			}
		}()
	}
}

func scanFiles(paths <-chan string) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for p := range paths {
				f, err := os.Open(p) // want `os.Open waits on file-system metadata`
				if err != nil {
					continue
				}
				sc := bufio.NewScanner(f)
				for sc.Scan() { // want `\(\*bufio.Scanner\).Scan waits on disk I/O`
				}
				f.Close()
			}
		}()
	}
}

func connWorkers(conns <-chan net.Conn) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			buf := make([]byte, 512)
			for c := range conns {
				c.Read(buf) // want `net.Conn.Read waits for data from a peer`
			}
		}()
	}
}

// ---- negatives ----

// CPU-only work in a CPU pool.
func cpuOnly(jobs <-chan []int, out chan<- int) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for j := range jobs {
				s := 0
				for _, x := range j {
					s += x * x
				}
				out <- s
			}
		}()
	}
}

// A pool sized for I/O.
func ioSized(urls <-chan string) {
	for i := 0; i < 8*runtime.NumCPU(); i++ {
		go func() {
			for u := range urls {
				http.Get(u)
			}
		}()
	}
}

func fixedSize(urls <-chan string) {
	for i := 0; i < 64; i++ {
		go func() {
			for u := range urls {
				http.Get(u)
			}
		}()
	}
}

// One goroutine per item is not a pool.
func perItem(urls []string) {
	for _, u := range urls {
		go http.Get(u)
	}
}

// Waits on the pool's own plumbing: mutexes, channels, WaitGroups,
// contexts.
func plumbing(ctx context.Context, jobs <-chan int, mu *sync.Mutex, total *int) {
	var wg sync.WaitGroup
	for i := 0; i < runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case j, ok := <-jobs:
					if !ok {
						return
					}
					mu.Lock()
					*total += j
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
}

// In-memory readers and writers do not block.
func inMemory(docs <-chan string) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for d := range docs {
				io.ReadAll(strings.NewReader(d))
				var buf bytes.Buffer
				buf.WriteString(d)
				sc := bufio.NewScanner(&buf)
				for sc.Scan() {
				}
			}
		}()
	}
}

// Readers of unknown origin: silent.
func unknownReader(rs <-chan io.Reader) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for r := range rs {
				io.ReadAll(r)
			}
		}()
	}
}

// Logging is not reported.
func logging(jobs <-chan int) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for j := range jobs {
				log.Printf("job %d", j)
			}
		}()
	}
}

// I/O before and after the pool.
func ioOutside(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out := make(chan int, len(data))
	var wg sync.WaitGroup
	for i := 0; i < runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, b := range data {
				out <- int(b) * 2
			}
		}()
	}
	wg.Wait()
	close(out)
	return os.WriteFile(path+".out", []byte{byte(len(out))}, 0o644)
}

// Constructors that look blocking but are not.
func lazy(jobs <-chan string) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for j := range jobs {
				sql.Open("postgres", j)
				http.NewRequest("GET", j, nil)
			}
		}()
	}
}

// A staged pipeline: an I/O stage sized for the I/O feeds a CPU stage that
// only computes and passes values on.
func pipeline(urls <-chan string) <-chan int {
	bodies := make(chan []byte)
	for i := 0; i < 32; i++ {
		go func() {
			for u := range urls {
				resp, err := http.Get(u)
				if err != nil {
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				bodies <- b
			}
		}()
	}
	sums := make(chan int)
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for b := range bodies {
				s := 0
				for _, c := range b {
					s += int(c)
				}
				sums <- s
			}
		}()
	}
	return sums
}
