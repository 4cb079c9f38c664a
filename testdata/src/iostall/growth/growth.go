// Package growth holds handlers and event loops whose work grows with what
// they serve, and beside each the one that differs by what makes it cheap.
package growth

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"runtime"
	"sort"

	"iostall/growthlib"
)

// ---- nested loops over the request ----

func allPairs(w http.ResponseWriter, r *http.Request) {
	var vs [][]float64
	json.NewDecoder(r.Body).Decode(&vs)
	n := 0
	for i := range vs { // want `O\(n²\) work in the size of r \(from the request at growth.go:\d+\) runs in an HTTP handler, once per request in flight with no bound`
		for j := range vs {
			if vs[i][0] < vs[j][0] {
				n++
			}
		}
	}
	_ = n
}

// The same with the outer count clamped by a constant: quiet.
func allPairsClamped(w http.ResponseWriter, r *http.Request) {
	var vs [][]float64
	json.NewDecoder(r.Body).Decode(&vs)
	n := 0
	m := min(len(vs), 64)
	for i := 0; i < m; i++ {
		for j := range vs {
			if vs[i][0] < vs[j][0] {
				n++
			}
		}
	}
	_ = n
}

// One loop over the request: linear, quiet.
func sumAll(w http.ResponseWriter, r *http.Request) {
	var vs []float64
	json.NewDecoder(r.Body).Decode(&vs)
	s := 0.0
	for _, v := range vs {
		s += v
	}
	_ = s
}

// An edit distance over two strings of the query: a table of len(a)·len(b).
func distance(w http.ResponseWriter, r *http.Request) {
	a, b := r.FormValue("a"), r.FormValue("b")
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ { // want `O\(n²\) work in the size of r`
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
}

// The same against a fixed word: one input loop, quiet.
func distanceFixed(w http.ResponseWriter, r *http.Request) {
	a, b := r.FormValue("a"), "corefit"
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
}

// ---- bounds through helpers ----

func decode(r *http.Request) [][]float64 {
	var vs [][]float64
	json.NewDecoder(r.Body).Decode(&vs)
	return vs
}

func countPairs[T any](xs []T, less func(a, b T) bool) int {
	n := 0
	for i := range xs {
		for j := range xs {
			if less(xs[i], xs[j]) {
				n++
			}
		}
	}
	return n
}

func viaHelpers(w http.ResponseWriter, r *http.Request) {
	vs := decode(r)
	countPairs(vs, func(a, b []float64) bool { return a[0] < b[0] }) // want `O\(n²\) work in the size of r \(from the request at growth.go:\d+\), in growth.countPairs runs in an HTTP handler`
}

func viaOtherPackage(w http.ResponseWriter, r *http.Request) {
	vs := decode(r)
	growthlib.Nearest(vs) // want `O\(n²·d\) work in the size of r .*, in growthlib.Nearest runs`
}

// A linear helper of another package: quiet.
func viaOtherPackageLinear(w http.ResponseWriter, r *http.Request) {
	vs := decode(r)
	growthlib.First(vs)
}

// Handed to a goroutine: runs elsewhere, quiet here.
func offloaded(w http.ResponseWriter, r *http.Request) {
	vs := decode(r)
	done := make(chan struct{})
	go func() {
		growthlib.Nearest(vs)
		close(done)
	}()
	<-done
}

// Behind a CPU-sized semaphore: quiet.
var sem = make(chan struct{}, runtime.NumCPU())

func bounded(w http.ResponseWriter, r *http.Request) {
	vs := decode(r)
	sem <- struct{}{}
	growthlib.Nearest(vs)
	<-sem
}

// ---- a ServeHTTP method ----

type Index struct {
	routes []string
}

func (x *Index) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()["k"]
	hits := 0
	for _, k := range q { // want `O\(n²\) work in the size of r`
		for _, k2 := range q {
			if k == k2 {
				hits++
			}
		}
	}
	// The request against the routes the server keeps: one input loop.
	for _, k := range q {
		for _, rt := range x.routes {
			if k == rt {
				hits++
			}
		}
	}
	_ = hits
}

func init() {
	http.HandleFunc("/pairs", allPairs)
	http.HandleFunc("/pairs64", allPairsClamped)
	http.HandleFunc("/sum", sumAll)
	http.HandleFunc("/dist", distance)
	http.HandleFunc("/distfixed", distanceFixed)
	http.HandleFunc("/helpers", viaHelpers)
	http.HandleFunc("/other", viaOtherPackage)
	http.HandleFunc("/first", viaOtherPackageLinear)
	http.HandleFunc("/offloaded", offloaded)
	http.HandleFunc("/bounded", bounded)
	http.Handle("/index", &Index{})
}

// ---- linear work repeated by a count in a serial context ----

type Deriver struct {
	rounds int
	ticks  <-chan struct{}
	keys   <-chan []byte
	out    chan<- [32]byte
}

func (d *Deriver) Loop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.ticks:
			heartbeat()
		case key := <-d.keys:
			sum := sha256.Sum256(key)
			for i := 0; i < d.rounds; i++ { // want `sha256.Sum256 repeated d.rounds times \(a count that is not a constant, from growth.go:\d+\) runs inline in a select loop`
				sum = sha256.Sum256(sum[:])
			}
			d.out <- sum
		}
	}
}

func (d *Deriver) LoopHelper(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.ticks:
			heartbeat()
		case key := <-d.keys:
			d.out <- growthlib.Stretch(key, d.rounds) // want `sha256.Sum256 repeated d.rounds times .*, in growthlib.Stretch runs inline in a select loop`
		}
	}
}

// A constant number of rounds: quiet.
func (d *Deriver) LoopFixed(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.ticks:
			heartbeat()
		case key := <-d.keys:
			sum := sha256.Sum256(key)
			for i := 0; i < 4; i++ {
				sum = sha256.Sum256(sum[:])
			}
			d.out <- sum
			d.out <- growthlib.StretchFixed(key)
		}
	}
}

func heartbeat() {}

// Every byte of every part: n·d, linear in the request: quiet.
func everyByte(w http.ResponseWriter, r *http.Request) {
	parts := r.URL.Query()["p"]
	n := 0
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			if p[i] == '/' {
				n++
			}
		}
	}
	_ = n
}

// The configured patterns with the request's placeholders filled in are the
// configuration's size, not the request's: quiet.
type Hider struct{ patterns []string }

func (h *Hider) expand(r *http.Request) []string {
	out := make([]string, 0, len(h.patterns))
	for _, p := range h.patterns {
		out = append(out, p+r.URL.Path)
	}
	return out
}

func (h *Hider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	pats := h.expand(r)
	n := 0
	for _, a := range pats {
		for _, b := range pats {
			if a == b {
				n++
			}
		}
	}
	_ = n
}

func init() {
	http.HandleFunc("/bytes", everyByte)
	http.Handle("/hide", &Hider{})
}

// ---- handlers that the package does not register ----

// Pairs is exported with the http.HandlerFunc signature: some other package
// or router serves requests with it.
func Pairs(w http.ResponseWriter, r *http.Request) {
	vs := decode(r)
	countPairs(vs, func(a, b []float64) bool { return a[1] < b[1] }) // want `O\(n²\) work in the size of r .* runs in an HTTP handler`
}

// pairs is the same, unexported and never registered: not known to serve
// requests, quiet.
func pairs(w http.ResponseWriter, r *http.Request) {
	vs := decode(r)
	countPairs(vs, func(a, b []float64) bool { return a[1] < b[1] })
}

var _ = pairs

// Every value of every header: a range over a map and its values, n·d,
// linear in the request: quiet.
func everyHeader(w http.ResponseWriter, r *http.Request) {
	src := r.Header.Clone()
	for field, values := range src {
		if _, ok := skip[field]; ok {
			continue
		}
		for _, value := range values {
			w.Header().Add(field, value)
		}
	}
}

var skip = map[string]bool{"Connection": true}

// Every header against every other: n², reported.
func headerPairs(w http.ResponseWriter, r *http.Request) {
	n := 0
	for k := range r.Header { // want `O\(n²\) work in the size of r`
		for k2 := range r.Header {
			if k < k2 {
				n++
			}
		}
	}
	_ = n
}

func init() {
	http.HandleFunc("/headers", everyHeader)
	http.HandleFunc("/headerpairs", headerPairs)
}

// Each group of the request sorted with the common part: a sort per group,
// of the group and the common part, n·d log d at the worst reading of
// sizes that come from one request; quiet.
type group struct{ items []string }

func withCommon(common, g []string) []string {
	out := append(append([]string(nil), common...), g...)
	sort.Strings(out)
	return out
}

func groups(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Groups []group
		Common []string
	}
	json.NewDecoder(r.Body).Decode(&req)
	for i, g := range req.Groups {
		req.Groups[i].items = withCommon(req.Common, g.items)
	}
}

func init() { http.HandleFunc("/groups", groups) }

// A closure handler: the same all-pairs comparison.
func init() {
	http.HandleFunc("/closure", func(w http.ResponseWriter, r *http.Request) {
		vs := decode(r)
		n := 0
		for i := range vs { // want `O\(n²\) work in the size of r`
			for j := i + 1; j < len(vs); j++ {
				if vs[i][0] == vs[j][0] {
					n++
				}
			}
		}
		_ = n
	})
}

// A loop whose only other case is shutdown is a worker, not an event loop:
// the derivation delays nothing behind it, quiet.
func (d *Deriver) Worker(ctx context.Context) {
	cache := map[string][32]byte{}
	for {
		select {
		case <-ctx.Done():
			return
		case key := <-d.keys:
			sum, ok := cache[string(key)]
			if !ok {
				sum = sha256.Sum256(key)
				for i := 0; i < d.rounds; i++ {
					sum = sha256.Sum256(sum[:])
				}
				cache[string(key)] = sum
			}
			d.out <- sum
		}
	}
}
