package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Programs are the pairs' built binaries, by Pair.Dir and variant.
type Programs map[string]string

func (ps Programs) key(p Pair, v Variant) string { return p.Dir() + "/" + string(v) }

// Path is the binary of the pair's variant v.
func (ps Programs) Path(p Pair, v Variant) string { return ps[ps.key(p, v)] }

// BuildPrograms builds both programs of every pair into dir, two builds at
// a time (the go command uses every core for each).
func BuildPrograms(ctx context.Context, root, dir string, pairs []Pair) (Programs, error) {
	progs := Programs{}
	type job struct{ key, pkg, bin string }
	var jobs []job
	for _, p := range pairs {
		for _, v := range Variants {
			k := progs.key(p, v)
			if _, ok := progs[k]; ok {
				continue // a second setting of the same programs
			}
			bin := filepath.Join(dir, strings.ReplaceAll(strings.TrimPrefix(k, "bench/pairs/"), "/", "-"))
			progs[k] = bin
			jobs = append(jobs, job{k, p.Package(v), bin})
		}
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, 2)
	)
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			cmd := goCommand(ctx, root, "build", "-o", j.bin, j.pkg)
			if out, err := cmd.CombinedOutput(); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("building %s: %v\n%s", j.pkg, err, out))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return progs, errors.Join(errs...)
}

// Options say how to measure.
type Options struct {
	Procs   []int         // the GOMAXPROCS values to run at
	N       int           // repeats of each program at each value
	Quick   bool          // run the pairs' QuickArgs instead of Args
	TmpDir  string        // passed to the programs as -dir
	Extra   []string      // more arguments for every program
	Timeout time.Duration // the longest one program may run
	// Quiet, if not nil, makes every run wait for other work to pause.
	Quiet *Quiet
	// Progress, if not nil, is told of every run.
	Progress *Progress
}

// Run is one run of one program.
type Run struct {
	Variant Variant            `json:"variant"`
	Procs   int                `json:"procs"`
	Rep     int                `json:"rep"`
	Metrics map[string]float64 `json:"metrics"` // the numbers of the program's JSON line
	Check   string             `json:"check,omitempty"`
	WallS   float64            `json:"wall_s"` // the whole process, setup included
	CPUS    float64            `json:"cpu_s"`  // user and system CPU time of the process and its children
	// OtherCores is how many cores' worth of other work ran meanwhile on
	// the machine (-1 where unknown): a run with more than a fraction of a
	// core of it was disturbed.
	OtherCores float64 `json:"other_cores"`
	WaitedS    float64 `json:"waited_s,omitempty"` // waiting for -quiet before the run
}

// Result is a pair at one GOMAXPROCS value.
type Result struct {
	Pair     string  `json:"pair"`
	Analyzer string  `json:"analyzer"`
	Kind     string  `json:"kind"`
	Setting  string  `json:"setting,omitempty"`
	Procs    int     `json:"procs"`
	Metric   Metric  `json:"metric"`
	Bad      Summary `json:"bad"`
	Good     Summary `json:"good"`
	// Ratio is Bad.Median / Good.Median: below 1 for a throughput, the
	// reported pattern is the slower.
	Ratio float64 `json:"ratio"`
	// P is the p-value of a Mann–Whitney U test of bad's figures against
	// good's: below 0.05, the repeats tell them apart.
	P float64 `json:"p"`
	// BadCores and GoodCores are the cores each program kept busy (see
	// Run.CoresBusy). A pool whose workers wait leaves cores idle, and this
	// shows it.
	BadCores  Summary `json:"bad_cores"`
	GoodCores Summary `json:"good_cores"`
	Runs      []Run   `json:"runs"`
}

// Measure runs every pair at every GOMAXPROCS value, bad and good
// alternately (bad first in odd repeats, good first in even ones, so that a
// drift of the machine touches both alike), and summarizes each metric.
// It fails when a program fails, or when the two programs of a pair, or two
// runs of one program, report different checksums: then they did not do the
// same work.
func Measure(ctx context.Context, progs Programs, pairs []Pair, opt Options) ([]Result, error) {
	if opt.N < 1 {
		opt.N = 1
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 5 * time.Minute
	}
	if opt.Progress != nil {
		opt.Progress.total = len(pairs) * len(opt.Procs) * opt.N * len(Variants)
	}
	var results []Result
	for _, p := range pairs {
		args := p.ProgramArgs(opt.Quick, opt.TmpDir, opt.Extra)
		check := ""
		for _, procs := range opt.Procs {
			r := Result{Pair: p.Name(), Analyzer: p.Analyzer, Kind: p.Kind, Setting: p.Setting, Procs: procs, Metric: p.Metric}
			values := map[Variant][]float64{}
			cores := map[Variant][]float64{}
			for rep := 1; rep <= opt.N; rep++ {
				order := Variants
				if rep%2 == 0 {
					order = []Variant{Good, Bad}
				}
				for _, v := range order {
					if opt.Progress != nil {
						opt.Progress.Start(fmt.Sprintf("%s %s GOMAXPROCS=%d rep %d/%d", p.Name(), v, procs, rep, opt.N))
					}
					waited := opt.Quiet.Wait(ctx)
					run, err := RunProgram(ctx, progs.Path(p, v), args, procs, opt.Timeout)
					if opt.Progress != nil {
						opt.Progress.Done()
					}
					if err != nil {
						return results, fmt.Errorf("%s %s at GOMAXPROCS=%d: %v", p.Name(), v, procs, err)
					}
					run.Variant, run.Procs, run.Rep = v, procs, rep
					run.WaitedS = waited.Seconds()
					x, ok := run.Metrics[p.Metric.Key]
					if !ok {
						return results, fmt.Errorf("%s %s: no %q in its output", p.Name(), v, p.Metric.Key)
					}
					if check == "" {
						check = run.Check
					} else if run.Check != check {
						return results, fmt.Errorf("%s %s at GOMAXPROCS=%d: checksum %s, another run had %s: bad and good do not do the same work", p.Name(), v, procs, run.Check, check)
					}
					values[v] = append(values[v], x)
					if c := run.CoresBusy(); c >= 0 {
						cores[v] = append(cores[v], c)
					}
					r.Runs = append(r.Runs, run)
				}
			}
			r.Bad, r.Good = Summarize(values[Bad]), Summarize(values[Good])
			r.BadCores, r.GoodCores = Summarize(cores[Bad]), Summarize(cores[Good])
			r.Ratio = r.Bad.Median / r.Good.Median
			r.P = MannWhitney(values[Bad], values[Good])
			results = append(results, r)
		}
	}
	return results, nil
}

// CoresBusy is how many cores the run kept busy: the program's own figure
// for its timed part (cores_busy) where it gives one, else its CPU time
// over its wall time, setup included; -1 where unknown.
func (r Run) CoresBusy() float64 {
	if c, ok := r.Metrics["cores_busy"]; ok && c >= 0 {
		return c
	}
	if r.WallS > 0 {
		return r.CPUS / r.WallS
	}
	return -1
}

// ProgramArgs are the arguments of the pair's programs in a full or quick
// run, writing their files into tmpDir, with extra arguments last.
func (p Pair) ProgramArgs(quick bool, tmpDir string, extra []string) []string {
	args := p.Args
	if quick {
		args = p.QuickArgs
	}
	var out []string
	if tmpDir != "" {
		out = append(out, "-dir="+tmpDir)
	}
	out = append(out, args...)
	return append(out, extra...)
}

// RunProgram runs bin once with args at GOMAXPROCS=procs, killing it after
// timeout, and reads the JSON line it prints last.
func RunProgram(ctx context.Context, bin string, args []string, procs int, timeout time.Duration) (Run, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(args, "-timeout="+timeout.String())...)
	cmd.Env = append(envWithout(os.Environ(), "GOMAXPROCS"), "GOMAXPROCS="+strconv.Itoa(procs))
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	busy0, start := busyTime(), time.Now()
	err := cmd.Run()
	wall, busy1 := time.Since(start), busyTime()
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			err = fmt.Errorf("killed after %v", timeout)
		}
		return Run{}, fmt.Errorf("%s: %v\n%s", filepath.Base(bin), err, tail(stderr.String(), 2000))
	}
	run, err := parseLine(stdout.Bytes())
	if err != nil {
		return Run{}, fmt.Errorf("%s: %v", filepath.Base(bin), err)
	}
	run.WallS = wall.Seconds()
	var cpu time.Duration
	if ps := cmd.ProcessState; ps != nil {
		cpu = ps.UserTime() + ps.SystemTime()
	}
	run.CPUS = cpu.Seconds()
	run.OtherCores = otherCores(busy0, busy1, cpu, wall)
	return run, nil
}

// parseLine reads the last line of a program's output: a JSON object whose
// numbers are its metrics, and whose "check" is the checksum of its work.
func parseLine(out []byte) (Run, error) {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	var fields map[string]any
	if err := json.Unmarshal([]byte(last), &fields); err != nil {
		return Run{}, fmt.Errorf("its last line is not a JSON object (%v): %q", err, tail(last, 300))
	}
	run := Run{Metrics: map[string]float64{}}
	for k, v := range fields {
		switch v := v.(type) {
		case float64:
			run.Metrics[k] = v
		case string:
			if k == "check" {
				run.Check = v
			}
		}
	}
	return run, nil
}

func envWithout(env []string, name string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
