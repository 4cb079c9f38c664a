package main

// iostall evidence: the goroutines that run the flagged call, as the
// execution trace shows them (go test -trace, with -cpuprofile so that the
// trace holds CPU samples with their goroutine and stack).
//
// A goroutine runs the flagged call when a stack of it — at a state
// transition (preemption, block, system call) or in a CPU sample — has a
// frame at the diagnostic's line; for a select loop, the loop goroutine is
// also known from its start function (the function that holds the
// diagnostic). Each run of it in the call is one event (a request, a
// message): from the last sight of the goroutine elsewhere, or the end of
// its last wait, to the next sight of it elsewhere or a wait outside the
// call. The run's running time, with that of the goroutines started inside
// the call (argon2's lanes), is what the call cost that event.
//
// The delay others saw: for a select loop, how long the events it received
// at its select had waited while it was in the flagged call (a sender
// blocked on the loop's channel, unblocked by the loop's receive); for a
// read loop, the messages it found there when it came back from the call
// without waiting, counted from the last write of another goroutine before
// the call ended (a peer in the process; one outside it is not seen); for
// handlers and connection goroutines, the other goroutines' scheduling
// latency (runnable to running) while the flagged work ran.

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/corefit/corefit/passes/iocontext"
	"golang.org/x/exp/trace"
)

// stallThreshold is what confirms an iostall finding: the flagged call
// took at least this much running time per event on average, and another
// goroutine's event or run was delayed at least this much meanwhile.
const stallThreshold = 1e6 // ns

// A stallSite is an iostall finding followed through the trace.
type stallSite struct {
	f        *finding
	line     frame // the diagnostic's line
	lineTo   int   // its last line: the loop's end, for a finding on a loop
	serial   bool  // a select loop or a read loop: one goroutine
	readLoop bool  // a loop that waits on a peer in every iteration
	selectL  frame // the select statement of the loop (its receive), if known
	from     int   // the function that holds the diagnostic: the loop
	to       int   // goroutine starts in it

	loops  map[trace.GoID]bool // goroutines that started in the function
	events []stallEvent
	waits  []stallWait // events the loop received at its select
	queued []stallWait // messages a read loop found waiting when it came back
}

// A stallEvent is a run of a goroutine in the flagged call: from the last
// sight of it elsewhere (or the end of its last wait) to the first sight
// of it elsewhere again (or its next wait).
type stallEvent struct {
	g          trace.GoID
	start, end trace.Time
	running    int64
}

// A stallWait is a wait of one goroutine that another ended: a send the
// loop received, a lock released; or a message a read loop found waiting.
type stallWait struct {
	by       trace.GoID
	from, to trace.Time
}

func newStallSite(f *finding) *stallSite {
	s := &stallSite{f: f, line: frame{canonical(f.Location.File), f.Location.Line}, loops: map[trace.GoID]bool{}}
	// iostall's first related position names the context ("select
	// loop: select over several event sources").
	if len(f.Related) > 0 {
		r := f.Related[0]
		switch {
		case strings.HasPrefix(r.Message, iocontext.SelectLoop.String()+":"):
			s.serial = true
			s.selectL = frame{canonical(r.Location.File), r.Location.Line}
		case strings.HasPrefix(r.Message, iocontext.ReadLoop.String()+":"):
			s.serial, s.readLoop = true, true
		}
	}
	s.from, s.to, s.lineTo = enclosing(f.Location)
	return s
}

// in reports whether the stack is in the flagged call, or in the flagged
// loop: a frame of the file at one of its lines.
func (s *stallSite) in(stack trace.Stack) bool {
	return anyFrame(stack, func(file string, line int) bool {
		return s.line.line <= line && line <= s.lineTo && canonical(file) == s.line.file
	})
}

func hasFrame(stack trace.Stack, want frame) bool {
	if want.line == 0 {
		return false
	}
	return anyFrame(stack, func(file string, line int) bool { return line == want.line && canonical(file) == want.file })
}

// starts reports whether a goroutine that starts with this stack runs the
// function that holds the diagnostic (a loop started with go s.Run()).
func (s *stallSite) starts(stack trace.Stack) bool {
	for fr := range stack.Frames() {
		line := int(fr.Line)
		return canonical(fr.File) == s.line.file && s.from <= line && line <= s.to
	}
	return false
}

// writes reports whether a system call's stack is a write (to a socket, a
// pipe, a file): for a read loop, what a peer in the process sent it.
func writes(stack trace.Stack) bool {
	for fr := range stack.Frames() {
		switch fr.Func {
		case "syscall.write", "syscall.writev", "internal/poll.(*FD).Write", "internal/poll.(*FD).Writev":
			return true
		}
	}
	return false
}

// stallTracker follows every goroutine of the trace for the stall sites.
type stallTracker struct {
	sites []*stallSite
	gs    map[trace.GoID]*stallG
	lat   []stallWait               // runnable to running, by goroutine (in by)
	wrote map[trace.GoID]trace.Time // each goroutine's last write
	// The goroutines started inside a flagged call, and the goroutine
	// whose call started them.
	helpers map[trace.GoID]trace.GoID
}

type stallG struct {
	state     trace.GoState
	since     trace.Time // in state since
	waitSince trace.Time
	cum       int64      // running time so far
	waited    bool       // it waited since it last ran
	lastObs   trace.Time // last seen, outside the runs that started since
	lastCum   int64      // cum then
	runs      []stallRun // per site
}

// A stallRun is a goroutine's current or last run in a site's flagged call.
type stallRun struct {
	in      bool
	start   trace.Time
	cum     int64
	pending bool       // the last run ended and the goroutine has not waited since
	end     trace.Time // of the last run
}

func newStallTracker(sites []*stallSite) *stallTracker {
	return &stallTracker{sites: sites, gs: map[trace.GoID]*stallG{}, wrote: map[trace.GoID]trace.Time{}, helpers: map[trace.GoID]trace.GoID{}}
}

func (t *stallTracker) g(id trace.GoID) *stallG {
	g := t.gs[id]
	if g == nil {
		g = &stallG{runs: make([]stallRun, len(t.sites))}
		t.gs[id] = g
	}
	return g
}

// cumAt is the goroutine's running time so far at now.
func (g *stallG) cumAt(now trace.Time) int64 {
	if g.state == trace.GoRunning {
		return g.cum + int64(now-g.since)
	}
	return g.cum
}

// observe is a sight of a goroutine at now with its stack: a CPU sample or
// a state transition away from running. It starts a run for each site
// whose flagged line is in the stack, and ends the runs of the others.
func (t *stallTracker) observe(id trace.GoID, g *stallG, now trace.Time, stack trace.Stack) {
	if stack == trace.NoStack {
		return
	}
	for i, s := range t.sites {
		r := &g.runs[i]
		switch in := s.in(stack); {
		case in && !r.in:
			r.in, r.start, r.cum = true, g.lastObs, g.lastCum
			if r.pending && s.readLoop {
				// It came back from the last run and found the next
				// message there without waiting. If the last write
				// of a peer in the process came before the run
				// ended, the message had waited since then; one
				// written after was not held up by the run.
				if w := t.lastWrite(id); w != 0 && w <= r.end {
					s.queued = append(s.queued, stallWait{by: id, from: w, to: r.end})
				}
			}
			r.pending = false
		case !in && r.in:
			t.endRun(id, g, i, now)
		}
	}
	g.lastObs, g.lastCum = now, g.cumAt(now)
}

// endRun ends the goroutine's run in site i's flagged call at now: an event.
func (t *stallTracker) endRun(id trace.GoID, g *stallG, i int, now trace.Time) {
	r := &g.runs[i]
	if !r.in {
		return
	}
	s := t.sites[i]
	s.events = append(s.events, stallEvent{g: id, start: r.start, end: now, running: g.cumAt(now) - r.cum})
	r.in, r.pending, r.end = false, true, now
}

// lastWrite is the time of the last write of a goroutine other than id.
func (t *stallTracker) lastWrite(id trace.GoID) trace.Time {
	var last trace.Time
	for by, at := range t.wrote {
		if by != id {
			last = max(last, at)
		}
	}
	return last
}

func (t *stallTracker) event(e trace.Event) {
	if len(t.sites) == 0 {
		return // a package with pools only
	}
	switch e.Kind() {
	case trace.EventStackSample:
		if id := e.Goroutine(); id != trace.NoGoroutine {
			t.observe(id, t.g(id), e.Time(), e.Stack())
		}
	case trace.EventStateTransition:
		st := e.StateTransition()
		if st.Resource.Kind != trace.ResourceGoroutine {
			return
		}
		id := st.Resource.Goroutine()
		from, to := st.Goroutine()
		now := e.Time()
		g := t.g(id)
		if from == trace.GoNotExist && to == trace.GoRunnable {
			// The transition's stack is the new goroutine's start;
			// the event's, its creator's.
			for _, s := range t.sites {
				if s.serial && s.starts(st.Stack) {
					s.loops[id] = true
				}
			}
			if by := e.Goroutine(); by != trace.NoGoroutine {
				if p, ok := t.helpers[by]; ok {
					t.helpers[id] = p
				} else if slices.ContainsFunc(t.sites, func(s *stallSite) bool { return s.in(e.Stack()) }) {
					t.helpers[id] = by
				}
			}
		}
		switch {
		case from == trace.GoRunning:
			t.observe(id, g, now, st.Stack)
			if p, ok := t.helpers[id]; ok {
				// A goroutine the flagged call started (argon2's
				// lanes): its running time is the call's.
				if pg := t.gs[p]; pg != nil {
					pg.cum += int64(now - g.since)
				}
			}
			g.cum = g.cumAt(now)
			if to == trace.GoSyscall && writes(st.Stack) {
				t.wrote[id] = now
			}
		case from == trace.GoRunnable && to == trace.GoRunning && g.since != 0:
			if _, ok := t.helpers[id]; !ok {
				t.lat = append(t.lat, stallWait{by: id, from: g.since, to: now})
			}
		case from == trace.GoWaiting && to == trace.GoRunnable && g.waitSince != 0:
			// Who ended the wait, and where: the loop receiving at
			// its select.
			by := e.Goroutine()
			for _, s := range t.sites {
				if s.serial && by != trace.NoGoroutine && by != id && hasFrame(e.Stack(), s.selectL) {
					s.waits = append(s.waits, stallWait{by: by, from: g.waitSince, to: now})
				}
			}
		}
		if to == trace.GoWaiting || to == trace.GoNotExist {
			for i, s := range t.sites {
				if to == trace.GoWaiting && g.runs[i].in && (st.Stack == trace.NoStack || s.in(st.Stack)) {
					// Blocked inside the call (on the goroutines
					// it started, on a lock), or where the trace
					// has no stack: its run goes on until it is
					// seen elsewhere.
					continue
				}
				t.endRun(id, g, i, now)
				g.runs[i].pending = false
			}
			g.waitSince, g.waited = now, true
		}
		g.state, g.since = to, now
		if to == trace.GoRunning && (g.waited || g.lastObs == 0) {
			// A run starts no earlier than the end of the wait.
			g.lastObs, g.lastCum, g.waited = now, g.cum, false
		}
		if to == trace.GoNotExist {
			delete(t.gs, id)
			delete(t.wrote, id)
			delete(t.helpers, id)
		}
	}
}

func (t *stallTracker) finish(last trace.Time) {
	for id, g := range t.gs {
		for i := range t.sites {
			t.endRun(id, g, i, last)
		}
	}
}

func (s *stallSite) evidence(t *stallTracker, covered coverage) *evidence {
	if len(s.events) == 0 {
		switch {
		case covered.ran(s.f.Location):
			return &evidence{Status: noCost, Summary: "no cost seen: the tests run the line, but no goroutine was seen in it in the trace (no CPU sample or scheduling event there: each run was short)"}
		case len(s.loops) > 0:
			return &evidence{Status: notExercised, Summary: "not exercised by the tests run (the loop ran, but never the flagged call)"}
		}
		return &evidence{Status: notExercised, Summary: "not exercised by the tests run"}
	}
	mine := map[trace.GoID]bool{}
	var total, longest int64
	perEvent := make([]float64, len(s.events))
	for i, ev := range s.events {
		mine[ev.g] = true
		total += ev.running
		longest = max(longest, ev.running)
		perEvent[i] = ms(ev.running)
	}
	mean := total / int64(len(s.events))
	during := func(from, to trace.Time) bool {
		for _, ev := range s.events {
			if from < ev.end && ev.start < to {
				return true
			}
		}
		return false
	}

	// Scheduling latency of the other goroutines while the flagged
	// work ran.
	var lat []int64
	for _, w := range t.lat {
		if !mine[w.by] && during(w.from, w.to) {
			lat = append(lat, int64(w.to-w.from))
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	var p99, latMax int64
	if len(lat) > 0 {
		p99, latMax = lat[(len(lat)*99-1)/100], lat[len(lat)-1]
	}
	figs := map[string]any{
		"events":                len(s.events),
		"goroutines":            len(mine),
		"per_event_ms":          perEvent,
		"mean_ms":               ms(mean),
		"max_ms":                ms(longest),
		"sched_latency_p99_ms":  ms(p99),
		"sched_latency_max_ms":  ms(latMax),
		"sched_latency_samples": len(lat),
	}
	if !s.serial {
		// The largest waits, for the report's chart (a handler's
		// delay is the others' scheduling latency).
		top := lat[max(0, len(lat)-50):]
		largest := make([]float64, len(top))
		for i, d := range top {
			largest[len(top)-1-i] = ms(d)
		}
		figs["sched_latency_ms"] = largest
	}
	var summary string
	delayed := p99
	if s.serial {
		// The events the loop received at its select that had waited
		// while it was in the flagged call.
		// For a read loop, the messages it found waiting when it came
		// back from the flagged call, since the last write of a peer in
		// the process (one outside it is not seen).
		var delays []float64
		var worst int64
		for _, w := range append(s.waits, s.queued...) {
			if mine[w.by] && during(w.from, w.to) {
				d := int64(w.to - w.from)
				delays = append(delays, ms(d))
				worst = max(worst, d)
			}
		}
		figs["delays_ms"] = delays
		figs["delay_max_ms"] = ms(worst)
		delayed = worst
		loop, what := "select loop", "event"
		if s.readLoop {
			loop, what = "read loop", "message"
		}
		summary = fmt.Sprintf("the %s spent %s per %s in the flagged call (%d %s%s, up to %s)", loop, fmtMS(mean), what, len(s.events), what, plural(len(s.events)), fmtMS(longest))
		switch {
		case len(delays) > 0 && s.readLoop:
			summary += fmt.Sprintf("; %d message%s behind it had waited up to %s, since a peer in the process wrote", len(delays), plural(len(delays)), fmtMS(worst))
		case len(delays) > 0:
			summary += fmt.Sprintf("; %d event%s behind it waited up to %s", len(delays), plural(len(delays)), fmtMS(worst))
		default:
			summary += fmt.Sprintf("; no other %s waited behind it in these tests", what)
		}
	} else {
		what := "event"
		if strings.Contains(s.f.Message, "HTTP handler") {
			what = "request"
		}
		summary = fmt.Sprintf("%d goroutine%s spent %s per %s in the flagged call (%d %s%s, up to %s)", len(mine), plural(len(mine)), fmtMS(mean), what, len(s.events), what, plural(len(s.events)), fmtMS(longest))
	}
	if len(lat) > 0 {
		summary += fmt.Sprintf("; other goroutines waited up to %s to run meanwhile (scheduling latency p99, max %s)", fmtMS(p99), fmtMS(latMax))
	}
	if mean >= stallThreshold && delayed >= stallThreshold {
		return &evidence{Status: confirmed, Summary: "confirmed: " + summary, Figures: figs}
	}
	return &evidence{Status: noCost, Summary: "no cost seen: " + summary, Figures: figs}
}

// ms is a duration in milliseconds, to the microsecond.
func ms(ns int64) float64 { return float64(ns/1000) / 1000 }

// fmtMS formats a duration in ns as milliseconds: whole above 10 ms, one
// decimal above 0.1 ms.
func fmtMS(ns int64) string {
	x := float64(ns) / 1e6
	switch {
	case x >= 10:
		return fmt.Sprintf("%.0f ms", x)
	case x >= 0.1:
		return fmt.Sprintf("%.1f ms", x)
	case ns == 0:
		return "0 ms"
	}
	return "<0.1 ms"
}
