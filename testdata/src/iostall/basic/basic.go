package basic

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"image"
	"image/png"
	"net"
	"net/http"
	"regexp"
	"runtime"
	"strconv"
	"time"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/sync/semaphore"
)

type request struct {
	pw    []byte
	reply chan []byte
}

// ---- serial contexts ----

func eventLoop(ctx context.Context, requests <-chan request, ticker *time.Ticker) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			heartbeat()
		case req := <-requests:
			h, _ := bcrypt.GenerateFromPassword(req.pw, 12) // want `bcrypt.GenerateFromPassword, CPU-heavy \(bcrypt password hash\), runs inline in a select loop: every event behind it waits`
			req.reply <- h
		}
	}
}

func heartbeat() {}

func spin(n int) int {
	s := 0
	for i := 0; i < 5_000_000; i++ {
		s += i ^ n
	}
	return s
}

func eventLoopHelper(ctx context.Context, a, b <-chan int) {
	for {
		select {
		case x := <-a:
			spin(x) // want `basic.spin, CPU-heavy \(a loop of a million or more iterations\), runs inline in a select loop`
		case <-b:
		}
	}
}

func readLoop(conn net.Conn) {
	sc := bufio.NewScanner(conn)
	for sc.Scan() {
		n, _ := strconv.Atoi(sc.Text())
		for i := 0; i < n; i++ { // want `a loop counted by a number parsed from input runs inline in a loop that waits on a peer in every iteration`
			_ = i * i
		}
	}
}

// ---- parallel contexts ----

func login(w http.ResponseWriter, r *http.Request) {
	err := bcrypt.CompareHashAndPassword([]byte("stored"), []byte(r.FormValue("pw"))) // want `bcrypt.CompareHashAndPassword, CPU-heavy \(bcrypt password check\), runs in an HTTP handler, once per request in flight with no bound`
	_ = err
}

func thumbnail(w http.ResponseWriter, r *http.Request) {
	img, _, err := image.Decode(r.Body) // want `image.Decode, CPU-heavy \(.*\), runs in an HTTP handler`
	if err != nil {
		return
	}
	png.Encode(w, img) // want `png.Encode, CPU-heavy \(.*\), runs in an HTTP handler`
}

type signer struct{ key *rsa.PrivateKey }

func (s *signer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sum := sha256.Sum256([]byte(r.URL.Path))
	sig, _ := rsa.SignPKCS1v15(rand.Reader, s.key, 0, sum[:]) // want `rsa.SignPKCS1v15, CPU-heavy \(.*\), runs in an HTTP handler`
	w.Write(sig)
}

func serve(ln net.Listener) {
	http.HandleFunc("/login", login)
	http.Handle("/thumb", http.HandlerFunc(thumbnail))
	http.Handle("/sign", &signer{})
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go handleConn(c)
	}
}

func handleConn(c net.Conn) {
	defer c.Close()
	buf := make([]byte, 64)
	n, _ := c.Read(buf)
	key, _ := rsa.GenerateKey(rand.Reader, 2048) // want `rsa.GenerateKey, CPU-heavy \(.*\), runs in a goroutine started per accepted connection`
	_ = key
	_ = n
}

// ---- negatives ----

// Bounded by a CPU-sized semaphore.
var cpuSem = make(chan struct{}, runtime.NumCPU())

func boundedLogin(w http.ResponseWriter, r *http.Request) {
	cpuSem <- struct{}{}
	defer func() { <-cpuSem }()
	bcrypt.CompareHashAndPassword([]byte("stored"), []byte(r.FormValue("pw")))
}

var weighted = semaphore.NewWeighted(int64(runtime.GOMAXPROCS(0)))

func weightedLogin(w http.ResponseWriter, r *http.Request) {
	if err := weighted.Acquire(r.Context(), 1); err != nil {
		return
	}
	defer weighted.Release(1)
	bcrypt.CompareHashAndPassword([]byte("stored"), []byte(r.FormValue("pw")))
}

// Offloaded to a goroutine that sends the result back as an event.
func offloaded(ctx context.Context, requests <-chan request, ticker *time.Ticker) {
	results := make(chan []byte)
	for {
		select {
		case <-ticker.C:
			heartbeat()
		case req := <-requests:
			go func() {
				h, _ := bcrypt.GenerateFromPassword(req.pw, 12)
				results <- h
			}()
		case h := <-results:
			_ = h
		}
	}
}

// Ordinary handler work: a single loop over a slice, JSON of the request,
// a constant retry loop, a compiled regexp used per request.
var nameRE = regexp.MustCompile(`^[a-z]+$`)

func ordinary(w http.ResponseWriter, r *http.Request) {
	var items []string
	json.NewDecoder(r.Body).Decode(&items)
	n := 0
	for _, it := range items {
		if nameRE.MatchString(it) {
			n++
		}
	}
	for attempt := 0; attempt < 3; attempt++ {
		if n > 0 {
			break
		}
	}
	json.NewEncoder(w).Encode(n)
}

// A worker loop consuming jobs from one channel is no event loop.
func worker(ctx context.Context, jobs <-chan []byte) {
	for {
		select {
		case <-ctx.Done():
			return
		case pw := <-jobs:
			bcrypt.GenerateFromPassword(pw, 12)
		}
	}
}

// Heavy work in a function that no I/O context runs.
func batch(pws [][]byte) {
	for _, pw := range pws {
		bcrypt.GenerateFromPassword(pw, 12)
	}
}

// A read loop that only reads and forwards.
func forward(conn net.Conn, out chan<- string) {
	sc := bufio.NewScanner(conn)
	for sc.Scan() {
		out <- sc.Text()
	}
}

func register() {
	http.HandleFunc("/bounded", boundedLogin)
	http.HandleFunc("/weighted", weightedLogin)
	http.HandleFunc("/ordinary", ordinary)
}
