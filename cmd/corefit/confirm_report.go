package main

// corefit confirm -report FILE.html: one self-contained HTML file (no
// scripts, no external assets) with a section per diagnostic: its message,
// its evidence, and a chart drawn as inline SVG from the evidence's figures
// (the same figures -f json prints): a pool's workers running and blocked
// over time, a stall's time per event in the flagged call and the delays
// others saw, a race's report.

import (
	"fmt"
	"html/template"
	"os"
)

// timelineBuckets is how many intervals a pool's timeline cuts its span
// into.
const timelineBuckets = 50

const (
	poolOther = iota
	poolRunning
	poolBlocked
)

// A poolInterval is a worker's stretch of time in one state.
type poolInterval struct {
	from, to int64
	what     int
}

// timeline cuts the pool's span (its first worker's start to its last
// one's end) into n intervals, and gives in each the share of the
// workers' time spent running and blocked in the flagged call.
func (s *poolSite) timeline(n int) map[string]any {
	if len(s.spans) == 0 {
		return nil
	}
	start, end := s.spans[0][0], s.spans[0][1]
	for _, sp := range s.spans {
		start, end = min(start, sp[0]), max(end, sp[1])
	}
	if end <= start {
		return nil
	}
	width := float64(end-start) / float64(n)
	var running, blocked, total = make([]float64, n), make([]float64, n), make([]float64, n)
	for _, iv := range s.ivals {
		from, to := max(iv.from, start), min(iv.to, end)
		for b := int(float64(from-start) / width); b < n && from < to; b++ {
			bEnd := start + int64(float64(b+1)*width)
			d := float64(min(to, bEnd) - from)
			total[b] += d
			switch iv.what {
			case poolRunning:
				running[b] += d
			case poolBlocked:
				blocked[b] += d
			}
			from = bEnd
		}
	}
	for b := range total {
		if total[b] > 0 {
			running[b] = round3(running[b] / total[b])
			blocked[b] = round3(blocked[b] / total[b])
		}
	}
	return map[string]any{"bucket_ms": round3(width / 1e6), "running": running, "blocked": blocked}
}

// A chart is an SVG bar chart: bars of one or two stacked series.
type chart struct {
	Title         string
	Width, Height int
	YLabel        string
	Bars          []chartBar
	Legend        []chartLegend
}

type chartBar struct {
	X, Y, W, H float64
	Color      string
	Tip        string
}

type chartLegend struct {
	Name, Color string
	X           int
}

const (
	chartW, chartH, chartTop = 600, 160, 20
	colorRunning             = "#4caf50"
	colorBlocked             = "#e53935"
	colorDelay               = "#fb8c00"
)

// barChart draws one series of values (ms) as bars, scaled to its
// largest.
func barChart(title string, values []float64, color, what string) *chart {
	c := &chart{Title: title, Width: chartW, Height: chartH + chartTop + 20}
	top := 0.0
	for _, v := range values {
		top = max(top, v)
	}
	if top == 0 || len(values) == 0 {
		return nil
	}
	c.YLabel = fmt.Sprintf("%.1f ms", top)
	w := float64(chartW-60) / float64(len(values))
	for i, v := range values {
		h := v / top * chartH
		c.Bars = append(c.Bars, chartBar{X: 50 + float64(i)*w, Y: chartTop + chartH - h, W: w * 0.8, H: h, Color: color,
			Tip: fmt.Sprintf("%s %d: %.2f ms", what, i+1, v)})
	}
	return c
}

// poolChart draws a pool's timeline: per interval, the share of the
// workers' time running (below) and blocked in the flagged call (above).
func poolChart(tl map[string]any) *chart {
	running, _ := tl["running"].([]float64)
	blocked, _ := tl["blocked"].([]float64)
	width, _ := tl["bucket_ms"].(float64)
	if len(running) == 0 || len(running) != len(blocked) {
		return nil
	}
	c := &chart{Title: fmt.Sprintf("workers' time running and blocked in the flagged call, per %.1f ms of the pool's span", width),
		Width: chartW, Height: chartH + chartTop + 20, YLabel: "100%",
		Legend: []chartLegend{{"running", colorRunning, 50}, {"blocked", colorBlocked, 150}}}
	w := float64(chartW-60) / float64(len(running))
	for i := range running {
		x := 50 + float64(i)*w
		hr, hb := running[i]*chartH, blocked[i]*chartH
		c.Bars = append(c.Bars,
			chartBar{X: x, Y: chartTop + chartH - hr, W: w * 0.9, H: hr, Color: colorRunning, Tip: fmt.Sprintf("%.1f ms: running %.0f%%", float64(i)*width, 100*running[i])},
			chartBar{X: x, Y: chartTop + chartH - hr - hb, W: w * 0.9, H: hb, Color: colorBlocked, Tip: fmt.Sprintf("%.1f ms: blocked %.0f%%", float64(i)*width, 100*blocked[i])})
	}
	return c
}

// reportSection is one diagnostic in the report.
type reportSection struct {
	Where, Code, Message string
	Status, Summary      string
	Charts               []*chart
	Text                 string // preformatted: the race report
}

func sectionFor(f *finding, name string) reportSection {
	sec := reportSection{Where: fmt.Sprintf("%s:%d:%d", name, f.Location.Line, f.Location.Column), Code: f.Code, Message: f.Message}
	ev := f.Evidence
	if ev == nil {
		return sec
	}
	sec.Status, sec.Summary = ev.Status, ev.Summary
	if ev.Status != confirmed {
		return sec
	}
	add := func(c *chart) {
		if c != nil {
			sec.Charts = append(sec.Charts, c)
		}
	}
	switch f.Code {
	case "poolblock":
		if tl, ok := ev.Figures["timeline"].(map[string]any); ok {
			add(poolChart(tl))
		}
	case "iostall":
		per, _ := ev.Figures["per_event_ms"].([]float64)
		add(barChart("running time in the flagged call, per event", per, colorBlocked, "event"))
		delays, _ := ev.Figures["delays_ms"].([]float64)
		add(barChart("how long the events or messages the loop received had waited for it", delays, colorDelay, "event"))
		waits, _ := ev.Figures["sched_latency_ms"].([]float64)
		add(barChart("how long other goroutines waited to run while the flagged call ran (the largest, in order)", waits, colorDelay, "wait"))
	case "sharedstate":
		sec.Text, _ = ev.Figures["race_report"].(string)
	}
	return sec
}

var reportTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>corefit confirm</title>
<style>
body { font-family: sans-serif; max-width: 60em; margin: 2em auto; color: #222; }
section { border-top: 1px solid #ccc; padding: 0.5em 0 1em; }
.where { font-family: monospace; }
.confirmed { color: #b71c1c; font-weight: bold; }
.no-cost { color: #2e7d32; }
.not-exercised, .not-measured { color: #757575; }
pre { background: #f5f5f5; padding: 0.5em; overflow-x: auto; font-size: 85%; }
svg text { font-size: 11px; }
</style>
</head>
<body>
<h1>corefit confirm</h1>
<p>{{len .Sections}} diagnostic{{if ne (len .Sections) 1}}s{{end}} in {{.Patterns}}</p>
{{range .Sections}}
<section>
<h2><span class="where">{{.Where}}</span> ({{.Code}})</h2>
<p>{{.Message}}</p>
<p class="{{.Status}}">{{.Summary}}</p>
{{range .Charts}}
<figure>
<svg xmlns="http://www.w3.org/2000/svg" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}" role="img">
<text x="0" y="12">{{.Title}}</text>
<text x="0" y="32">{{.YLabel}}</text>
<line x1="48" y1="20" x2="48" y2="180" stroke="#999"/>
<line x1="48" y1="180" x2="{{.Width}}" y2="180" stroke="#999"/>
{{range .Bars}}<rect x="{{printf "%.1f" .X}}" y="{{printf "%.1f" .Y}}" width="{{printf "%.1f" .W}}" height="{{printf "%.1f" .H}}" fill="{{.Color}}"><title>{{.Tip}}</title></rect>
{{end}}{{range .Legend}}<rect x="{{.X}}" y="186" width="10" height="10" fill="{{.Color}}"/><text x="{{.X}}" y="196" dx="14">{{.Name}}</text>
{{end}}</svg>
</figure>
{{end}}
{{with .Text}}<pre>{{.}}</pre>{{end}}
</section>
{{end}}
</body>
</html>
`))

// writeReport writes the findings and their evidence to path as HTML.
func writeReport(path string, patterns []string, fs []*finding) error {
	wd, _ := os.Getwd()
	data := struct {
		Patterns string
		Sections []reportSection
	}{Patterns: fmt.Sprint(patterns)}
	for _, f := range fs {
		data.Sections = append(data.Sections, sectionFor(f, relName(wd, f.Location.File)))
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := reportTemplate.Execute(out, data); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
