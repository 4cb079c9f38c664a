package main

// corefit confirm measures each diagnostic on the user's own tests (issue
// #18). A static finding says what may go wrong; the package's tests, run
// under the race detector or the execution tracer, say whether it does:
//
//	corefit confirm ./...
//	corefit confirm -run TestFetch -timeout 2m ./pool
//	corefit confirm -f json ./...
//
// It runs this binary standalone (-f json, the analysis cache) on the
// patterns, maps each diagnostic to its package (go list), and runs the
// tests of each package that has diagnostics:
//
//   - sharedstate: go test -race -v -coverprofile; a race report any frame
//     of whose two accesses is the diagnostic's line (or one of its related
//     positions) confirms it, in the test that was running;
//   - poolblock: go test -v -trace; the goroutines the pool's `go` statement
//     created are followed through the trace (golang.org/x/exp/trace): time
//     running, time blocked in the flagged call, and how many cores they
//     kept busy while the pool ran;
//   - iostall: in the same traced run (with -cpuprofile, so that the trace
//     holds CPU samples), the goroutines seen in the flagged call: their
//     running time in it per event, and the delay the others saw
//     (confirm_iostall.go).

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/exp/trace"
	"golang.org/x/tools/cover"

	"github.com/corefit/corefit/analyzers/poolblock"
	"github.com/corefit/corefit/passes/catalog"
)

// confirmConfig is what the flags of corefit confirm set.
type confirmConfig struct {
	run, bench, benchtime, timeout string
	format                         string
	report                         string // -report: an HTML file
	stdout, stderr                 io.Writer
}

func confirmMain(args []string) int {
	cfg := confirmConfig{stdout: os.Stdout, stderr: os.Stderr}
	fs := flag.NewFlagSet("corefit confirm", flag.ContinueOnError)
	fs.StringVar(&cfg.run, "run", "", "run only the tests matching this regular expression (go test -run)")
	fs.StringVar(&cfg.bench, "bench", "", "also run the benchmarks matching this regular expression (go test -bench)")
	fs.StringVar(&cfg.benchtime, "benchtime", "", "run each benchmark for this long or this many times (go test -benchtime)")
	fs.StringVar(&cfg.timeout, "timeout", "10m", "fail a package's tests after this long (go test -timeout); its output is kept")
	fs.StringVar(&cfg.format, "f", "text", "output format: text or json (one object per diagnostic, with its evidence)")
	fs.StringVar(&cfg.report, "report", "", "also write an HTML `file` with each diagnostic, its evidence and charts (self-contained)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: corefit confirm [flags] packages

Runs corefit on the packages, then each flagged package's tests, and says for
each diagnostic what the tests showed: confirmed (the race detector saw the
race; the pool's workers were blocked most of their working time; the flagged call
took over 1 ms per event and others waited for it), no cost seen, not
exercised by the tests, or not measured.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if cfg.format != "text" && cfg.format != "json" {
		fmt.Fprintf(cfg.stderr, "corefit confirm: -f %s: want text or json\n", cfg.format)
		return 2
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	if err := confirm(cfg, patterns); err != nil {
		fmt.Fprintln(cfg.stderr, "corefit confirm:", err)
		return 1
	}
	return 0
}

// A finding is one diagnostic as corefit -f json prints it, with the
// evidence the tests gave.
type finding struct {
	Code     string       `json:"code"`
	Severity string       `json:"severity,omitempty"`
	Location position     `json:"location"`
	End      *position    `json:"end,omitempty"`
	Message  string       `json:"message"`
	Related  []relatedPos `json:"related,omitempty"`
	Evidence *evidence    `json:"evidence,omitempty"`
}

type position struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type relatedPos struct {
	Location position `json:"location"`
	Message  string   `json:"message"`
}

// evidence is what the tests showed about one finding.
type evidence struct {
	Status  string         `json:"status"` // confirmed, no-cost, not-exercised, not-measured
	Summary string         `json:"summary"`
	Figures map[string]any `json:"figures,omitempty"`
}

const (
	confirmed    = "confirmed"
	noCost       = "no-cost"
	notExercised = "not-exercised"
	notMeasured  = "not-measured"
)

func confirm(cfg confirmConfig, patterns []string) error {
	pkgs, err := listPackages(patterns)
	if err != nil {
		return err
	}
	if len(pkgs) == 0 {
		return fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	findings, err := analyse(patterns, cfg.stderr)
	if err != nil {
		return err
	}
	byPkg := assign(findings, pkgs)

	work, err := os.MkdirTemp("", "corefit-confirm-")
	if err != nil {
		return err
	}
	keep := false
	for _, p := range pkgs {
		fs := byPkg[p.ImportPath]
		if len(fs) == 0 {
			continue
		}
		fmt.Fprintf(cfg.stderr, "corefit confirm: testing %s (%d diagnostic%s)...\n", p.ImportPath, len(fs), plural(len(fs)))
		start := time.Now()
		if measurePackage(cfg, p, fs, work) {
			keep = true
		}
		fmt.Fprintf(cfg.stderr, "corefit confirm: %s: %.1f s\n", p.ImportPath, time.Since(start).Seconds())
	}
	for _, f := range findings {
		if f.Evidence == nil {
			f.Evidence = &evidence{Status: notMeasured, Summary: "not measured: the file is in none of the packages listed"}
		}
	}
	if !keep {
		os.RemoveAll(work)
	}
	if err := printFindings(cfg, findings); err != nil {
		return err
	}
	if cfg.report != "" {
		if err := writeReport(cfg.report, patterns, findings); err != nil {
			return fmt.Errorf("-report: %v", err)
		}
		fmt.Fprintf(cfg.stderr, "corefit confirm: report in %s\n", cfg.report)
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// listPackages runs go list on the patterns.
func listPackages(patterns []string) ([]*listedPkg, error) {
	pkgs, err := goList("", patterns...)
	if err != nil {
		return nil, err
	}
	for _, p := range pkgs {
		// A pattern that matches nothing is listed by -e as a package
		// with an error and no directory.
		if p.Dir == "" && p.Error != nil {
			return nil, fmt.Errorf("%s", p.Error.Err)
		}
	}
	return pkgs, nil
}

// analyse runs this binary standalone with -f json on the patterns.
func analyse(patterns []string, stderr io.Writer) ([]*finding, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, append([]string{"-f", "json"}, patterns...)...)
	cmd.Stderr = stderr
	out, err := cmd.Output()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
		// 1 is "something was reported"; anything else is a failure.
		return nil, fmt.Errorf("corefit -f json: %v", err)
	}
	var fs []*finding
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		f := new(finding)
		if err := dec.Decode(f); err != nil {
			return nil, fmt.Errorf("corefit -f json: %v", err)
		}
		if f.Code == "compile" || f.Code == "config" {
			// Not a finding: the package is not analysed, and
			// its tests would not build. Said as the standalone
			// run says it.
			msg := f.Message
			if pkg, errs, ok := strings.Cut(strings.TrimPrefix(msg, "# "), "\n"); ok && strings.HasPrefix(msg, "# ") {
				msg = "package " + pkg + " does not compile, so it is not measured:\n" + errs
			} else if f.Location.File != "" {
				msg = fmt.Sprintf("%s:%d:%d: %s", f.Location.File, f.Location.Line, f.Location.Column, msg)
			}
			fmt.Fprintf(stderr, "corefit confirm: %s\n", msg)
			continue
		}
		if f.End != nil && f.End.File == "" {
			f.End = nil
		}
		fs = append(fs, f)
	}
	return fs, nil
}

// assign maps each finding to the package whose directory holds its file.
func assign(fs []*finding, pkgs []*listedPkg) map[string][]*finding {
	byFile := map[string]*listedPkg{}
	for _, p := range pkgs {
		for _, f := range p.files() {
			byFile[canonical(f)] = p
		}
	}
	out := map[string][]*finding{}
	for _, f := range fs {
		if p := byFile[canonical(f.Location.File)]; p != nil {
			out[p.ImportPath] = append(out[p.ImportPath], f)
		}
	}
	return out
}

// canonical makes a path comparable to the ones the race detector and the
// tracer print (absolute, symbolic links resolved).
func canonical(path string) string {
	if c, ok := canonicals[path]; ok {
		return c
	}
	in := path
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	canonicals[in] = path
	return path
}

// canonicals are canonical's answers: the trace's frames name the same
// few files again and again. corefit confirm runs on one goroutine.
var canonicals = map[string]string{}

// measurePackage runs the package's tests as its findings need and sets
// their evidence. It reports whether it left files in work for the user.
func measurePackage(cfg confirmConfig, p *listedPkg, fs []*finding, work string) (kept bool) {
	if !p.hasTests() {
		for _, f := range fs {
			f.Evidence = &evidence{Status: notExercised, Summary: "not exercised (the package has no tests)"}
		}
		return false
	}
	var races, pools, stalls, others []*finding
	for _, f := range fs {
		switch f.Code {
		case "sharedstate":
			races = append(races, f)
		case "poolblock":
			pools = append(pools, f)
		case "iostall":
			stalls = append(stalls, f)
		default:
			others = append(others, f)
		}
	}
	base := filepath.Join(work, strings.NewReplacer("/", "_", ".", "_").Replace(p.ImportPath))

	// The race detector and the coverage profile: one run for the
	// findings that are not measured by the tracer. The tracer runs
	// apart, as the race detector would slow the workers it times.
	if len(races)+len(others) > 0 {
		race := len(races) > 0 && raceSupported()
		var args []string
		if race {
			args = append(args, "-race")
		}
		out, _, note, covered := testRun(cfg, p, args, base+".cover", base+".race.txt")
		reports := parseRaces(out)
		for _, f := range races {
			f.Evidence = raceEvidence(f, race, reports, covered)
		}
		for _, f := range others {
			if !covered.ran(f.Location) {
				f.Evidence = &evidence{Status: notExercised, Summary: "not exercised by the tests run"}
			} else {
				f.Evidence = &evidence{Status: notMeasured, Summary: "not measured yet: the tests reach it, but corefit confirm does not time " + f.Code + " findings yet"}
			}
		}
		noteFailure(append(races, others...), note)
		kept = kept || note != ""
	}
	if len(pools)+len(stalls) > 0 {
		note := measureTrace(cfg, p, pools, stalls, base)
		kept = kept || note != ""
	}
	return kept
}

// measureTrace runs the tests under the execution tracer and sets the
// evidence of the pools and the stalls. With stalls, the CPU profiler runs
// too, so that the trace holds CPU samples, and a coverage profile says
// whether the tests reach a line no sample saw. It returns the note on
// failed tests ("" when they passed).
func measureTrace(cfg confirmConfig, p *listedPkg, pools, stalls []*finding, base string) string {
	tr := base + ".trace"
	args := []string{"-trace=" + tr}
	cover := ""
	if len(stalls) > 0 {
		// -cpuprofile writes the test binary too: not in the
		// user's directory.
		args = append(args, "-cpuprofile="+base+".cpu", "-o="+base+".test")
		cover = base + ".trace.cover"
	}
	_, failed, note, covered := testRun(cfg, p, args, cover, base+".trace.txt")
	os.Remove(base + ".cpu")
	os.Remove(base + ".test")
	sites := make([]*poolSite, len(pools))
	for i, f := range pools {
		sites[i] = newPoolSite(f)
	}
	stallSites := make([]*stallSite, len(stalls))
	for i, f := range stalls {
		stallSites[i] = newStallSite(f)
	}
	tracker := newStallTracker(stallSites)
	err := readTrace(tr, sites, tracker)
	os.Remove(tr)
	all := append(append([]*finding{}, pools...), stalls...)
	if err != nil {
		for _, f := range all {
			f.Evidence = &evidence{Status: notMeasured, Summary: "not measured: the trace could not be read: " + err.Error()}
		}
		noteFailure(all, note)
		return note
	}
	for i, f := range pools {
		f.Evidence = sites[i].evidence()
		if failed != "" && sites[i].workers == 0 {
			// A test binary that exits early leaves the trace
			// without its last generations.
			f.Evidence = &evidence{Status: notMeasured, Summary: "not measured: no worker of this pool is in the trace, which may be cut short as the tests failed"}
		}
	}
	for i, f := range stalls {
		f.Evidence = stallSites[i].evidence(tracker, covered)
	}
	if failed != "" {
		for _, f := range all {
			if ev := f.Evidence; ev.Status == confirmed || ev.Status == noCost {
				// What ran may be the failure (a server that is
				// not there, its retries), not the workload: the
				// figures are given, no verdict.
				_, shown, _ := strings.Cut(ev.Summary, ": ")
				ev.Status, ev.Summary = notMeasured, "not measured: the tests failed, so what ran may be the failure, not the workload; the trace showed: "+shown
			}
		}
	}
	noteFailure(all, note)
	return note
}

// noteFailure adds to the findings' evidence that their tests failed, and
// where their output is: what was measured may be partial.
func noteFailure(fs []*finding, note string) {
	if note == "" {
		return
	}
	for _, f := range fs {
		f.Evidence.Summary += " (" + note + ")"
		if f.Evidence.Figures == nil {
			f.Evidence.Figures = map[string]any{}
		}
		f.Evidence.Figures["tests_failed"] = note
	}
}

// testRun runs goTest with a coverage profile in cover (none when cover is
// ""), read and removed, and keeps the output of tests that failed in keep.
// note is what keepOutput returned ("" when they passed).
func testRun(cfg confirmConfig, p *listedPkg, extra []string, cover, keep string) (out []byte, failed, note string, covered coverage) {
	if cover != "" {
		extra = append(extra, "-coverprofile="+cover)
	}
	out, failed = goTest(cfg, p, extra)
	if failed != "" {
		note = keepOutput(cfg, keep, out, failed)
	}
	if cover != "" {
		covered = readCoverage(cover, p)
		os.Remove(cover)
	}
	return out, failed, note, covered
}

// goTest runs the package's tests with -v and the extra flags, and returns
// their output, and why they failed ("" when they passed).
func goTest(cfg confirmConfig, p *listedPkg, extra []string) (out []byte, failed string) {
	args := []string{"test", "-v", "-count=1", "-timeout=" + cfg.timeout}
	if cfg.run != "" {
		args = append(args, "-run="+cfg.run)
	}
	if cfg.bench != "" {
		args = append(args, "-bench="+cfg.bench)
		if cfg.benchtime != "" {
			args = append(args, "-benchtime="+cfg.benchtime)
		}
	}
	args = append(args, extra...)
	args = append(args, p.ImportPath)
	cmd := exec.Command("go", args...)
	cmd.Dir = p.Dir
	out, err := cmd.CombinedOutput()
	if err == nil {
		return out, ""
	}
	switch {
	case bytes.Contains(out, []byte("panic: test timed out after")):
		return out, "timed out after -timeout " + cfg.timeout
	case racesOnly(out):
		// Under -race a race fails its test: that is the measurement,
		// not a failure to report.
		return out, ""
	}
	return out, "failed with " + err.Error()
}

// racesOnly reports whether every test that failed failed only because
// the race detector found a race in it.
func racesOnly(out []byte) bool {
	fails := bytes.Count(out, []byte("--- FAIL: "))
	races := bytes.Count(out, []byte("race detected during execution of test"))
	return fails > 0 && fails == races && bytes.Contains(out, []byte("WARNING: DATA RACE"))
}

// keepOutput writes the output of tests that failed to path, says where,
// and returns the note for their findings' evidence ("" if not kept).
func keepOutput(cfg confirmConfig, path string, out []byte, why string) string {
	if err := os.WriteFile(path, out, 0o644); err != nil {
		fmt.Fprintf(cfg.stderr, "corefit confirm: the tests %s; their output could not be kept: %v\n", why, err)
		return ""
	}
	note := fmt.Sprintf("the tests %s; output in %s", why, path)
	fmt.Fprintf(cfg.stderr, "corefit confirm: %s\n", note)
	return note
}

// raceSupported reports whether go test -race can build here: the race
// runtime needs cgo.
var raceSupported = sync.OnceValue(func() bool {
	out, err := exec.Command("go", "env", "CGO_ENABLED").Output()
	return err == nil && strings.TrimSpace(string(out)) == "1"
})

// A raceReport is one WARNING: DATA RACE block: the frames of its two
// accesses (not of the goroutines' creation), and the test that ran.
type raceReport struct {
	frames []frame
	test   string
	text   string // the report as printed, for -report
}

type frame struct {
	file string
	line int
}

var (
	frameLine = regexp.MustCompile(`^\s+(\S+\.go):(\d+)(?: \+0x[0-9a-f]+)?$`)
	testLine  = regexp.MustCompile(`^=== (?:RUN|CONT|NAME)\s+(\S+)`)
	failLine  = regexp.MustCompile(`^\s*--- FAIL: (\S+)`)
)

// parseRaces reads the race reports in go test -v output. The test that
// was running is the last one -v announced before the report; a report
// printed before any (from TestMain or init) takes the test that failed
// with "race detected" after it.
func parseRaces(out []byte) []raceReport {
	var reports []raceReport
	var cur *raceReport
	inAccess := false
	test := ""
	pending := -1 // first report with no test yet
	for line := range strings.Lines(string(out)) {
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "WARNING: DATA RACE":
			reports = append(reports, raceReport{test: test})
			cur = &reports[len(reports)-1]
			inAccess = false
			if test == "" && pending < 0 {
				pending = len(reports) - 1
			}
			continue
		case line == "==================":
			cur = nil
			continue
		}
		if m := testLine.FindStringSubmatch(line); m != nil {
			test = m[1]
		}
		if m := failLine.FindStringSubmatch(line); m != nil && pending >= 0 {
			for i := pending; i < len(reports); i++ {
				if reports[i].test == "" {
					reports[i].test = m[1]
				}
			}
			pending = -1
		}
		if cur == nil {
			continue
		}
		cur.text += line + "\n"
		switch {
		case strings.Contains(line, " at 0x") && strings.Contains(line, " by "):
			// "Read at 0x... by goroutine 8:", "Previous write at ...".
			inAccess = true
		case strings.HasPrefix(line, "Goroutine ") && strings.Contains(line, "created at:"):
			inAccess = false
		}
		if m := frameLine.FindStringSubmatch(line); m != nil && inAccess {
			n, _ := strconv.Atoi(m[2])
			cur.frames = append(cur.frames, frame{m[1], n})
		}
	}
	return reports
}

// lines is the set of file:line a finding names: its position and its
// related positions (the other access, the chain's steps).
func (f *finding) lines() map[frame]bool {
	set := map[frame]bool{{canonical(f.Location.File), f.Location.Line}: true}
	for _, r := range f.Related {
		set[frame{canonical(r.Location.File), r.Location.Line}] = true
	}
	return set
}

func raceEvidence(f *finding, race bool, reports []raceReport, covered coverage) *evidence {
	want := f.lines()
	var tests []string
	text := ""
	seen := map[string]bool{}
	for _, r := range reports {
		for _, fr := range r.frames {
			if want[frame{canonical(fr.file), fr.line}] {
				name := r.test
				if name == "" {
					name = "the test binary"
				}
				if !seen[name] {
					seen[name] = true
					tests = append(tests, name)
				}
				if text == "" {
					text = r.text
				}
				break
			}
		}
	}
	ran := covered.ran(f.Location)
	switch {
	case len(tests) > 0:
		return &evidence{Status: confirmed, Summary: "confirmed by the race detector in " + strings.Join(tests, ", "),
			Figures: map[string]any{"tests": tests, "race_report": text}}
	case !ran:
		return &evidence{Status: notExercised, Summary: "not exercised by the tests run"}
	case !race:
		return &evidence{Status: notMeasured, Summary: "not measured: the race detector needs cgo (CGO_ENABLED=1 and a C compiler); the tests reach the access"}
	}
	return &evidence{Status: noCost, Summary: "no race seen: the tests ran the access under the race detector, which reported no race on it"}
}

// coverage is the set of lines a coverage profile saw run, by file.
type coverage map[string][][2]int

// readCoverage reads a go test -coverprofile file, naming files by their
// path on disk (the profile names them by import path).
func readCoverage(path string, p *listedPkg) coverage {
	profiles, err := cover.ParseProfiles(path)
	if err != nil {
		return nil
	}
	c := coverage{}
	for _, prof := range profiles {
		file := canonical(filepath.Join(p.Dir, filepath.Base(prof.FileName)))
		for _, b := range prof.Blocks {
			if b.Count > 0 {
				c[file] = append(c[file], [2]int{b.StartLine, b.EndLine})
			}
		}
	}
	return c
}

// ran reports whether the profile saw a block that spans pos's line run.
func (c coverage) ran(pos position) bool {
	for _, b := range c[canonical(pos.File)] {
		if b[0] <= pos.Line && pos.Line <= b[1] {
			return true
		}
	}
	return false
}

// A poolSite is a poolblock finding's pool, as the trace shows it: the
// goroutines its launch created, and how they spent their time.
type poolSite struct {
	// The launch: a goroutine belongs to the pool when a frame of its
	// creation stack is in file, on launch (the "workers start here"
	// line) or, without one, in [from, to] (the function that sizes the
	// pool).
	file     string
	launch   int
	from, to int
	flagged  map[frame]bool // the flagged call and its chain
	kind     string         // what the finding says the call waits for

	workers  int
	running  int64            // ns
	blocked  map[string]int64 // ns blocked in the flagged call, by kind
	runnable int64            // ns runnable: waiting for a core
	idle     int64            // ns waiting elsewhere (for work, on a lock), of the workers that reached the call
	unworked int              // workers that never waited in the call
	spans    [][2]int64       // each worker's lifetime
	ivals    []poolInterval   // the workers' time, for the timeline
	procs    int
}

func newPoolSite(f *finding) *poolSite {
	s := &poolSite{file: canonical(f.Location.File), flagged: map[frame]bool{}, blocked: map[string]int64{}, kind: waitKind(f.Message)}
	var size *position
	for _, r := range f.Related {
		switch {
		case r.Message == poolblock.WorkersStart:
			s.file, s.launch = canonical(r.Location.File), r.Location.Line
		case strings.HasPrefix(r.Message, poolblock.PoolSize):
			if size == nil {
				size = &r.Location
			}
		default:
			s.flagged[frame{canonical(r.Location.File), r.Location.Line}] = true
		}
	}
	s.flagged[frame{canonical(f.Location.File), f.Location.Line}] = true
	if s.launch == 0 {
		at := f.Location
		if size != nil {
			at = *size
		}
		s.file = canonical(at.File)
		s.from, s.to, _ = enclosing(at)
	}
	return s
}

// waitKind reads what the call waits for from poolblock's message, which
// says it with catalog.Kind.Phrase, as the trace's wait reasons name it.
func waitKind(msg string) string {
	for k := catalog.Network; k <= catalog.Sleep; k++ {
		if !strings.Contains(msg, " "+k.Phrase()+" ") {
			continue
		}
		switch k {
		case catalog.Network, catalog.WaitForData:
			return "network"
		case catalog.Sleep:
			return "sleep"
		}
		return "syscall" // disk, fsync, metadata, a child process
	}
	return "sync"
}

// enclosing returns the lines of the outermost function declaration
// around pos (pos's line alone when there is none), and the last line of
// the for or range statement that begins at pos (a finding on a loop: its
// work runs on the lines of its body), or pos's line: one parse for both.
func enclosing(pos position) (from, to, loopTo int) {
	from, to, loopTo = pos.Line, pos.Line, pos.Line
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, pos.File, nil, parser.SkipObjectResolution)
	if err != nil {
		return
	}
	for _, d := range file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		a, b := fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line
		if a <= pos.Line && pos.Line <= b {
			from, to = a, b
			break
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if p := fset.Position(n.Pos()); p.Line == pos.Line && p.Column == pos.Column {
				loopTo = fset.Position(n.End()).Line
			}
		}
		return loopTo == pos.Line
	})
	return
}

// creates reports whether a goroutine created with this stack is one of
// the pool's workers.
func (s *poolSite) creates(stack trace.Stack) bool {
	return anyFrame(stack, func(file string, line int) bool {
		if s.launch != 0 && line != s.launch || s.launch == 0 && (line < s.from || s.to < line) {
			return false
		}
		return canonical(file) == s.file
	})
}

// inFlagged reports whether a wait with this stack is in the flagged call.
func (s *poolSite) inFlagged(stack trace.Stack) bool {
	return anyFrame(stack, func(file string, line int) bool { return s.flagged[frame{canonical(file), line}] })
}

// anyFrame reports whether a frame of the stack matches. match gets the
// file as the trace names it: canonical costs system calls, so a matcher
// checks the line first.
func anyFrame(stack trace.Stack, match func(file string, line int) bool) bool {
	for fr := range stack.Frames() {
		if match(fr.File, int(fr.Line)) {
			return true
		}
	}
	return false
}

// goState is a traced goroutine: its state since when, and the pools it
// works for.
type goState struct {
	state   trace.GoState
	since   trace.Time
	created trace.Time
	sites   []*poolSite
	// in the flagged call of each site, for the current wait
	waitKind []string
	idle     []int64 // ns waiting elsewhere, per site
	worked   []bool  // it waited in the site's flagged call
}

// done adds the goroutine's idle time to its sites: a worker that never
// waited in the flagged call is counted apart (it found no work, or its
// work did not block), its idle time with it.
func (g *goState) done(end trace.Time) {
	for i, s := range g.sites {
		s.spans = append(s.spans, [2]int64{int64(g.created), int64(end)})
		if g.worked[i] {
			s.idle += g.idle[i]
		} else {
			s.unworked++
		}
	}
}

// readTrace follows the goroutines of each site through the trace, and
// gives every event to the stall tracker.
func readTrace(path string, sites []*poolSite, stalls *stallTracker) (err error) {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	defer func() {
		// The reader is new and its input the user's: a malformed
		// trace must not crash the run.
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	r, err := trace.NewReader(bufio.NewReader(fh))
	if err != nil {
		return err
	}
	gs := map[trace.GoID]*goState{}
	procs := 0
	var last trace.Time
	events := 0
	for {
		e, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		events++
		last = e.Time()
		stalls.event(e)
		switch e.Kind() {
		case trace.EventMetric:
			if m := e.Metric(); m.Name == "/sched/gomaxprocs:threads" {
				procs = int(m.Value.Uint64())
			}
		case trace.EventStateTransition:
			st := e.StateTransition()
			if st.Resource.Kind != trace.ResourceGoroutine {
				continue
			}
			id := st.Resource.Goroutine()
			from, to := st.Goroutine()
			g := gs[id]
			if from == trace.GoNotExist {
				// Creation: the event's stack is the creator's, at
				// the go statement (or the launcher's call).
				var mine []*poolSite
				for _, s := range sites {
					if s.creates(e.Stack()) {
						mine = append(mine, s)
					}
				}
				if len(mine) == 0 {
					continue
				}
				g = &goState{created: e.Time(), sites: mine, waitKind: make([]string, len(mine)), idle: make([]int64, len(mine)), worked: make([]bool, len(mine))}
				gs[id] = g
				for _, s := range mine {
					s.workers++
				}
			}
			if g == nil {
				continue
			}
			g.account(e.Time())
			g.state, g.since = to, e.Time()
			if to == trace.GoWaiting || to == trace.GoSyscall {
				for i, s := range g.sites {
					g.waitKind[i] = ""
					if s.inFlagged(st.Stack) {
						g.waitKind[i] = blockKind(to, st.Reason, s.kind)
						g.worked[i] = true
					}
				}
			}
			if to == trace.GoNotExist {
				g.done(e.Time())
				delete(gs, id)
			}
		}
	}
	if events == 0 {
		// The runtime writes the trace out as it goes; none at all
		// means the test binary ended before its first flush.
		return errors.New("it holds no events (did the test binary exit before writing it?)")
	}
	stalls.finish(last)
	// Goroutines still alive when the trace ended.
	for _, g := range gs {
		g.account(last)
		g.done(last)
	}
	for _, s := range sites {
		s.procs = procs
	}
	return nil
}

// account adds the time since the last transition to the goroutine's
// sites.
func (g *goState) account(now trace.Time) {
	if g.since == 0 {
		return
	}
	d := int64(now - g.since)
	for i, s := range g.sites {
		iv := poolInterval{int64(g.since), int64(now), poolOther}
		switch {
		case g.state == trace.GoRunning:
			s.running += d
			iv.what = poolRunning
		case (g.state == trace.GoWaiting || g.state == trace.GoSyscall) && g.waitKind[i] != "":
			s.blocked[g.waitKind[i]] += d
			iv.what = poolBlocked
		case g.state == trace.GoRunnable:
			s.runnable += d
		default:
			g.idle[i] += d
		}
		s.ivals = append(s.ivals, iv)
	}
}

// blockKind names a wait in the flagged call: the runtime's reason when it
// says network, sleep or a system call; else (a channel, a select, a
// lock) the kind the finding names, because the flagged call waits on a
// goroutine of its library that does the I/O (net/http's transport reads
// the response, the worker waits for it in a select).
func blockKind(to trace.GoState, reason, kind string) string {
	switch {
	case to == trace.GoSyscall:
		return "syscall"
	case reason == "network":
		return "network"
	case reason == "sleep":
		return "sleep"
	}
	return kind
}

// evidence turns the site's figures into a verdict: confirmed when its
// workers spent most of their working time blocked in the flagged call,
// and were working most of their lives. Working time is running, blocked
// in the call, or runnable; a worker waiting elsewhere (for the next task,
// on a lock) is idle. Workers idle most of their lives kept up with the
// work whatever their number: the pool's size held nothing up.
func (s *poolSite) evidence() *evidence {
	if s.workers == 0 {
		return &evidence{Status: notExercised, Summary: "not exercised by the tests run (no worker of this pool ran)"}
	}
	var blocked int64
	for _, d := range s.blocked {
		blocked += d
	}
	total := s.running + blocked + s.runnable
	share := func(d int64) float64 {
		if total == 0 {
			return 0
		}
		return float64(d) / float64(total)
	}
	wall := union(s.spans)
	busy := 0.0
	if wall > 0 {
		busy = float64(s.running) / float64(wall)
	}
	var split []string
	kinds := make([]string, 0, len(s.blocked))
	for k := range s.blocked {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return s.blocked[kinds[i]] > s.blocked[kinds[j]] })
	splitFig := map[string]float64{}
	for _, k := range kinds {
		split = append(split, fmt.Sprintf("%s %.0f%%", k, 100*share(s.blocked[k])))
		splitFig[k] = round3(share(s.blocked[k]))
	}
	summary := fmt.Sprintf("%d worker%s ran", s.workers, plural(s.workers))
	if s.unworked > 0 {
		summary += fmt.Sprintf(" (%d never waited in the call)", s.unworked)
	}
	summary += fmt.Sprintf("; blocked %.0f%% of their working time", 100*share(blocked))
	if len(split) > 0 {
		summary += " (" + strings.Join(split, ", ") + ")"
	}
	idle := 0.0
	if life := total + s.idle; life > 0 {
		idle = float64(s.idle) / float64(life)
	}
	if idle >= 0.005 {
		who := ""
		if s.unworked > 0 {
			who = "those that did "
		}
		summary += fmt.Sprintf("; %sidle %.0f%% of their lives (waiting for work or elsewhere)", who, 100*idle)
	}
	procs := strconv.Itoa(s.procs)
	if s.procs == 0 {
		procs = "?"
	}
	summary += fmt.Sprintf("; %s of %s cores busy", cores(busy), procs)
	figs := map[string]any{
		"workers":       s.workers,
		"blocked_share": round3(share(blocked)),
		"blocked_split": splitFig,
		"idle_share":    round3(idle),
		"running_ns":    s.running,
		"wall_ns":       wall,
		"cores_busy":    round3(busy),
		"cores":         s.procs,
		"timeline":      s.timeline(timelineBuckets),
	}
	if share(blocked) > 0.5 && idle < 0.5 {
		return &evidence{Status: confirmed, Summary: "confirmed: " + summary, Figures: figs}
	}
	if share(blocked) > 0.5 {
		summary += "; the workers waited for work most of their lives, so the pool's size held nothing up in these tests"
	}
	return &evidence{Status: noCost, Summary: "no cost seen: " + summary, Figures: figs}
}

// cores formats a number of cores: one decimal, two below 0.1 so that a
// pool that barely ran does not read as 0.0.
func cores(x float64) string {
	switch {
	case x == 0:
		return "0"
	case x < 0.01:
		return "<0.01"
	case x < 0.095:
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }

// union is the length of the union of the spans: the time the pool had a
// worker alive.
func union(spans [][2]int64) int64 {
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	var total, end int64
	start := int64(-1)
	for _, sp := range spans {
		if start < 0 || sp[0] > end {
			if start >= 0 {
				total += end - start
			}
			start, end = sp[0], sp[1]
		} else if sp[1] > end {
			end = sp[1]
		}
	}
	if start >= 0 {
		total += end - start
	}
	return total
}

// relName is name relative to wd when it is below it.
func relName(wd, name string) string {
	if rel, err := filepath.Rel(wd, name); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return name
}

// printFindings writes each finding and its evidence, in corefit's order.
func printFindings(cfg confirmConfig, fs []*finding) error {
	w := bufio.NewWriter(cfg.stdout)
	wd, _ := os.Getwd()
	for _, f := range fs {
		if cfg.format == "json" {
			data, err := json.Marshal(f)
			if err != nil {
				return err
			}
			w.Write(data)
			w.WriteByte('\n')
			continue
		}
		name := relName(wd, f.Location.File)
		fmt.Fprintf(w, "%s:%d:%d: %s (%s)\n\tconfirm: %s\n", name, f.Location.Line, f.Location.Column, f.Message, f.Code, f.Evidence.Summary)
	}
	return w.Flush()
}
