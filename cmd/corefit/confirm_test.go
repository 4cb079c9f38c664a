package main_test

import (
	"encoding/json"
	"encoding/xml"
	"html/template"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The corefit confirm tests run the command on testdata/confirm/m, a
// module whose packages each show one outcome: pool (an HTTP round trip to
// a slow server in a NumCPU pool: confirmed), hash (the same pool hashing:
// not flagged), nocost (hashing with a microsecond's sleep per item:
// flagged, no cost seen), counter (an unsynchronized counter: confirmed by
// the race detector), fixed (its mutex-locked fix: not flagged), unreached
// (a pool its tests do not call), notests (no tests at all) and loop (a
// select loop deriving keys inline while a heartbeat waits: iostall,
// confirmed with the delay the heartbeat saw) and handler (an HTTP handler
// deriving a key, four requests per core at once: confirmed with the
// other goroutines' scheduling latency) and conn (a connection's read
// loop deriving a key per request: confirmed when the client pipelines, no
// cost seen when it waits for each answer) and lanes (a handler whose
// derivation runs in goroutines it waits for: their time is the call's)
// and feed (pool's fetches handed out by a slow producer: the workers wait
// for work most of their lives, no cost seen) and pairs (an O(n²) handler,
// its finding on the loop: confirmed).
// The module
// testdata/confirm/slow has a test that outlives a short -timeout, and one
// that exits the process before the trace is written out.

// readModule reads a module of testdata into writeModule's form.
func readModule(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// confirmModule builds corefit and writes testdata/confirm/name out as a
// module: the binary and the module's directory.
func confirmModule(t *testing.T, name string) (bin, dir string) {
	t.Helper()
	return build(t), writeModule(t, readModule(t, filepath.Join("testdata", "confirm", name)))
}

// confirmed is one line of corefit confirm -f json.
type confirmed struct {
	Code     string
	Message  string
	Location struct {
		File string
		Line int
	}
	Evidence struct {
		Status  string
		Summary string
		Figures map[string]any
	}
}

func cgoEnabled() bool {
	out, err := exec.Command("go", "env", "CGO_ENABLED").Output()
	return err == nil && strings.TrimSpace(string(out)) == "1"
}

func TestConfirm(t *testing.T) {
	bin, dir := confirmModule(t, "m")

	report := filepath.Join(t.TempDir(), "report.html")
	out, code := run(t, dir, bin, "confirm", "-f", "json", "-report", report, "./...")
	if code != 0 {
		t.Fatalf("corefit confirm: exit %d\n%s", code, out)
	}
	byPkg := map[string]confirmed{}
	for line := range strings.Lines(out) {
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var c confirmed
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		pkg := filepath.Base(filepath.Dir(c.Location.File))
		if _, dup := byPkg[pkg]; dup {
			t.Errorf("two diagnostics in %s:\n%s", pkg, out)
		}
		byPkg[pkg] = c
		t.Logf("%s (%s): %s: %s", pkg, c.Code, c.Evidence.Status, c.Evidence.Summary)
	}
	for _, pkg := range []string{"hash", "fixed"} {
		if c, ok := byPkg[pkg]; ok {
			t.Errorf("%s is flagged (%s), want no diagnostic", pkg, c.Code)
		}
	}
	for _, pkg := range []string{"pool", "nocost", "counter", "unreached", "notests", "loop", "handler", "conn", "lanes", "feed", "pairs"} {
		if !strings.Contains(out, "corefit confirm: testing example.com/m/"+pkg+" (1 diagnostic)...") {
			t.Errorf("no progress line for %s:\n%s", pkg, out)
		}
		if !regexp.MustCompile(`corefit confirm: example.com/m/` + pkg + `: \d+\.\d s\n`).MatchString(out) {
			t.Errorf("no elapsed time for %s:\n%s", pkg, out)
		}
	}

	// The pool waiting on a slow server: its workers are blocked most
	// of their time, on the network.
	pool := byPkg["pool"]
	if pool.Code != "poolblock" || pool.Evidence.Status != "confirmed" {
		t.Errorf("pool: got %+v, want a confirmed poolblock diagnostic", pool)
	}
	if share, _ := pool.Evidence.Figures["blocked_share"].(float64); share <= 0.5 {
		t.Errorf("pool: blocked share %v, want > 0.5", share)
	}
	if !regexp.MustCompile(`^confirmed: \d+ workers ran; blocked \d+% of their working time \(network \d+%\)(; idle \d+% of their lives \(waiting for work or elsewhere\))?; \S+ of \d+ cores busy$`).MatchString(pool.Evidence.Summary) {
		t.Errorf("pool: summary %q", pool.Evidence.Summary)
	}

	// The same pool fed by a slow producer: blocked on the network while
	// they work, but waiting for work most of their lives: more workers
	// would not have gone faster.
	feed := byPkg["feed"]
	if feed.Code != "poolblock" || feed.Evidence.Status != "no-cost" ||
		!regexp.MustCompile(`^no cost seen: \d+ workers ran; blocked \d+% of their working time \(network \d+%\); idle \d+% of their lives \(waiting for work or elsewhere\); \S+ of \d+ cores busy; the workers waited for work most of their lives, so the pool's size held nothing up in these tests$`).MatchString(feed.Evidence.Summary) {
		t.Errorf("feed: got %+v, want no cost seen, the workers idle", feed)
	}

	nocost := byPkg["nocost"]
	if nocost.Code != "poolblock" || nocost.Evidence.Status != "no-cost" || !strings.HasPrefix(nocost.Evidence.Summary, "no cost seen: ") {
		t.Errorf("nocost: got %+v, want no cost seen", nocost)
	}
	if c := byPkg["unreached"]; c.Evidence.Status != "not-exercised" {
		t.Errorf("unreached: got %+v, want not exercised", c)
	}
	if c := byPkg["notests"]; c.Evidence.Summary != "not exercised (the package has no tests)" {
		t.Errorf("notests: got %+v, want not exercised (the package has no tests)", c)
	}

	// The select loop deriving keys: the heartbeat goroutine's sends
	// wait behind each derivation.
	loop := byPkg["loop"]
	if loop.Code != "iostall" || loop.Evidence.Status != "confirmed" {
		t.Errorf("loop: got %+v, want a confirmed iostall diagnostic", loop)
	}
	if !regexp.MustCompile(`^confirmed: the select loop spent \S+ ms per event in the flagged call \(\d+ events, up to \S+ ms\); \d+ events? behind it waited up to \S+ ms; other goroutines waited up to .* to run meanwhile \(scheduling latency p99, max .*\)$`).MatchString(loop.Evidence.Summary) {
		t.Errorf("loop: summary %q", loop.Evidence.Summary)
	}
	if n, _ := loop.Evidence.Figures["events"].(float64); n < 3 {
		t.Errorf("loop: %v events in the flagged call, want the test's 3 requests", loop.Evidence.Figures["events"])
	}
	for _, k := range []string{"mean_ms", "delay_max_ms"} {
		if x, _ := loop.Evidence.Figures[k].(float64); x < 1 {
			t.Errorf("loop: %s = %v, want >= 1", k, loop.Evidence.Figures[k])
		}
	}

	// The handler: eight requests at once derive keys on the cores, the
	// other goroutines wait to run.
	handler := byPkg["handler"]
	if handler.Code != "iostall" || handler.Evidence.Status != "confirmed" ||
		!regexp.MustCompile(`^confirmed: \d+ goroutines spent \S+ ms per request in the flagged call \(\d+ requests, up to \S+ ms\); other goroutines waited up to \S+ ms to run meanwhile \(scheduling latency p99, max \S+ ms\)$`).MatchString(handler.Evidence.Summary) {
		t.Errorf("handler: got %+v, want a confirmed iostall diagnostic", handler)
	}

	// The handler whose derivation runs in goroutines it starts and
	// waits for (as argon2.IDKey's lanes): their running time is the
	// call's.
	lanes := byPkg["lanes"]
	if lanes.Code != "iostall" || lanes.Evidence.Status != "confirmed" {
		t.Errorf("lanes: got %+v, want a confirmed iostall diagnostic", lanes)
	}
	if x, _ := lanes.Evidence.Figures["mean_ms"].(float64); x < 5 {
		t.Errorf("lanes: %v ms per request, want the lanes' running time (two 50000-round derivations)", x)
	}

	// The O(n²) handler: the finding is on the outer loop, and its work
	// runs on the lines of the loop's body.
	pairs := byPkg["pairs"]
	if pairs.Code != "iostall" || pairs.Evidence.Status != "confirmed" ||
		!regexp.MustCompile(`^confirmed: \d+ goroutines spent \S+ ms per request in the flagged call`).MatchString(pairs.Evidence.Summary) {
		t.Errorf("pairs: got %+v, want a confirmed iostall diagnostic", pairs)
	}

	// The connection's read loop: the pipelined requests wait in the
	// socket behind each derivation.
	conn := byPkg["conn"]
	if conn.Code != "iostall" || conn.Evidence.Status != "confirmed" ||
		!regexp.MustCompile(`^confirmed: the read loop spent \S+ ms per message in the flagged call \(\d+ messages, up to \S+ ms\); 3 messages behind it had waited up to \S+ ms, since a peer in the process wrote`).MatchString(conn.Evidence.Summary) {
		t.Errorf("conn: got %+v, want a confirmed iostall diagnostic with the 3 requests that waited", conn)
	}
	if x, _ := conn.Evidence.Figures["delay_max_ms"].(float64); x < 2*conn.Evidence.Figures["mean_ms"].(float64) {
		t.Errorf("conn: the last request waited %v ms, want at least the two derivations before it (%v ms each)", x, conn.Evidence.Figures["mean_ms"])
	}
	// The same loop when the client waits for each answer before it
	// sends the next request: nothing waits behind the derivation.
	out1, code := run(t, dir, bin, "confirm", "-run", "TestOneByOne", "./conn")
	if code != 0 || !regexp.MustCompile(`\tconfirm: no cost seen: the read loop spent \S+ ms per message in the flagged call \(4 messages, up to \S+ ms\); no other message waited behind it in these tests`).MatchString(out1) {
		t.Errorf("conn, one request at a time: exit %d, want no cost seen:\n%s", code, out1)
	}

	counter := byPkg["counter"]
	if !cgoEnabled() {
		t.Logf("skipping the race detector's check: go env CGO_ENABLED is 0 (the race detector needs cgo); counter: %s", counter.Evidence.Summary)
	} else if counter.Code != "sharedstate" || counter.Evidence.Summary != "confirmed by the race detector in TestCounter" {
		t.Errorf("counter: got %+v, want confirmed by the race detector in TestCounter", counter)
	}
	checkReport(t, report, byPkg)
	if strings.Contains(out, "output in ") {
		t.Errorf("output kept, but no test failed other than on its race:\n%s", out)
	}
}

// checkReport checks the -report file: a section per diagnostic with its
// message, escaped by html/template, an SVG chart (well-formed XML) in
// each confirmed poolblock and iostall section and in no other, the race
// report of a confirmed sharedstate one, and no script.
func checkReport(t *testing.T, path string, byPkg map[string]confirmed) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("-report: %v", err)
	}
	html := string(data)
	if strings.Contains(html, "<script") || strings.Contains(html, "src=") || strings.Contains(html, "href=") {
		t.Errorf("the report is not self-contained:\n%s", html)
	}
	sections := strings.Split(html, "<section>")[1:]
	if len(sections) != len(byPkg) {
		t.Errorf("%d sections in the report, want %d", len(sections), len(byPkg))
	}
	for pkg, c := range byPkg {
		var sec string
		for _, s := range sections {
			if strings.Contains(s, ">"+pkg+"/") {
				sec = s
			}
		}
		var msg strings.Builder
		template.Must(template.New("").Parse("<p>{{.}}</p>")).Execute(&msg, c.Message)
		if !strings.Contains(sec, msg.String()) {
			t.Errorf("report: no section for %s with %s", pkg, msg.String())
			continue
		}
		svgs := regexp.MustCompile(`(?s)<svg.*?</svg>`).FindAllString(sec, -1)
		wantChart := c.Evidence.Status == "confirmed" && (c.Code == "poolblock" || c.Code == "iostall")
		if wantChart != (len(svgs) > 0) {
			t.Errorf("report: %s (%s, %s) has %d charts", pkg, c.Code, c.Evidence.Status, len(svgs))
		}
		// A stall has two: its time per event, and the delay the others
		// saw (the events behind a loop; the goroutines a handler kept
		// from running).
		if wantChart && c.Code == "iostall" && len(svgs) != 2 {
			t.Errorf("report: %s has %d charts, want the time per event and the delays", pkg, len(svgs))
		}
		for _, svg := range svgs {
			d := xml.NewDecoder(strings.NewReader(svg))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Errorf("report: %s: malformed SVG: %v\n%s", pkg, err, svg)
					break
				}
			}
			if !strings.Contains(svg, "<rect") {
				t.Errorf("report: %s: a chart with no bars:\n%s", pkg, svg)
			}
		}
		if c.Code == "sharedstate" && c.Evidence.Status == "confirmed" && !strings.Contains(sec, "<pre>Read at ") && !strings.Contains(sec, "<pre>Write at ") {
			t.Errorf("report: no race report for %s:\n%s", pkg, sec)
		}
	}
	t.Logf("report: %d bytes, %d charts", len(data), strings.Count(html, "<svg"))
}

func TestConfirmText(t *testing.T) {
	bin, dir := confirmModule(t, "m")
	out, code := run(t, dir, bin, "confirm", "./notests", "./unreached")
	if code != 0 {
		t.Fatalf("corefit confirm: exit %d\n%s", code, out)
	}
	for _, want := range []string{
		"notests/notests.go:19:29: http.Head waits on the network in a worker of a pool sized to the CPUs (runtime.NumCPU()): ",
		" (poolblock)\n\tconfirm: not exercised (the package has no tests)\n",
		"unreached/unreached.go:17:26: net.Dial waits on the network",
		"\tconfirm: not exercised by the tests run (no worker of this pool ran)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

func TestConfirmBadInput(t *testing.T) {
	bin, dir := confirmModule(t, "slow")

	for pattern, want := range map[string]string{
		"./empty/...":   "corefit confirm: ./empty/... matched no packages",
		"./nothing/...": "corefit confirm: pattern ./nothing/...: lstat ./nothing/: no such file or directory",
	} {
		out, code := run(t, dir, bin, "confirm", pattern)
		if code != 1 || !strings.Contains(out, want) {
			t.Errorf("corefit confirm %s: exit %d, output:\n%s\nwant exit 1 and %q", pattern, code, out, want)
		}
	}

	out, code := run(t, dir, bin, "confirm", "-timeout", "2s", "./...")
	if code != 0 {
		t.Fatalf("corefit confirm: exit %d\n%s", code, out)
	}
	m := regexp.MustCompile(`the tests timed out after -timeout 2s; output in (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no kept output for the tests that timed out:\n%s", out)
	}
	if data, err := os.ReadFile(m[1]); err != nil || !strings.Contains(string(data), "panic: test timed out") {
		t.Errorf("kept output %s: %v\n%s", m[1], err, data)
	}
	if !strings.Contains(out, "\tconfirm: ") || !strings.Contains(out, "(the tests timed out after -timeout 2s; output in ") {
		t.Errorf("the evidence does not say the tests timed out:\n%s", out)
	}
	// A package that does not compile is said so, not listed as a
	// finding, and the others are measured.
	if !strings.Contains(out, "corefit confirm: package example.com/slow/broken does not compile, so it is not measured:\nbroken/broken.go:4:") || strings.Contains(out, "none of the packages listed") {
		t.Errorf("the broken package is not said so, or is a finding:\n%s", out)
	}
	// The pool of slow was blocked all the time, but the tests timed
	// out: what ran may be the failure, so the figures come without a
	// verdict.
	if !regexp.MustCompile(`\(poolblock\)\n\tconfirm: not measured: the tests failed, so what ran may be the failure, not the workload; the trace showed: \d+ workers ran; blocked 100% of their working time \(sleep 100%\)`).MatchString(out) {
		t.Errorf("the evidence for slow gives a verdict on a run that timed out:\n%s", out)
	}
	// The test of exits ends the process before the trace is written
	// out: its pool is not measured, rather than not exercised.
	if !strings.Contains(out, "(poolblock)\n\tconfirm: not measured: no worker of this pool is in the trace, which may be cut short as the tests failed (the tests failed with exit status 1; output in ") {
		t.Errorf("the evidence for exits does not say the trace may be cut short:\n%s", out)
	}
	for _, p := range regexp.MustCompile(`output in (\S+)\)`).FindAllStringSubmatch(out, -1) {
		os.RemoveAll(filepath.Dir(p[1]))
	}
}
