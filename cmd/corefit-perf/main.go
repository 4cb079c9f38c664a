// Command corefit-perf measures what corefit costs to run: corefit
// standalone next to staticcheck, and go vet -vettool=corefit next to plain
// go vet, on sets of packages (sizes of the standard library, to show how
// the cost grows, and whole modules), with warm build caches and empty
// analysis caches, then once more in the same caches (a re-run on unchanged
// code).
//
//	go run ./cmd/corefit-perf -json bench/results/perf-2core.json -md bench/results/perf-2core.md
//	go run ./cmd/corefit-perf -sets std-1/3,std -tools corefit,staticcheck
//	go run ./cmd/corefit-perf -render bench/results/perf-2core.json
//
// It builds corefit from the checkout it runs in and staticcheck from
// honnef.co/go/tools/cmd/staticcheck at the version in go.mod. Before the
// runs it fills a build cache of its own with every package's export data
// (go list -export -deps -test): each run gets a hard-linked copy of it as
// GOCACHE, so that compiling is never measured and go vet's cached vet
// results (which live in GOCACHE) never carry from one run to the next; and
// a fresh XDG_CACHE_HOME, where corefit and staticcheck keep their analysis
// caches. Wall time, CPU time (user+system of the process and every
// descendant it waited for) and the largest process's peak RSS come from
// wait4; the memory of the whole process tree at once is sampled from /proc.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/corefit/corefit/bench"
	"github.com/corefit/corefit/bench/perf"
)

// Report is what -json writes.
type Report struct {
	Machine bench.Machine `json:"machine"`
	Corefit string        `json:"corefit"` // the commit corefit was built from
	Started time.Time     `json:"started"`
	Sets    []perf.Set    `json:"sets"`
	Results []perf.Result `json:"results"`
	// Notes are paragraphs added by hand after the runs (what the
	// figures show, what differed between runs), rendered at the end.
	Notes []string `json:"notes,omitempty"`
}

func main() {
	var (
		work    = flag.String("work", "", "work directory (default: a temporary one, removed at the end); an existing one keeps its warm build cache")
		sets    = flag.String("sets", "std-1/3,std-2/3,std,honnef.co/go/tools,golang.org/x/tools,github.com/golangci/golangci-lint/v2", "comma-separated package sets: std, std-A/B (A of every B packages of std), honnef.co/go/tools, golang.org/x/tools, github.com/golangci/golangci-lint/v2")
		tools   = flag.String("tools", strings.Join(perf.Tools, ","), "comma-separated tools to run")
		cached  = flag.Bool("cached", true, "run each tool a second time in the same caches")
		jsonOut = flag.String("json", "", "write the results as JSON to `file` (after every run)")
		mdOut   = flag.String("md", "", "write the results as Markdown to `file`")
		render  = flag.String("render", "", "only render the Markdown of a -json `file`")
		timeout = flag.Duration("timeout", 40*time.Minute, "limit for one run")
	)
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("corefit-perf: ")

	if *render != "" {
		b, err := os.ReadFile(*render)
		if err != nil {
			log.Fatal(err)
		}
		var rep Report
		if err := json.Unmarshal(b, &rep); err != nil {
			log.Fatal(err)
		}
		writeMarkdown(&rep, *mdOut)
		return
	}

	ctx := context.Background()
	dir := *work
	if dir == "" {
		d, err := os.MkdirTemp("", "corefit-perf")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(d)
		dir = d
	}
	dir, _ = filepath.Abs(dir)
	repo, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		log.Fatal(err)
	}

	rep := &Report{Started: time.Now().UTC()}
	rep.Machine = bench.DescribeMachine(ctx, dir)
	rep.Machine.LoadBefore = bench.LoadAverage()
	rep.Machine.PressureBefore = bench.CPUPressure()
	rep.Corefit = commit(repo)

	bin := filepath.Join(dir, "bin")
	corefit := filepath.Join(bin, "corefit")
	staticcheck := filepath.Join(bin, "staticcheck")
	must(run(repo, nil, gobin, "build", "-o", corefit, "./cmd/corefit"))
	must(run(repo, nil, gobin, "build", "-o", staticcheck, "honnef.co/go/tools/cmd/staticcheck"))

	byName := map[string]perf.Tool{
		perf.Corefit:     {Name: perf.Corefit, Args: func(p []string) []string { return append([]string{corefit}, p...) }},
		perf.Staticcheck: {Name: perf.Staticcheck, Args: func(p []string) []string { return append([]string{staticcheck}, p...) }},
		perf.VetCorefit:  {Name: perf.VetCorefit, Args: func(p []string) []string { return append([]string{gobin, "vet", "-vettool=" + corefit}, p...) }},
		perf.Vet:         {Name: perf.Vet, Args: func(p []string) []string { return append([]string{gobin, "vet"}, p...) }},
	}
	var runTools []perf.Tool
	for _, name := range strings.Split(*tools, ",") {
		t, ok := byName[strings.TrimSpace(name)]
		if !ok {
			log.Fatalf("unknown tool %q (want one of %s)", name, strings.Join(perf.Tools, ", "))
		}
		runTools = append(runTools, t)
	}

	template := filepath.Join(dir, "gocache-template")
	must(os.MkdirAll(template, 0o755))
	for _, name := range strings.Split(*sets, ",") {
		s, err := makeSet(ctx, dir, gobin, strings.TrimSpace(name))
		if err != nil {
			log.Fatal(err)
		}
		log.Printf("%s: %d packages; filling the build cache", s.Name, s.Packages)
		// Export data of every package and dependency, tests included,
		// as the tools need it.
		args := append([]string{"list", "-e", "-export", "-deps", "-test", "-f", "{{.ImportPath}}"}, s.Patterns...)
		must(run(s.Dir, perf.Env(template, filepath.Join(dir, "xdg-warm")), gobin, args...))
		rep.Sets = append(rep.Sets, s)

		for _, t := range runTools {
			gocache := filepath.Join(dir, "gocache-run")
			xdg := filepath.Join(dir, "xdg-run")
			must(perf.CloneCache(template, gocache))
			must(os.RemoveAll(xdg))
			must(os.MkdirAll(xdg, 0o755))
			env := perf.Env(gocache, xdg)
			for i := 0; i < 2; i++ {
				if i == 1 && !*cached {
					break
				}
				rctx, cancel := context.WithTimeout(ctx, *timeout)
				r, err := perf.Run(rctx, s.Dir, env, t.Args(s.Patterns))
				cancel()
				if err != nil {
					log.Printf("%s on %s: %v", t.Name, s.Name, err)
				}
				r.Set, r.Tool, r.Packages, r.Cached = s.Name, t.Name, s.Packages, i == 1
				if r.Exit == 0 || r.Exit == 1 && !strings.Contains(r.Output, "panic:") {
					r.Output = "" // 1: findings
				}
				log.Printf("%-20s %-24s cached=%-5v wall %7.1fs cpu %7.1fs maxrss %5.0f MiB tree %5.0f MiB exit %d load %s",
					s.Name, t.Name, r.Cached, r.Wall, r.CPU, float64(r.MaxRSS)/(1<<20), float64(r.TreeRSS)/(1<<20), r.Exit, r.Load)
				rep.Results = append(rep.Results, r)
				if *jsonOut != "" {
					writeJSON(rep, *jsonOut)
				}
			}
			os.RemoveAll(gocache)
			os.RemoveAll(xdg)
		}
	}
	rep.Machine.LoadAfter = bench.LoadAverage()
	rep.Machine.PressureAfter = bench.CPUPressure()
	if *jsonOut != "" {
		writeJSON(rep, *jsonOut)
	}
	writeMarkdown(rep, *mdOut)
}

// moduleSets are the modules measured as ./..., with their versions:
// staticcheck's and x/tools' (corefit's own dependencies), and the
// golangci-lint module that cmd/gclplugin's test builds, whose ./...
// reaches its whole dependency tree (the linters it bundles).
var moduleSets = map[string]string{
	"honnef.co/go/tools":                   "v0.8.2",
	"golang.org/x/tools":                   "v0.52.0",
	"github.com/golangci/golangci-lint/v2": "v2.15.0",
}

// makeSet prepares a package set: std-A/B is A of every B packages of
// `go list std` (std-1/3, std-2/3), std all of them, in a directory outside
// any module; a module is copied from the module cache into the
// work directory (writable, its dependencies downloaded) and analysed as
// ./... there.
func makeSet(ctx context.Context, dir, gobin, name string) (perf.Set, error) {
	s := perf.Set{Name: name}
	var a, n int
	if name == "std" {
		a, n = 1, 1
	} else if _, err := fmt.Sscanf(name, "std-%d/%d", &a, &n); err != nil || a < 1 || n < a {
		a, n = 0, 0
	}
	switch {
	case n > 0:
		s.Dir = filepath.Join(dir, "empty")
		if err := os.MkdirAll(s.Dir, 0o755); err != nil {
			return s, err
		}
		out, err := output(s.Dir, gobin, "list", "std")
		if err != nil {
			return s, err
		}
		all := strings.Fields(out)
		for i, p := range all {
			if i%n < a {
				s.Patterns = append(s.Patterns, p)
			}
		}
		s.Packages = len(s.Patterns)
		s.What = fmt.Sprintf("%d of every %d of the %d packages of go list std (%s)", a, n, len(all), runtime.Version())
		if name == "std" {
			s.What = fmt.Sprintf("the %d packages of go list std (%s)", len(all), runtime.Version())
		}
		return s, nil
	case moduleSets[name] != "":
		version := moduleSets[name]
		modcache, err := output(dir, gobin, "env", "GOMODCACHE")
		if err != nil {
			return s, err
		}
		src := filepath.Join(strings.TrimSpace(modcache), name+"@"+version)
		if _, err := os.Stat(src); err != nil {
			if err := run(dir, nil, gobin, "mod", "download", name+"@"+version); err != nil {
				return s, err
			}
		}
		s.Dir = filepath.Join(dir, "src", strings.ReplaceAll(name, "/", "_"))
		if _, err := os.Stat(s.Dir); err != nil {
			if err := os.MkdirAll(filepath.Dir(s.Dir), 0o755); err != nil {
				return s, err
			}
			if err := run(dir, nil, "cp", "-r", src, s.Dir); err != nil {
				return s, err
			}
			if err := run(dir, nil, "chmod", "-R", "u+w", s.Dir); err != nil {
				return s, err
			}
		}
		if err := run(s.Dir, nil, gobin, "mod", "download"); err != nil {
			return s, err
		}
		s.Patterns = []string{"./..."}
		out, err := output(s.Dir, gobin, "list", "./...")
		if err != nil {
			return s, err
		}
		s.Packages = len(strings.Fields(out))
		s.What = fmt.Sprintf("%s@%s ./... (a copy of the module cache's)", name, version)
		if deps, err := output(s.Dir, gobin, "list", "-deps", "./..."); err == nil {
			s.What += fmt.Sprintf(", %d packages with their dependencies", len(strings.Fields(deps)))
		}
		return s, nil
	}
	return s, fmt.Errorf("unknown set %q", name)
}

func run(dir string, env []string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stderr = os.Stderr
	cmd.Stdout = nil
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return nil
}

func output(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return string(out), nil
}

func commit(repo string) string {
	out, err := output(repo, "git", "rev-parse", "--short", "HEAD")
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(out)
	if st, err := output(repo, "git", "status", "--porcelain", "--untracked-files=no"); err == nil && strings.TrimSpace(st) != "" {
		c += " (with uncommitted changes in the checkout)"
	}
	return c
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func writeJSON(rep *Report, path string) {
	b, err := json.MarshalIndent(rep, "", "  ")
	must(err)
	must(os.WriteFile(path, append(b, '\n'), 0o644))
}

func writeMarkdown(rep *Report, path string) {
	var b strings.Builder
	fmt.Fprintf(&b, "# corefit's cost next to staticcheck and go vet\n\n")
	fmt.Fprintf(&b, "Measured %s by `go run ./cmd/corefit-perf` (corefit %s) on %s.\n", rep.Started.Format("2006-01-02 15:04 UTC"), rep.Corefit, rep.Machine)
	fmt.Fprintf(&b, "Load average (1, 5, 15 min): %s before, %s after; CPU pressure %s before, %s after: the machine was shared, so wall times carry other work; CPU times less so.\n\n",
		rep.Machine.LoadBefore, rep.Machine.LoadAfter, rep.Machine.PressureBefore, rep.Machine.PressureAfter)
	b.WriteString("Sets:\n\n")
	for _, s := range rep.Sets {
		fmt.Fprintf(&b, "- %s: %s\n", s.Name, s.What)
	}
	b.WriteString(`
Each run: a hard-linked copy of a build cache holding every package's export
data (so nothing is compiled during the runs, and no vet result carries over)
as GOCACHE, and an empty XDG_CACHE_HOME (corefit's and staticcheck's analysis
caches); tests included (every tool's default). "cached wall" is a second run
in the same caches. CPU is user+system of the process tree (wait4); max RSS is
the largest single process's peak (wait4's ru_maxrss); tree RSS is the largest
sampled sum over the processes alive at once (go vet runs a vet process per
package, several at a time).

`)
	b.WriteString(perf.Markdown(rep.Results))
	if len(rep.Notes) > 0 {
		b.WriteString("\n## Notes\n")
		for _, n := range rep.Notes {
			fmt.Fprintf(&b, "\n%s\n", n)
		}
	}
	if path == "" {
		fmt.Print(b.String())
		return
	}
	must(os.WriteFile(path, []byte(b.String()), 0o644))
	fmt.Print(b.String())
}
