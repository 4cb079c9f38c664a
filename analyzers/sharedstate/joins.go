package sharedstate

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/catalog"
	"github.com/corefit/corefit/passes/locks"
	"github.com/corefit/corefit/passes/shared"
	"github.com/corefit/corefit/passes/ssax"
)

// A wait of the spawner orders the goroutine's accesses before what
// follows only when it is a join: it waits for the goroutine (or may).
// A receive from a channel the goroutine never sends on nor closes, or a
// timer's, is no join; a select is a join on the branches of the cases
// that receive from the goroutine's channels. Calls that may wait for
// another goroutine (WaitGroup.Wait, errgroup.Wait, a call given a channel
// or a synchroniser, a method named like a wait, this package's functions
// that do so) are taken as joins, and so is a receive from a channel not
// known (a context's Done), except in a select one of whose cases
// receives from the goroutine's channel: that case is the join, and the
// others (<-ctx.Done(), a quit channel) are the ways out of waiting for
// the goroutine.
//
// A send or close that the goroutine defers (defer close(done), defer
// func() { done <- r }()) runs at its exit, after all of its accesses: it
// counts as the goroutine's, though deferred calls have no accesses of
// their own in the shared pass. Only the launched function's own defers
// are seen, not those of the functions it calls.

// joins reports whether the wait instr of the spawner of c.cur may wait
// for that goroutine.
func (c *checker) joins(instr ssa.Instruction) bool {
	switch x := instr.(type) {
	case *ssa.UnOp:
		return c.joinChan(x.X, shared.Send, shared.Close)
	case *ssa.Send:
		// A semaphore's acquire waits for the goroutine that frees a
		// slot; a send to a goroutine that receives it orders only
		// what that goroutine does after its receive.
		return c.joinChan(x.Chan, shared.Recv)
	case *ssa.Select:
		for i, join := range c.selectJoins(x) {
			if x.States[i].Dir == types.RecvOnly && !join {
				return false // see joinSuccs
			}
		}
		return true
	case *ssa.Call:
		return c.res.CallPeerWaits(&x.Call)
	case *ssa.Defer:
		return false // it runs at the exit: see deferWaits
	}
	return true
}

// joinChan reports whether an operation on ch may wait for c.cur: whether
// c.cur does one of ops on it (sends or closes, for a receive).
func (c *checker) joinChan(ch ssa.Value, ops ...shared.Op) bool {
	if c.cur == nil || c.isTimerChan(ch) {
		return c.cur == nil
	}
	if _, ok := ssax.Strip(ch).(*ssa.Call); ok {
		return true // a channel some call made or holds (ctx.Done())
	}
	if _, ok := locks.Value(ch); !ok {
		return true
	}
	return c.signals(ch, ops...)
}

// signals reports whether c.cur is known to do one of ops on ch, by its
// term: in its accesses, or in a call it defers.
func (c *checker) signals(ch ssa.Value, ops ...shared.Op) bool {
	if c.cur == nil || c.isTimerChan(ch) {
		return false
	}
	t, ok := locks.Value(ch)
	if !ok {
		return false
	}
	state := t.Append("!")
	for _, acc := range [][]shared.Access{c.cur.acc, c.cur.deferred} {
		for _, a := range acc {
			if slices.Contains(ops, a.Op) && locks.Overlap(a.Term, state) {
				return true
			}
		}
	}
	return false
}

// selectJoins says, for each case of sel, whether it is a receive that
// waits for c.cur. When some case receives from a channel c.cur is known
// to send on or close, those cases are the joins and no other is; else
// each receive is judged alone (joinChan), a channel not known taken as a
// join.
func (c *checker) selectJoins(sel *ssa.Select) []bool {
	out := make([]bool, len(sel.States))
	known := false
	for i, st := range sel.States {
		if st.Dir == types.RecvOnly && c.signals(st.Chan, shared.Send, shared.Close) {
			out[i], known = true, true
		}
	}
	if known {
		return out
	}
	for i, st := range sel.States {
		out[i] = st.Dir == types.RecvOnly && c.joinChan(st.Chan, shared.Send, shared.Close)
	}
	return out
}

// deferredSignals returns the sends and closes of channels that the
// functions l launches defer, directly (defer close(done)) or in a
// deferred function of the package (defer func() { done <- r }()), in the
// spawner's frame.
func (c *checker) deferredSignals(l *shared.Launch) []shared.Access {
	var out []shared.Access
	for _, fn := range l.Funcs {
		frame := l.Frame(fn)
		for _, a := range c.deferredIn(fn) {
			if b, ok := shared.Translate(a, frame); ok {
				out = append(out, b)
			}
		}
	}
	return out
}

// deferredIn returns the sends and closes of channels that fn's deferred
// calls make, in fn's frame, computed once.
func (c *checker) deferredIn(fn *ssa.Function) []shared.Access {
	if out, ok := c.deferred[fn]; ok {
		return out
	}
	var out []shared.Access
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok {
				out = append(out, c.deferredOps(d)...)
			}
		}
	}
	if c.deferred == nil {
		c.deferred = make(map[*ssa.Function][]shared.Access)
	}
	c.deferred[fn] = out
	return out
}

// deferredOps returns the sends and closes of channels that the deferred
// call d makes, in the frame of d's function.
func (c *checker) deferredOps(d *ssa.Defer) []shared.Access {
	call := d.Common()
	if b, ok := call.Value.(*ssa.Builtin); ok {
		if b.Name() != "close" || len(call.Args) != 1 {
			return nil
		}
		t, ok := locks.Value(call.Args[0])
		if !ok {
			return nil
		}
		return []shared.Access{{Term: t.Append("!"), Op: shared.Close, Instr: d, Pos: d.Pos()}}
	}
	callee := call.StaticCallee()
	if callee == nil || callee.Origin() != nil || len(callee.Blocks) == 0 {
		return nil
	}
	var out []shared.Access
	args := func(root ssa.Value) (locks.Term, bool) { return locks.ArgTerm(call, callee, root) }
	for _, a := range c.res.Accesses(callee) {
		if a.Op != shared.Send && a.Op != shared.Close {
			continue
		}
		if b, ok := shared.Translate(a, args); ok {
			out = append(out, shared.Access{Term: b.Term, Op: b.Op, Instr: d, Pos: d.Pos()})
		}
	}
	return out
}

// isTimerChan reports whether ch is a timer's: time.After, time.Tick, a
// Timer's or Ticker's C.
func (c *checker) isTimerChan(ch ssa.Value) bool {
	switch x := ssax.Strip(ch).(type) {
	case *ssa.Call:
		if obj := ssax.Callee(&x.Call); obj != nil {
			switch catalog.FullName(obj) {
			case "time.After", "time.Tick":
				return true
			}
		}
	case *ssa.UnOp:
		if fa, ok := x.X.(*ssa.FieldAddr); ok && x.Op == token.MUL {
			if f, _ := ssax.Field(fa); f != nil && f.Name() == "C" && f.Pkg() != nil && f.Pkg().Path() == "time" {
				return true
			}
		}
	}
	return false
}

// joinSuccs drops, from the successors of b, the branch a select takes for
// a case that receives from the goroutine's channel: past it, the
// goroutine has sent (or closed) what the spawner waited for.
func (c *checker) joinSuccs(b *ssa.BasicBlock, succs []*ssa.BasicBlock) []*ssa.BasicBlock {
	if len(succs) != 2 {
		return succs
	}
	sel, i, ok := ssax.SelectCase(b)
	if !ok {
		return succs
	}
	if c.selectJoins(sel)[i] {
		return succs[1:]
	}
	return succs
}
