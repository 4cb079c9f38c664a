package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The end-to-end tests build the corefit binary and run it the ways users
// do: under go vet (text and -json), and standalone, on a module made for
// the test.

var module = map[string]string{
	"go.mod": "module example.com/m\n\ngo 1.26\n",
	"store/store.go": `package store

import (
	"net/http"
	"os"
)

// Load fetches a URL: it blocks on the network.
func Load(u string) int {
	resp, err := http.Get(u)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Read reads a file: disk I/O, not reported by default.
func Read(p string) []byte {
	b, _ := os.ReadFile(p)
	return b
}
`,
	"cache/cache.go": `package cache

import "example.com/m/store"

// Get is two hops from the request.
func Get(k string) int { return store.Load(k) }

// File is two hops from the read.
func File(k string) []byte { return store.Read(k) }
`,
	"web/web.go": `package web

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"
)

func Register() {
	http.HandleFunc("/key", func(w http.ResponseWriter, r *http.Request) {
		key, _ := rsa.GenerateKey(rand.Reader, 2048)
		_ = key
	})
}
`,
	"main.go": `package main

import (
	"runtime"
	"sync"

	"example.com/m/cache"
)

func main() {
	keys := make(chan string)
	var wg sync.WaitGroup
	for i := 0; i < runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range keys {
				cache.Get(k)
				cache.File(k)
			}
		}()
	}
	close(keys)
	wg.Wait()
}
`,
}

var clean = map[string]string{
	"go.mod": "module example.com/clean\n\ngo 1.26\n",
	"main.go": `package main

import "runtime"

func main() {
	out := make(chan int)
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() { out <- i * i }()
	}
}
`,
}

const (
	want     = "cache.Get waits on the network (http.Get) in a worker of a pool sized to the CPUs (runtime.NumCPU())"
	wantDisk = "cache.File waits on disk I/O (os.ReadFile) in a worker"
	// iostall, in the same run.
	wantStall = "web/web.go:11:28: rsa.GenerateKey, CPU-heavy (RSA key generation), runs in an HTTP handler"
)

func build(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary and runs go vet")
	}
	bin := filepath.Join(t.TempDir(), "corefit")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run runs a command in dir and returns its combined output and exit code.
func run(t *testing.T, dir string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off", "GOTOOLCHAIN=local")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &ee):
		return out.String(), ee.ExitCode()
	}
	t.Fatalf("%s %v: %v", name, args, err)
	return "", -1
}

func TestGoVet(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, module)

	out, code := run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if code == 0 || !strings.Contains(out, want) {
		t.Errorf("go vet: exit %d, want non-zero and %q in:\n%s", code, want, out)
	}
	if !strings.Contains(out, "main.go:18:") {
		t.Errorf("go vet: the diagnostic should sit on the call in the worker (main.go:18):\n%s", out)
	}
	if strings.Contains(out, wantDisk) {
		t.Errorf("go vet: disk I/O is not reported by default:\n%s", out)
	}
	if !strings.Contains(out, wantStall) {
		t.Errorf("go vet: want the iostall diagnostic %q in:\n%s", wantStall, out)
	}
	out, _ = run(t, dir, "go", "vet", "-vettool="+bin, "-poolblock.kinds=all", "./...")
	if !strings.Contains(out, wantDisk) || !strings.Contains(out, want) {
		t.Errorf("go vet -poolblock.kinds=all: want both diagnostics:\n%s", out)
	}

	// Flags reach the analyzer under go vet.
	out, code = run(t, dir, "go", "vet", "-vettool="+bin, "-poolblock", "-poolblock.kinds=sleep", "./...")
	if code != 0 || strings.Contains(out, "waits on") {
		t.Errorf("go vet -poolblock.kinds=sleep: exit %d, want 0 and no diagnostic:\n%s", code, out)
	}

	out, code = run(t, writeModule(t, clean), "go", "vet", "-vettool="+bin, "./...")
	if code != 0 || out != "" {
		t.Errorf("go vet on a clean module: exit %d, output:\n%s", code, out)
	}
}

func TestGoVetJSON(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, module)
	out, code := run(t, dir, "go", "vet", "-vettool="+bin, "-json", "./...")
	if code != 0 {
		t.Fatalf("go vet -json: exit %d\n%s", code, out)
	}
	// go vet -json prints one JSON object per package, after a "# pkg"
	// comment line: {"pkg": {"analyzer": [diagnostics]}}.
	type related struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	type diag struct {
		Posn    string    `json:"posn"`
		Message string    `json:"message"`
		Related []related `json:"related"`
	}
	var found *diag
	dec := json.NewDecoder(strings.NewReader(stripComments(out)))
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			t.Fatalf("decoding go vet -json output: %v\n%s", err, out)
		}
		for _, byAnalyzer := range tree {
			raw, ok := byAnalyzer["poolblock"]
			if !ok {
				continue
			}
			var ds []diag
			if err := json.Unmarshal(raw, &ds); err != nil {
				t.Fatalf("poolblock diagnostics: %v\n%s", err, raw)
			}
			for i := range ds {
				if strings.Contains(ds[i].Message, want) {
					found = &ds[i]
				}
			}
		}
	}
	if found == nil {
		t.Fatalf("no poolblock diagnostic %q in:\n%s", want, out)
	}
	if !strings.HasSuffix(found.Posn, "main.go:18:14") {
		t.Errorf("posn = %s, want main.go:18:14", found.Posn)
	}
	var sizeRel, chainRel bool
	for _, r := range found.Related {
		if strings.Contains(r.Message, "pool size: runtime.NumCPU()") && strings.Contains(r.Posn, "main.go:13") {
			sizeRel = true
		}
		if strings.Contains(r.Message, "store.Load") && strings.Contains(r.Message, "http.Get") && strings.Contains(r.Posn, "cache.go") {
			chainRel = true
		}
	}
	if !sizeRel || !chainRel {
		t.Errorf("related positions should point at the pool size (main.go:13) and the call chain (cache.go), got %+v", found.Related)
	}
}

func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestStandalone(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, module)
	out, code := run(t, dir, bin, "./...")
	if code != 3 || !strings.Contains(out, want) {
		t.Errorf("corefit ./...: exit %d, want 3 and %q in:\n%s", code, want, out)
	}
	out, code = run(t, dir, bin, "-poolblock", "-poolblock.cpufactor=0.5", "./...")
	if code != 0 {
		t.Errorf("corefit -poolblock.cpufactor=0.5: exit %d, want 0 (NumCPU is above the factor):\n%s", code, out)
	}
	out, code = run(t, writeModule(t, clean), bin, "./...")
	if code != 0 || out != "" {
		t.Errorf("corefit on a clean module: exit %d, output:\n%s", code, out)
	}
	out, code = run(t, dir, bin, "-poolblock.kinds=bogus", "./...")
	if code == 0 || !strings.Contains(out, `unknown kind "bogus"`) {
		t.Errorf("corefit with a bad flag value: exit %d, want an error:\n%s", code, out)
	}
}

func TestVersionAndFlags(t *testing.T) {
	bin := build(t)
	out, code := run(t, t.TempDir(), bin, "-V=full")
	if code != 0 || !strings.Contains(out, "corefit version") {
		t.Errorf("-V=full: exit %d: %s", code, out)
	}
	out, code = run(t, t.TempDir(), bin, "-flags")
	if code != 0 || !strings.Contains(out, `"poolblock.kinds"`) {
		t.Errorf("-flags: exit %d: %s", code, out)
	}
}

// TestTypeErrors checks that a package with type errors is named, with the
// error, and that the other packages are still checked, in both modes.
func TestTypeErrors(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, map[string]string{
		"go.mod":     "module example.com/broken\n\ngo 1.26\n",
		"bad/bad.go": "package bad\n\nfunc F() int { return \"x\" }\n",
		"good/good.go": `package good

import (
	"net/http"
	"runtime"
)

func F(urls chan string) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for u := range urls {
				http.Get(u)
			}
		}()
	}
}
`,
	})
	for _, args := range [][]string{{bin, "./..."}, {"go", "vet", "-vettool=" + bin, "./..."}} {
		out, code := run(t, dir, args[0], args[1:]...)
		if code == 0 || !strings.Contains(out, `cannot use "x"`) || !strings.Contains(out, "good.go:12:13: http.Get waits on the network") {
			t.Errorf("%v: exit %d; want the type error and the other package's diagnostic:\n%s", args, code, out)
		}
	}
}
