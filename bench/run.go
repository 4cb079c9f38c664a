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
	"slices"
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

// RacePath is the -race build of the pair's variant v, "" when the pair has
// none.
func (ps Programs) RacePath(p Pair, v Variant) string { return ps[ps.key(p, v)+"/race"] }

// BuildPrograms builds both programs of every pair into dir, two builds at
// a time (the go command uses every core for each).
func BuildPrograms(ctx context.Context, root, dir string, pairs []Pair) (Programs, error) {
	progs := Programs{}
	type job struct {
		key, pkg, bin string
		race          bool
	}
	var jobs []job
	for _, p := range pairs {
		for _, v := range Variants {
			k := progs.key(p, v)
			if _, ok := progs[k]; ok {
				continue // a second setting of the same programs
			}
			bin := filepath.Join(dir, strings.ReplaceAll(strings.TrimPrefix(k, "bench/pairs/"), "/", "-"))
			progs[k] = bin
			jobs = append(jobs, job{k, p.Package(v), bin, false})
			if p.Race {
				progs[k+"/race"] = bin + "-race"
				jobs = append(jobs, job{k + "/race", p.Package(v), bin + "-race", true})
			}
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
			args := []string{"build", "-o", j.bin}
			if j.race {
				args = append(args, "-race")
			}
			cmd := goCommand(ctx, root, append(args, j.pkg)...)
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

	// Crash is the runtime's first line when the program died of a Go
	// runtime error, "fatal error: concurrent map writes": a bad program of
	// a loss metric may, and then it has no metrics.
	Crash string `json:"crash,omitempty"`
	// Race marks a run of the -race build, and RaceReports is how many
	// data races it reported ("WARNING: DATA RACE"; the race detector
	// reports each pair of racing places once).
	Race        bool `json:"race,omitempty"`
	RaceReports int  `json:"race_reports,omitempty"`
}

// Crashed reports whether the run died of a Go runtime error.
func (r Run) Crashed() bool { return r.Crash != "" }

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

	// For a loss metric: Of is the median of what the state should hold
	// (the metric's Of field), BadCrashes and GoodCrashes how many runs died
	// of a Go runtime error (they are not in Bad and Good), BadRaces and
	// GoodRaces the race reports of each run of the -race builds.
	Of          float64  `json:"of,omitempty"`
	BadCrashes  int      `json:"bad_crashes,omitempty"`
	GoodCrashes int      `json:"good_crashes,omitempty"`
	BadRaces    *Summary `json:"bad_races,omitempty"`
	GoodRaces   *Summary `json:"good_races,omitempty"`

	Runs []Run `json:"runs"`
}

// Measure runs every pair at every GOMAXPROCS value, bad and good
// alternately (bad first in odd repeats, good first in even ones, so that a
// drift of the machine touches both alike), and summarizes each metric.
// It fails when a program fails, or when the two programs of a pair, or two
// runs of one program, report different checksums: then they did not do the
// same work.
//
// For a pair with a loss metric (see Metric.Of), a bad program that dies of
// a Go runtime error is recorded, not a failure; a good one that loses
// anything, crashes or has a race reported fails the run. A pair with Race
// has each run followed by a run of its -race build.
func Measure(ctx context.Context, progs Programs, pairs []Pair, opt Options) ([]Result, error) {
	if opt.N < 1 {
		opt.N = 1
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 5 * time.Minute
	}
	if opt.Progress != nil {
		for _, p := range pairs {
			runs := len(opt.Procs) * opt.N * len(Variants)
			if p.Race {
				runs *= 2
			}
			opt.Progress.total += runs
		}
	}
	var results []Result
	for _, p := range pairs {
		m := measurer{p: p, opt: opt, progs: progs, args: p.ProgramArgs(opt.Quick, opt.TmpDir, opt.Extra)}
		m.raceArgs = append(slices.Clone(m.args), p.RaceArgs...)
		for _, procs := range opt.Procs {
			r, err := m.measure(ctx, procs)
			if err != nil {
				return results, err
			}
			results = append(results, r)
		}
	}
	return results, nil
}

// measurer measures one pair.
type measurer struct {
	p              Pair
	opt            Options
	progs          Programs
	args, raceArgs []string
	check, raceChk string // the checksums every run must report
}

// measure runs the pair's programs opt.N times each at GOMAXPROCS=procs.
func (m *measurer) measure(ctx context.Context, procs int) (Result, error) {
	p := m.p
	r := Result{Pair: p.Name(), Analyzer: p.Analyzer, Kind: p.Kind, Setting: p.Setting, Procs: procs, Metric: p.Metric}
	values := map[Variant][]float64{}
	cores := map[Variant][]float64{}
	races := map[Variant][]float64{}
	crashes := map[Variant]int{}
	var of []float64
	for rep := 1; rep <= m.opt.N; rep++ {
		order := Variants
		if rep%2 == 0 {
			order = []Variant{Good, Bad}
		}
		for _, v := range order {
			run, err := m.run(ctx, v, procs, rep, false)
			if err != nil {
				return r, err
			}
			r.Runs = append(r.Runs, run)
			if run.Crashed() {
				crashes[v]++
			} else {
				values[v] = append(values[v], run.Metrics[p.Metric.Key])
				if p.Metric.Loss() {
					of = append(of, run.Metrics[p.Metric.Of])
				}
				if c := run.CoresBusy(); c >= 0 {
					cores[v] = append(cores[v], c)
				}
			}
			if !p.Race {
				continue
			}
			run, err = m.run(ctx, v, procs, rep, true)
			if err != nil {
				return r, err
			}
			r.Runs = append(r.Runs, run)
			races[v] = append(races[v], float64(run.RaceReports))
		}
	}
	r.Bad, r.Good = Summarize(values[Bad]), Summarize(values[Good])
	r.BadCores, r.GoodCores = Summarize(cores[Bad]), Summarize(cores[Good])
	r.Ratio = r.Bad.Median / r.Good.Median
	r.P = MannWhitney(values[Bad], values[Good])
	if p.Metric.Loss() {
		r.Ratio = 0 // no ratio to a good that loses nothing
		r.Of = Summarize(of).Median
		r.BadCrashes, r.GoodCrashes = crashes[Bad], crashes[Good]
	}
	if p.Race {
		b, g := Summarize(races[Bad]), Summarize(races[Good])
		r.BadRaces, r.GoodRaces = &b, &g
	}
	return r, nil
}

// run runs variant v once, or its -race build, and checks what it says.
func (m *measurer) run(ctx context.Context, v Variant, procs, rep int, race bool) (Run, error) {
	p, opt := m.p, m.opt
	what := fmt.Sprintf("%s %s GOMAXPROCS=%d rep %d/%d", p.Name(), v, procs, rep, opt.N)
	if race {
		what += " -race"
	}
	if opt.Progress != nil {
		opt.Progress.Start(what)
	}
	waited := opt.Quiet.Wait(ctx)
	var (
		run Run
		err error
	)
	if race {
		run, err = RunRace(ctx, m.progs.RacePath(p, v), m.raceArgs, procs, opt.Timeout)
	} else {
		run, err = RunProgram(ctx, m.progs.Path(p, v), m.args, procs, opt.Timeout)
	}
	if opt.Progress != nil {
		opt.Progress.Done()
	}
	var crash *CrashError
	if errors.As(err, &crash) && v == Bad && p.Metric.Loss() {
		err = nil // recorded in run.Crash
	}
	if err != nil {
		return run, fmt.Errorf("%s: %v", what, err)
	}
	run.Variant, run.Procs, run.Rep = v, procs, rep
	run.WaitedS = waited.Seconds()
	if v == Good && run.RaceReports > 0 {
		return run, fmt.Errorf("%s: the race detector reported %d data races in good", what, run.RaceReports)
	}
	if run.Crashed() {
		return run, nil
	}
	x, ok := run.Metrics[p.Metric.Key]
	if !ok {
		return run, fmt.Errorf("%s: no %q in its output", what, p.Metric.Key)
	}
	if p.Metric.Loss() && v == Good && x != 0 {
		return run, fmt.Errorf("%s: good lost %v of %v: the fix does not hold", what, x, run.Metrics[p.Metric.Of])
	}
	check := &m.check
	if race {
		check = &m.raceChk
	}
	if *check == "" {
		*check = run.Check
	} else if run.Check != *check {
		return run, fmt.Errorf("%s: checksum %s, another run had %s: bad and good do not do the same work", what, run.Check, *check)
	}
	return run, nil
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
// timeout, and reads the JSON line it prints last. A program that dies of a
// Go runtime error (see CrashError) returns a *CrashError and a Run with
// its Crash and times.
func RunProgram(ctx context.Context, bin string, args []string, procs int, timeout time.Duration) (Run, error) {
	run, _, err := runProgram(ctx, bin, args, procs, timeout, nil)
	return run, err
}

// raceOptions are the race detector's settings for a -race build: go on
// after a report, exit as the program does, and do not sleep at exit.
const raceOptions = "halt_on_error=0 exitcode=0 atexit_sleep_ms=0"

// RunRace runs bin, a -race build, as RunProgram does, and counts the data
// races it reports into the Run's RaceReports, crashed or not.
func RunRace(ctx context.Context, bin string, args []string, procs int, timeout time.Duration) (Run, error) {
	run, stderr, err := runProgram(ctx, bin, args, procs, timeout, []string{"GORACE=" + raceOptions})
	run.Race = true
	run.RaceReports = strings.Count(stderr, "WARNING: DATA RACE")
	return run, err
}

// CrashError is a program that died of a Go runtime error: a fatal error
// ("fatal error: concurrent map writes"), a panic, a fault. The runtime
// prints it to the standard error and exits with status 2.
type CrashError struct {
	Line   string // the runtime's first line: "fatal error: concurrent map writes"
	Stderr string // the end of the standard error
}

func (e *CrashError) Error() string { return "died: " + e.Line + "\n" + e.Stderr }

// crashLine is the first line of a Go runtime error in stderr, "" when
// there is none.
func crashLine(stderr string) string {
	for _, line := range strings.Split(stderr, "\n") {
		for _, prefix := range []string{"fatal error: ", "panic: ", "unexpected fault address", "unexpected signal"} {
			if strings.HasPrefix(line, prefix) {
				return strings.TrimSpace(line)
			}
		}
	}
	return ""
}

// runProgram runs bin with env added and returns its standard error too.
func runProgram(ctx context.Context, bin string, args []string, procs int, timeout time.Duration, env []string) (Run, string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(args, "-timeout="+timeout.String())...)
	cmd.Env = append(envWithout(os.Environ(), "GOMAXPROCS", "GORACE"), "GOMAXPROCS="+strconv.Itoa(procs))
	cmd.Env = append(cmd.Env, env...)
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	busy0, start := busyTime(), time.Now()
	err := cmd.Run()
	wall, busy1 := time.Since(start), busyTime()
	var cpu time.Duration
	if ps := cmd.ProcessState; ps != nil {
		cpu = ps.UserTime() + ps.SystemTime()
	}
	times := func(run Run) Run {
		run.WallS = wall.Seconds()
		run.CPUS = cpu.Seconds()
		run.OtherCores = otherCores(busy0, busy1, cpu, wall)
		return run
	}
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			err = fmt.Errorf("killed after %v", timeout)
		} else if line := crashLine(stderr.String()); line != "" && cmd.ProcessState != nil && cmd.ProcessState.ExitCode() == 2 {
			return times(Run{Crash: line}), stderr.String(), &CrashError{Line: line, Stderr: tail(stderr.String(), 2000)}
		}
		return Run{}, stderr.String(), fmt.Errorf("%s: %v\n%s", filepath.Base(bin), err, tail(stderr.String(), 2000))
	}
	run, err := parseLine(stdout.Bytes())
	if err != nil {
		return Run{}, stderr.String(), fmt.Errorf("%s: %v", filepath.Base(bin), err)
	}
	return times(run), stderr.String(), nil
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

func envWithout(env []string, names ...string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(names, name) {
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
