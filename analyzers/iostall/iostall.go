package iostall

import (
	_ "embed"
	"fmt"
	"go/token"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/analysis/facts/generated"

	"github.com/corefit/corefit/analyzers/internal/analysisdoc"
	"github.com/corefit/corefit/passes/blocking"
	"github.com/corefit/corefit/passes/catalog"
	"github.com/corefit/corefit/passes/chains"
	"github.com/corefit/corefit/passes/cpucost"
	"github.com/corefit/corefit/passes/iocontext"
	"github.com/corefit/corefit/passes/pools"
	"github.com/corefit/corefit/passes/ssax"
)

//go:embed doc.go
var doc string

// Category is the category of every iostall diagnostic.
const Category = "iostall"

var Analyzer = &analysis.Analyzer{
	Name:     "iostall",
	Doc:      analysisdoc.MustExtract(doc, "iostall"),
	URL:      "https://github.com/corefit/corefit/tree/main/analyzers/iostall",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, generated.Analyzer, blocking.Analyzer, cpucost.Analyzer, iocontext.Analyzer, pools.Analyzer},
	Run:      run,
}

var flagTests = false

func init() {
	Analyzer.Flags.BoolVar(&flagTests, "tests", flagTests, "also report in _test.go files")
	Analyzer.Flags.Var(catalog.NewCPUFlag(), "cpuheavy", "more CPU-heavy functions, as NAME=COST[:input=N][,...]: COST heavy, linear, nlogn or compile; N the argument whose size drives it")
	Analyzer.Flags.Var(catalog.NewHandlerFlag(), "handlers", "more handler registrations, as NAME=handler:arg=N or NAME=methods:arg=N[,...]: argument N runs once per request (a function, a list of them, or a service's methods)")
}

type checker struct {
	pass     *analysis.Pass
	tests    bool
	cost     *cpucost.Result
	blk      *blocking.Result
	pools    *pools.Result
	reported map[token.Pos]bool
	bounded  map[*ssa.Function]bool
}

func run(pass *analysis.Pass) (_ any, err error) {
	defer ssax.Recover(pass, &err)
	if ssax.FactsOnly() {
		return nil, nil // iostall has no facts
	}
	c := &checker{
		pass:     pass,
		tests:    flagTests,
		cost:     pass.ResultOf[cpucost.Analyzer].(*cpucost.Result),
		blk:      pass.ResultOf[blocking.Analyzer].(*blocking.Result),
		pools:    pass.ResultOf[pools.Analyzer].(*pools.Result),
		reported: make(map[token.Pos]bool),
		bounded:  make(map[*ssa.Function]bool),
	}
	for _, ctx := range pass.ResultOf[iocontext.Analyzer].(*iocontext.Result).Contexts {
		c.check(ctx)
	}
	return nil, nil
}

func (c *checker) check(ctx *iocontext.Context) {
	if c.isBounded(ctx.Fn) {
		return
	}
	// A call that waits on I/O is the context's own business even when it
	// also computes (a TLS handshake inside conn.Read): the wait dominates.
	waits := make(map[ssa.Instruction]bool)
	for _, op := range c.blk.Ops(ctx.Fn) {
		waits[op.Instr] = true
	}
	for _, op := range c.cost.Ops(ctx.Fn) {
		if !ctx.Contains(op.Instr) || waits[op.Instr] || c.reported[op.Pos] || c.skipFile(op.Pos) {
			continue
		}
		c.reported[op.Pos] = true
		c.report(ctx, op)
	}
	c.checkGrowth(ctx)
}

// checkGrowth reports the context's work that grows with what it serves:
// in a handler or a connection's goroutine, nested loops whose trip counts
// all come from the request (O(n²) per request); in a serial context, linear
// work (a hash) repeated a number of times that is not a constant (a key
// derivation's rounds).
func (c *checker) checkGrowth(ctx *iocontext.Context) {
	parallel := ctx.Kind == iocontext.Handler || ctx.Kind == iocontext.ConnGoroutine
	var input func(*ssa.Parameter) bool
	if parallel {
		input = cpucost.IsInputParam
	}
	for _, t := range c.cost.Terms(ctx.Fn, input) {
		// A call that also waits (a lookup over the network before the
		// sort) still runs the work: unlike a heavy call, the growth is
		// not the wait's.
		if t.At == nil || !ctx.Contains(t.At) {
			continue
		}
		pos := t.At.Pos()
		if len(t.Loops) > 0 && t.Loops[0].IsValid() {
			pos = t.Loops[0]
		}
		if !pos.IsValid() {
			pos = ctx.Pos // a diagnostic with no position is dropped
		}
		if c.reported[pos] || c.skipFile(pos) {
			continue
		}
		var subject, fix string
		switch {
		case parallel && t.Quadratic(cpucost.DriverInput):
			src := t.Drivers[0]
			subject = fmt.Sprintf("%s work in the size of %s (from the %s at %s)", t.Big(cpucost.DriverInput), src.Desc, c.inputWord(ctx), c.line(src.From))
		case parallel && sortsPage(t):
			st, pg, _ := t.SortsStateForPage(cpucost.DriverInput)
			subject = fmt.Sprintf("sorting every entry of %s (O(n log n) in their number) to return a page the %s picks (from %s at %s)", st.Desc, c.inputWord(ctx), pg.Desc, c.line(pg.From))
			fix = "keep the entries sorted as they change, or select the page with a heap of offset+limit entries; else bound it with a CPU-sized semaphore"
		case !parallel && t.Linear != "" && repeated(t):
			d := counter(t)
			subject = fmt.Sprintf("%s repeated %s times (a count that is not a constant, from %s)", t.Linear, d.Desc, c.line(d.From))
		default:
			continue
		}
		if len(t.Via) > 0 {
			subject += ", in " + strings.Join(t.Via, " -> ")
		}
		c.reported[pos] = true
		c.reportGrowth(ctx, t, pos, subject, fix)
	}
}

func sortsPage(t cpucost.Term) bool {
	_, _, ok := t.SortsStateForPage(cpucost.DriverInput)
	return ok
}

// repeated reports whether one of t's loops is counted by a number.
func repeated(t cpucost.Term) bool {
	for _, d := range t.Drivers {
		if d.Count {
			return true
		}
	}
	return false
}

func counter(t cpucost.Term) cpucost.Driver {
	for _, d := range t.Drivers {
		if d.Count {
			return d
		}
	}
	return t.Drivers[0]
}

func (c *checker) inputWord(ctx *iocontext.Context) string {
	if ctx.Kind == iocontext.ConnGoroutine {
		return "connection"
	}
	return "request"
}

func (c *checker) line(pos token.Pos) string {
	if !pos.IsValid() {
		return "?"
	}
	p := c.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// reportGrowth reports a term, with its loops and the source of its bound as
// related positions.
func (c *checker) reportGrowth(ctx *iocontext.Context, t cpucost.Term, pos token.Pos, subject, fix string) {
	where, cost, defFix := c.phrases(ctx)
	if fix == "" {
		fix = defFix
	}
	rel := []analysis.RelatedInformation{{Pos: ctx.Pos, Message: fmt.Sprintf("%s: %s", ctx.Name(), ctx.Via)}}
	for i, l := range t.Loops {
		msg := "loop"
		if i < len(t.Drivers) {
			msg = fmt.Sprintf("loop over %s", t.Drivers[i].Desc)
			if t.Drivers[i].Count {
				msg = fmt.Sprintf("loop counted by %s", t.Drivers[i].Desc)
			}
		}
		if t.Sort && i == len(t.Loops)-1 && len(t.Via) == 0 {
			msg = "sort"
		}
		rel = append(rel, analysis.RelatedInformation{Pos: l, Message: msg})
	}
	if len(t.Where) > 0 {
		rel = append(rel, analysis.RelatedInformation{Pos: t.At.Pos(), Message: "the call does the work at " + strings.Join(t.Where, ", ")})
	}
	if _, pg, ok := t.SortsStateForPage(cpucost.DriverInput); ok {
		if pg.From.IsValid() {
			rel = append(rel, analysis.RelatedInformation{Pos: pg.From, Message: fmt.Sprintf("the page comes from %s here", pg.Desc)})
		}
	} else if d := t.Drivers[0]; d.From.IsValid() && d.From != pos {
		rel = append(rel, analysis.RelatedInformation{Pos: d.From, Message: fmt.Sprintf("the size comes from %s here", d.Desc)})
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      pos,
		Category: Category,
		Message:  fmt.Sprintf("%s runs %s: %s; %s", subject, where, cost, fix),
		Related:  rel,
	})
}

// isBounded reports whether fn acquires a CPU-sized semaphore: a send on a
// buffered channel of empty values, or a semaphore.Weighted Acquire, whose
// bound is a multiple of the CPU count. The heavy work in it then runs at
// most that many at a time.
func (c *checker) isBounded(fn *ssa.Function) bool {
	if b, ok := c.bounded[fn]; ok {
		return b
	}
	bounded := false
	for _, blk := range fn.Blocks {
		for _, instr := range blk.Instrs {
			var sem ssa.Value
			switch instr := instr.(type) {
			case *ssa.Send:
				sem = instr.Chan
			case *ssa.Call:
				if obj := ssax.Callee(&instr.Call); obj != nil && (obj.Name() == "Acquire" || obj.Name() == "TryAcquire") {
					sem = ssax.Recv(&instr.Call)
				}
			}
			if sem == nil {
				continue
			}
			if sz, ok := c.pools.SemaphoreSize(sem); ok && sz.CPUSized(pools.DefaultMaxCPUFactor) {
				bounded = true
			}
		}
	}
	c.bounded[fn] = bounded
	return bounded
}

func (c *checker) report(ctx *iocontext.Context, op cpucost.Op) {
	subject := describe(op)
	where, cost, fix := c.phrases(ctx)
	rel := []analysis.RelatedInformation{{Pos: ctx.Pos, Message: fmt.Sprintf("%s: %s", ctx.Name(), ctx.Via)}}
	rel = append(rel, chains.Related(&op)...)
	c.pass.Report(analysis.Diagnostic{
		Pos:      op.Pos,
		Category: Category,
		Message:  fmt.Sprintf("%s runs %s: %s; %s", subject, where, cost, fix),
		Related:  rel,
	})
}

// phrases says where the context runs work, what that costs, and the fix.
func (c *checker) phrases(ctx *iocontext.Context) (where, cost, fix string) {
	switch ctx.Kind {
	case iocontext.SelectLoop:
		where = "inline in a select loop"
		cost = "every event behind it waits (timers, cancellation, other channels)"
		fix = "run it in a goroutine that sends the result back as an event, or hand it to a CPU-sized pool"
	case iocontext.ReadLoop:
		where = "inline in a loop that waits on a peer in every iteration"
		cost = "the next message, heartbeats and cancellation wait behind it"
		fix = "hand it to a CPU-sized pool and keep the loop reading"
	case iocontext.Handler:
		where = fmt.Sprintf("in %s %s, once per request in flight with no bound", article(ctx.Name()), ctx.Name())
		cost = "under load the requests oversubscribe the cores and cheap requests' tail latency grows"
		fix = "bound it with a CPU-sized semaphore or hand it to a CPU-sized pool"
	case iocontext.ConnGoroutine:
		where = "in a goroutine started per accepted connection, with no bound"
		cost = "under load the connections oversubscribe the cores and every client's latency grows"
		fix = "bound it with a CPU-sized semaphore or hand it to a CPU-sized pool"
	}
	return where, cost, fix
}

// describe names the heavy work: "bcrypt.GenerateFromPassword, CPU-heavy
// (bcrypt password hash),", "a loop of a million or more iterations",
// "hashAll, CPU-heavy (bcrypt password hash in
// bcrypt.GenerateFromPassword),".
func describe(op cpucost.Op) string {
	what := op.Why + " in " + op.What
	if op.What == "loop" {
		what = "a " + op.Why
	}
	switch {
	case op.Via != "":
		return fmt.Sprintf("%s, CPU-heavy (%s),", op.Named(), what)
	case op.What == "loop":
		return what
	}
	return fmt.Sprintf("%s, CPU-heavy (%s),", op.What, op.Why)
}

// article is "a" or "an" for name.
func article(name string) string {
	if name != "" && strings.ContainsRune("aeiouAEIOU", rune(name[0])) || strings.HasPrefix(name, "HTTP") {
		return "an"
	}
	return "a"
}

func (c *checker) skipFile(pos token.Pos) bool { return ssax.SkipFile(c.pass, pos, c.tests) }
