package bench

import (
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The charts are written by hand, as plain SVG 1.1 that browsers and
// GitHub show: small multiples, one panel per pair with its own scale
// (a throughput of 50 items/s and one of 10,000 share no axis), bad in red,
// good in blue, the median as the bar or the point and the whisker from the
// slowest repeat to the fastest.

const (
	colorBad  = "#c9453a"
	colorGood = "#2f6fb0"
	colorAxis = "#555"
	colorGrid = "#e3e3e3"
	fontFace  = "font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\""

	panelW, panelH = 170, 230
	perRow         = 4
	headerH        = 64
)

// WriteCharts writes the charts of the report into dir and returns their
// file names: per analyzer, the bad and good medians of each pair at the
// largest GOMAXPROCS measured (<analyzer>-<metric>[-tag].svg) and, when
// more than one GOMAXPROCS was measured, the metric against GOMAXPROCS
// (<analyzer>-scaling[-tag].svg). The tag tells the charts of different
// machines apart: "2core".
func (r *Report) WriteCharts(dir, tag string) ([]string, error) {
	suffix := ".svg"
	if tag != "" {
		suffix = "-" + tag + ".svg"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var names []string
	for _, analyzer := range r.analyzers() {
		results := r.resultsOf(analyzer)
		procs := r.procsOf(results)
		top := procs[len(procs)-1]
		var atTop []Result
		for _, res := range results {
			if res.Procs == top {
				atTop = append(atTop, res)
			}
		}
		name := fmt.Sprintf("%s-%s%s", analyzer, strings.ReplaceAll(atTop[0].Metric.Name, " ", "-"), suffix)
		if err := writeFile(filepath.Join(dir, name), func(w io.Writer) { r.barChart(w, analyzer, top, atTop) }); err != nil {
			return names, err
		}
		names = append(names, name)
		if len(procs) > 1 {
			name := analyzer + "-scaling" + suffix
			if err := writeFile(filepath.Join(dir, name), func(w io.Writer) { r.scalingChart(w, analyzer, procs, results) }); err != nil {
				return names, err
			}
			names = append(names, name)
		}
	}
	return names, nil
}

func writeFile(name string, write func(io.Writer)) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	write(f)
	return f.Close()
}

func (r *Report) analyzers() []string {
	var out []string
	for _, res := range r.Results {
		if !slices.Contains(out, res.Analyzer) {
			out = append(out, res.Analyzer)
		}
	}
	return out
}

func (r *Report) resultsOf(analyzer string) []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Analyzer == analyzer {
			out = append(out, res)
		}
	}
	return out
}

func (r *Report) procsOf(results []Result) []int {
	var procs []int
	for _, res := range results {
		if !slices.Contains(procs, res.Procs) {
			procs = append(procs, res.Procs)
		}
	}
	slices.Sort(procs)
	return procs
}

// pairNames lists the pairs of results in order.
func pairNames(results []Result) []string {
	var names []string
	for _, res := range results {
		if !slices.Contains(names, res.Pair) {
			names = append(names, res.Pair)
		}
	}
	return names
}

// canvas is an SVG document being written.
type canvas struct {
	w    io.Writer
	W, H int
}

func newCanvas(w io.Writer, width, height int, title string) *canvas {
	c := &canvas{w: w, W: width, H: height}
	fmt.Fprintf(w, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" %s font-size=\"12\">\n", width, height, width, height, fontFace)
	fmt.Fprintf(w, "<title>%s</title>\n", esc(title))
	fmt.Fprintf(w, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height)
	return c
}

func (c *canvas) end() { fmt.Fprintln(c.w, "</svg>") }

func (c *canvas) text(x, y float64, anchor, attrs, s string) {
	fmt.Fprintf(c.w, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>\n", x, y, anchor, attrs, esc(s))
}

func (c *canvas) line(x1, y1, x2, y2 float64, color string, width float64) {
	fmt.Fprintf(c.w, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>\n", x1, y1, x2, y2, color, width)
}

func (c *canvas) rect(x, y, w, h float64, fill, title string) {
	fmt.Fprintf(c.w, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>\n", x, y, w, h, fill, esc(title))
}

func (c *canvas) circle(x, y, r float64, fill, title string) {
	fmt.Fprintf(c.w, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"><title>%s</title></circle>\n", x, y, r, fill, esc(title))
}

func (c *canvas) polyline(xs, ys []float64, color string) {
	var pts []string
	for i := range xs {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", xs[i], ys[i]))
	}
	fmt.Fprintf(c.w, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", strings.Join(pts, " "), color)
}

// whisker draws the range from lo to hi at x (y coordinates).
func (c *canvas) whisker(x, ylo, yhi float64) {
	c.line(x, ylo, x, yhi, "#222", 1.2)
	c.line(x-4, ylo, x+4, ylo, "#222", 1.2)
	c.line(x-4, yhi, x+4, yhi, "#222", 1.2)
}

// header writes the title, the subtitle and the legend.
func (c *canvas) header(title, subtitle string) {
	c.text(12, 22, "start", "font-size=\"15\" font-weight=\"600\"", title)
	c.text(12, 40, "start", "fill=\"#555\"", subtitle)
	x := float64(c.W) - 230
	c.rect(x, 48, 11, 11, colorBad, "bad")
	c.text(x+15, 58, "start", "", "bad (reported)")
	c.rect(x+130, 48, 11, 11, colorGood, "good")
	c.text(x+145, 58, "start", "", "good (the fix)")
}

// axis draws the y axis of a panel whose plot spans [top, bottom] for the
// values 0..max, and returns the value-to-y mapping.
func (c *canvas) axis(left, right, top, bottom, max float64) func(float64) float64 {
	step := niceStep(max / 4)
	top2 := math.Ceil(max/step) * step
	if top2 <= 0 {
		top2 = 1
	}
	y := func(v float64) float64 { return bottom - (bottom-top)*v/top2 }
	for v := 0.0; v <= top2*1.0001; v += step {
		c.line(left, y(v), right, y(v), colorGrid, 1)
		c.text(left-4, y(v)+4, "end", "fill=\"#666\" font-size=\"10\"", tick(v))
	}
	c.line(left, top, left, bottom, colorAxis, 1)
	c.line(left, bottom, right, bottom, colorAxis, 1)
	return y
}

// tick formats an axis value: whole numbers without decimals.
func tick(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1000 {
		return fmt.Sprintf("%.0f", v)
	}
	return num(v)
}

// niceStep rounds x up to 1, 2 or 5 times a power of ten.
func niceStep(x float64) float64 {
	if x <= 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

func panelOrigin(i int) (float64, float64) {
	return float64(12 + (i%perRow)*panelW), float64(headerH + (i/perRow)*panelH)
}

func gridSize(n int) (int, int) {
	cols := min(n, perRow)
	rows := (n + perRow - 1) / perRow
	return 24 + max(cols, 3)*panelW, headerH + rows*panelH + 24
}

// barChart draws, per pair, the bad and good medians at GOMAXPROCS=procs.
func (r *Report) barChart(w io.Writer, analyzer string, procs int, results []Result) {
	m := results[0].Metric
	width, height := gridSize(len(results))
	title := fmt.Sprintf("%s: %s, bad against good, GOMAXPROCS=%d", analyzer, m.Name, procs)
	c := newCanvas(w, width, height, title)
	subtitle := fmt.Sprintf("%s, median of %d runs, whiskers from lowest to highest; cores busy: CPU time over elapsed time", unitOf(results), r.N)
	if m.Loss() {
		subtitle = fmt.Sprintf("%s, median of %d runs (crashed ones left out), whiskers from lowest to highest", unitOf(results), r.N)
	}
	c.header(title, subtitle)
	c.footer(r.Machine)
	for i, res := range results {
		x0, y0 := panelOrigin(i)
		left, right := x0+46, x0+panelW-14
		top, bottom := y0+60, y0+panelH-34
		c.text(x0+panelW/2, y0+16, "middle", "font-weight=\"600\"", strings.TrimPrefix(res.Pair, analyzer+"/")+panelUnit(results, res.Metric))
		if res.Metric.Loss() {
			c.text(x0+panelW/2, y0+31, "middle", "fill=\"#555\" font-size=\"11\"", crashNote(res))
			if res.BadRaces != nil {
				c.text(x0+panelW/2, y0+44, "middle", "fill=\"#555\" font-size=\"11\"", fmt.Sprintf("races: bad %s, good %s", num(res.BadRaces.Median), num(res.GoodRaces.Median)))
			}
		} else {
			c.text(x0+panelW/2, y0+31, "middle", "fill=\"#555\" font-size=\"11\"", "bad/good "+sig(res.Ratio))
			if res.BadCores.N > 0 && res.GoodCores.N > 0 {
				c.text(x0+panelW/2, y0+44, "middle", "fill=\"#555\" font-size=\"11\"", fmt.Sprintf("cores busy %.1f, %.1f", res.BadCores.Median, res.GoodCores.Median))
			}
		}
		y := c.axis(left, right, top, bottom, maxOf(res.Bad, res.Good))
		bw := (right - left) / 5
		for j, s := range []Summary{res.Bad, res.Good} {
			color, label := colorBad, "bad"
			if j == 1 {
				color, label = colorGood, "good"
			}
			cx := left + (right-left)*(0.3+0.4*float64(j))
			if s.N == 0 || math.IsNaN(s.Median) {
				if j == 0 && res.BadCrashes > 0 {
					c.text(cx, bottom-6, "middle", "fill=\""+colorBad+"\" font-size=\"10\"", "crashed")
				}
				c.text(cx, bottom+14, "middle", "fill=\"#333\"", label)
				continue
			}
			c.rect(cx-bw/2, y(s.Median), bw, bottom-y(s.Median), color,
				fmt.Sprintf("%s %s: %s %s, %s to %s over %d runs", res.Pair, label, num(s.Median), res.Metric.Unit, num(s.Min), num(s.Max), s.N))
			c.whisker(cx, y(s.Min), y(s.Max))
			c.text(cx, y(s.Max)-5, "middle", "font-size=\"10\"", num(s.Median))
			c.text(cx, bottom+14, "middle", "fill=\"#333\"", label)
		}
		cost := res.Cost()
		switch {
		case strings.HasPrefix(cost, "none shown"):
			cost = "no cost shown"
		case res.Metric.Loss():
			cost = lossNote(res)
		}
		c.text(x0+panelW/2, bottom+28, "middle", "fill=\"#333\" font-size=\"11\"", cost)
	}
	c.end()
}

// scalingChart draws, per pair, the metric against GOMAXPROCS.
func (r *Report) scalingChart(w io.Writer, analyzer string, procs []int, results []Result) {
	m := results[0].Metric
	names := pairNames(results)
	width, height := gridSize(len(names))
	title := fmt.Sprintf("%s: %s against GOMAXPROCS", analyzer, m.Name)
	c := newCanvas(w, width, height, title)
	subtitle := fmt.Sprintf("%s, median of %d runs, whiskers from the lowest to the highest", unitOf(results), r.N)
	if m.Loss() {
		subtitle = fmt.Sprintf("%s, median of %d runs (crashed ones left out), whiskers from the lowest to the highest", unitOf(results), r.N)
	}
	c.header(title, subtitle)
	c.footer(r.Machine)
	for i, name := range names {
		x0, y0 := panelOrigin(i)
		left, right := x0+46, x0+panelW-14
		top, bottom := y0+44, y0+panelH-34
		var rs []Result
		hi := 0.0
		for _, res := range results {
			if res.Pair == name {
				rs = append(rs, res)
				hi = math.Max(hi, maxOf(res.Bad, res.Good))
			}
		}
		c.text(x0+panelW/2, y0+16, "middle", "font-weight=\"600\"", strings.TrimPrefix(name, analyzer+"/")+panelUnit(results, rs[0].Metric))
		var ratios []string
		for _, res := range rs {
			if res.Metric.Loss() {
				ratios = append(ratios, fmt.Sprintf("%d/%d", res.BadCrashes, res.Bad.N+res.BadCrashes))
			} else {
				ratios = append(ratios, sig(res.Ratio))
			}
		}
		what := "bad/good "
		if rs[0].Metric.Loss() {
			what = "bad crashed "
		}
		c.text(x0+panelW/2, y0+31, "middle", "fill=\"#555\" font-size=\"11\"", what+strings.Join(ratios, " → "))
		y := c.axis(left, right, top, bottom, hi)
		x := func(p int) float64 {
			if len(procs) == 1 {
				return (left + right) / 2
			}
			i := slices.Index(procs, p)
			return left + 14 + (right-left-28)*float64(i)/float64(len(procs)-1)
		}
		for _, p := range procs {
			c.text(x(p), bottom+14, "middle", "fill=\"#333\" font-size=\"11\"", fmt.Sprint(p))
		}
		c.text((left+right)/2, bottom+28, "middle", "fill=\"#555\" font-size=\"11\"", "GOMAXPROCS")
		for j, color := range []string{colorBad, colorGood} {
			var xs, ys []float64
			for _, res := range rs {
				s := res.Bad
				if j == 1 {
					s = res.Good
				}
				if s.N == 0 || math.IsNaN(s.Median) {
					continue
				}
				xs = append(xs, x(res.Procs))
				ys = append(ys, y(s.Median))
			}
			c.polyline(xs, ys, color)
			for _, res := range rs {
				s, label := res.Bad, "bad"
				if j == 1 {
					s, label = res.Good, "good"
				}
				if s.N == 0 || math.IsNaN(s.Median) {
					continue
				}
				c.whisker(x(res.Procs)+float64(j*6-3), y(s.Min), y(s.Max))
				c.circle(x(res.Procs), y(s.Median), 3.5, color,
					fmt.Sprintf("%s %s at GOMAXPROCS=%d: %s %s, %s to %s", name, label, res.Procs, num(s.Median), res.Metric.Unit, num(s.Min), num(s.Max)))
			}
		}
	}
	c.end()
}

// maxOf is the largest figure of the summaries that have any, 0 when none
// has.
func maxOf(ss ...Summary) float64 {
	hi := 0.0
	for _, s := range ss {
		if s.N > 0 && !math.IsNaN(s.Max) {
			hi = math.Max(hi, s.Max)
		}
	}
	return hi
}

// crashNote is a loss panel's line on crashes: "bad crashed 3 of 5 runs".
func crashNote(r Result) string {
	if r.BadCrashes == 0 {
		return "no crash"
	}
	return fmt.Sprintf("bad crashed %d of %d runs", r.BadCrashes, r.Bad.N+r.BadCrashes)
}

// lossNote is a loss panel's last line: bad's median loss out of what the
// state should hold, "lost 12% of 1,000,000", or "none lost".
func lossNote(r Result) string {
	b := r.Bad
	switch {
	case b.N == 0:
		return "no run lived to count"
	case b.Max == 0:
		return "none lost"
	case b.Median == 0:
		return fmt.Sprintf("lost in %d of %d runs", losingRuns(b), b.N)
	case r.Of > 0:
		return fmt.Sprintf("median lost %s%% of %s", num(100*b.Median/r.Of), num(r.Of))
	}
	return "median lost " + num(b.Median)
}

// unitOf is the unit of the results' metric, or, when the panels measure
// in different units, a note that each panel names its own.
func unitOf(results []Result) string {
	for _, res := range results {
		if res.Metric.Unit != results[0].Metric.Unit {
			return "units per panel"
		}
	}
	u := results[0].Metric.Unit
	if !results[0].Metric.HigherIsBetter {
		u += " (lower is better)"
	}
	return u
}

// panelUnit is " (unit)" for a panel's title when the panels measure in
// different units, and "" when they share the unit of the subtitle.
func panelUnit(results []Result, m Metric) string {
	if unitOf(results) == "units per panel" {
		return " (" + m.Unit + ")"
	}
	return ""
}

// footer names the machine under the panels.
func (c *canvas) footer(m Machine) {
	c.text(12, float64(c.H-10), "start", "fill=\"#555\" font-size=\"11\"",
		fmt.Sprintf("%s, %d cores, %s, %s", m.CPU, m.Cores, m.GoVersion, m.OS))
}

func esc(s string) string { return html.EscapeString(s) }
