package main_test

import (
	"strings"
	"testing"
)

// userModule has a blocking call corefit cannot see through (a function
// value behind the client's Query), a pool of the user's own library, and
// a handler registered with the user's own router.
var userModule = map[string]string{
	"go.mod": "module example.com/u\n\ngo 1.26\n",
	"db/db.go": `package db

// Client's wire protocol is a function value corefit cannot follow.
type Client struct{ Call func(string) string }

func (c *Client) Query(q string) string { return c.Call(q) }
`,
	"wp/wp.go": `package wp

type Pool struct{ jobs chan func() }

func New(n int) *Pool {
	p := &Pool{jobs: make(chan func())}
	for i := 0; i < n; i++ {
		go func() {
			for f := range p.jobs {
				f()
			}
		}()
	}
	return p
}

func (p *Pool) Go(f func()) { p.jobs <- f }
`,
	"rt/rt.go": `package rt

import "net/http"

type Router struct{ mux http.ServeMux }

func (r *Router) Route(path string, h func(http.ResponseWriter, *http.Request)) {}

// Hash stands for the user's own CPU-heavy function.
func Hash(s string) string { return s }
`,
	"main.go": `package main

import (
	"net/http"
	"runtime"

	"example.com/u/db"
	"example.com/u/rt"
	"example.com/u/wp"
)

func main() {
	c := &db.Client{}
	p := wp.New(runtime.NumCPU())
	for _, q := range []string{"a", "b"} {
		p.Go(func() { c.Query(q) })
	}
	var r rt.Router
	r.Route("/h", func(w http.ResponseWriter, req *http.Request) {
		w.Write([]byte(rt.Hash(req.URL.Path)))
	})
}
`,
}

var userFlags = []string{
	"-poolblock.blocking=(*example.com/u/db.Client).Query=network",
	"-poolblock.pools=example.com/u/wp.New=new:size=0,(*example.com/u/wp.Pool).Go=submit:work=0",
	"-iostall.handlers=(*example.com/u/rt.Router).Route=handler:arg=1",
	"-iostall.cpuheavy=example.com/u/rt.Hash=heavy",
}

const (
	wantUserBlock = "(*db.Client).Query waits on the network in a worker of a pool sized to the CPUs (runtime.NumCPU())"
	wantUserStall = "rt.Hash, CPU-heavy (CPU-heavy, listed by -iostall.cpuheavy), runs in a request handler"
)

// TestUserCatalogVet gives the user catalog flags to go vet: the blocking
// wrapper (defined in another package than the pool, so its entry must
// reach every package's run) and the handler are found; without the flags
// the module is quiet.
func TestUserCatalogVet(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, userModule)
	out, code := run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if code != 0 || out != "" {
		t.Fatalf("go vet without the flags: exit %d, want 0 and nothing:\n%s", code, out)
	}
	args := append([]string{"vet", "-vettool=" + bin}, userFlags...)
	out, code = run(t, dir, "go", append(args, "./...")...)
	if code == 0 || !strings.Contains(out, wantUserBlock) || !strings.Contains(out, wantUserStall) {
		t.Errorf("go vet with the flags: exit %d, want non-zero with %q and %q:\n%s", code, wantUserBlock, wantUserStall, out)
	}
	out, code = run(t, dir, "go", "vet", "-vettool="+bin, "-poolblock.pools=example.com/u/wp.New=new", "./...")
	if code == 0 || !strings.Contains(out, "new needs size=N") {
		t.Errorf("go vet with a bad -poolblock.pools: exit %d, want an error naming the problem:\n%s", code, out)
	}
}

// TestUserCatalogStandalone does the same standalone; the flags also key
// the result cache, so the run without them is not served the findings.
func TestUserCatalogStandalone(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, userModule)
	out, code := run(t, dir, bin, append(userFlags, "./...")...)
	if code == 0 || !strings.Contains(out, wantUserBlock) || !strings.Contains(out, wantUserStall) {
		t.Errorf("corefit with the flags: exit %d, want non-zero with %q and %q:\n%s", code, wantUserBlock, wantUserStall, out)
	}
	out, code = run(t, dir, bin, "./...")
	if code != 0 || out != "" {
		t.Errorf("corefit without the flags: exit %d, want 0 and nothing:\n%s", code, out)
	}
}
