// Package shared finds the memory accesses of each function, the operations
// that order goroutines (waits), and the places where goroutines start.
//
// It reports nothing. Its three answers are what the sharedstate analyzer
// pairs up:
//
//   - Accesses: the reads and writes of variables, fields and map contents a
//     function makes, itself or through the functions it calls (in this
//     package directly, in others through an AccessFact), each with the
//     locks held (from the locks pass), whether atomic, and whether a wait
//     precedes it. Elements are named by their index when it is a constant
//     (see locks.Overlap); builtins count (copy, delete, clear, len of a
//     map, close and send on a channel), and conversions of a slice.
//   - Waits: channel operations, select, WaitGroup.Wait, errgroup.Wait,
//     Cond.Wait, Once.Do, atomic loads and compare-and-swaps, calls of
//     unknown function values, and calls of functions that do any of these
//     (in other packages, told by an AccessFact). A wait may order what comes
//     after it behind another goroutine's work; the analyzers take every wait
//     as ordering, which keeps them quiet when unsure.
//   - Launches: go statements, errgroup.Group.Go and TryGo, WaitGroup.Go,
//     time.AfterFunc, testing.T.Run, the registration of a net/http handler
//     function, and the submit calls of the pool libraries in corefit's
//     catalog, with the functions they start and how those functions'
//     parameters and free variables map to the launcher's values.
//
// Functions of sync, sync/atomic and the runtime are known by the tables
// here, not by their bodies: their insides are neither accesses nor waits
// of their callers.
package shared

import (
	"bytes"
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/catalog"
	"github.com/corefit/corefit/passes/locks"
	"github.com/corefit/corefit/passes/reach"
	"github.com/corefit/corefit/passes/ssax"
)

var Analyzer = &analysis.Analyzer{
	Name:       "shared",
	Doc:        "find memory accesses, waits and goroutine launches (reports nothing; used by sharedstate)",
	URL:        "https://github.com/corefit/corefit/tree/main/passes/shared",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, locks.Analyzer, reach.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{(*AccessFact)(nil), (*MembersFact)(nil)},
}

// Op is what an access does.
type Op uint8

const (
	Read     Op = iota + 1
	Write       // an assignment
	Inc         // n++, n += k: a read and a write of the same cell
	Append      // s = append(s, ...): a write of a slice header
	MapRead     // m[k], range m
	MapWrite    // m[k] = v, delete(m, k), clear(m)
	Send        // ch <- v: a read of the channel's state
	Close       // close(ch): a write of the channel's state
	Recv        // <-ch: no conflict with anything, recorded for what it orders
)

var opNames = [...]string{Read: "read", Write: "write", Inc: "inc", Append: "append", MapRead: "mapread", MapWrite: "mapwrite", Send: "send", Close: "close", Recv: "recv"}

func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return "?"
}

// IsWrite reports whether o writes.
func (o Op) IsWrite() bool { return o != Read && o != MapRead && o != Send && o != Recv }

// Access is one read or write.
type Access struct {
	Term   locks.Term
	Op     Op
	Atomic bool
	// Instr is the instruction of the function the access list is of: the
	// access itself, or the call that leads to it.
	Instr ssa.Instruction
	// Pos is where the access is in this package: the access, or, for an
	// access in another package's function, the call.
	Pos   token.Pos
	Locks locks.Set
	// OpaqueLock is set when a lock is held that cannot be named in this
	// frame (the accesses are then taken as guarded).
	OpaqueLock bool
	// AfterWait: a wait precedes the access on some path from the entry of
	// the function the list is of. Inner: the wait is inside the callee
	// that Instr calls, so the access comes after Instr's own wait.
	AfterWait bool
	Inner     bool
	// AfterPeerWait: a wait that may order two runs of the function
	// precedes the access. A receive from a channel the function never
	// sends on (a worker's `for job := range jobs`) orders each run after
	// the sender, not after the other runs, and does not count.
	AfterPeerWait bool
	// AfterParallel: a call of testing.T.Parallel precedes the access.
	AfterParallel bool
	// NilGuarded: a write made only when the memory holds nil (a lazy
	// init, if x.f == nil { x.f = ... }).
	NilGuarded bool
	// Type is the type of the cell (for a map access, of the map).
	Type types.Type
	// Via lists the calls on the way, outermost first.
	Via []token.Pos
}

// Result answers the three questions for the functions of the package.
type Result struct {
	pass    *analysis.Pass
	reach   *reach.Result
	locks   *locks.Result
	local   map[*ssa.Function]bool
	access  map[*ssa.Function][]Access
	waits   map[*ssa.Function]bool
	afterW  map[*ssa.Function]map[ssa.Instruction]bool
	afterP  map[*ssa.Function]map[ssa.Instruction]bool
	afterPW map[*ssa.Function]map[ssa.Instruction]bool
	peerW   map[*ssa.Function]bool
	// running guards the recursions of Accesses, Waits and PeerWaits,
	// each its own.
	running  [3]map[*ssa.Function]bool
	launches []*Launch
	pkgFacts map[*types.Package]*MembersFact // imported package facts, nil when none
}

func run(pass *analysis.Pass) (_ any, err error) {
	defer ssax.Recover(pass, &err)
	ssaRes := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	r := &Result{
		pass:     pass,
		reach:    pass.ResultOf[reach.Analyzer].(*reach.Result),
		locks:    pass.ResultOf[locks.Analyzer].(*locks.Result),
		local:    make(map[*ssa.Function]bool),
		access:   make(map[*ssa.Function][]Access),
		waits:    make(map[*ssa.Function]bool),
		afterW:   make(map[*ssa.Function]map[ssa.Instruction]bool),
		afterP:   make(map[*ssa.Function]map[ssa.Instruction]bool),
		afterPW:  make(map[*ssa.Function]map[ssa.Instruction]bool),
		peerW:    make(map[*ssa.Function]bool),
		running:  [3]map[*ssa.Function]bool{{}, {}, {}},
		pkgFacts: make(map[*types.Package]*MembersFact),
	}
	for _, fn := range ssaRes.SrcFuncs {
		r.local[fn] = true
	}
	facts := make(map[*types.Func]*AccessFact)
	for _, fn := range ssaRes.SrcFuncs {
		r.findLaunches(fn)
		obj := ssax.FuncObject(fn)
		if !ssax.Exportable(pass, obj) || fn.Parent() != nil {
			continue
		}
		f := r.accessFact(fn)
		if r.Waits(fn) {
			if f == nil {
				f = &AccessFact{}
			}
			f.Waits = true
		}
		if f != nil {
			facts[obj] = f
		}
	}
	exportFacts(pass, facts)
	return r, nil
}

// Locks returns the locks pass's result the accesses were computed with.
func (r *Result) Locks() *locks.Result { return r.locks }

// Launches returns the goroutine launches of the package, in source order.
func (r *Result) Launches() []*Launch { return r.launches }

// Accesses returns fn's accesses, its own and its callees'.
func (r *Result) Accesses(fn *ssa.Function) []Access {
	if a, ok := r.access[fn]; ok {
		return a
	}
	if r.running[0][fn] || len(fn.Blocks) == 0 {
		return nil
	}
	r.running[0][fn] = true
	defer delete(r.running[0], fn)
	var out []Access
	live := ssax.Live(fn)
	for _, b := range fn.Blocks {
		if !live[b] {
			continue // behind a branch a constant closes
		}
		for _, instr := range b.Instrs {
			out = r.instrAccesses(out, instr)
		}
	}
	out = dedupe(out)
	if len(out) > maxAccesses {
		out = out[:maxAccesses]
	}
	r.access[fn] = out
	return out
}

// dedupe drops the accesses that repeat an earlier one but for the calls on
// the way (Via): a function that calls the same helper from many places, or
// a helper that touches the same field many times, would otherwise carry
// every copy up to each caller (on go/types, 73,000 accesses of which 24,000
// differ in more than Via). The first copy, and its chain, is kept.
func dedupe(acc []Access) []Access {
	if len(acc) < 2 {
		return acc
	}
	type key struct {
		term   locks.Term
		op     Op
		instr  ssa.Instruction
		pos    token.Pos
		flags  [6]bool
		l0, l1 locks.Held
	}
	seen := make(map[key]bool, len(acc))
	out := acc[:0]
	for _, a := range acc {
		if len(a.Locks) > 2 {
			out = append(out, a)
			continue
		}
		k := key{term: a.Term, op: a.Op, instr: a.Instr, pos: a.Pos, flags: [6]bool{a.Atomic, a.OpaqueLock, a.AfterWait, a.Inner, a.AfterPeerWait, a.AfterParallel}}
		if len(a.Locks) > 0 {
			k.l0 = a.Locks[0]
		}
		if len(a.Locks) > 1 {
			k.l1 = a.Locks[1]
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	return out
}

// maxAccesses bounds the accesses kept per function, callees included.
const maxAccesses = 400

func (r *Result) instrAccesses(out []Access, instr ssa.Instruction) []Access {
	add := func(t locks.Term, ok bool, op Op, atomic bool, typ types.Type) {
		if !ok || !t.Valid() || !atomic && IsSyncType(typ) {
			return
		}
		out = append(out, r.direct(instr, t, op, atomic, typ))
	}
	// of adds an access of the object v refers to, at step (a map's
	// contents [], a channel's state !, every element #*).
	of := func(v ssa.Value, step string, op Op) {
		t, ok := locks.Value(v)
		add(t.Append(step), ok, op, false, v.Type())
	}
	switch x := instr.(type) {
	case *ssa.Store:
		t, ok := locks.Addr(x.Addr)
		if ld, isLoad := x.Val.(*ssa.UnOp); isLoad && ld.Op == token.MUL {
			if lt, ok2 := locks.Addr(ld.X); ok2 && lt == t {
				// x = x, as `return x` does for a named
				// result: the value does not change.
				return out
			}
		}
		if ok && t.Valid() && !IsSyncType(x.Val.Type()) {
			a := r.direct(instr, t, storeOp(x, t), false, x.Val.Type())
			a.NilGuarded = nilGuarded(x, t)
			out = append(out, a)
		}
	case *ssa.UnOp:
		switch x.Op {
		case token.MUL:
			t, ok := locks.Addr(x.X)
			add(t, ok, Read, false, x.Type())
		case token.ARROW:
			of(x.X, "!", Recv)
		}
	case *ssa.MapUpdate:
		of(x.Map, "[]", MapWrite)
	case *ssa.Lookup:
		if isMap(x.X.Type()) {
			of(x.X, "[]", MapRead)
		}
	case *ssa.Range:
		if isMap(x.X.Type()) {
			of(x.X, "[]", MapRead)
		}
	case *ssa.Send:
		of(x.Chan, "!", Send)
	case *ssa.Select:
		for _, st := range x.States {
			op := Recv
			if st.Dir == types.SendOnly {
				op = Send
			}
			of(st.Chan, "!", op)
		}
	case *ssa.Convert:
		// string(b), string(runes): the conversion reads every
		// element.
		if isSlice(x.X.Type()) {
			of(x.X, "#*", Read)
		}
	case *ssa.Call:
		call := &x.Call
		if b, ok := call.Value.(*ssa.Builtin); ok {
			builtinAccesses(b.Name(), call.Args, of)
			return out
		}
		if op, addr, ok := AtomicOp(call); ok {
			t, ok := locks.Addr(addr)
			add(t, ok, op, true, Pointee(addr.Type()))
			return out
		}
		out = r.calleeAccesses(out, x)
	}
	return out
}

// builtinAccesses adds the memory a builtin's call touches: a map's
// contents (delete, clear, len), a channel's state (close writes it),
// every element of a slice (copy, append's second
// operand).
func builtinAccesses(name string, args []ssa.Value, of func(v ssa.Value, step string, op Op)) {
	if len(args) == 0 {
		return
	}
	a := args[0]
	switch {
	case (name == "delete" || name == "clear") && isMap(a.Type()):
		of(a, "[]", MapWrite)
	case name == "len" && isMap(a.Type()):
		of(a, "[]", MapRead)
	case name == "close" && isChan(a.Type()):
		// (len and cap of a channel do not race with close.)
		of(a, "!", Close)
	case name == "copy" && len(args) == 2:
		of(a, "#*", Write)
		if isSlice(args[1].Type()) {
			of(args[1], "#*", Read)
		}
	case name == "append" && len(args) == 2 && isSlice(args[1].Type()):
		of(args[1], "#*", Read)
	}
}

func isSlice(t types.Type) bool {
	_, ok := t.Underlying().(*types.Slice)
	return ok
}

func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// direct makes the Access of an instruction of fn itself.
func (r *Result) direct(instr ssa.Instruction, t locks.Term, op Op, atomic bool, typ types.Type) Access {
	fn := instr.Parent()
	return Access{
		Term: t, Op: op, Atomic: atomic, Instr: instr, Pos: ssax.Pos(instr), Type: typ,
		Locks:         r.locks.Held(instr),
		AfterWait:     r.afterWait(fn)[instr],
		AfterPeerWait: r.afterPeerWait(fn)[instr],
		AfterParallel: r.afterParallel(fn)[instr],
	}
}

// nilGuarded reports whether st, a store to t, is made only when t holds
// nil: it is in the then-branch of `if x == nil` on the same memory.
func nilGuarded(st *ssa.Store, t locks.Term) bool {
	for b := st.Block(); b != nil; b = b.Idom() {
		p := b.Idom()
		if p == nil || len(p.Instrs) == 0 || len(p.Succs) != 2 {
			continue
		}
		iff, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := iff.Cond.(*ssa.BinOp)
		if !ok || cmp.Op != token.EQL && cmp.Op != token.NEQ {
			continue
		}
		ld, ok := cmp.X.(*ssa.UnOp)
		k, ok2 := cmp.Y.(*ssa.Const)
		if !ok || !ok2 || !k.IsNil() || ld.Op != token.MUL {
			continue
		}
		if lt, ok := locks.Addr(ld.X); !ok || lt != t {
			continue
		}
		// The branch taken when the memory is nil.
		nilSucc := p.Succs[0]
		if cmp.Op == token.NEQ {
			nilSucc = p.Succs[1]
		}
		return nilSucc.Dominates(st.Block())
	}
	return false
}

// storeOp tells an increment and an append from a plain assignment.
func storeOp(s *ssa.Store, t locks.Term) Op {
	switch v := s.Val.(type) {
	case *ssa.BinOp:
		if v.Op == token.ADD || v.Op == token.SUB {
			for _, operand := range []ssa.Value{v.X, v.Y} {
				if ld, ok := operand.(*ssa.UnOp); ok && ld.Op == token.MUL {
					if lt, ok := locks.Addr(ld.X); ok && lt == t {
						return Inc
					}
				}
			}
		}
	case *ssa.Call:
		if b, ok := v.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
			return Append
		}
	}
	return Write
}

// calleeAccesses adds the accesses of the function a call invokes, in the
// caller's frame.
func (r *Result) calleeAccesses(out []Access, call *ssa.Call) []Access {
	common := &call.Call
	callee := common.StaticCallee()
	if callee == nil {
		if fs := ssax.FuncTargets(common.Value); len(fs) == 1 && fs[0].Parent() != nil {
			callee = fs[0]
		}
	}
	if callee == nil {
		return out
	}
	fn := call.Parent()
	held := r.locks.Held(call)
	aw := r.afterWait(fn)[call]
	ap := r.afterParallel(fn)[call]
	var inner []Access
	frame := func(root ssa.Value) (locks.Term, bool) { return locks.ArgTerm(common, callee, root) }
	if orig := callee.Origin(); orig != nil {
		callee = orig
	}
	if callee.Pkg != nil && IsSyncPkg(callee.Pkg.Pkg.Path()) {
		return out // the synchronisers' insides are not the caller's accesses
	}
	if r.local[callee] || callee.Parent() != nil {
		inner = r.Accesses(callee)
	} else if obj := ssax.FuncObject(callee); obj != nil {
		f, ok := r.importFact(obj)
		if !ok {
			return out
		}
		inner = f.accesses(ssax.Pos(call), fn.Prog)
		frame = factFrame(common.Args)
	}
	for _, a := range inner {
		b, ok := Translate(a, frame)
		if !ok {
			continue
		}
		b.Instr = call
		b.Via = append([]token.Pos{ssax.Pos(call)}, a.Via...)
		if !r.local[callee] && callee.Parent() == nil {
			b.Pos = ssax.Pos(call)
		}
		b.Locks = append(append(locks.Set(nil), held...), b.Locks...)
		b.Inner = a.AfterWait
		b.AfterWait = aw || a.AfterWait
		b.AfterPeerWait = r.afterPeerWait(fn)[call] || a.AfterPeerWait
		b.AfterParallel = ap || a.AfterParallel
		out = append(out, b)
	}
	return out
}

// Translate rewrites an access of one frame into another with frame, which
// maps the roots of the first to terms of the second (see Launch.Frame). It
// returns false when the memory has no counterpart there; a lock that has
// none is kept as OpaqueLock.
func Translate(a Access, frame func(ssa.Value) (locks.Term, bool)) (Access, bool) {
	t, ok := locks.Subst(a.Term, frame)
	if !ok {
		return Access{}, false
	}
	b := a
	b.Term = t
	b.Locks = nil
	for _, h := range a.Locks {
		if ht, ok := locks.Subst(h.Term, frame); ok {
			b.Locks = append(b.Locks, locks.Held{Term: ht, Read: h.Read})
		} else {
			b.OpaqueLock = true
		}
	}
	return b, true
}

// Waits reports whether fn may wait for another goroutine: see the package
// documentation for what counts.
func (r *Result) Waits(fn *ssa.Function) bool {
	if w, ok := r.waits[fn]; ok {
		return w
	}
	if r.running[1][fn] {
		return true // a cycle: taken as waiting, which keeps the analyzers quiet
	}
	r.running[1][fn] = true
	defer delete(r.running[1], fn)
	w := false
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if r.IsWait(instr) {
				w = true
			}
		}
	}
	r.waits[fn] = w
	return w
}

// IsWait reports whether instr may wait for another goroutine.
func (r *Result) IsWait(instr ssa.Instruction) bool {
	switch x := instr.(type) {
	case *ssa.UnOp:
		return x.Op == token.ARROW
	case *ssa.Send, *ssa.Select:
		return true
	case *ssa.Defer:
		return r.callWaits(&x.Call)
	case *ssa.Call:
		return r.callWaits(&x.Call) || atomicAddTested(x)
	}
	return false
}

// atomicAddTested reports whether an atomic add's result is used: the
// goroutine that sees the count it waited for (if atomic.AddInt32(&n, -1)
// == 0, the last one) acts after the others' adds, as after a wait.
func atomicAddTested(call *ssa.Call) bool {
	obj := ssax.Callee(&call.Call)
	if _, _, ok := AtomicOp(&call.Call); !ok || obj == nil || !strings.HasPrefix(obj.Name(), "Add") {
		return false
	}
	refs := call.Referrers()
	return refs != nil && len(*refs) > 0
}

func (r *Result) callWaits(call *ssa.CallCommon) bool {
	if _, ok := call.Value.(*ssa.Builtin); ok {
		return false
	}
	if obj := ssax.Callee(call); obj != nil {
		if catalog.FullName(obj) == "(*testing.T).Parallel" {
			// It waits for the parent test to return: the
			// subtests then run together, not in order.
			return false
		}
		if isWaitAPI(obj) {
			return true
		}
		if lockAPI(obj) {
			return false
		}
	}
	if op, _, ok := AtomicOp(call); ok {
		return op == Read || isCAS(call)
	}
	if call.IsInvoke() {
		return false
	}
	callee := call.StaticCallee()
	if callee != nil && callee.Pkg != nil && IsSyncPkg(callee.Pkg.Pkg.Path()) {
		// The synchronisers' own insides (WaitGroup.Done's
		// compare-and-swap, Pool.Get's atomics) are not waits; the
		// table above says which of their calls are.
		return false
	}
	return r.anyCallee(call, r.Waits, func(obj *types.Func) bool {
		f, ok := r.importFact(obj)
		return ok && f.Waits
	})
}

// anyCallee reports whether a function call may invoke has a property:
// local says for a function of this package or a closure, remote for a
// function of another package. A call of a function value that may be
// anything (a OnceFunc, a wait passed in) is taken as having it.
func (r *Result) anyCallee(call *ssa.CallCommon, local func(*ssa.Function) bool, remote func(*types.Func) bool) bool {
	callee := call.StaticCallee()
	if callee == nil {
		fs := ssax.FuncTargets(call.Value)
		if fs == nil {
			return true
		}
		for _, f := range fs {
			if local(f) {
				return true
			}
		}
		return false
	}
	if o := callee.Origin(); o != nil {
		callee = o
	}
	if r.local[callee] || callee.Parent() != nil {
		return local(callee)
	}
	obj := ssax.FuncObject(callee)
	return obj != nil && remote(obj)
}

// IsAcquire reports whether instr takes a lock, directly or through a lock
// helper.
func (r *Result) IsAcquire(instr ssa.Instruction) bool {
	c, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	if op, _, ok := locks.LockOp(&c.Call); ok {
		return op != locks.OpUnlock
	}
	if callee := c.Call.StaticCallee(); callee != nil {
		if eff := r.locks.CallEffect(&c.Call, callee); eff != nil && len(eff.Acquires) > 0 {
			return true
		}
	}
	return false
}

// afterWait returns the instructions of fn that a wait precedes on some
// path from the entry.
func (r *Result) afterWait(fn *ssa.Function) map[ssa.Instruction]bool {
	if m, ok := r.afterW[fn]; ok {
		return m
	}
	m := after(fn, func(instr ssa.Instruction) bool {
		// A defer statement runs its call at the exit, not here.
		_, isDefer := instr.(*ssa.Defer)
		return !isDefer && r.IsWait(instr) && !bufferedSend(instr)
	})
	r.afterW[fn] = m
	return m
}

// bufferedSend reports whether instr sends on a channel made with a
// buffer: the send need not wait for the receiver, so what follows it is
// not ordered after anything the receiver did.
func bufferedSend(instr ssa.Instruction) bool {
	s, ok := instr.(*ssa.Send)
	if !ok {
		return false
	}
	mc, ok := ssax.Canon(s.Chan).(*ssa.MakeChan)
	if !ok {
		return false
	}
	c, ok := mc.Size.(*ssa.Const)
	return ok && c.Value != nil && c.Int64() > 0
}

func (r *Result) afterPeerWait(fn *ssa.Function) map[ssa.Instruction]bool {
	if m, ok := r.afterPW[fn]; ok {
		return m
	}
	sent := sentOn(fn)
	m := after(fn, func(instr ssa.Instruction) bool { return r.isPeerWait(instr, sent) })
	r.afterPW[fn] = m
	return m
}

// isPeerWait reports whether instr is a wait that may order two runs of its
// function: not a receive from a channel the function never sends on (a
// worker's work queue), and not a call of another package's function that
// waits on its own things (an HTTP request's internal channels).
func (r *Result) isPeerWait(instr ssa.Instruction, sent map[locks.Term]bool) bool {
	if !r.IsWait(instr) {
		return false
	}
	switch x := instr.(type) {
	case *ssa.UnOp:
		return !onlyReceivesFrom(sent, x.X)
	case *ssa.Select:
		for _, st := range x.States {
			if st.Dir != types.RecvOnly || !onlyReceivesFrom(sent, st.Chan) {
				return true
			}
		}
		return false
	case *ssa.Defer:
		return false // it runs at the exit, after every access
	case *ssa.Call:
		return r.CallPeerWaits(&x.Call)
	}
	return true
}

// peerWaitNames are the names of methods that wait for, or exclude, other
// goroutines whatever their package: custom locks, semaphores, barriers.
var peerWaitNames = []string{"Wait", "Lock", "RLock", "TryLock", "Acquire", "TryAcquire", "Do", "Enter", "Join", "Barrier"}

// CallPeerWaits reports whether a call that waits may wait for another run
// of the caller: a known wait or a method named like one, an atomic
// operation, a call given a channel, a synchroniser or a function, a call
// of an unknown function value, or of a function of this package that
// itself waits so.
func (r *Result) CallPeerWaits(call *ssa.CallCommon) bool {
	if obj := ssax.Callee(call); obj != nil {
		if isWaitAPI(obj) {
			return true
		}
		for _, n := range peerWaitNames {
			if strings.HasPrefix(obj.Name(), n) {
				return true
			}
		}
	}
	if _, _, ok := AtomicOp(call); ok {
		return true
	}
	for _, a := range call.Args {
		t := a.Type()
		switch t.Underlying().(type) {
		case *types.Chan, *types.Signature:
			return true
		}
		if IsSyncType(Pointee(t)) {
			return true
		}
	}
	// Another package's function that waits does so on its own things
	// (an HTTP request's internal channels).
	return r.anyCallee(call, r.PeerWaits, func(*types.Func) bool { return false })
}

// PeerWaits reports whether fn may wait for another run of its caller; see
// isPeerWait.
func (r *Result) PeerWaits(fn *ssa.Function) bool {
	if w, ok := r.peerW[fn]; ok {
		return w
	}
	if r.running[2][fn] {
		return true // a cycle: taken as waiting
	}
	r.running[2][fn] = true
	defer delete(r.running[2], fn)
	sent := sentOn(fn)
	w := false
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if r.isPeerWait(instr, sent) {
				w = true
			}
		}
	}
	r.peerW[fn] = w
	return w
}

// sentOn returns the channels fn sends on or closes, as terms; nil in the map
// stands for a channel whose term is not known.
func sentOn(fn *ssa.Function) map[locks.Term]bool {
	out := make(map[locks.Term]bool)
	add := func(ch ssa.Value) {
		t, ok := locks.Value(ch)
		if !ok {
			t = locks.Term{}
		}
		out[t] = true
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Send:
				add(x.Chan)
			case *ssa.Select:
				for _, st := range x.States {
					if st.Dir == types.SendOnly {
						add(st.Chan)
					}
				}
			case *ssa.Call:
				if b, ok := x.Call.Value.(*ssa.Builtin); ok && b.Name() == "close" {
					add(x.Call.Args[0])
				}
			}
		}
	}
	return out
}

// onlyReceivesFrom reports whether ch is a channel fn receives from and
// never sends on (nor closes), by its term.
func onlyReceivesFrom(sent map[locks.Term]bool, ch ssa.Value) bool {
	t, ok := locks.Value(ch)
	if !ok || sent[locks.Term{}] {
		return false
	}
	return !sent[t]
}

func (r *Result) afterParallel(fn *ssa.Function) map[ssa.Instruction]bool {
	if m, ok := r.afterP[fn]; ok {
		return m
	}
	m := after(fn, isParallel)
	r.afterP[fn] = m
	return m
}

// after returns the instructions that some instruction satisfying is
// precedes on a path.
func after(fn *ssa.Function, is func(ssa.Instruction) bool) map[ssa.Instruction]bool {
	m := make(map[ssa.Instruction]bool)
	seen := make(map[*ssa.BasicBlock]bool)
	var stack []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		found := false
		for _, instr := range b.Instrs {
			if found {
				m[instr] = true
			} else if is(instr) {
				found = true
			}
		}
		if found {
			stack = append(stack, b.Succs...)
		}
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		for _, instr := range b.Instrs {
			m[instr] = true
		}
		stack = append(stack, b.Succs...)
	}
	return m
}

func isParallel(instr ssa.Instruction) bool {
	c, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	obj := ssax.Callee(&c.Call)
	return obj != nil && catalog.FullName(obj) == "(*testing.T).Parallel"
}

// waitAPIs are the calls that wait for other goroutines, keyed by FullName.
var waitAPIs = map[string]bool{
	"(*sync.WaitGroup).Wait":                          true,
	"(*sync.Cond).Wait":                               true,
	"(*sync.Once).Do":                                 true,
	"(*golang.org/x/sync/errgroup.Group).Wait":        true,
	"(*golang.org/x/sync/semaphore.Weighted).Acquire": true,
	"(*github.com/sourcegraph/conc.WaitGroup).Wait":   true,
	"(*sync.Map).Load":                                true,
	"(*sync.Map).LoadOrStore":                         true,
	"(*sync.Map).LoadAndDelete":                       true,
	"(*sync.Map).Swap":                                true,
	"(*sync.Map).CompareAndSwap":                      true,
	"(*sync.Map).CompareAndDelete":                    true,
	"(*sync.Map).Range":                               true,
}

// isWaitAPI reports whether a call of obj waits: a known wait, or any
// method called Wait (the pool libraries' and users' own joins).
func isWaitAPI(obj *types.Func) bool {
	if waitAPIs[catalog.FullName(obj)] {
		return true
	}
	sig, _ := obj.Type().(*types.Signature)
	return sig != nil && sig.Recv() != nil && strings.HasPrefix(obj.Name(), "Wait")
}

func lockAPI(obj *types.Func) bool {
	return obj.Pkg() != nil && obj.Pkg().Path() == "sync" && strings.Contains(obj.Name(), "Lock")
}

// AtomicOp returns what a call of a sync/atomic function or method does,
// and the address it works on.
func AtomicOp(call *ssa.CallCommon) (Op, ssa.Value, bool) {
	obj := ssax.Callee(call)
	if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "sync/atomic" || len(call.Args) == 0 || call.IsInvoke() {
		return 0, nil, false
	}
	if strings.HasPrefix(obj.Name(), "Load") {
		return Read, call.Args[0], true
	}
	return Write, call.Args[0], true
}

func isCAS(call *ssa.CallCommon) bool {
	obj := ssax.Callee(call)
	return obj != nil && (strings.HasPrefix(obj.Name(), "CompareAndSwap") || strings.HasPrefix(obj.Name(), "Swap"))
}

// IsSyncPkg reports whether path is a package of synchronisers, whose
// functions are known by the tables here and not by their bodies.
func IsSyncPkg(path string) bool {
	return path == "sync" || path == "sync/atomic" || path == "internal/sync" || path == "runtime" || strings.HasPrefix(path, "internal/runtime/")
}

func isMap(t types.Type) bool {
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// Pointee returns the element type of a pointer type, or t.
func Pointee(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// IsSyncType reports whether t is a type of sync or sync/atomic: its values
// synchronise themselves, and copying them is vet's copylocks business.
func IsSyncType(t types.Type) bool {
	if t == nil {
		return false
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	p := n.Obj().Pkg().Path()
	return p == "sync" || p == "sync/atomic"
}

// AccessFact lists the accesses a function makes through its parameters,
// for callers in other packages, and says whether it may wait for another
// goroutine. (One fact type, not two: the drivers pay for each fact of each
// dependency, in every package above it.) Its encoding is compact and the
// accesses are decoded on first use (List): most imported facts are never
// looked at.
type AccessFact struct {
	Waits    bool
	Accesses []FactAccess
	raw      []byte // the encoding, when Accesses is yet to be decoded
}

// FactAccess is one access of an AccessFact.
type FactAccess struct {
	Param     int    // index among the SSA parameters, the receiver first; -1 for a package variable
	Global    string // the package variable, "path.name", when Param is -1
	Name      string // the parameter's or variable's name, for String
	Path      string
	Op        Op
	Atomic    bool
	Locks     []locks.FactLock
	Opaque    bool // a lock not expressible in the fact is held
	AfterWait bool
}

func (*AccessFact) AFact() {}

const accessFactVersion = 2

// GobEncode writes the fact compactly (ssax.FactWriter).
func (f *AccessFact) GobEncode() ([]byte, error) {
	if f.raw != nil {
		return f.raw, nil // as decoded, never looked at
	}
	w := ssax.NewFactWriter(accessFactVersion)
	w.Flags(f.Waits)
	w.Uint(len(f.Accesses))
	for _, a := range f.Accesses {
		w.Int(a.Param)
		w.String(a.Global)
		w.String(a.Name)
		w.String(a.Path)
		w.Byte(byte(a.Op))
		w.Flags(a.Atomic, a.Opaque, a.AfterWait)
		locks.WriteFactLocks(w, a.Locks)
	}
	return w.Encoded(), nil
}

// GobDecode keeps the encoding for List to decode.
func (f *AccessFact) GobDecode(data []byte) error {
	if len(data) < 2 || data[0] != accessFactVersion {
		return fmt.Errorf("AccessFact: unknown encoding version")
	}
	*f = AccessFact{Waits: data[1]&1 != 0, raw: bytes.Clone(data)}
	return nil
}

// List returns the accesses, decoding them if the fact came encoded.
func (f *AccessFact) List() []FactAccess {
	if f.raw == nil {
		return f.Accesses
	}
	r := ssax.NewFactReader(f.raw, accessFactVersion)
	var waits bool
	r.Flags(&waits)
	out := make([]FactAccess, r.Uint())
	for i := range out {
		a := &out[i]
		a.Param = r.Int()
		a.Global = r.String()
		a.Name = r.String()
		a.Path = r.String()
		a.Op = Op(r.Byte())
		r.Flags(&a.Atomic, &a.Opaque, &a.AfterWait)
		a.Locks = locks.ReadFactLocks(r)
	}
	if r.Err() != nil || len(out) == 0 {
		return nil // none, or not corefit's encoding: no accesses known
	}
	return out
}

func (f *AccessFact) String() string {
	var parts []string
	for _, a := range f.List() {
		s := fmt.Sprintf("%s %s%s", a.Op, a.Name, locks.PathString(a.Path))
		if a.Atomic {
			s = "atomic " + s
		}
		if len(a.Locks) > 0 {
			var ls []string
			for _, l := range a.Locks {
				ls = append(ls, l.String())
			}
			s += " under " + strings.Join(ls, ",")
		}
		if a.AfterWait {
			s += " after wait"
		}
		parts = append(parts, s)
	}
	s := "accesses(" + strings.Join(parts, "; ") + ")"
	switch {
	case f.Waits && len(parts) == 0:
		return "waits"
	case f.Waits:
		return "waits; " + s
	}
	return s
}

// maxFactAccesses bounds an AccessFact.
const maxFactAccesses = 16

// accessFact summarises fn's accesses through its parameters.
func (r *Result) accessFact(fn *ssa.Function) *AccessFact {
	f := &AccessFact{}
	seen := make(map[string]bool)
	for _, a := range r.Accesses(fn) {
		root, ok := locks.FactRoot(fn, a.Term)
		if !ok || root.Param >= 0 && a.Term.Path == "" {
			continue // a parameter's own value is the callee's copy
		}
		name := root.Global
		if root.Param >= 0 {
			name = locks.RootName(a.Term.Root)
		}
		fa := FactAccess{Param: root.Param, Global: root.Global, Name: name, Path: a.Term.Path, Op: a.Op, Atomic: a.Atomic, Opaque: a.OpaqueLock, AfterWait: a.AfterWait}
		for _, h := range a.Locks {
			if l, ok := locks.FactRoot(fn, h.Term); ok {
				l.Read = h.Read
				fa.Locks = append(fa.Locks, l)
			} else {
				fa.Opaque = true
			}
		}
		key := fmt.Sprint(fa)
		if seen[key] {
			continue
		}
		seen[key] = true
		f.Accesses = append(f.Accesses, fa)
		if len(f.Accesses) == maxFactAccesses {
			break
		}
	}
	if len(f.Accesses) == 0 {
		return nil
	}
	// Parameters in order, then package variables.
	key := func(a FactAccess) int {
		if a.Param < 0 {
			return len(fn.Params)
		}
		return a.Param
	}
	sort.SliceStable(f.Accesses, func(i, j int) bool { return key(f.Accesses[i]) < key(f.Accesses[j]) })
	return f
}

// factFrame maps the roots of accesses made from a fact (paramRoot, package
// variables) to the arguments of a call or launch.
func factFrame(args []ssa.Value) func(ssa.Value) (locks.Term, bool) {
	return func(root ssa.Value) (locks.Term, bool) {
		switch x := root.(type) {
		case *paramRoot:
			if x.index < len(args) {
				return locks.Value(args[x.index])
			}
		case *ssa.Global:
			return locks.Term{Root: x}, true
		}
		return locks.Term{}, false
	}
}

// paramRoot stands for a parameter of a function of another package, whose
// SSA form has no parameters.
type paramRoot struct {
	ssa.Parameter
	index int
}

// accesses turns the fact back into accesses at pos (a call or a launch),
// with roots (paramRoot) that the caller's frame maps to arguments.
func (f *AccessFact) accesses(pos token.Pos, prog *ssa.Program) []Access {
	roots := make(map[int]*paramRoot)
	root := func(i int) *paramRoot {
		if roots[i] == nil {
			roots[i] = &paramRoot{index: i}
		}
		return roots[i]
	}
	var out []Access
	for _, fa := range f.List() {
		var r ssa.Value = root(fa.Param)
		if fa.Param < 0 {
			g := locks.GlobalByName(prog, fa.Global)
			if g == nil {
				continue
			}
			r = g
		}
		a := Access{Term: locks.Term{Root: r, Path: fa.Path}, Op: fa.Op, Atomic: fa.Atomic, OpaqueLock: fa.Opaque, AfterWait: fa.AfterWait, AfterPeerWait: fa.AfterWait, Pos: pos}
		for _, l := range fa.Locks {
			if l.Param < 0 {
				if g := locks.GlobalByName(prog, l.Global); g != nil {
					a.Locks = append(a.Locks, locks.Held{Term: locks.Term{Root: g, Path: l.Path}, Read: l.Read})
					continue
				}
				a.OpaqueLock = true
				continue
			}
			a.Locks = append(a.Locks, locks.Held{Term: locks.Term{Root: root(l.Param), Path: l.Path}, Read: l.Read})
		}
		out = append(out, a)
	}
	return out
}
