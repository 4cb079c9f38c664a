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
// known (a context's Done).

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
		for _, st := range x.States {
			if st.Dir == types.RecvOnly && !c.joinChan(st.Chan, shared.Send, shared.Close) {
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
	t, ok := locks.Value(ch)
	if !ok {
		return true
	}
	state := t.Append("!")
	for _, a := range c.cur.acc {
		if slices.Contains(ops, a.Op) && locks.Overlap(a.Term, state) {
			return true
		}
	}
	return false
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
	if len(succs) != 2 || len(b.Instrs) == 0 {
		return succs
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return succs
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.EQL {
		return succs
	}
	ex, ok := cmp.X.(*ssa.Extract)
	k, ok2 := cmp.Y.(*ssa.Const)
	if !ok || !ok2 || ex.Index != 0 || k.Value == nil {
		return succs
	}
	sel, ok := ex.Tuple.(*ssa.Select)
	if !ok {
		return succs
	}
	// The select's index counts its receive and send cases in order.
	i := int(k.Int64())
	if i < 0 || i >= len(sel.States) {
		return succs
	}
	if st := sel.States[i]; st.Dir == types.RecvOnly && c.joinChan(st.Chan, shared.Send, shared.Close) {
		return succs[1:]
	}
	return succs
}
