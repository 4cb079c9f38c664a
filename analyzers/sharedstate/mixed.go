package sharedstate

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/shared"
	"github.com/corefit/corefit/passes/ssax"
)

// checkMixedAtomic reports a struct field or package variable that the
// package updates with sync/atomic functions (atomic.AddInt64(&s.n, 1),
// Store, Swap, CompareAndSwap; a Load alone does not count) and reads or
// writes plainly elsewhere. The atomic says the author expects
// other goroutines at that memory, even when none is started in sight, so
// the plain access races with it. Not reported: plain accesses in set-up
// functions (by name, as for inconsistent locking), on an object the
// function made itself, under a lock, in test files, and in the packages
// of the synchronisers themselves (sync, internal/sync, runtime).
func (c *checker) checkMixedAtomic(funcs []*ssa.Function) {
	if shared.IsSyncPkg(c.pass.Pkg.Path()) {
		return // the synchronisers themselves (sync.Mutex's state, Pool's local)
	}
	atomicAt := make(map[*types.Var]token.Pos)
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				op, addr, ok := shared.AtomicOp(&call.Call)
				if !ok || call.Call.Signature().Recv() != nil {
					continue // the atomic types' methods: no plain access possible
				}
				if op != shared.Write {
					// An atomic load alone is no sign that others
					// write at once: ristretto's z.Buffer, "NOT
					// thread-safe", loads its offset atomically and
					// grows it plainly.
					continue
				}
				if v := atomicVar(addr); v != nil {
					if _, seen := atomicAt[v]; !seen {
						atomicAt[v] = call.Pos()
					}
				}
			}
		}
	}
	if len(atomicAt) == 0 {
		return
	}
	for _, fn := range funcs {
		if setupName(fn.Name()) || c.skipFile(fn.Pos()) || c.isTestFile(fn.Pos()) {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				addr, write := cellAccess(instr)
				if addr == nil {
					continue
				}
				v := atomicVar(addr)
				at, ok := atomicAt[v]
				if !ok || madeHere(addr, fn) || len(c.res.Locks().Held(instr)) > 0 {
					// Under a lock, the author guards this
					// object otherwise (nats keeps an account's
					// stats under a lock, a client's atomic).
					continue
				}
				pos := instr.Pos()
				if !pos.IsValid() {
					pos = addr.Pos()
				}
				if !pos.IsValid() || c.reportedLine[c.line(pos)] {
					continue
				}
				c.reportedLine[c.line(pos)] = true
				kind, name := "field", v.Name()
				if !v.IsField() {
					kind = "package variable"
				}
				verbed := "read"
				if write {
					verbed = "written"
				}
				c.pass.Report(analysis.Diagnostic{
					Pos:      pos,
					Category: Category,
					Message:  fmt.Sprintf("%s %s is %s plainly but updated with sync/atomic elsewhere, so other goroutines may change it at the same time: mixing atomic and plain access is a race; use atomic.Load/Store here too, or an atomic type (atomic.Int64) for the %s", kind, name, verbed, kind),
					Related:  []analysis.RelatedInformation{{Pos: at, Message: "updated atomically here"}},
				})
			}
		}
	}
}

// atomicVar returns the field or package variable an address is of.
func atomicVar(addr ssa.Value) *types.Var {
	switch a := ssax.Strip(addr).(type) {
	case *ssa.FieldAddr:
		f, _ := ssax.Field(a)
		return f
	case *ssa.Global:
		v, _ := a.Object().(*types.Var)
		return v
	}
	return nil
}

// madeHere reports whether the address is of an object fn allocated
// itself (a constructor filling a struct it made).
func madeHere(addr ssa.Value, fn *ssa.Function) bool {
	fa, ok := ssax.Strip(addr).(*ssa.FieldAddr)
	if !ok {
		return false
	}
	x := ssax.Canon(fa.X)
	switch x := x.(type) {
	case *ssa.Alloc:
		return x.Parent() == fn
	case *ssa.Call:
		// new(T) lowered, or a constructor's result: not shared yet
		// only when made here; calls return shared objects too.
		return false
	}
	return false
}
