package bench_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corefit/corefit/bench"
)

func TestSummarize(t *testing.T) {
	s := bench.Summarize([]float64{5, 1, 4, 2, 3})
	if s.Median != 3 || s.Min != 1 || s.Max != 5 || s.Q1 != 2 || s.Q3 != 4 || s.N != 5 {
		t.Errorf("Summarize(5 1 4 2 3) = %+v", s)
	}
	s = bench.Summarize([]float64{10, 20})
	if s.Median != 15 || s.Q1 != 12.5 || s.Q3 != 17.5 {
		t.Errorf("Summarize(10 20) = %+v", s)
	}
	if s := bench.Summarize(nil); !math.IsNaN(s.Median) || s.N != 0 {
		t.Errorf("Summarize(nil) = %+v", s)
	}
}

func TestMannWhitney(t *testing.T) {
	a := []float64{1, 2, 3, 4, 5}
	b := []float64{6, 7, 8, 9, 10}
	// All 252 orderings of 5 and 5; U = 0 in 1 of them, each way.
	if p := bench.MannWhitney(a, b); math.Abs(p-2.0/252) > 1e-12 {
		t.Errorf("p(separated 5 and 5) = %v, want %v", p, 2.0/252)
	}
	if p := bench.MannWhitney(b, a); math.Abs(p-2.0/252) > 1e-12 {
		t.Errorf("p is not symmetric: %v", p)
	}
	if p := bench.MannWhitney([]float64{1, 3, 5}, []float64{2, 4, 6}); p < 0.5 {
		t.Errorf("p(interleaved) = %v, want large", p)
	}
	if p := bench.MannWhitney([]float64{1, 1, 1, 1}, []float64{1, 1, 1, 1}); p != 1 {
		t.Errorf("p(all tied) = %v, want 1", p)
	}
}

func TestCost(t *testing.T) {
	res := func(bad, good []float64) bench.Result {
		return bench.Result{Metric: bench.Throughput, Bad: bench.Summarize(bad), Good: bench.Summarize(good)}
	}
	for _, tc := range []struct {
		bad, good []float64
		want      string
	}{
		{[]float64{100, 110, 105}, []float64{400, 420, 410}, "3.9× slower"},
		{[]float64{100, 300}, []float64{200, 250}, "none shown"},
		{[]float64{500, 510}, []float64{100, 110}, "none: bad 4.8× better"},
		// Five repeats: one pair out of order still tells them apart...
		{[]float64{100, 101, 102, 103, 205}, []float64{200, 210, 220, 230, 240}, "2.2× slower"},
		// ...a value among the others' does not.
		{[]float64{100, 101, 102, 103, 225}, []float64{200, 210, 220, 230, 240}, "none shown"},
	} {
		if got := res(tc.bad, tc.good).Cost(); got != tc.want {
			t.Errorf("Cost(bad %v, good %v) = %q, want %q", tc.bad, tc.good, got, tc.want)
		}
	}
}

// emptyReport is a report on the pairs of analyzer, at GOMAXPROCS 1 and 2,
// with no results yet.
func emptyReport(analyzer, command string) (*bench.Report, []bench.Pair) {
	var pairs []bench.Pair
	for _, p := range bench.All() {
		if p.Analyzer == analyzer {
			pairs = append(pairs, p)
		}
	}
	return &bench.Report{
		Command: command,
		Machine: bench.Machine{CPU: "Test CPU <1>", Cores: 2, GoVersion: "go1.26", OS: "linux/amd64"},
		Procs:   []int{1, 2},
		N:       3,
		Pairs:   bench.Describe(pairs, false),
	}, pairs
}

// jsonRoundTrip writes the report as JSON and reads it back.
func jsonRoundTrip(t *testing.T, r *bench.Report) *bench.Report {
	t.Helper()
	file := filepath.Join(t.TempDir(), "r.json")
	if err := r.WriteJSON(file); err != nil {
		t.Fatal(err)
	}
	back, err := bench.ReadReport(file)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

// checkTable checks that the report's table contains every string of want.
func checkTable(t *testing.T, r *bench.Report, want ...string) {
	t.Helper()
	var table bytes.Buffer
	if err := r.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if !strings.Contains(table.String(), w) {
			t.Errorf("table lacks %q:\n%s", w, table.String())
		}
	}
}

// checkSVG checks that the charts in dir are well-formed XML and contain
// every string of want.
func checkSVG(t *testing.T, dir string, charts []string, want ...string) {
	t.Helper()
	for _, c := range charts {
		b, err := os.ReadFile(filepath.Join(dir, c))
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed: %v", c, err)
			}
		}
		for _, w := range want {
			if !bytes.Contains(b, []byte(w)) {
				t.Errorf("%s lacks %q", c, w)
			}
		}
		if bytes.Contains(b, []byte("NaN")) {
			t.Errorf("%s has NaN in it", c)
		}
	}
}

// fakeReport is a report on poolblock's pairs with made-up figures, for the
// output formats.
func fakeReport() *bench.Report {
	r, pairs := emptyReport("poolblock", "go run ./cmd/corefit-bench -procs 1,2")
	for _, p := range pairs {
		for _, procs := range r.Procs {
			f := float64(procs)
			res := bench.Result{Pair: p.Name(), Analyzer: p.Analyzer, Kind: p.Kind, Procs: procs, Metric: p.Metric,
				Bad: bench.Summarize([]float64{100 * f, 110 * f, 90 * f}), Good: bench.Summarize([]float64{900 * f, 1000 * f, 1100 * f})}
			res.Ratio = res.Bad.Median / res.Good.Median
			r.Results = append(r.Results, res)
		}
	}
	return r
}

func TestOutputs(t *testing.T) {
	r := fakeReport()
	checkTable(t, r, "poolblock/network", "100 (90.0–110)", "1,000 (900–1,100)", "0.1", "10× slower", "Test CPU <1>")

	dir := t.TempDir()
	charts, err := r.WriteCharts(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"poolblock-throughput.svg", "poolblock-scaling.svg"}; strings.Join(charts, " ") != strings.Join(want, " ") {
		t.Errorf("charts = %v, want %v", charts, want)
	}
	// Well-formed XML, with the machine's name escaped.
	checkSVG(t, dir, charts, "Test CPU &lt;1&gt;", "disk-cold")

	var md bytes.Buffer
	r.WriteMarkdown(&md, charts)
	for _, want := range []string{"| poolblock/fsync | 2 | items/s |", "![poolblock-scaling](poolblock-scaling.svg)", r.Command, "`-poolblock.kinds=all`"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}

	back := jsonRoundTrip(t, r)
	if len(back.Results) != len(r.Results) || back.Results[3].Bad.Median != r.Results[3].Bad.Median || back.Machine != r.Machine {
		t.Errorf("the JSON report does not read back")
	}
}

// lossReport is a report on sharedstate's pairs with made-up figures: at
// GOMAXPROCS=2 every run of map crashed, and counter lost nothing at 1.
func lossReport() *bench.Report {
	r, pairs := emptyReport("sharedstate", "go run ./cmd/corefit-bench -pairs sharedstate -procs 1,2")
	for _, p := range pairs {
		for _, procs := range r.Procs {
			res := bench.Result{Pair: p.Name(), Analyzer: p.Analyzer, Kind: p.Kind, Procs: procs, Metric: p.Metric, Of: 1000,
				Bad: bench.Summarize([]float64{100, 120, 80}), Good: bench.Summarize([]float64{0, 0, 0})}
			switch {
			case p.Kind == "map" && procs == 2:
				res.Bad, res.BadCrashes = bench.Summarize(nil), 3
			case p.Kind == "counter" && procs == 1:
				res.Bad = bench.Summarize([]float64{0, 0, 0})
			case p.Kind == "append" && procs == 1:
				res.Bad = bench.Summarize([]float64{0, 0, 250})
			case p.Kind == "append" && procs == 2:
				res.Bad = bench.Summarize([]float64{0, 300, 250})
			}
			races, none := bench.Summarize([]float64{2, 2, 1}), bench.Summarize([]float64{0, 0, 0})
			res.BadRaces, res.GoodRaces = &races, &none
			r.Results = append(r.Results, res)
		}
	}
	return r
}

func TestLossOutputs(t *testing.T) {
	r := lossReport()
	costs := map[string]string{}
	for _, res := range r.Results {
		costs[res.Pair+"@"+string(rune('0'+res.Procs))] = res.Cost()
	}
	for k, want := range map[string]string{
		"sharedstate/counter@1": "none lost; 1–2 race reports",
		"sharedstate/counter@2": "lost 100 of 1,000; 1–2 race reports",
		"sharedstate/map@2":     "crashed 3 of 3 runs; 1–2 race reports",
		"sharedstate/append@1":  "lost in 1 of 3 runs, up to 250 of 1,000; 1–2 race reports",
		"sharedstate/append@2":  "lost 250 of 1,000, in 2 of 3 runs; 1–2 race reports",
	} {
		if costs[k] != want {
			t.Errorf("cost of %s = %q, want %q", k, costs[k], want)
		}
	}
	if nc := r.NoCost(); len(nc) != 1 || !strings.HasPrefix(nc[0], "sharedstate/counter at GOMAXPROCS=1") {
		t.Errorf("NoCost = %q, want only counter at 1", nc)
	}
	checkTable(t, r, "all crashed", "updates lost", "100 (80.0–120)")
	dir := t.TempDir()
	charts, err := r.WriteCharts(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := "sharedstate-lost.svg sharedstate-scaling.svg"; strings.Join(charts, " ") != want {
		t.Errorf("charts = %v, want %s", charts, want)
	}
	checkSVG(t, dir, charts, "crashed", "capturederr")
	var md bytes.Buffer
	r.WriteMarkdown(&md, charts)
	if !strings.Contains(md.String(), "| sharedstate/map | 2 | entries lost | all crashed | 0 | - | crashed 3 of 3 runs; 1–2 race reports |") {
		t.Errorf("markdown lacks the crashed map row:\n%s", md.String())
	}
	// An empty summary (every run crashed) is NaN, which JSON cannot hold.
	back := jsonRoundTrip(t, r)
	for i, res := range back.Results {
		if got, want := res.Cost(), r.Results[i].Cost(); got != want {
			t.Errorf("%s at %d reads back with cost %q, want %q", res.Pair, res.Procs, got, want)
		}
	}
}
