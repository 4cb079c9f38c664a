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

// fakeReport is a report on poolblock's pairs with made-up figures, for the
// output formats.
func fakeReport() *bench.Report {
	var pairs []bench.Pair
	for _, p := range bench.All() {
		if p.Analyzer == "poolblock" {
			pairs = append(pairs, p)
		}
	}
	r := &bench.Report{
		Command: "go run ./cmd/corefit-bench -procs 1,2",
		Machine: bench.Machine{CPU: "Test CPU <1>", Cores: 2, GoVersion: "go1.26", OS: "linux/amd64"},
		Procs:   []int{1, 2},
		N:       3,
		Pairs:   bench.Describe(pairs, false),
	}
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
	var table bytes.Buffer
	if err := r.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"poolblock/network", "100 (90.0–110)", "1,000 (900–1,100)", "0.1", "10× slower", "Test CPU <1>"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}

	dir := t.TempDir()
	charts, err := r.WriteCharts(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"poolblock-throughput.svg", "poolblock-scaling.svg"}; strings.Join(charts, " ") != strings.Join(want, " ") {
		t.Errorf("charts = %v, want %v", charts, want)
	}
	for _, c := range charts {
		b, err := os.ReadFile(filepath.Join(dir, c))
		if err != nil {
			t.Fatal(err)
		}
		// Well-formed XML, with the machine's name escaped.
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
		if !bytes.Contains(b, []byte("Test CPU &lt;1&gt;")) || !bytes.Contains(b, []byte("disk-cold")) {
			t.Errorf("%s lacks the machine or a pair", c)
		}
	}

	var md bytes.Buffer
	r.WriteMarkdown(&md, charts)
	for _, want := range []string{"| poolblock/fsync | 2 | items/s |", "![poolblock-scaling](poolblock-scaling.svg)", r.Command, "`-poolblock.kinds=all`"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}

	file := filepath.Join(dir, "r.json")
	if err := r.WriteJSON(file); err != nil {
		t.Fatal(err)
	}
	back, err := bench.ReadReport(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Results) != len(r.Results) || back.Results[3].Bad.Median != r.Results[3].Bad.Median || back.Machine != r.Machine {
		t.Errorf("the JSON report does not read back")
	}
}
