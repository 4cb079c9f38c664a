// Package perf measures what running corefit costs next to the tools it is
// compared with: corefit standalone against staticcheck (both on
// staticcheck's lintcmd runner), `go vet -vettool=corefit` against plain
// `go vet`. Each run is a child process; its wall time, CPU time (user and
// system, of it and every descendant it waited for) and peak memory come
// from wait4's rusage, and the memory of the whole process tree at once is
// sampled from /proc.
//
// cmd/corefit-perf drives it; the README's "Performance" section says how
// the caches are prepared for each run.
package perf

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// A Set is a set of packages to analyse: patterns given to every tool, run
// in Dir.
type Set struct {
	Name     string   `json:"name"`
	Dir      string   `json:"-"`
	Patterns []string `json:"-"`
	// Packages is the number of packages the patterns name, tests not
	// counted.
	Packages int `json:"packages"`
	// What says where the packages come from.
	What string `json:"what"`
}

// A Tool is a command line to run on a set.
type Tool struct {
	Name string
	// Args returns the command line for the set's patterns.
	Args func(patterns []string) []string
}

// Result is one run of one tool on one set.
type Result struct {
	Set      string `json:"set"`
	Tool     string `json:"tool"`
	Packages int    `json:"packages"`
	// Cached is true for the second run of a tool in the same caches: what
	// re-running on unchanged code costs.
	Cached bool    `json:"cached"`
	Wall   float64 `json:"wall_s"`
	CPU    float64 `json:"cpu_s"` // user + system, the process and its waited-for descendants
	// MaxRSS is the largest resident set of any one process of the run
	// (wait4's ru_maxrss: the child or the largest of its descendants).
	MaxRSS int64 `json:"max_rss_bytes"`
	// TreeRSS is the largest sum of the resident sets of the run's
	// processes alive at once, sampled every SampleEvery: what go vet's
	// parallel vet processes hold together.
	TreeRSS int64 `json:"tree_rss_bytes"`
	Exit    int   `json:"exit"`
	// Load is /proc/loadavg's 1-minute average when the run ended.
	Load string `json:"load,omitempty"`
	// Output is the tail of what the run printed, when it failed.
	Output string `json:"output,omitempty"`
}

// SampleEvery is how often the process tree's memory is sampled.
var SampleEvery = 200 * time.Millisecond

// Run runs name args in dir with env and measures it.
func Run(ctx context.Context, dir string, env []string, args []string) (Result, error) {
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	var out tail
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Result{}, err
	}
	stop := make(chan struct{})
	var tree int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(SampleEvery)
		defer t.Stop()
		for {
			if n := treeRSS(cmd.Process.Pid); n > tree {
				tree = n
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	err := cmd.Wait()
	wall := time.Since(start)
	close(stop)
	wg.Wait()
	var r Result
	r.Wall = wall.Seconds()
	r.TreeRSS = tree
	if ps := cmd.ProcessState; ps != nil {
		r.Exit = ps.ExitCode()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			r.CPU = tv(ru.Utime) + tv(ru.Stime)
			r.MaxRSS = ru.Maxrss * 1024 // kilobytes on Linux
		}
	} else if err != nil {
		return r, err
	}
	if r.MaxRSS > r.TreeRSS {
		// A peak between two samples.
		r.TreeRSS = r.MaxRSS
	}
	r.Load = loadAverage1()
	if ctx.Err() != nil {
		return r, ctx.Err()
	}
	r.Output = out.String()
	return r, nil
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }

// tail keeps the last 4 KiB written to it.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 8<<10 {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-4<<10:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.buf
	if len(b) > 4<<10 {
		b = b[len(b)-4<<10:]
	}
	return string(b)
}

var pageSize = int64(os.Getpagesize())

// treeRSS is the resident memory of root and its descendants now, read
// from /proc/PID/stat.
func treeRSS(root int) int64 {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	children := map[int][]int{}
	rss := map[int]int64{}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ... ; comm may hold spaces and parentheses.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		// f[0] is field 3 (state): ppid is field 4, rss field 24.
		if len(f) < 22 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		pages, _ := strconv.ParseInt(f[21], 10, 64)
		children[ppid] = append(children[ppid], pid)
		rss[pid] = pages * pageSize
	}
	var sum int64
	stack := []int{root}
	seen := map[int]bool{}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[p] {
			continue
		}
		seen[p] = true
		sum += rss[p]
		stack = append(stack, children[p]...)
	}
	return sum
}

func loadAverage1() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// Env returns the environment for one run: the current one without the
// variables that would point the tools at other caches or modules, with
// gocache as the build cache and xdg as the user cache directory (where
// corefit and staticcheck keep their analysis caches), offline.
func Env(gocache, xdg string) []string {
	drop := map[string]bool{
		"GOCACHE": true, "XDG_CACHE_HOME": true, "STATICCHECK_CACHE": true,
		"GOFLAGS": true, "GOWORK": true, "GOPROXY": true, "GOTOOLCHAIN": true, "GOCACHEPROG": true,
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !drop[k] {
			env = append(env, kv)
		}
	}
	return append(env, "GOCACHE="+gocache, "XDG_CACHE_HOME="+xdg,
		"GOFLAGS=", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local")
}

// CloneCache makes dst a copy of the build cache src, by hard links: the Go
// build cache never rewrites an entry it has (new results are new files), so
// the runs in dst leave src as it was, and a copy of gigabytes is made in a
// second.
func CloneCache(src, dst string) error {
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	out, err := exec.Command("cp", "-al", src, dst).CombinedOutput()
	if err != nil {
		return fmt.Errorf("cp -al %s %s: %v\n%s", src, dst, err, out)
	}
	return nil
}

// Summary is the results of one set, for the table.
type Summary struct {
	Set      string
	Packages int
	Cold     map[string]Result // by tool, empty analysis caches
	Cached   map[string]Result // by tool, the second run
}

// Summarize groups results by set, in the order they came.
func Summarize(rs []Result) []*Summary {
	var out []*Summary
	by := map[string]*Summary{}
	for _, r := range rs {
		s := by[r.Set]
		if s == nil {
			s = &Summary{Set: r.Set, Packages: r.Packages, Cold: map[string]Result{}, Cached: map[string]Result{}}
			by[r.Set] = s
			out = append(out, s)
		}
		if r.Cached {
			s.Cached[r.Tool] = r
		} else {
			s.Cold[r.Tool] = r
		}
	}
	return out
}

// Tool names, as the table knows them.
const (
	Corefit     = "corefit"
	Staticcheck = "staticcheck"
	VetCorefit  = "go vet -vettool=corefit"
	Vet         = "go vet"
)

// Tools are the tools in the table's order.
var Tools = []string{Corefit, Staticcheck, VetCorefit, Vet}

// Markdown renders the results as Markdown tables: every run, then the
// ratios the bar is set on, then the growth with the number of packages.
func Markdown(rs []Result) string {
	var b strings.Builder
	sums := Summarize(rs)

	b.WriteString("| set | pkgs | tool | wall s | CPU s | max RSS MiB | tree RSS MiB | cached wall s | exit |\n")
	b.WriteString("|---|---:|---|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range sums {
		for _, tool := range Tools {
			r, ok := s.Cold[tool]
			if !ok {
				continue
			}
			cached := "—"
			if c, ok := s.Cached[tool]; ok {
				cached = fmt.Sprintf("%.1f", c.Wall)
			}
			fmt.Fprintf(&b, "| %s | %d | %s | %.1f | %.1f | %.0f | %.0f | %s | %d |\n",
				s.Set, s.Packages, tool, r.Wall, r.CPU, mib(r.MaxRSS), mib(r.TreeRSS), cached, r.Exit)
		}
	}

	b.WriteString("\nRatios (empty analysis caches; the bar: corefit/staticcheck ≤ 1.0 in wall time and RSS, go vet with corefit / plain go vet ≤ 1.5):\n\n")
	b.WriteString("| set | corefit/staticcheck wall | CPU | max RSS | vet-corefit/vet wall | CPU | max RSS | tree RSS |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range sums {
		cf, sc, vc, v := s.Cold[Corefit], s.Cold[Staticcheck], s.Cold[VetCorefit], s.Cold[Vet]
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", s.Set,
			ratio(cf.Wall, sc.Wall), ratio(cf.CPU, sc.CPU), ratio(float64(cf.MaxRSS), float64(sc.MaxRSS)),
			ratio(vc.Wall, v.Wall), ratio(vc.CPU, v.CPU), ratio(float64(vc.MaxRSS), float64(v.MaxRSS)), ratio(float64(vc.TreeRSS), float64(v.TreeRSS)))
	}

	// Growth: the sets whose names share a prefix before "-" (std-1/3,
	// std-2/3, std) are sizes of one set.
	groups := map[string][]*Summary{}
	var order []string
	for _, s := range sums {
		g, _, _ := strings.Cut(s.Set, "-")
		if groups[g] == nil {
			order = append(order, g)
		}
		groups[g] = append(groups[g], s)
	}
	for _, g := range order {
		ss := groups[g]
		if len(ss) < 2 {
			continue
		}
		sort.Slice(ss, func(i, j int) bool { return ss[i].Packages < ss[j].Packages })
		fmt.Fprintf(&b, "\nGrowth with the number of packages (%s): CPU seconds per package, and max RSS MiB:\n\n", g)
		b.WriteString("| set | pkgs |")
		for _, tool := range Tools {
			fmt.Fprintf(&b, " %s CPU/pkg | RSS |", tool)
		}
		b.WriteString("\n|---|---:|")
		for range Tools {
			b.WriteString("---:|---:|")
		}
		b.WriteString("\n")
		for _, s := range ss {
			fmt.Fprintf(&b, "| %s | %d |", s.Set, s.Packages)
			for _, tool := range Tools {
				r, ok := s.Cold[tool]
				if !ok || s.Packages == 0 {
					b.WriteString(" — | — |")
					continue
				}
				fmt.Fprintf(&b, " %.3f | %.0f |", r.CPU/float64(s.Packages), mib(r.MaxRSS))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", a/b)
}
