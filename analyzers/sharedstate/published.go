package sharedstate

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/locks"
	"github.com/corefit/corefit/passes/shared"
	"github.com/corefit/corefit/passes/ssax"
)

// A field may be written under its lock and then published by closing a
// channel: the close happens before every receive it ends, so a read made
// after a receive from the channel sees the writes made before the close
// (yamux: Session.Close writes shutdownErr under shutdownErrLock, then
// closes shutdownCh; AcceptStream returns s.shutdownErr in its
// `case <-s.shutdownCh:`), as ctx.Err() is read after <-ctx.Done(). The
// guard inference excuses such a read when:
//
//   - a receive from a channel field of the same object dominates it
//     (a plain receive, or the select case whose body holds the read);
//   - the channel field is unexported, and the package never sends on it,
//     only closes it, so the receive returns only once it is closed;
//   - every write of the field, but those on an object the function made,
//     comes before a close of that channel of the same object: in the
//     writer itself (a close later on some path, or a deferred close) or
//     in a function it calls after the write (exitErr writes the error,
//     then calls Close), as the shared pass's accesses follow calls.
//
// This is an approximation: a write followed by a close on some path only,
// or a close that another call has already made (Close returns early when
// the session is shut down), counts as a close after the write; and a send
// on a copy of the channel handed out of the package is not seen.

// publishedByClose reports whether s, a read of a field without the lock
// that guards it, is ordered after every write of the field in sites by a
// close of a channel of the same object: see above. closes caches
// writesClose's answers for sites, by channel.
func (c *checker) publishedByClose(s fieldSite, sites []fieldSite, closes map[*types.Var]bool) bool {
	if s.write {
		return false
	}
	for _, ch := range c.receivedBefore(s) {
		if !c.onlyClosed(ch) {
			continue
		}
		ok, known := closes[ch]
		if !known {
			ok = c.writesClose(sites, ch)
			closes[ch] = ok
		}
		if ok {
			return true
		}
	}
	return false
}

// receivedBefore returns the channel fields of s's object (s.base) that a
// receive which dominates s's instruction receives from.
func (c *checker) receivedBefore(s fieldSite) []*types.Var {
	var out []*types.Var
	add := func(ch ssa.Value) {
		if f := c.chanField(ch, s.base); f != nil {
			out = append(out, f)
		}
	}
	for b := s.instr.Block(); b != nil; b = b.Idom() {
		for _, instr := range b.Instrs {
			if instr == s.instr {
				break
			}
			if r, ok := instr.(*ssa.UnOp); ok && r.Op == token.ARROW {
				add(r.X)
			}
		}
		if st := caseOf(b); st != nil && st.Dir == types.RecvOnly {
			add(st.Chan)
		}
	}
	return out
}

// caseOf returns the select case whose body b begins, or nil: b is the
// branch an `if` on the select's index takes for that case (see
// joinSuccs), and only that if leads to it.
func caseOf(b *ssa.BasicBlock) *ssa.SelectState {
	if len(b.Preds) != 1 {
		return nil
	}
	p := b.Preds[0]
	sel, i, ok := ssax.SelectCase(p)
	if !ok || p.Succs[0] != b {
		return nil
	}
	return sel.States[i]
}

// chanField returns the field of the object base that the channel value ch
// is loaded from (base.ch), or nil.
func (c *checker) chanField(ch ssa.Value, base locks.Term) *types.Var {
	ld, ok := ssax.Strip(ch).(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return nil
	}
	fa, ok := ssax.Strip(ld.X).(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	f, _ := ssax.Field(fa)
	if f == nil || f.Exported() || f.Pkg() != c.pass.Pkg {
		return nil // others may send on an exported channel
	}
	if t, ok := locks.Value(fa.X); !ok || t != base {
		return nil
	}
	return f
}

// onlyClosed reports whether the package never sends on the channel field
// ch (a send statement or a select's send case on a channel loaded from
// it).
func (c *checker) onlyClosed(ch *types.Var) bool {
	if c.sentFields == nil {
		c.sentFields = make(map[*types.Var]bool)
		mark := func(v ssa.Value) {
			if ld, ok := ssax.Strip(v).(*ssa.UnOp); ok && ld.Op == token.MUL {
				if fa, ok := ssax.Strip(ld.X).(*ssa.FieldAddr); ok {
					if f, _ := ssax.Field(fa); f != nil {
						c.sentFields[f] = true
					}
				}
			}
		}
		for _, fn := range c.funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					switch x := instr.(type) {
					case *ssa.Send:
						mark(x.Chan)
					case *ssa.Select:
						for _, st := range x.States {
							if st.Dir == types.SendOnly {
								mark(st.Chan)
							}
						}
					}
				}
			}
		}
	}
	return !c.sentFields[ch]
}

// writesClose reports whether every write in sites, those of one field, is
// followed by a close of the channel field ch of the written object.
func (c *checker) writesClose(sites []fieldSite, ch *types.Var) bool {
	writes := 0
	for _, w := range sites {
		if !w.write || madeIn(w.base.Root, w.instr.Parent()) {
			continue
		}
		writes++
		if !c.closesAfter(w.instr, w.base.Append("."+ch.Name()+"@")) {
			return false
		}
	}
	return writes > 0
}

// closesAfter reports whether the function of instr closes the channel
// named by the term ch after instr: a close on a path from instr, itself
// or in a call (the shared pass's accesses, which follow calls), or in a
// deferred call (deferredIn).
func (c *checker) closesAfter(instr ssa.Instruction, ch locks.Term) bool {
	closed := ch.Append("!")
	fn := instr.Parent()
	closes := make(map[ssa.Instruction]bool)
	for _, a := range c.res.Accesses(fn) {
		if a.Op == shared.Close && a.Term == closed {
			closes[a.Instr] = true
		}
	}
	for _, a := range c.deferredIn(fn) {
		if a.Op == shared.Close && a.Term == closed {
			return true
		}
	}
	return ssax.Reaches(instr, func(x ssa.Instruction) ssax.Step {
		if closes[x] {
			return ssax.Found
		}
		return ssax.Continue
	})
}
