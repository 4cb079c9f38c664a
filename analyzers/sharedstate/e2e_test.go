package sharedstate_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestVet is the end-to-end path: the corefit binary under go vet, on a module
// of two packages, so that the access facts travel through vet's files as
// they do for users.
func TestVet(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the corefit binary")
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	dir := t.TempDir()
	bin := filepath.Join(dir, "corefit")
	build := exec.Command("go", "build", "-o", bin, "./cmd/corefit")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	mod := filepath.Join(dir, "m")
	files := map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n",
		"stats/stats.go": `package stats

type Counter struct{ n int }

// Inc writes the counter's field.
func (c *Counter) Inc() { c.n++ }
`,
		"run/run.go": `package run

import (
	"sync"

	"example.com/m/stats"
)

func Run(c *stats.Counter, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Inc()
		}()
	}
	wg.Wait()
}
`,
	}
	for name, content := range files {
		p := filepath.Join(mod, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	vet := exec.Command("go", "vet", "-vettool="+bin, "-sharedstate", "./...")
	vet.Dir = mod
	vet.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	out, err := vet.CombinedOutput()
	if err == nil {
		t.Fatalf("go vet found nothing:\n%s", out)
	}
	want := "run.go:15:9: counter c.n is incremented by goroutines started in a loop with no synchronization"
	if !strings.Contains(string(out), want) {
		t.Errorf("go vet output lacks %q:\n%s", want, out)
	}
}
