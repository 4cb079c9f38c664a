package sharedstate

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"go/version"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/analysis/facts/generated"

	"github.com/corefit/corefit/analyzers/internal/analysisdoc"
	"github.com/corefit/corefit/passes/catalog"
	"github.com/corefit/corefit/passes/locks"
	"github.com/corefit/corefit/passes/shared"
	"github.com/corefit/corefit/passes/ssax"
)

//go:embed doc.go
var doc string

// Category is the category of every sharedstate diagnostic.
const Category = "sharedstate"

var Analyzer = &analysis.Analyzer{
	Name:     "sharedstate",
	Doc:      analysisdoc.MustExtract(doc, "sharedstate"),
	URL:      "https://github.com/corefit/corefit/tree/main/analyzers/sharedstate",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, generated.Analyzer, locks.Analyzer, shared.Analyzer},
	Run:      run,
}

var flagTests = false

func init() {
	Analyzer.Flags.BoolVar(&flagTests, "tests", flagTests, "also report in _test.go files (parallel subtests)")
}

type checker struct {
	pass     *analysis.Pass
	tests    bool
	res      *shared.Result
	loops    map[*ssa.Function][]*ssax.Loop
	reported map[reportKey]bool
	// reportedLine holds the lines reported at, so that the check of
	// inconsistent locking does not report a race again.
	reportedLine map[string]bool
	funcs        []*ssa.Function
	callers      map[*ssa.Function][]ssa.CallInstruction
	names        map[token.Pos]string                       // assignedName's index
	mayHeld      map[*ssa.Function]map[ssa.Instruction]bool // mayLocked's
	handover     map[*ssa.Function]bool                     // handsOver's
	sentFields   map[*types.Var]bool                        // onlyClosed's
	paramIn      map[paramKey]places                        // paramPlaces'
	hidden       map[*types.Func]bool                       // callsHidden's
	invoked      map[string]bool                            // callsHidden's
	graph        *callGraph                                 // calls'
	fnLaunches   map[*ssa.Function]*fnLaunches              // launchesIn's
	deferred     map[*ssa.Function][]shared.Access          // deferredIn's
	// cur is the goroutine whose launch reach walks from: which waits
	// join it depends on what it sends on and closes.
	cur *goroutine
}

// reportKey identifies a diagnostic: one per memory location and place.
type reportKey struct {
	term   locks.Term
	pos    token.Pos
	launch bool // pos is the launch's: one diagnostic per launch and location
}

func run(pass *analysis.Pass) (_ any, err error) {
	defer ssax.Recover(pass, &err)
	if ssax.FactsOnly() {
		return nil, nil // sharedstate has no facts
	}
	c := &checker{
		pass:         pass,
		tests:        flagTests,
		res:          pass.ResultOf[shared.Analyzer].(*shared.Result),
		loops:        make(map[*ssa.Function][]*ssax.Loop),
		reported:     make(map[reportKey]bool),
		reportedLine: make(map[string]bool),
		funcs:        pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs,
	}
	launches := c.res.Launches()
	if len(launches) > 0 {
		c.checkLaunches(launches)
		c.checkOwners(launches)
	}
	c.checkInconsistent(c.funcs)
	c.checkMixedAtomic(c.funcs)
	return nil, nil
}

// run is one goroutine's view: the accesses of a launched function in the
// spawner's frame.
type goroutine struct {
	launch *shared.Launch
	acc    []shared.Access
	// deferred are the sends and closes of channels in the calls the
	// goroutine defers, which run after all of acc: see joins.go.
	deferred []shared.Access
}

// checkLaunches pairs the accesses of each launched function with those of
// its spawner after the launch, with those of other instances of itself when
// launched in a loop, and with those of functions launched after it.
func (c *checker) checkLaunches(launches []*shared.Launch) {
	gs := make(map[*shared.Launch]*goroutine)
	for _, l := range launches {
		if c.skipFile(l.Instr.Pos()) {
			continue
		}
		if l.Kind == shared.Handler && c.isTestFile(l.Instr.Pos()) {
			// A test's server sees the requests the test makes,
			// one after the other as a rule.
			continue
		}
		gs[l] = c.goroutineOf(l)
	}
	// The budget: each launch walks the rest of its spawner and meets its
	// siblings, quadratic in a function that starts thousands of
	// goroutines (generated code). Past maxLaunches in one function, the
	// launches are not checked, and stderr says so.
	perSpawner := make(map[*ssa.Function]int)
	for _, l := range launches {
		g := gs[l]
		if g == nil || len(g.acc) == 0 {
			continue
		}
		fn := l.Spawner()
		if perSpawner[fn]++; perSpawner[fn] > maxLaunches {
			if perSpawner[fn] == maxLaunches+1 {
				budgetNote(fn)
			}
			continue
		}
		c.cur = g
		reach := c.reach(l, nil)
		c.checkInstances(g, reach)
		if l.Kind == shared.Handler {
			// When requests come is not known: only the
			// handler's instances are paired.
			continue
		}
		if l.Kind != shared.Subtest && !c.launcherWaits(l) {
			c.checkSpawner(g, reach)
		}
		for _, l2 := range launches {
			g2 := gs[l2]
			if l2 == l || g2 == nil || l2.Spawner() != l.Spawner() || l2.Kind == shared.Handler {
				continue
			}
			if l.Kind == shared.Subtest || l2.Kind == shared.Subtest {
				// Parallel subtests run together once the parent
				// returns, whatever the order of their t.Run calls.
				if l.Kind != l2.Kind || l2.Instr.Pos() < l.Instr.Pos() {
					continue
				}
			} else if reach[l2.Instr] != full {
				continue
			}
			c.checkPair(g, g2)
		}
	}
}

// maxLaunches is how many goroutine launches of one function are checked.
const maxLaunches = 256

// budgetNote says on stderr that a function's launches past the budget are
// not checked: a note, not a diagnostic, as there is nothing to fix.
func budgetNote(fn *ssa.Function) {
	fmt.Fprintf(os.Stderr, "corefit: sharedstate: %s starts more than %d goroutines; those past the %dth are not checked (a budget against generated code)\n", fn, maxLaunches, maxLaunches)
}

// launcherWaits reports whether l is a call of a launcher of the program
// that waits itself, as for the goroutine it starts (a CallWithContext that
// returns when the function is done or the context is): what follows the
// call is taken as joined.
func (c *checker) launcherWaits(l *shared.Launch) bool {
	call, ok := l.Instr.(*ssa.Call)
	return ok && l.Kind == shared.Go && c.res.IsWait(call)
}

// goroutineOf translates a launched function's accesses into the spawner's
// frame, keeping those to memory the spawner can reach.
func (c *checker) goroutineOf(l *shared.Launch) *goroutine {
	g := &goroutine{launch: l, deferred: c.deferredSignals(l)}
	for _, fn := range l.Funcs {
		for _, a := range c.res.LaunchAccesses(l, fn) {
			// A parallel subtest counts after t.Parallel, with
			// the accesses of the test's own code: that the
			// package's code run by a test is fine in parallel is
			// the package's contract, which the test may well keep
			// (fiber's configDefault writes its defaults only when
			// the user has changed them).
			if l.Kind == shared.Subtest && (!a.AfterParallel || !c.isTestFile(a.Pos)) {
				continue
			}
			g.acc = append(g.acc, a)
		}
	}
	return g
}

// Marks of instructions the spawner runs while a goroutine it launched runs.
const (
	full    = 1 // all of the instruction's accesses
	partial = 2 // a wait: only the accesses its callee makes before waiting
)

// reach returns the instructions of the spawner that may run after the launch
// and before a join (see joins.go) or lock, following the control flow (around loops
// too). When stop is not nil, the walk also ends at stop: the definition of
// a root, past which the spawner works on a new object.
func (c *checker) reach(l *shared.Launch, stop ssa.Instruction) map[ssa.Instruction]int {
	out := make(map[ssa.Instruction]int)
	// Edges, not blocks: a branch decided by a constant on a block's
	// entry from one predecessor (a loop's first test) may go the other
	// way from another.
	seen := make(map[[2]*ssa.BasicBlock]bool)
	barrierFn := c.deferWaits(l.Spawner())
	var walk func(b *ssa.BasicBlock, from int, pred *ssa.BasicBlock)
	walk = func(b *ssa.BasicBlock, from int, pred *ssa.BasicBlock) {
		for _, instr := range b.Instrs[from:] {
			if instr == stop {
				return
			}
			if c.res.IsAcquire(instr) || c.res.IsWait(instr) && c.joins(instr) {
				out[instr] = partial
				return
			}
			if _, ok := instr.(*ssa.RunDefers); ok && barrierFn {
				return
			}
			out[instr] = full
		}
		if from > 0 {
			pred = nil // the launch's block: its phis are past
		}
		for _, s := range c.joinSuccs(b, ssax.Succs(b, pred)) {
			if e := [2]*ssa.BasicBlock{b, s}; !seen[e] {
				seen[e] = true
				walk(s, 0, b)
			}
		}
	}
	starts := []ssa.Instruction{l.Instr}
	if resets, ok := dormantTimer(l); ok {
		// The function runs only after a Reset of the stopped timer.
		starts = resets
	}
	for _, start := range starts {
		b := start.Block()
		for i, instr := range b.Instrs {
			if instr == start {
				walk(b, i+1, nil)
				break
			}
		}
	}
	return out
}

// dormantTimer reports whether a time.AfterFunc launch stops its timer
// before anything else happens (pgx: t = time.AfterFunc(math.MaxInt64, f);
// t.Stop()), so that f runs only after a later Reset of the timer, and
// returns the spawner's calls of Reset on it. The timer is the call's
// value, or what it is stored to (c.t: its term).
func dormantTimer(l *shared.Launch) ([]ssa.Instruction, bool) {
	call, ok := l.Instr.(*ssa.Call)
	if l.Kind != shared.Timer || !ok {
		return nil, false
	}
	var field locks.Term // where the timer is kept, if in a field
	isTimer := func(v ssa.Value) bool {
		v = ssax.Strip(v)
		if v == call {
			return true
		}
		ld, ok := v.(*ssa.UnOp)
		if !ok || ld.Op != token.MUL || !field.Valid() {
			return false
		}
		t, ok := locks.Value(ld.X)
		return ok && t == field
	}
	timerCall := func(instr ssa.Instruction, name string) bool {
		c, ok := instr.(*ssa.Call)
		if !ok {
			return false
		}
		fn := ssax.FuncObject(c.Call.StaticCallee())
		return fn != nil && len(c.Call.Args) > 0 && catalog.FullName(fn) == "(*time.Timer)."+name && isTimer(c.Call.Args[0])
	}
	b := l.Instr.Block()
	i := slices.Index(b.Instrs, l.Instr)
	stopped := false
	for _, instr := range b.Instrs[i+1:] {
		switch x := instr.(type) {
		case *ssa.Store:
			if ssax.Strip(x.Val) == call {
				if t, ok := locks.Value(x.Addr); ok {
					field = t
					continue
				}
			}
		case *ssa.FieldAddr, *ssa.UnOp:
			continue // the loads of the timer
		}
		stopped = timerCall(instr, "Stop")
		break
	}
	if !stopped {
		return nil, false
	}
	var resets []ssa.Instruction
	for _, b := range l.Spawner().Blocks {
		for _, instr := range b.Instrs {
			if timerCall(instr, "Reset") {
				resets = append(resets, instr)
			}
		}
	}
	return resets, true
}

// deferWaits reports whether a deferred call of fn waits (defer wg.Wait()).
func (c *checker) deferWaits(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && c.res.IsWait(d) {
				return true
			}
		}
	}
	return false
}

// checkSpawner pairs the goroutine's accesses with the spawner's that run
// at the same time.
func (c *checker) checkSpawner(g *goroutine, reach map[ssa.Instruction]int) {
	fn := g.launch.Spawner()
	var concurrent []shared.Access
	for _, a := range c.res.Accesses(fn) {
		switch reach[a.Instr] {
		case full:
		case partial:
			if a.Inner || a.Instr == nil {
				continue
			}
			if _, isCall := a.Instr.(*ssa.Call); !isCall {
				continue
			}
		default:
			continue
		}
		concurrent = append(concurrent, a)
	}
	redef := make(map[ssa.Instruction]map[ssa.Instruction]int)
	for _, ga := range g.acc {
		if ga.AfterWait {
			continue
		}
		for _, sa := range concurrent {
			if !locks.Overlap(sa.Term, ga.Term) || !conflict(ga, sa) {
				continue
			}
			if !ga.Op.IsWrite() && sa.NilGuarded {
				// if t.wg == nil { t.wg = new(sync.WaitGroup) }
				// after a goroutine that reads t.wg: it was set
				// before, or the goroutine would not have it.
				continue
			}
			if st, ok := sa.Instr.(*ssa.Store); ok && ssa.Instruction(ssaValueInstr(st.Val)) == g.launch.Instr {
				// t = time.AfterFunc(d, func() { ... t ... }): the
				// timer that fires before its own assignment is
				// a race in theory, and written on purpose.
				continue
			}
			// A root made in a loop is a new object each iteration:
			// the spawner's access must come before it is made
			// again.
			if def, ok := sa.Term.Root.(ssa.Instruction); ok && def.Parent() == fn && c.inLoopWith(def, g.launch.Instr) {
				m, ok := redef[def]
				if !ok {
					m = c.reach(g.launch, def)
					redef[def] = m
				}
				if m[sa.Instr] == 0 {
					continue
				}
			}
			c.report(g.launch, spawnerPair, ga, sa)
		}
	}
}

// checkInstances pairs the accesses of a goroutine launched in a loop with
// those of its other instances.
func (c *checker) checkInstances(g *goroutine, reach map[ssa.Instruction]int) {
	l := g.launch
	if l.Limited {
		return
	}
	fn := l.Spawner()
	loop := ssax.Innermost(c.loopsOf(fn), l.Instr.Block())
	if l.Kind != shared.Handler {
		// The launch must run again with no wait in between: not
		// followed by a return or a break, nor by a wait, a lock or a
		// semaphore's acquire before the next iteration. (The launch
		// itself may wait: t.Run until t.Parallel, errgroup.Go for
		// a limited group, which is Limited.)
		if loop == nil || reach[l.Instr] == 0 {
			return
		}
		if n, ok := ssax.ConstInt(loop.Bound); loop.Bound != nil && ok && n <= 1 {
			return // a loop that runs once starts one goroutine
		}
	}
	// Two writes first: they make the better message (concurrent map
	// writes), and a location is reported once.
	for _, writes := range []bool{true, false} {
		for i, a := range g.acc {
			if a.AfterPeerWait || loop != nil && !c.sharedAcross(a.Term, loop, fn) {
				continue
			}
			for _, b := range g.acc[i:] {
				if b.AfterPeerWait || !locks.Overlap(b.Term, a.Term) || !conflict(a, b) || writes && !(a.Op.IsWrite() && b.Op.IsWrite()) {
					continue
				}
				w, o := a, b
				if !w.Op.IsWrite() || w.Atomic && !o.Atomic {
					w, o = b, a
				}
				c.report(l, instancePair, w, o)
			}
		}
	}
}

// checkPair pairs the accesses of two goroutines that run at the same time.
func (c *checker) checkPair(g1, g2 *goroutine) {
	for _, a := range g1.acc {
		if a.AfterWait || !c.sharedBetween(a.Term, g1.launch, g2.launch) {
			continue
		}
		for _, b := range g2.acc {
			if b.AfterWait || !locks.Overlap(b.Term, a.Term) || !conflict(a, b) {
				continue
			}
			w, o := b, a
			if !w.Op.IsWrite() {
				w, o = a, b
			}
			c.report(g2.launch, siblingPair, w, o, g1.launch.Instr.Pos())
		}
	}
}

// sharedAcross reports whether the root of t is the same object for every
// iteration of loop: made outside it, or not made in fn at all.
func (c *checker) sharedAcross(t locks.Term, loop *ssax.Loop, fn *ssa.Function) bool {
	def, ok := t.Root.(ssa.Instruction)
	if !ok || def.Parent() != fn {
		return true
	}
	return !loop.Body[def.Block()]
}

// sharedBetween reports whether the root of t, as seen by two launches of
// one spawner, is the same object for both: not made in a loop that holds
// both launches between them.
func (c *checker) sharedBetween(t locks.Term, l1, l2 *shared.Launch) bool {
	def, ok := t.Root.(ssa.Instruction)
	if !ok || def.Parent() != l1.Spawner() {
		return true
	}
	loop := ssax.Innermost(c.loopsOf(def.Parent()), def.Block())
	return loop == nil || !(loop.Body[l1.Instr.Block()] && loop.Body[l2.Instr.Block()])
}

func (c *checker) inLoopWith(def, launch ssa.Instruction) bool {
	for _, l := range c.loopsOf(def.Parent()) {
		if l.Body[def.Block()] && l.Body[launch.Block()] {
			return true
		}
	}
	return false
}

func (c *checker) loopsOf(fn *ssa.Function) []*ssax.Loop {
	ls, ok := c.loops[fn]
	if !ok {
		ls = ssax.Loops(fn)
		c.loops[fn] = ls
	}
	return ls
}

// conflict reports whether two accesses to the same memory race: one writes,
// they are not both atomic, and no lock excludes one from the other.
func conflict(a, b shared.Access) bool {
	if a.Op == shared.Recv || b.Op == shared.Recv || !a.Op.IsWrite() && !b.Op.IsWrite() {
		return false
	}
	if a.Atomic && b.Atomic {
		return false
	}
	if _, ok := a.Locks.Guards(b.Locks); ok {
		return false
	}
	if a.OpaqueLock || b.OpaqueLock {
		return false
	}
	// Both hold locks but none in common: the same mutex may be reached
	// by two paths (t.mu and pc.t.mu), so stay quiet, unless both hold
	// the same lock for reading only (a write under RLock).
	if len(a.Locks) > 0 && len(b.Locks) > 0 {
		return rlockWrite(a, b) != nil
	}
	return true
}

// pairKind is how the two accesses of a diagnostic run at the same time.
type pairKind int

const (
	spawnerPair  pairKind = iota + 1 // the goroutine and the code after its launch
	instancePair                     // two instances of a goroutine launched in a loop
	siblingPair                      // two goroutines launched one after the other
)

// report emits one diagnostic for the pair (at, other): at is reported,
// other and the launch are related positions.
func (c *checker) report(l *shared.Launch, kind pairKind, at, other shared.Access, extra ...token.Pos) {
	pos := at.Pos
	if kind == spawnerPair && !at.Op.IsWrite() {
		pos = other.Pos
		at, other = other, at
	}
	loopVar := kind == spawnerPair && c.isOldLoopVar(l, at, other)
	if loopVar && at.Instr.Parent() == l.Spawner() {
		// Report the capture, in the goroutine, not the loop's
		// increment.
		at, other = other, at
		pos = at.Pos
	}
	if !pos.IsValid() || c.skipFile(pos) {
		return
	}
	key := reportKey{at.Term, pos, false}
	if c.reported[key] {
		return
	}
	c.reported[key] = true
	// One diagnostic per location and launch is enough.
	lkey := reportKey{at.Term, l.Instr.Pos(), true}
	if c.reported[lkey] {
		return
	}
	c.reported[lkey] = true

	what := describe(at, other, c.termName(at.Term))
	var msg string
	switch {
	case loopVar:
		msg = fmt.Sprintf("loop variable %s is %s in a goroutine and %s by the loop that starts it, which before Go 1.22 has one %s for all iterations: the goroutine sees a later iteration's value; pass %s to the goroutine as an argument, copy it inside the loop, or move the module to go 1.22 or later",
			c.termName(at.Term), verb(at.Op), verb(other.Op), c.termName(at.Term), c.termName(at.Term))
	case rlockWrite(at, other) != nil:
		h := rlockWrite(at, other)
		msg = fmt.Sprintf("%s is written while holding only the read lock %s (RLock), which other goroutines hold at the same time: take %s.Lock() to write", what, c.termName(h.Term), c.termName(h.Term))
	default:
		var when string
		switch kind {
		case spawnerPair:
			if at.Instr.Parent() == l.Spawner() {
				when = fmt.Sprintf("%s by the function that starts a goroutine and %s in that goroutine, after %s and before it waits for the goroutine,", verb(at.Op), verb(other.Op), l.Desc)
			} else {
				when = fmt.Sprintf("%s in a goroutine and %s by the function that starts it, after %s and before it waits for the goroutine,", verb(at.Op), verb(other.Op), l.Desc)
			}
		case instancePair:
			who := "goroutines started in a loop"
			switch l.Kind {
			case shared.Subtest:
				who = "parallel subtests started in a loop"
			case shared.Group:
				who = "goroutines started in a loop by " + l.Desc
			case shared.Timer:
				who = "timer functions started in a loop"
			case shared.Handler:
				who = "an HTTP handler, which runs once per request in flight,"
			}
			if k := kindOf(at, other); verb(at.Op) == verb(other.Op) || k == kindCounter || k == kindSlice && at.Op == shared.Append {
				when = fmt.Sprintf("%s by %s", verb(at.Op), who)
			} else {
				when = fmt.Sprintf("%s and %s by %s", verb(at.Op), verb(other.Op), who)
			}
		case siblingPair:
			when = fmt.Sprintf("%s and %s by two goroutines that run at the same time", verb(at.Op), verb(other.Op))
		}
		msg = fmt.Sprintf("%s is %s %s: %s", what, when, c.syncPhrase(at, other), consequence(at, other))
	}
	otherMsg := fmt.Sprintf("the other access (%s)", verb(other.Op))
	if kind == instancePair {
		if l.Kind == shared.Handler {
			otherMsg += ", by another request"
		} else {
			otherMsg += ", by another instance of the goroutine"
		}
	}
	rel := []analysis.RelatedInformation{{Pos: other.Pos, Message: otherMsg}}
	for _, v := range other.Via {
		if v != other.Pos {
			rel = append(rel, analysis.RelatedInformation{Pos: v, Message: "called here"})
		}
	}
	rel = append(rel, analysis.RelatedInformation{Pos: l.Instr.Pos(), Message: "goroutine started here"})
	for _, p := range extra {
		rel = append(rel, analysis.RelatedInformation{Pos: p, Message: "other goroutine started here"})
	}
	c.reportedLine[c.line(pos)] = true
	c.pass.Report(analysis.Diagnostic{Pos: pos, Category: Category, Message: msg, Related: rel, SuggestedFixes: c.fixes(at, other)})
}

// syncPhrase says what guards a reported pair: nothing, or a lock that
// only one side holds (a read made right after Unlock).
func (c *checker) syncPhrase(a, b shared.Access) string {
	one, other := a, b
	if len(one.Locks) == 0 {
		one, other = b, a
	}
	if len(one.Locks) == 0 || len(other.Locks) > 0 || !one.Locks[0].Term.Valid() {
		return "with no synchronization"
	}
	return fmt.Sprintf("with %s held only where it is %s", c.termName(one.Locks[0].Term), verb(one.Op))
}

// rlockWrite returns the lock held for reading only by the write of a pair
// whose other side holds it too.
func rlockWrite(a, b shared.Access) *locks.Held {
	for _, p := range [][2]shared.Access{{a, b}, {b, a}} {
		w, o := p[0], p[1]
		if !w.Op.IsWrite() {
			continue
		}
		for _, h := range w.Locks {
			if h.Read {
				if oh, ok := o.Locks.Find(h.Term); ok && oh.Read {
					return &h
				}
			}
		}
	}
	return nil
}

// Kinds of shared memory, for messages.
const (
	kindCounter = "counter"
	kindMap     = "map"
	kindSlice   = "slice header"
	kindErr     = "captured error"
	kindField   = "field"
	kindGlobal  = "package variable"
	kindVar     = "variable"
	kindChan    = "channel"
	kindElem    = "element"
)

func kindOf(a, b shared.Access) string {
	switch {
	case a.Op == shared.Close || b.Op == shared.Close:
		return kindChan
	case a.Op == shared.Inc || b.Op == shared.Inc:
		return kindCounter
	case a.Op == shared.MapRead || a.Op == shared.MapWrite:
		return kindMap
	case a.Op == shared.Append || b.Op == shared.Append || isSlice(a.Type):
		return kindSlice
	}
	if i := strings.LastIndexByte(a.Term.Path, '#'); i >= 0 && !strings.ContainsAny(a.Term.Path[i:], ".@") {
		return kindElem
	}
	if _, _, ok := a.Term.Parent(); ok {
		return kindField
	}
	if _, ok := a.Term.Root.(*ssa.Global); ok && a.Term.Path == "" {
		return kindGlobal
	}
	if isError(a.Type) {
		return kindErr
	}
	return kindVar
}

func describe(a, b shared.Access, name string) string {
	return kindOf(a, b) + " " + name
}

func verb(op shared.Op) string {
	switch op {
	case shared.Inc:
		return "incremented"
	case shared.Append:
		return "appended to"
	case shared.Write, shared.MapWrite:
		return "written"
	case shared.Send:
		return "sent on"
	case shared.Close:
		return "closed"
	}
	return "read"
}

// consequence says what goes wrong and what would guard the memory.
func consequence(a, b shared.Access) string {
	if a.Atomic != b.Atomic {
		return "mixing atomic and plain access is still a race; use atomic operations (or an atomic type) for every access"
	}
	switch kindOf(a, b) {
	case kindChan:
		if a.Op == shared.Close && b.Op == shared.Close {
			return "closing a closed channel panics; close it once, with sync.Once or in the one goroutine that owns it"
		}
		return "a send on a closed channel panics; close the channel in its sender, or after every sender is done (wg.Wait, then close)"
	case kindCounter:
		return "updates are lost; guard it with a sync.Mutex or use atomic.Int64"
	case kindMap:
		if a.Op == shared.MapWrite && b.Op == shared.MapWrite {
			return "concurrent map writes crash the program; guard the map with a sync.Mutex or use sync.Map"
		}
		return "a map read during a write crashes the program; guard the map with a sync.Mutex (or RWMutex) or use sync.Map"
	case kindSlice:
		return "appends are lost or overwrite each other; guard the slice with a sync.Mutex, send the values over a channel, or have each goroutine write its own element of a slice made beforehand"
	case kindErr:
		return "one goroutine's error overwrites another's or is read half-written; use errgroup, or give each goroutine its own error"
	}
	return "the value read is undefined; guard it with a sync.Mutex, use an atomic type, or hand the value over on a channel"
}

func isSlice(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Slice)
	return ok
}

func isError(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

func (c *checker) isTestFile(pos token.Pos) bool { return ssax.InTestFile(c.pass.Fset, pos) }

// skipFile reports whether pos is in a file not to report in: a generated
// file, or a test file unless -tests.
func (c *checker) skipFile(pos token.Pos) bool { return ssax.SkipFile(c.pass, pos, c.tests) }

// isOldLoopVar reports whether a pair of a goroutine and its spawner is a
// loop variable that the spawner's loop writes, in a file whose Go version
// predates per-iteration loop variables.
func (c *checker) isOldLoopVar(l *shared.Launch, a, b shared.Access) bool {
	alloc, ok := a.Term.Root.(*ssa.Alloc)
	if !ok || a.Term.Path != "" {
		return false
	}
	w := a
	if w.Instr.Parent() != l.Spawner() {
		w = b
	}
	if !w.Op.IsWrite() || w.Instr.Parent() != l.Spawner() {
		return false
	}
	loop := ssax.Innermost(c.loopsOf(l.Spawner()), l.Instr.Block())
	if loop == nil || loop.Body[alloc.Block()] || !loop.Body[w.Instr.Block()] {
		return false
	}
	v := c.fileVersion(l.Instr.Pos())
	return version.IsValid(v) && version.Compare(v, "go1.22") < 0
}

// fileVersion returns the Go version of the file that holds pos.
func (c *checker) fileVersion(pos token.Pos) string {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			if v := c.pass.TypesInfo.FileVersions[f]; v != "" {
				return v
			}
		}
	}
	return c.pass.Pkg.GoVersion()
}

// ssaValueInstr returns the instruction that defines v, or nil.
func ssaValueInstr(v ssa.Value) ssa.Instruction {
	if i, ok := v.(ssa.Instruction); ok {
		return i
	}
	return nil
}
