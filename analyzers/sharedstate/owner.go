package sharedstate

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/locks"
	"github.com/corefit/corefit/passes/shared"
	"github.com/corefit/corefit/passes/ssax"
)

// A type with a goroutine of its own: a constructor or a method (Start, Run)
// starts `go c.loop()`, which outlives it and runs for the object's life,
// while the type's exported methods run on their callers' goroutines. A
// field of the object that the goroutine and an exported method both access,
// one of them writing, with no common lock, races.

// owned is a goroutine started on an object: the launch, the object (the
// spawner's receiver, or the object a constructor makes and returns), its
// type, and the function that starts it (the method or constructor, around
// the spawner when the spawner is a closure).
type owned struct {
	launch *shared.Launch
	root   ssa.Value
	named  *types.Named
	outer  *ssa.Function
}

// calls returns the package's call graph, built once.
func (c *checker) calls() *callGraph {
	if c.graph == nil {
		c.graph = c.callGraph()
	}
	return c.graph
}

// callGraph is the package's functions and the functions each refers to:
// static callees, closures made, method values bound.
type callGraph struct {
	out map[*ssa.Function][]*ssa.Function
	in  map[*ssa.Function][]*ssa.Function
}

// checkOwners pairs the accesses of goroutines started on an object with
// those of the exported methods of the object's type.
func (c *checker) checkOwners(launches []*shared.Launch) {
	var owns []owned
	for _, l := range launches {
		if o, ok := c.ownedLaunch(l); ok {
			owns = append(owns, o)
		}
	}
	if len(owns) == 0 {
		return
	}
	g := c.calls()
	methods := c.exportedMethods()
	for _, o := range owns {
		c.checkOwned(o, g, methods[o.named])
	}
}

// ownedLaunch recognises a go statement (or a launcher's) whose goroutine
// outlives the function that starts it, on an object of a named struct type
// of the package: the receiver of the method around the launch, or the
// object the function around it makes and returns.
func (c *checker) ownedLaunch(l *shared.Launch) (owned, bool) {
	if l.Kind != shared.Go || c.skipFile(l.Instr.Pos()) || c.isTestFile(l.Instr.Pos()) {
		return owned{}, false
	}
	for _, fn := range l.Funcs {
		if len(fn.Blocks) == 0 || fn.Pkg == nil || fn.Pkg.Pkg != c.pass.Pkg {
			return owned{}, false
		}
	}
	// The spawner must return while the goroutine runs: a function that
	// waits for it (wg.Wait, a receive of its result) joins a worker.
	if !c.returnsUnjoined(l) {
		return owned{}, false
	}
	outer := l.Spawner()
	for outer.Parent() != nil {
		outer = outer.Parent()
	}
	if recv := outer.Signature.Recv(); recv != nil && len(outer.Params) > 0 {
		if n := ownNamed(c.pass.Pkg, outer.Params[0].Type()); n != nil {
			return owned{l, outer.Params[0], n, outer}, true
		}
		return owned{}, false
	}
	// A constructor: the object it makes and returns.
	for _, b := range outer.Blocks {
		for _, instr := range b.Instrs {
			ret, ok := instr.(*ssa.Return)
			if !ok {
				continue
			}
			for _, v := range ret.Results {
				a, ok := ssax.Canon(v).(*ssa.Alloc)
				if !ok || !a.Heap {
					continue
				}
				if n := ownNamed(c.pass.Pkg, a.Type()); n != nil {
					return owned{l, a, n, outer}, true
				}
			}
		}
	}
	return owned{}, false
}

// returnsUnjoined reports whether the spawner of l may return after the
// launch without a join: a receive, a blocking select, a call of a method
// named Wait*, or of a function of the package that does one of these
// itself.
func (c *checker) returnsUnjoined(l *shared.Launch) bool {
	return ssax.Reaches(l.Instr, func(instr ssa.Instruction) ssax.Step {
		if isJoin(instr, 1) {
			return ssax.Prune
		}
		if _, ok := instr.(*ssa.Return); ok {
			return ssax.Found
		}
		return ssax.Continue
	})
}

// isJoin reports whether instr waits for another goroutine to finish or
// answer: a receive, a blocking select, a call of a method named Wait*, or
// (depth calls deep) of a function of the same package that joins.
func isJoin(instr ssa.Instruction, depth int) bool {
	switch x := instr.(type) {
	case *ssa.UnOp:
		return x.Op == token.ARROW
	case *ssa.Select:
		return x.Blocking
	case *ssa.Call:
		if x.Call.IsInvoke() {
			return strings.HasPrefix(x.Call.Method.Name(), "Wait")
		}
		callee := x.Call.StaticCallee()
		if callee == nil {
			return false
		}
		if callee.Signature.Recv() != nil && strings.HasPrefix(callee.Name(), "Wait") {
			return true
		}
		if depth == 0 || callee.Pkg == nil || callee.Pkg != x.Parent().Pkg {
			return false
		}
		for _, b := range callee.Blocks {
			for _, in := range b.Instrs {
				if isJoin(in, depth-1) {
					return true
				}
			}
		}
	}
	return false
}

// ownNamed returns T for a type *T where T is a struct type of pkg.
func ownNamed(pkg *types.Package, t types.Type) *types.Named {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return nil
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() != pkg {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	return n.Origin()
}

// exportedMethods returns the exported pointer-receiver methods of the
// package's types, by type.
func (c *checker) exportedMethods() map[*types.Named][]*ssa.Function {
	out := make(map[*types.Named][]*ssa.Function)
	for _, fn := range c.funcs {
		recv := fn.Signature.Recv()
		if recv == nil || fn.Parent() != nil || fn.Synthetic != "" || len(fn.Params) == 0 || !token.IsExported(fn.Name()) {
			continue
		}
		if c.skipFile(fn.Pos()) || c.isTestFile(fn.Pos()) {
			continue
		}
		if n := ownNamed(c.pass.Pkg, recv.Type()); n != nil {
			out[n] = append(out[n], fn)
		}
	}
	return out
}

// callGraph returns the package's call graph, with closures and method
// values counted as called by the function that makes them.
func (c *checker) callGraph() *callGraph {
	g := &callGraph{out: make(map[*ssa.Function][]*ssa.Function), in: make(map[*ssa.Function][]*ssa.Function)}
	add := func(from, to *ssa.Function) {
		if to == nil {
			return
		}
		if o := to.Origin(); o != nil {
			to = o
		}
		g.out[from] = append(g.out[from], to)
		g.in[to] = append(g.in[to], from)
	}
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case ssa.CallInstruction:
					if callee := x.Common().StaticCallee(); callee != nil {
						add(fn, callee)
					}
				case *ssa.MakeClosure:
					if f, ok := x.Fn.(*ssa.Function); ok {
						add(fn, f)
						if len(x.Bindings) == 1 && f.Synthetic != "" {
							// A bound method value's wrapper.
							for _, fs := range ssax.FuncTargets(x) {
								add(fn, fs)
							}
						}
					}
				}
			}
		}
	}
	return g
}

// closure returns the functions reachable from roots along edges.
func closure(roots []*ssa.Function, edges map[*ssa.Function][]*ssa.Function) map[*ssa.Function]bool {
	seen := make(map[*ssa.Function]bool)
	stack := append([]*ssa.Function(nil), roots...)
	for len(stack) > 0 {
		fn := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[fn] {
			continue
		}
		seen[fn] = true
		stack = append(stack, edges[fn]...)
	}
	return seen
}

// checkOwned pairs one owned goroutine's accesses of its object with those
// of the exported methods of the object's type.
func (c *checker) checkOwned(o owned, g *callGraph, methods []*ssa.Function) {
	l := o.launch
	// The goroutine's own functions, and the methods it calls, run on
	// the goroutine; the functions that lead to the spawner run before
	// the goroutine starts (or restart it).
	onLoop := closure(l.Funcs, g.out)
	starts := closure([]*ssa.Function{l.Spawner()}, g.in)
	var loopAcc []shared.Access
	for _, fn := range l.Funcs {
		// The goroutine's set-up, before its first wait, runs as the
		// spawner returns.
		waits := c.res.Waits(fn)
		for _, a := range c.res.LaunchAccesses(l, fn) {
			if a.Term.Root != o.root || !strings.HasPrefix(a.Term.Path, ".") || waits && !a.AfterWait || takenBefore(a.Term, l.Instr) {
				continue
			}
			if !a.Pos.IsValid() || a.Pos == l.Instr.Pos() || selfSyncing(a.Type) {
				continue
			}
			loopAcc = append(loopAcc, a)
		}
	}
	if len(loopAcc) == 0 {
		return
	}
	// A channel of the object that the goroutine closes and an exported
	// method waits on (AwaitStartup, Done) lets callers wait for what
	// the goroutine wrote before: its writes are not paired with the
	// methods' reads.
	published := false
	closed := c.chanOps(onLoop, o, true)
	if len(closed) > 0 {
		ms := make([]*ssa.Function, 0, len(methods))
		for _, m := range methods {
			if !onLoop[m] {
				ms = append(ms, m)
			}
		}
		for path := range c.chanOps(closure(ms, g.out), o, false) {
			if closed[path] {
				published = true
			}
		}
	}
	for _, m := range methods {
		if onLoop[m] || starts[m] || m == o.outer || setupName(m.Name()) || documentsLocking(m) {
			continue
		}
		recv := m.Params[0]
		frame := func(root ssa.Value) (locks.Term, bool) {
			switch root.(type) {
			case *ssa.Global:
				return locks.Term{Root: root}, true
			}
			if root == recv {
				return locks.Term{Root: o.root}, true
			}
			return locks.Term{}, false
		}
		if setupWrites(c.res.Accesses(m), recv) {
			continue
		}
		before := c.beforeHandover(m)
		var macc []shared.Access
		for _, a := range c.res.Accesses(m) {
			if a.AfterWait || before[a.Instr] || selfSyncing(a.Type) || !a.Pos.IsValid() {
				continue
			}
			b, ok := shared.Translate(a, frame)
			if !ok || b.Term.Root != o.root {
				continue
			}
			macc = append(macc, b)
		}
		// Writes first: a location is reported once, and the write
		// makes the better message.
		for _, writes := range []bool{true, false} {
			for _, ga := range loopAcc {
				for _, ma := range macc {
					if ga.Term != ma.Term || !conflict(ga, ma) || writes != (ga.Op.IsWrite() && ma.Op.IsWrite()) {
						continue
					}
					if published && !ma.Op.IsWrite() {
						continue
					}
					gf, mf := c.funcAt(ga.Pos), c.funcAt(ma.Pos)
					if gf == mf || gf != nil && setupName(gf.Name()) || mf != nil && setupName(mf.Name()) {
						continue
					}
					if c.mayLockedOn(ga) || c.mayLockedOn(ma) {
						continue
					}
					c.reportOwned(o, m, ga, ma)
				}
			}
		}
	}
}

// takenBefore reports whether t, a goroutine's access in its spawner's
// frame, is of an object the spawner took out of a field before the
// launch: t's path loads the field (c.res@.status), and the spawner's last
// store to it before the launch, on every path, is nil (res := c.res;
// c.res = nil; go func() { res.release() }(), as pgx's pool connections
// hand their resource on). Whoever reaches the field later finds another
// object, or none.
func takenBefore(t locks.Term, launch ssa.Instruction) bool {
	i := strings.IndexByte(t.Path, '@')
	if i < 0 {
		return false
	}
	field := locks.Term{Root: t.Root, Path: t.Path[:i]}
	before := func(a, b ssa.Instruction) bool {
		if a.Block() != b.Block() {
			return a.Block().Dominates(b.Block())
		}
		return slices.Index(a.Block().Instrs, a) < slices.Index(b.Block().Instrs, b)
	}
	var stores []*ssa.Store
	for _, b := range launch.Parent().Blocks {
		for _, x := range b.Instrs {
			if st, ok := x.(*ssa.Store); ok {
				if at, ok := locks.Value(st.Addr); ok && at == field {
					stores = append(stores, st)
				}
			}
		}
	}
	for _, st := range stores {
		if k, ok := st.Val.(*ssa.Const); !ok || !k.IsNil() || !before(st, launch) {
			continue
		}
		last := true
		for _, other := range stores {
			if other != st && before(st, other) && before(other, launch) {
				last = false
			}
		}
		if last {
			return true
		}
	}
	return false
}

// chanOps returns the paths of the channels of o's object that fns close
// (closes) or receive from: channels reached from the receiver of a method
// of the object's type, or from the object itself.
func (c *checker) chanOps(fns map[*ssa.Function]bool, o owned, closes bool) map[string]bool {
	out := make(map[string]bool)
	add := func(ch ssa.Value) {
		t, ok := locks.Value(ch)
		if !ok {
			return
		}
		if t.Root != o.root {
			p, ok := t.Root.(*ssa.Parameter)
			if !ok {
				return
			}
			fn := p.Parent()
			if recv := fn.Signature.Recv(); recv == nil || len(fn.Params) == 0 || fn.Params[0] != p || ownNamed(c.pass.Pkg, recv.Type()) != o.named {
				return
			}
		}
		out[t.Path] = true
	}
	for fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.Call:
					if b, ok := x.Call.Value.(*ssa.Builtin); ok && closes && b.Name() == "close" && len(x.Call.Args) == 1 {
						add(x.Call.Args[0])
					}
				case *ssa.UnOp:
					if !closes && x.Op == token.ARROW {
						add(x.X)
					}
				case *ssa.Select:
					for _, st := range x.States {
						if !closes && st.Dir == types.RecvOnly {
							add(st.Chan)
						}
					}
				}
			}
		}
	}
	return out
}

// setupWrites reports whether a method's own accesses of its receiver write
// two or more of its fields, all with no lock held: set-up code (a
// framework's Provision, a Configure) that runs before the object is shared,
// as checkInconsistent takes it.
func setupWrites(acc []shared.Access, recv ssa.Value) bool {
	written := make(map[string]bool)
	for _, a := range acc {
		if len(a.Via) > 0 || a.Term.Root != recv {
			continue
		}
		if len(a.Locks) > 0 || a.OpaqueLock {
			return false
		}
		if !a.Op.IsWrite() || !strings.HasPrefix(a.Term.Path, ".") {
			continue
		}
		field := a.Term.Path[1:]
		if i := strings.IndexAny(field, ".@["); i >= 0 {
			field = field[:i]
		}
		written[field] = true
	}
	return len(written) >= 2
}

// beforeHandover returns the instructions of fn that a handover follows on
// some path (a send, a close, a call of a function of the package that
// does one): an access made before the method hands over to the goroutine
// (a write before a send) is ordered before what the goroutine does after
// it receives.
func (c *checker) beforeHandover(fn *ssa.Function) map[ssa.Instruction]bool {
	if c.handover == nil {
		c.handover = make(map[*ssa.Function]bool)
	}
	m := make(map[ssa.Instruction]bool)
	waitBlock := make(map[*ssa.BasicBlock]bool)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c.handsOver(instr) {
				waitBlock[b] = true
			}
		}
	}
	// Blocks from which a wait block is reachable through successors.
	reaches := make(map[*ssa.BasicBlock]bool)
	stack := make([]*ssa.BasicBlock, 0, len(waitBlock))
	for b := range waitBlock {
		stack = append(stack, b.Preds...)
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if reaches[b] {
			continue
		}
		reaches[b] = true
		stack = append(stack, b.Preds...)
	}
	for _, b := range fn.Blocks {
		later := reaches[b]
		for i := len(b.Instrs) - 1; i >= 0; i-- {
			instr := b.Instrs[i]
			if later {
				m[instr] = true
			}
			if c.handsOver(instr) {
				later = true
			}
		}
	}
	return m
}

// handsOver reports whether instr sends on a channel, closes one, or calls
// a function of the package that does.
func (c *checker) handsOver(instr ssa.Instruction) bool {
	switch x := instr.(type) {
	case *ssa.Send:
		return true
	case *ssa.Select:
		for _, st := range x.States {
			if st.Dir == types.SendOnly {
				return true
			}
		}
	case *ssa.Call:
		if b, ok := x.Call.Value.(*ssa.Builtin); ok {
			return b.Name() == "close"
		}
		callee := x.Call.StaticCallee()
		if callee == nil || callee.Pkg == nil || callee.Pkg.Pkg != c.pass.Pkg {
			return false
		}
		if o := callee.Origin(); o != nil {
			callee = o
		}
		if v, ok := c.handover[callee]; ok {
			return v
		}
		c.handover[callee] = false // a cycle: no
		v := false
		for _, b := range callee.Blocks {
			for _, in := range b.Instrs {
				if !v && c.handsOver(in) {
					v = true
				}
			}
		}
		c.handover[callee] = v
		return v
	}
	return false
}

// funcAt returns the innermost function of the package whose source holds
// pos.
func (c *checker) funcAt(pos token.Pos) *ssa.Function {
	var best *ssa.Function
	for _, fn := range c.funcs {
		syn := fn.Syntax()
		if syn == nil || pos < syn.Pos() || pos >= syn.End() {
			continue
		}
		if best == nil || syn.Pos() >= best.Syntax().Pos() && syn.End() <= best.Syntax().End() {
			best = fn
		}
	}
	return best
}

// setupNames are words of function names that say the function runs while
// its object is not shared, or with its lock held: constructors, set-up,
// tear-down, fooLocked.
var setupNames = []string{"locked", "nolock", "new", "init", "reset", "close", "stop"}

// setupName reports whether a function's name is one of setupNames'.
func setupName(name string) bool {
	name = strings.ToLower(name)
	for _, w := range setupNames {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// reportOwned reports a pair of the owned goroutine's access ga and the
// exported method m's access ma, at the write (the method's when both
// write), once per location and once per field and launch.
func (c *checker) reportOwned(o owned, m *ssa.Function, ga, ma shared.Access) {
	at := ma
	if !ma.Op.IsWrite() {
		at = ga
	}
	pos := at.Pos
	if c.skipFile(pos) || c.isTestFile(pos) || c.reportedLine[c.line(pos)] {
		return
	}
	key := reportKey{at.Term, pos, false}
	lkey := reportKey{at.Term, o.launch.Instr.Pos(), true}
	if c.reported[key] || c.reported[lkey] {
		return
	}
	c.reported[key] = true
	c.reported[lkey] = true

	gname := "the goroutine"
	if fn := o.launch.Funcs[0]; len(o.launch.Funcs) == 1 && fn.Parent() == nil && fn.Signature.Recv() != nil {
		gname += " " + c.termName(locks.Term{Root: o.root}) + "." + fn.Name()
	}
	gname += " started in " + o.outer.Name()
	mname := "the exported method " + m.Name()
	first, second := ga, ma
	fname, sname := gname, mname
	if at.Pos == ma.Pos {
		first, second, fname, sname = ma, ga, mname, gname
	}
	var msg string
	if verb(first.Op) == verb(second.Op) {
		msg = fmt.Sprintf("%s is %s by %s and by %s", describe(ga, ma, c.termName(at.Term)), verb(first.Op), fname, sname)
	} else {
		msg = fmt.Sprintf("%s is %s by %s and %s by %s", describe(ga, ma, c.termName(at.Term)), verb(first.Op), fname, verb(second.Op), sname)
	}
	msg += ", which its callers run on their own goroutines, with no synchronization: " + ownedConsequence(ga, ma)

	var rel []analysis.RelatedInformation
	addVia := func(a shared.Access) {
		for _, v := range a.Via {
			if v != a.Pos && v.IsValid() {
				rel = append(rel, analysis.RelatedInformation{Pos: v, Message: "called here"})
			}
		}
	}
	addVia(at)
	if at.Pos == ma.Pos {
		rel = append(rel, analysis.RelatedInformation{Pos: ga.Pos, Message: fmt.Sprintf("the other access (%s), by the goroutine", verb(ga.Op))})
		addVia(ga)
	} else {
		rel = append(rel, analysis.RelatedInformation{Pos: ma.Pos, Message: fmt.Sprintf("the other access (%s), by the exported method %s", verb(ma.Op), m.Name())})
		addVia(ma)
	}
	rel = append(rel, analysis.RelatedInformation{Pos: o.launch.Instr.Pos(), Message: "goroutine started here"})
	other := ga
	if at.Pos == ga.Pos {
		other = ma
	}
	c.reportedLine[c.line(pos)] = true
	c.pass.Report(analysis.Diagnostic{Pos: pos, Category: Category, Message: msg, Related: rel, SuggestedFixes: c.fixes(at, other)})
}

// ownedConsequence says what goes wrong and how to fix it.
func ownedConsequence(a, b shared.Access) string {
	if a.Atomic != b.Atomic {
		return "mixing atomic and plain access is still a race; use atomic operations (or an atomic type) on both sides"
	}
	switch kindOf(a, b) {
	case kindMap:
		if a.Op == shared.MapWrite && b.Op == shared.MapWrite {
			return "concurrent map writes crash the program; guard the map with a sync.Mutex held by both, or have the goroutine make the change on a request over a channel"
		}
		return "a map read during a write crashes the program; guard the map with a sync.Mutex held by both, or ask the goroutine for it over a channel"
	case kindCounter:
		return "updates are lost; guard it with a sync.Mutex held by both, or use atomic.Int64"
	case kindSlice:
		return "appends are lost or read half-made; guard the slice with a sync.Mutex held by both, or ask the goroutine for it over a channel"
	}
	return "the value read is undefined; guard it with a sync.Mutex held by both, use an atomic type, or ask the goroutine for it over a channel"
}

// selfSyncing reports whether a cell's type synchronises itself (a sync or
// atomic type, a channel); false when the type is not known.
func selfSyncing(t types.Type) bool { return t != nil && isSyncOrChan(t) }

// mayLockedOn reports whether a lock may be held at an access, or at a call
// on its way, on some path but not on all: if doLock { s.RLock() }. Such
// an access is taken as guarded.
func (c *checker) mayLockedOn(a shared.Access) bool {
	for _, pos := range append([]token.Pos{a.Pos}, a.Via...) {
		fn := c.funcAt(pos)
		if fn == nil {
			continue
		}
		may := c.mayLocked(fn)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if may[instr] && ssax.Pos(instr) == pos {
					return true
				}
			}
		}
	}
	return false
}

// mayLocked returns the instructions of fn at which a lock fn takes may be
// held: one taken on some path to the instruction and not released since.
// Locks of other types than sync's (a package's own Mutex interface) count,
// by their methods' names.
func (c *checker) mayLocked(fn *ssa.Function) map[ssa.Instruction]bool {
	if m, ok := c.mayHeld[fn]; ok {
		return m
	}
	if c.mayHeld == nil {
		c.mayHeld = make(map[*ssa.Function]map[ssa.Instruction]bool)
	}
	m := make(map[ssa.Instruction]bool)
	c.mayHeld[fn] = m
	// helper stands for a lock taken by a lock helper, never released
	// as far as this walk knows.
	helper := locks.Term{Root: fn, Path: "helper"}
	in := make(map[*ssa.BasicBlock]map[locks.Term]bool)
	work := append([]*ssa.BasicBlock(nil), fn.Blocks...)
	for len(work) > 0 {
		b := work[0]
		work = work[1:]
		held := make(map[locks.Term]bool)
		for t := range in[b] {
			held[t] = true
		}
		for _, instr := range b.Instrs {
			if len(held) > 0 {
				m[instr] = true
			}
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if op, t, ok := lockLike(&call.Call); ok {
				if op == locks.OpUnlock {
					delete(held, t)
				} else {
					held[t] = true
				}
			} else if c.res.IsAcquire(instr) {
				held[helper] = true
			}
		}
		for _, s := range b.Succs {
			grew := in[s] == nil
			if in[s] == nil {
				in[s] = make(map[locks.Term]bool)
			}
			for t := range held {
				if !in[s][t] {
					in[s][t] = true
					grew = true
				}
			}
			if grew {
				work = append(work, s)
			}
		}
	}
	return m
}

// lockLike returns the lock operation of a call: sync's, or a method named
// Lock, RLock, Unlock or RUnlock of any type, on the receiver's term.
func lockLike(call *ssa.CallCommon) (locks.OpKind, locks.Term, bool) {
	if op, t, ok := locks.LockOp(call); ok {
		return op, t, ok
	}
	var name string
	var recv ssa.Value
	if call.IsInvoke() {
		name, recv = call.Method.Name(), call.Value
	} else if callee := call.StaticCallee(); callee != nil && callee.Signature.Recv() != nil && len(call.Args) > 0 {
		name, recv = callee.Name(), call.Args[0]
	}
	var op locks.OpKind
	switch name {
	case "Lock", "RLock":
		op = locks.OpLock
	case "Unlock", "RUnlock":
		op = locks.OpUnlock
	default:
		return 0, locks.Term{}, false
	}
	t, ok := locks.Value(recv)
	if !ok {
		t = locks.Term{Root: recv}
	}
	return op, t, true
}
