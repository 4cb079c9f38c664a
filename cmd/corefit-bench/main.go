// Command corefit-bench measures what each corefit diagnostic costs, on the
// cores it runs on.
//
// For every pattern pair under bench/pairs (a program with the pattern an
// analyzer reports, and its fix, doing the same work), it first runs
// corefit: the bad program must be reported by the pair's analyzer and the
// good one must be quiet, or the run fails. It then builds both programs,
// runs them alternately at each GOMAXPROCS given, repeatedly, and reports
// each pair's metric (throughput for poolblock, latency for iostall, what
// the shared state lost for sharedstate, with the crashes and the race
// detector's reports of a -race build): the median and the spread of the
// repeats, and the ratio bad/good, with the machine they ran on.
//
// Usage, from the corefit module:
//
//	go run ./cmd/corefit-bench [flags]
//
//	-procs 1,2      the GOMAXPROCS values to run at (default: all cores)
//	-n 5            repeats of each program at each value (default 5, 2 with -quick)
//	-quick          fewer items and repeats: under 2 minutes on 2 cores
//	-pairs REGEXP   only the pairs whose name matches ("poolblock/(network|sleep)")
//	-json FILE      write the whole report as JSON
//	-svg DIR        write the charts, as SVG, into DIR
//	-tag NAME       add NAME to the charts' file names ("2core")
//	-md FILE        write the report as Markdown (charts linked from -svg)
//	-quiet 0.2      before each run, wait until other work takes less than 0.2 cores (Linux)
//	-check          only check that corefit agrees with the pairs
//	-from FILE      measure nothing: write the table, -svg and -md of a -json report again
//
// The table goes to the standard output, the progress to the standard
// error. The exit status is 1 when corefit disagrees with a pair or a
// program fails, 2 on bad usage.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/corefit/corefit/bench"
)

func main() {
	os.Exit(run())
}

type config struct {
	procs   []int
	n       int
	quick   bool
	pairs   string
	jsonOut string
	svgDir  string
	tag     string
	mdOut   string
	tmpDir  string
	extra   []string
	timeout time.Duration
	check   bool
	root    string
	quiet   float64
	from    string
}

func parseFlags() (*config, error) {
	c := &config{}
	procs := flag.String("procs", strconv.Itoa(runtime.NumCPU()), "comma-separated GOMAXPROCS values to run the programs at")
	flag.IntVar(&c.n, "n", 0, "repeats of each program at each GOMAXPROCS value (default 5, 2 with -quick)")
	flag.BoolVar(&c.quick, "quick", false, "fewer items and repeats: under 2 minutes on 2 cores")
	flag.StringVar(&c.pairs, "pairs", "", "only the pairs whose name matches this regular expression")
	flag.StringVar(&c.jsonOut, "json", "", "write the report as JSON to this file")
	flag.StringVar(&c.svgDir, "svg", "", "write SVG charts into this directory")
	flag.StringVar(&c.tag, "tag", "", "a tag for the charts' file names, to tell machines apart (\"2core\")")
	flag.StringVar(&c.mdOut, "md", "", "write the report as Markdown to this file")
	flag.StringVar(&c.tmpDir, "dir", os.TempDir(), "directory for the files the programs write (fsync, disk): its device is what they measure")
	extra := flag.String("args", "", "more arguments for every program, space-separated (\"-latency=5ms -work=512\")")
	flag.DurationVar(&c.timeout, "timeout", 5*time.Minute, "the longest one program may run")
	flag.Float64Var(&c.quiet, "quiet", 0, "before each run, wait until other work on the machine takes less than this many cores (Linux; 15s at most per run, 2m in all): for shared machines")
	flag.StringVar(&c.from, "from", "", "measure nothing: read a report written by -json and write its table, -svg and -md again")
	flag.BoolVar(&c.check, "check", false, "only check that corefit agrees with the pairs")
	flag.StringVar(&c.root, "root", "", "the corefit module's root (default: found from the current directory)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: corefit-bench [flags]\n\nMeasures what each corefit diagnostic costs: runs the pattern pairs under bench/pairs.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %q", flag.Args())
	}
	for _, s := range strings.Split(*procs, ",") {
		p, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || p < 1 {
			return nil, fmt.Errorf("-procs: %q is not a positive number", s)
		}
		c.procs = append(c.procs, p)
	}
	if c.n == 0 {
		c.n = 5
		if c.quick {
			c.n = 2
		}
	}
	if c.n < 1 {
		return nil, fmt.Errorf("-n must be at least 1")
	}
	c.extra = strings.Fields(*extra)
	return c, nil
}

func run() int {
	cfg, err := parseFlags()
	if err != nil {
		fmt.Fprintln(os.Stderr, "corefit-bench:", err)
		flag.Usage()
		return 2
	}
	if err := bench1(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "corefit-bench:", err)
		return 1
	}
	return 0
}

// rerender writes the outputs of a report read from a -json file.
func rerender(cfg *config) error {
	r, err := bench.ReadReport(cfg.from)
	if err != nil {
		return err
	}
	for i := range r.Results {
		res := &r.Results[i]
		res.P = bench.MannWhitney(res.Bad.Values, res.Good.Values)
	}
	if err := r.WriteTable(os.Stdout); err != nil {
		return err
	}
	if cfg.jsonOut == cfg.from {
		cfg.jsonOut = ""
	}
	return writeOutputs(cfg, r)
}

func bench1(cfg *config) error {
	if cfg.from != "" {
		return rerender(cfg)
	}
	start := time.Now()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	root := cfg.root
	if root == "" {
		root = "."
	}
	root, err := bench.FindRoot(root)
	if err != nil {
		return err
	}
	pairs, err := bench.Select(bench.All(), cfg.pairs)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "corefit-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	progress := bench.NewProgress(os.Stderr)
	machine := bench.DescribeMachine(ctx, cfg.tmpDir)
	report := &bench.Report{
		Command: command(),
		Machine: machine,
		Quick:   cfg.quick,
		Procs:   cfg.procs,
		N:       cfg.n,
		Quiet:   cfg.quiet,
		Started: start,
		Pairs:   bench.Describe(pairs, cfg.quick),
	}
	progress.Printf("corefit-bench: %d pairs on %s", len(pairs), machine)
	if machine.LoadBefore != "" {
		progress.Printf("load average %s, CPU pressure %s: other work on the machine shows in the figures", machine.LoadBefore, machine.PressureBefore)
	}

	// corefit first: a pair it disagrees with measures nothing.
	progress.Printf("building corefit and checking that it agrees with every pair")
	corefit, err := bench.BuildCorefit(ctx, root, work)
	if err != nil {
		return err
	}
	// The programs build while corefit runs.
	type built struct {
		progs bench.Programs
		err   error
	}
	buildDone := make(chan built, 1)
	buildCtx, cancelBuild := context.WithCancel(ctx)
	defer cancelBuild()
	if cfg.check {
		buildDone <- built{}
	} else {
		go func() {
			progs, err := bench.BuildPrograms(buildCtx, root, work, pairs)
			buildDone <- built{progs, err}
		}()
	}
	agreement, err := bench.CheckAgreement(ctx, corefit, root, pairs)
	if err != nil {
		cancelBuild()
		<-buildDone
		return err
	}
	report.Agreement = agreement
	failed := 0
	for _, a := range agreement {
		if a.OK && a.Skipped != "" {
			progress.Printf("  skip %-24s good quiet; %s", a.Pair, a.Skipped)
			continue
		}
		if a.OK {
			if a.Quiet {
				progress.Printf("  ok   %-24s both quiet (a pattern corefit leaves alone)%s", a.Pair, flagNote(a.Flags))
				continue
			}
			progress.Printf("  ok   %-24s bad reported, good quiet%s", a.Pair, flagNote(a.Flags))
			continue
		}
		failed++
		progress.Printf("  FAIL %s%s", a.Pair, flagNote(a.Flags))
		for _, p := range a.Problems {
			progress.Printf("       %s", p)
		}
	}
	if failed > 0 || cfg.check {
		// Nothing to measure: stop the builds.
		cancelBuild()
		<-buildDone
		report.ElapsedS = time.Since(start).Seconds()
		if err := writeOutputs(cfg, report); err != nil {
			return err
		}
		if failed > 0 {
			return fmt.Errorf("corefit disagrees with %d of %d pairs", failed, len(agreement))
		}
		return nil
	}

	b := <-buildDone
	if b.err != nil {
		return b.err
	}
	progress.Printf("measuring: GOMAXPROCS %v, %d repeats, %s", cfg.procs, cfg.n, map[bool]string{true: "quick", false: "full"}[cfg.quick])
	results, err := bench.Measure(ctx, b.progs, pairs, bench.Options{
		Procs:    cfg.procs,
		N:        cfg.n,
		Quick:    cfg.quick,
		TmpDir:   cfg.tmpDir,
		Extra:    cfg.extra,
		Timeout:  cfg.timeout,
		Quiet:    &bench.Quiet{Below: cfg.quiet, PerRun: 15 * time.Second, Total: 2 * time.Minute},
		Progress: progress,
	})
	progress.Finish()
	report.Results = results
	report.Machine.LoadAfter = bench.LoadAverage()
	report.Machine.PressureAfter = bench.CPUPressure()
	report.ElapsedS = time.Since(start).Seconds()
	if err != nil {
		return err
	}
	fmt.Println()
	if err := report.WriteTable(os.Stdout); err != nil {
		return err
	}
	if err := writeOutputs(cfg, report); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "corefit-bench: done in %s\n", time.Since(start).Round(time.Second))
	return nil
}

func flagNote(flags []string) string {
	if len(flags) == 0 {
		return ""
	}
	return " (with " + strings.Join(flags, " ") + ")"
}

// writeOutputs writes the JSON, the charts and the Markdown asked for.
func writeOutputs(cfg *config, r *bench.Report) error {
	for _, f := range []string{cfg.jsonOut, cfg.mdOut} {
		if f != "" {
			if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
				return err
			}
		}
	}
	if cfg.jsonOut != "" {
		if err := r.WriteJSON(cfg.jsonOut); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "corefit-bench: wrote %s\n", cfg.jsonOut)
	}
	var charts []string
	if cfg.svgDir != "" && len(r.Results) > 0 {
		names, err := r.WriteCharts(cfg.svgDir, cfg.tag)
		if err != nil {
			return err
		}
		for _, n := range names {
			fmt.Fprintf(os.Stderr, "corefit-bench: wrote %s\n", filepath.Join(cfg.svgDir, n))
			charts = append(charts, n)
		}
	}
	if cfg.mdOut != "" {
		// Link the charts relative to the Markdown file.
		for i, n := range charts {
			if rel, err := filepath.Rel(filepath.Dir(cfg.mdOut), filepath.Join(cfg.svgDir, n)); err == nil {
				charts[i] = filepath.ToSlash(rel)
			}
		}
		f, err := os.Create(cfg.mdOut)
		if err != nil {
			return err
		}
		r.WriteMarkdown(f, charts)
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "corefit-bench: wrote %s\n", cfg.mdOut)
	}
	return nil
}

// command is how to run this again from the module root.
func command() string {
	args := []string{"go", "run", "./cmd/corefit-bench"}
	for _, a := range os.Args[1:] {
		if strings.ContainsAny(a, " \t\"'$\\|&;()<>*?^[]{}~#!") {
			a = strconv.Quote(a)
		}
		args = append(args, a)
	}
	return strings.Join(args, " ")
}
