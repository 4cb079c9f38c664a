package main_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// sizeProgram is one function of n basic blocks (n/2 ifs, a lock around
// every hundred), or one function of n goroutine launches.
func sizeProgram(kind string, n int) string {
	var b strings.Builder
	b.WriteString("package p\n\nimport \"sync\"\n\n")
	switch kind {
	case "blocks":
		b.WriteString("func Big(x int, mu *sync.Mutex) int {\n\ts := 0\n")
		for k := 0; k < n/2; k++ {
			if k%100 == 0 {
				b.WriteString("\tmu.Lock()\n")
			}
			fmt.Fprintf(&b, "\tif x > %d {\n\t\ts += %d\n\t}\n", k, k)
			if k%100 == 99 || k == n/2-1 {
				b.WriteString("\tmu.Unlock()\n")
			}
		}
		b.WriteString("\treturn s\n}\n")
	case "launches":
		b.WriteString("type T struct {\n\tmu sync.Mutex\n\tn  int\n\tm  map[int]int\n}\n\nfunc Launch(t *T) {\n\tvar wg sync.WaitGroup\n")
		for k := 0; k < n; k++ {
			fmt.Fprintf(&b, "\twg.Add(1)\n\tgo func() { defer wg.Done(); t.mu.Lock(); t.m[%d] = %d; t.mu.Unlock() }()\n", k, k)
		}
		b.WriteString("\twg.Wait()\n}\n")
	}
	return b.String()
}

// BenchmarkSize runs the corefit binary on one generated function of 5,000
// to 20,000 blocks and of 500 to 4,000 goroutine launches, and reports the
// time and the peak memory (maxrss-MiB) of each run: both must grow no
// worse than linearly with the size (bench/results/size-2core.md). Each
// iteration changes the source, so that the cache does not answer.
//
//	go test ./cmd/corefit -run '^$' -bench Size -benchtime 3x
func BenchmarkSize(b *testing.B) {
	if testing.Short() {
		b.Skip("builds the binary")
	}
	bin := filepath.Join(b.TempDir(), "corefit")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	cache := b.TempDir()
	for _, tc := range []struct {
		kind string
		n    int
	}{{"blocks", 5000}, {"blocks", 10000}, {"blocks", 20000}, {"launches", 500}, {"launches", 1000}, {"launches", 2000}, {"launches", 4000}} {
		b.Run(fmt.Sprintf("%s=%d", tc.kind, tc.n), func(b *testing.B) {
			dir := b.TempDir()
			os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/sz\n\ngo 1.26\n"), 0o644)
			src := sizeProgram(tc.kind, tc.n)
			// Warm the cache with the standard library's facts.
			os.WriteFile(filepath.Join(dir, "p.go"), []byte("package p\n\nimport _ \"sync\"\n"), 0o644)
			runSize(b, bin, dir, cache)
			var peak int64
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				os.WriteFile(filepath.Join(dir, "p.go"), []byte(fmt.Sprintf("%s// run %d\n", src, i)), 0o644)
				b.StartTimer()
				peak = max(peak, runSize(b, bin, dir, cache))
			}
			b.ReportMetric(float64(peak)/1024, "maxrss-MiB")
		})
	}
}

// runSize runs corefit in dir and returns its peak resident memory in KiB.
func runSize(b *testing.B, bin, dir, cache string) int64 {
	cmd := exec.Command(bin, "./...")
	cmd.Dir = dir
	cmd.Env = offlineEnv(cache)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() > 1) {
		b.Fatalf("corefit: %v\n%s", err, out)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss
	}
	return 0
}
