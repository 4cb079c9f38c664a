package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is a whole run of the harness: what ran where, what corefit said,
// what was measured. It is what -json writes.
type Report struct {
	Command   string      `json:"command"` // how to run it again
	Machine   Machine     `json:"machine"`
	Quick     bool        `json:"quick"`
	Procs     []int       `json:"procs"`
	N         int         `json:"n"`
	Quiet     float64     `json:"quiet,omitempty"` // -quiet: the cores of other work each run waited to fall below
	Started   time.Time   `json:"started"`
	ElapsedS  float64     `json:"elapsed_s"`
	Agreement []Agreement `json:"agreement"`
	Results   []Result    `json:"results"`
	Pairs     []PairInfo  `json:"pairs"`
}

// PairInfo describes a pair in the report.
type PairInfo struct {
	Name  string   `json:"name"`
	Dir   string   `json:"dir"`
	Args  []string `json:"args"`
	Flags []string `json:"corefit_flags,omitempty"` // what corefit needs to report bad
	Shows string   `json:"shows"`
	Quiet bool     `json:"quiet,omitempty"` // bad is a pattern corefit leaves alone
}

// Describe lists the pairs for a report, with the arguments the run gave
// them.
func Describe(pairs []Pair, quick bool) []PairInfo {
	var out []PairInfo
	for _, p := range pairs {
		args := p.Args
		if quick {
			args = p.QuickArgs
		}
		out = append(out, PairInfo{Name: p.Name(), Dir: p.Dir(), Args: args, Flags: p.Flags, Shows: p.Shows, Quiet: p.Quiet})
	}
	return out
}

// WriteJSON writes the report, indented, to file.
func (r *Report) WriteJSON(file string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append(b, '\n'), 0o644)
}

// ReadReport reads a report written by WriteJSON.
func ReadReport(file string) (*Report, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return &r, nil
}

// significance is the p-value below which the repeats tell bad and good
// apart.
const significance = 0.05

// minRepeats is the fewest repeats of each program for the U test to be
// able to reach significance (with 3 and 3, its smallest p is 0.1).
const minRepeats = 4

// Shown reports whether the repeats tell bad and good apart: by a
// Mann–Whitney U test at p < 0.05, as benchstat does, or, with fewer than 4
// repeats of either, by ranges that do not overlap.
//
// For a loss metric, a difference is any loss or crash of bad: good loses
// nothing by construction (Measure fails when it does).
func (r Result) Shown() bool {
	if r.Metric.Loss() {
		return r.Bad.N > 0 && r.Bad.Max > 0 || r.BadCrashes > 0
	}
	b, g := r.Bad, r.Good
	if b.N == 0 || g.N == 0 {
		return false
	}
	if b.N >= minRepeats && g.N >= minRepeats {
		return MannWhitney(b.Values, g.Values) < significance
	}
	return b.Max < g.Min || b.Min > g.Max
}

// Cost says in words what the reported pattern costs against its fix, from
// the medians, when the repeats show a difference (see Shown), and "none
// shown" when they do not: the difference is within the noise.
//
// For a loss metric it is what bad lost, out of what the state should hold,
// how many of its runs crashed and how many data races the race detector
// reported in it: "lost 1,234 of 1,000,000; 2 race reports" (the median,
// when every run lost), "lost in 2 of 5 runs, up to 402 of 1,000,000",
// "crashed 5 of 5 runs; 1 race report", or "none lost; 2 race reports"
// when the loss itself does not show.
func (r Result) Cost() string {
	if r.Metric.Loss() {
		return r.lossCost()
	}
	b, g := r.Bad, r.Good
	if b.N == 0 || g.N == 0 || math.IsNaN(b.Median) || math.IsNaN(g.Median) || b.Median <= 0 || g.Median <= 0 {
		return "no figures"
	}
	if !r.Shown() {
		return "none shown"
	}
	factor := g.Median / b.Median // how much better good is
	if !r.Metric.HigherIsBetter {
		factor = b.Median / g.Median
	}
	word := "slower"
	if !r.Metric.HigherIsBetter {
		word = "worse"
	}
	if factor < 1 {
		return fmt.Sprintf("none: bad %s× better", sig(1/factor))
	}
	return fmt.Sprintf("%s× %s", sig(factor), word)
}

func (r Result) lossCost() string {
	var parts []string
	if !r.Good.clean() || r.GoodCrashes > 0 || (r.GoodRaces != nil && !r.GoodRaces.clean()) {
		parts = append(parts, "GOOD IS NOT CLEAN")
	}
	b := r.Bad
	losing := losingRuns(b)
	switch {
	case b.N > 0 && losing == b.N:
		parts = append(parts, fmt.Sprintf("lost %s of %s", num(b.Median), num(r.Of)))
	case b.N > 0 && b.Median > 0:
		parts = append(parts, fmt.Sprintf("lost %s of %s, in %d of %d runs", num(b.Median), num(r.Of), losing, b.N))
	case losing > 0:
		parts = append(parts, fmt.Sprintf("lost in %d of %d runs, up to %s of %s", losing, b.N, num(b.Max), num(r.Of)))
	}
	if r.BadCrashes > 0 {
		parts = append(parts, fmt.Sprintf("crashed %d of %d runs", r.BadCrashes, b.N+r.BadCrashes))
	}
	if !r.Shown() {
		parts = append(parts, "none lost")
	}
	if rr := r.BadRaces; rr != nil && rr.N > 0 {
		parts = append(parts, raceReports(*rr))
	}
	return strings.Join(parts, "; ")
}

// losingRuns is how many runs of a loss metric's summary lost anything.
func losingRuns(s Summary) int {
	n := 0
	for _, v := range s.Values {
		if v > 0 {
			n++
		}
	}
	return n
}

// clean reports whether a loss metric's summary shows no loss at all.
func (s Summary) clean() bool { return s.N == 0 || s.Max == 0 }

// raceReports says how many data races the runs of a -race build
// reported: "2 race reports", "1–2 race reports".
func raceReports(s Summary) string {
	n := num(s.Median)
	if s.Min != s.Max {
		n = num(s.Min) + "–" + num(s.Max)
	}
	if n == "1" {
		return "1 race report"
	}
	return n + " race reports"
}

// ratio is the bad/good column: "-" for a loss metric, whose good is 0.
func (r Result) ratio() string {
	if r.Metric.Loss() {
		return "-"
	}
	return sig(r.Ratio)
}

// badCell is bad's spread, or "all crashed" when no run of bad lived to
// give a figure.
func (r Result) badCell() string {
	if r.Bad.N == 0 && r.BadCrashes > 0 {
		return "all crashed"
	}
	return spread(r.Bad)
}

// NoCost lists the pairs whose cost did not show at some GOMAXPROCS: the
// ranges of bad and good overlapped, or bad did better; for a loss metric,
// bad lost nothing and did not crash (the race detector may still have
// reported the race). A kind whose cost cannot be shown on a machine is a
// finding, to be reported as such.
func (r *Report) NoCost() []string {
	var out []string
	for _, res := range r.Results {
		if c := res.Cost(); strings.HasPrefix(c, "none") || c == "no figures" {
			out = append(out, fmt.Sprintf("%s at GOMAXPROCS=%d (%s)", res.Pair, res.Procs, c))
		}
	}
	return out
}

// disturbedAt is the other work, in cores, above which a run counts as
// disturbed.
const disturbedAt = 0.25

// Disturbed says how many runs started while other work kept tasks
// waiting for a core, and how many runs there were.
func (r *Report) Disturbed() (disturbed, runs int) {
	for _, res := range r.Results {
		for _, run := range res.Runs {
			runs++
			if run.OtherCores > disturbedAt {
				disturbed++
			}
		}
	}
	return disturbed, runs
}

func (r *Report) disturbedNote() string {
	d, n := r.Disturbed()
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d runs had other work beside them, more than %g of a core on average (other_cores in the JSON)", d, n, disturbedAt)
}

// WriteTable writes the results as a table for a terminal.
func (r *Report) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "machine: %s\n", r.Machine)
	if l := r.Machine.load(); l != "" {
		fmt.Fprintf(w, "other work: %s\n", l)
	}
	if d := r.disturbedNote(); d != "" {
		fmt.Fprintf(w, "disturbed: %s\n", d)
	}
	fmt.Fprintf(w, "%d repeats per program, median (min-max); cores busy: CPU time over elapsed time\n\n", r.N)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PAIR\tGOMAXPROCS\tMETRIC\tBAD\tGOOD\tBAD/GOOD\tCOST\tCORES BUSY (BAD, GOOD)")
	for _, res := range r.Results {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", res.Pair, res.Procs, res.Metric.Unit,
			res.badCell(), spread(res.Good), res.ratio(), res.Cost(), res.coresBusy())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if nc := r.NoCost(); len(nc) > 0 {
		fmt.Fprintf(w, "\nno cost shown on this machine: %s\n", strings.Join(nc, "; "))
	}
	return nil
}

// WriteMarkdown writes the report as Markdown: the machine, the command,
// the table, the charts (charts are file names relative to the Markdown
// file) and the pairs.
func (r *Report) WriteMarkdown(w io.Writer, charts []string) {
	kind := "Full"
	if r.Quick {
		kind = "Quick"
	}
	fmt.Fprintf(w, "# %s run on %d cores\n\n", kind, r.Machine.Cores)
	fmt.Fprintf(w, "- Machine: %s\n", r.Machine)
	if l := r.Machine.load(); l != "" {
		fmt.Fprintf(w, "- Other work on the machine: %s\n", l)
	}
	if d := r.disturbedNote(); d != "" {
		fmt.Fprintf(w, "- Disturbed: %s\n", d)
	}
	fmt.Fprintf(w, "- Date: %s; the run took %s\n", r.Started.UTC().Format("2006-01-02 15:04 MST"), round(time.Duration(r.ElapsedS*float64(time.Second))))
	fmt.Fprintf(w, "- Reproduce, from the module root:\n\n  ```\n  %s\n  ```\n\n", r.Command)
	agreeing := 0
	var skipped, quiet []string
	for _, a := range r.Agreement {
		switch {
		case a.OK && a.Skipped != "":
			skipped = append(skipped, a.Pair)
		case a.OK:
			agreeing++
		}
		if a.Quiet {
			quiet = append(quiet, a.Pair)
		}
	}
	fmt.Fprintf(w, "corefit agreed on %d of %d pairs: each bad program reported by its analyzer, each good one quiet.", agreeing, len(r.Agreement)-len(skipped))
	if len(quiet) > 0 {
		fmt.Fprintf(w, " Both programs quiet, measuring a pattern corefit leaves alone: %s.", strings.Join(quiet, ", "))
	}
	if len(skipped) > 0 {
		fmt.Fprintf(w, " Not checked, their analyzer not registered in corefit yet (good quiet, bad reported by no other analyzer): %s.", strings.Join(skipped, ", "))
	}
	fmt.Fprintf(w, "\n\n")
	fmt.Fprintf(w, "Each program ran %d times at each GOMAXPROCS, bad and good alternately; median (min–max). ", r.N)
	if r.hasRatio() {
		fmt.Fprintf(w, "Cost is good's median over bad's, shown when the repeats tell the two apart: a Mann–Whitney U test at p < 0.05, as benchstat does (with fewer than 4 repeats: ranges that do not overlap). ")
	}
	fmt.Fprintf(w, "Cores busy is each program's CPU time, its children's included, over the elapsed time of its work (medians): what a pool of waiting workers leaves idle.\n\n")
	if r.hasLoss() {
		fmt.Fprintf(w, "Where the metric is what was lost (sharedstate), it is counted in each run that did not crash: what the shared state should hold less what it holds. ")
		fmt.Fprintf(w, "The cost is then bad's median loss out of what it should hold, the runs of bad that died of a Go runtime error (\"fatal error: concurrent map writes\"), and the data races the race detector reported in each run of bad's `-race` build (it reports each pair of racing places once); good must lose nothing, never crash and have no race reported, or the run fails.\n\n")
	}
	fmt.Fprintln(w, "| pair | GOMAXPROCS | metric | bad | good | bad/good | cost | cores busy (bad, good) |")
	fmt.Fprintln(w, "|---|---:|---|---:|---:|---:|---|---|")
	for _, res := range r.Results {
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %s |\n", res.Pair, res.Procs, res.Metric.Unit,
			res.badCell(), spread(res.Good), res.ratio(), res.Cost(), res.coresBusy())
	}
	fmt.Fprintln(w)
	if nc := r.NoCost(); len(nc) > 0 {
		fmt.Fprintln(w, "No cost shown on this machine, for:")
		fmt.Fprintln(w)
		for _, s := range nc {
			fmt.Fprintf(w, "- %s\n", s)
		}
		fmt.Fprintln(w)
	}
	for _, c := range charts {
		fmt.Fprintf(w, "![%s](%s)\n\n", strings.TrimSuffix(c, ".svg"), c)
	}
	if len(r.Pairs) > 0 {
		fmt.Fprintln(w, "## The pairs")
		fmt.Fprintln(w)
		for _, p := range r.Pairs {
			reported := "reported by default"
			switch {
			case p.Quiet:
				reported = "both quiet: a pattern corefit leaves alone"
			case len(p.Flags) > 0:
				reported = "reported with `" + strings.Join(p.Flags, " ") + "`"
			}
			fmt.Fprintf(w, "- **%s** (`%s`, `%s`; %s): %s.\n", p.Name, p.Dir, strings.Join(p.Args, " "), reported, p.Shows)
		}
		fmt.Fprintln(w)
	}
}

// hasRatio reports whether some result is judged by the ratio of bad to
// good, not by a loss.
func (r *Report) hasRatio() bool {
	for _, res := range r.Results {
		if !res.Metric.Loss() {
			return true
		}
	}
	return false
}

func (r *Report) hasLoss() bool {
	for _, res := range r.Results {
		if res.Metric.Loss() {
			return true
		}
	}
	return false
}

// coresBusy is "0.28, 1.79": the median cores each program kept busy.
func (r Result) coresBusy() string {
	if r.BadCores.N == 0 || r.GoodCores.N == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f, %.2f", r.BadCores.Median, r.GoodCores.Median)
}

// spread is "median (min–max)".
func spread(s Summary) string {
	if s.N == 0 {
		return "-"
	}
	if s.N == 1 || s.Min == s.Max {
		return num(s.Median)
	}
	return fmt.Sprintf("%s (%s–%s)", num(s.Median), num(s.Min), num(s.Max))
}

// num formats a measured figure with three or four significant digits and
// thousands separated: 2,895 / 381 / 12.4 / 0.874.
func num(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return fmt.Sprint(x)
	case math.Abs(x) >= 1000:
		s := fmt.Sprintf("%.0f", x)
		neg := strings.HasPrefix(s, "-")
		s = strings.TrimPrefix(s, "-")
		var b strings.Builder
		for i, c := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(c)
		}
		if neg {
			return "-" + b.String()
		}
		return b.String()
	case math.Abs(x) >= 100:
		return fmt.Sprintf("%.0f", x)
	case math.Abs(x) >= 10:
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.3g", x)
}

// sig formats a ratio with two significant digits, three below 1.
func sig(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return fmt.Sprint(x)
	case x >= 10:
		return fmt.Sprintf("%.0f", x)
	case x >= 1:
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.2g", x)
}
