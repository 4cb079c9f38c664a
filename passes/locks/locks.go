// Package locks computes which mutexes are held at each instruction: the
// lock set of gVisor's checklocks and of Eraser, on SSA.
//
// It reports nothing. A lock is named by a Term (see Term): s.mu for the
// field mu of the struct s points to, mu for a package-level or captured
// mutex, so that the same mutex locked in a method and in a closure it
// starts compares equal. The set is a must set: a lock is held at an
// instruction when every path from the function's entry to it locks it and
// does not unlock it. Deferred unlocks take effect at the function's exit.
//
// Known lock operations are the methods of sync.Mutex and sync.RWMutex
// (RLock holds the lock for reading, which does not exclude other readers),
// and Lock and Unlock of a sync.Locker. TryLock counts as a lock on both
// branches: a lock set that is too large keeps the analyzers quiet.
//
// A function that returns with a lock held (a lock helper) or releases a lock
// its caller holds (an unlock helper) has an Effect, applied at its calls; an
// effect on a lock reached from a parameter or a package variable travels to
// other packages as an EffectFact. An unlock counts as the caller's only when
// no path to it takes the lock (if doLock { mu.RLock() } ... if doLock {
// mu.RUnlock() } releases nothing).
//
// The locks a function's callers hold count as held at its entry (see
// EntryLocks): the intersection, over its calls in the package, of the
// locks held at the call, in the function's frame (the caller's c.mu is the
// receiver's mu), iterated to a fixed point so that chains of helpers hold
// them too; closures called where they are made count the same way. A
// function that may be called from out of view (exported, a method invoked
// through an interface of the package, a function or method value, started
// by go or deferred) has none, unless its doc comment or name says which
// lock its caller holds: "Lock should be held", "must be called with c.mu
// held", "caller must hold s.mu", "Assumes lock is held", gVisor's
// "+checklocks:mu" and "+checklocksread:mu", a method named fooLocked (the
// receiver's one mutex, or mu). Such a lock can be unlocked in the function
// (mu.Unlock(); slow(); mu.Lock()), and is not held in between. Held
// includes them; OwnHeld does not. Exported functions annotated so carry
// their annotated locks to other packages in the accesses that the shared
// pass's facts list.
package locks

import (
	"fmt"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/catalog"
	"github.com/corefit/corefit/passes/ssax"
)

var Analyzer = &analysis.Analyzer{
	Name:       "locks",
	Doc:        "compute the mutexes held at each instruction (reports nothing; used by sharedstate)",
	URL:        "https://github.com/corefit/corefit/tree/main/passes/locks",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{(*EffectFact)(nil)},
}

// Held is one lock held: its term, and whether only for reading.
type Held struct {
	Term Term
	Read bool
}

func (h Held) String() string {
	if h.Read {
		return h.Term.String() + "(r)"
	}
	return h.Term.String()
}

// Set is a set of locks held, sorted by name.
type Set []Held

// Guards returns a lock that makes accesses under s and under o mutually
// exclusive: held by both, and by at least one of them for writing.
func (s Set) Guards(o Set) (Held, bool) {
	for _, a := range s {
		for _, b := range o {
			if a.Term == b.Term && (!a.Read || !b.Read) {
				return a, true
			}
		}
	}
	return Held{}, false
}

// Find returns the lock of s with term t.
func (s Set) Find(t Term) (Held, bool) {
	for _, h := range s {
		if h.Term == t {
			return h, true
		}
	}
	return Held{}, false
}

func (s Set) String() string {
	parts := make([]string, len(s))
	for i, h := range s {
		parts[i] = h.String()
	}
	return strings.Join(parts, ", ")
}

// Effect is what a call to a function does to its caller's lock set, in the
// function's own frame (roots are its parameters and package variables).
type Effect struct {
	Acquires Set // held at every return
	Releases []Term
}

// EffectFact is an Effect whose locks are reached from parameters (Param is
// the index among the SSA parameters, the receiver first) or package
// variables (Global is "path.name", Param -1).
type EffectFact struct {
	Acquires []FactLock
	Releases []FactLock
}

// FactLock is a lock in an EffectFact.
type FactLock struct {
	Param  int
	Global string
	Path   string
	Read   bool
}

func (l FactLock) String() string {
	root := l.Global
	if l.Param >= 0 {
		root = fmt.Sprintf("param%d", l.Param)
	}
	s := root + PathString(l.Path)
	if l.Read {
		s += "(r)"
	}
	return s
}

func (*EffectFact) AFact() {}

// WriteFactLocks writes ls compactly, for a fact's GobEncode.
func WriteFactLocks(w *ssax.FactWriter, ls []FactLock) {
	w.Uint(len(ls))
	for _, l := range ls {
		w.Int(l.Param)
		w.String(l.Global)
		w.String(l.Path)
		w.Flags(l.Read)
	}
}

// ReadFactLocks reads what WriteFactLocks wrote.
func ReadFactLocks(r *ssax.FactReader) []FactLock {
	n := r.Uint()
	if n == 0 {
		return nil
	}
	ls := make([]FactLock, n)
	for i := range ls {
		ls[i].Param = r.Int()
		ls[i].Global = r.String()
		ls[i].Path = r.String()
		r.Flags(&ls[i].Read)
	}
	return ls
}

func (f *EffectFact) String() string {
	var parts []string
	for _, l := range f.Acquires {
		parts = append(parts, "acquires "+l.String())
	}
	for _, l := range f.Releases {
		parts = append(parts, "releases "+l.String())
	}
	return "locks(" + strings.Join(parts, "; ") + ")"
}

// Result answers which locks are held where, for the functions of the
// package.
type Result struct {
	pass     *analysis.Pass
	srcFuncs []*ssa.Function
	funcs    map[*ssa.Function]*funcLocks
	local    map[*ssa.Function]bool
	running  map[*ssa.Function]bool
	// entry holds the entry sets that are not empty (entries), held the
	// lock sets computed from them.
	entry map[*ssa.Function]state
	held  map[*ssa.Function]*funcLocks
	// handoff holds the locks a go statement hands to its goroutine,
	// goEntry the goroutine's entry sets (findHandoffs).
	handoff map[*ssa.Go][]Term
	goEntry map[*ssa.Function]state
}

type funcLocks struct {
	entry  map[*ssa.BasicBlock]state
	at     map[ssa.Instruction]Set
	effect *Effect
}

// state is a lock set under construction: term -> read only.
type state map[Term]bool

func run(pass *analysis.Pass) (_ any, err error) {
	defer ssax.Recover(pass, &err)
	ssaRes := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	r := &Result{
		pass:     pass,
		srcFuncs: ssaRes.SrcFuncs,
		funcs:    make(map[*ssa.Function]*funcLocks),
		local:    make(map[*ssa.Function]bool),
		running:  make(map[*ssa.Function]bool),
		held:     make(map[*ssa.Function]*funcLocks),
		handoff:  make(map[*ssa.Go][]Term),
		goEntry:  make(map[*ssa.Function]state),
	}
	for _, fn := range ssaRes.SrcFuncs {
		r.local[fn] = true
	}
	r.findHandoffs()
	for _, fn := range ssaRes.SrcFuncs {
		obj := ssax.FuncObject(fn)
		if !ssax.Exportable(pass, obj) || fn.Parent() != nil {
			continue
		}
		if f := r.factOf(fn, r.Effect(fn)); f != nil {
			pass.ExportObjectFact(obj, f)
		}
	}
	return r, nil
}

// Held returns the locks held just before instr runs, those its function's
// callers hold at its entry (EntryLocks) included.
func (r *Result) Held(instr ssa.Instruction) Set {
	fn := instr.Parent()
	fl := r.withEntry(fn)
	if fl == nil {
		return nil
	}
	return fl.setAt(r, instr)
}

// OwnHeld returns the locks held just before instr that its function took
// itself: Held without the locks its callers hold.
func (r *Result) OwnHeld(instr ssa.Instruction) Set {
	fl := r.compute(instr.Parent())
	if fl == nil {
		return nil
	}
	return fl.setAt(r, instr)
}

// setAt returns the set at instr, computing its block's sets once.
func (fl *funcLocks) setAt(r *Result, instr ssa.Instruction) Set {
	if s, ok := fl.at[instr]; ok {
		return s
	}
	b := instr.Block()
	st := fl.entry[b].clone()
	for _, in := range b.Instrs {
		fl.at[in] = st.set()
		r.transfer(st, in, nil, nil)
	}
	return fl.at[instr]
}

// withEntry returns fn's lock sets from its entry set: those of compute
// when its callers hold nothing.
func (r *Result) withEntry(fn *ssa.Function) *funcLocks {
	if fl, ok := r.held[fn]; ok {
		return fl
	}
	key := fn
	if o := fn.Origin(); o != nil {
		key = o
	}
	entry := r.entries()[key]
	if len(entry) == 0 || key != fn || len(fn.Blocks) == 0 {
		fl := r.compute(fn)
		r.held[fn] = fl
		return fl
	}
	fl := &funcLocks{at: make(map[ssa.Instruction]Set)}
	fl.entry, _ = r.dataflow(fn, entry, nil)
	r.held[fn] = fl
	return fl
}

// Effect returns what calling fn does to the caller's locks, or nil.
func (r *Result) Effect(fn *ssa.Function) *Effect {
	fl := r.compute(fn)
	if fl == nil {
		return nil
	}
	return fl.effect
}

// compute runs the dataflow over fn once.
func (r *Result) compute(fn *ssa.Function) *funcLocks {
	if fl, ok := r.funcs[fn]; ok {
		return fl
	}
	if len(fn.Blocks) == 0 || r.running[fn] {
		return nil
	}
	r.running[fn] = true
	defer delete(r.running, fn)
	fl := &funcLocks{at: make(map[ssa.Instruction]Set)}
	released := make(map[Term]bool)
	var exit state
	fl.entry, exit = r.dataflow(fn, state{}, released)
	eff := &Effect{Acquires: exit.set()}
	if len(released) > 0 {
		// An unlock that some path reaches with the lock taken is
		// the function's own (if doLock { mu.RLock() } ... if doLock
		// { mu.RUnlock() }): only a lock no path takes before the
		// unlock is the caller's.
		released = make(map[Term]bool)
		r.flow(fn, state{}, released, join)
	}
	if len(released) > 0 {
		// Unlocked while not held: the caller's locks. Run again
		// with them held at entry: those still held at every return
		// were given back (a helper that drops the lock around a
		// call and takes it again, or returns early without touching
		// it), the others are released.
		entry := state{}
		for t := range released {
			entry[t] = false
		}
		_, exit2 := r.dataflow(fn, entry, nil)
		for t := range released {
			if _, held := exit2[t]; !held {
				eff.Releases = append(eff.Releases, t)
			}
		}
	}
	sort.Slice(eff.Releases, func(i, j int) bool { return eff.Releases[i].String() < eff.Releases[j].String() })
	if len(eff.Acquires) > 0 || len(eff.Releases) > 0 {
		fl.effect = eff
	}
	r.funcs[fn] = fl
	return fl
}

// dataflow computes the lock set at the entry of each block of fn, given the
// set at fn's entry, and the set at every return. released, when not nil,
// collects the locks unlocked while not held.
func (r *Result) dataflow(fn *ssa.Function, start state, released map[Term]bool) (map[*ssa.BasicBlock]state, state) {
	return r.flow(fn, start, released, meet)
}

// flow is dataflow with the given confluence: meet for the locks held on
// every path, join for those held on some path.
func (r *Result) flow(fn *ssa.Function, start state, released map[Term]bool, confluence func(a, b state) state) (map[*ssa.BasicBlock]state, state) {
	entry := make(map[*ssa.BasicBlock]state)
	out := make(map[*ssa.BasicBlock]state)
	var exit state
	// Iterate to a fixed point; a must set only shrinks, so it ends.
	for changed, iter := true, 0; changed && iter < 8*len(fn.Blocks)+8; iter++ {
		changed = false
		exit = nil
		for _, b := range fn.Blocks {
			var in state
			if b.Index == 0 {
				in = start.clone()
			} else {
				for _, p := range b.Preds {
					if o, ok := out[p]; ok {
						in = confluence(in, o)
					}
				}
				if in == nil {
					continue // not reached yet
				}
			}
			entry[b] = in
			st := in.clone()
			for _, instr := range b.Instrs {
				r.transfer(st, instr, released, &exit)
			}
			if old, ok := out[b]; !ok || !old.equal(st) {
				out[b] = st
				changed = true
			}
		}
	}
	return entry, exit
}

// transfer applies instr to st. released collects the locks unlocked while
// not held (the function's caller holds them); exit, the set at returns.
func (r *Result) transfer(st state, instr ssa.Instruction, released map[Term]bool, exit *state) {
	switch instr := instr.(type) {
	case *ssa.Call:
		r.applyCall(st, &instr.Call, released)
	case *ssa.RunDefers:
		// Deferred calls run here, in reverse order: a deferred
		// Unlock releases, and a deferred RLock after an RUnlock
		// (crypto/tls upgrades its lock so) takes the lock again. A
		// defer that may not have run still counts: a set too large
		// keeps the analyzers quiet.
		var defers []*ssa.Defer
		for _, b := range instr.Parent().Blocks {
			for _, in := range b.Instrs {
				if d, ok := in.(*ssa.Defer); ok {
					defers = append(defers, d)
				}
			}
		}
		for i := len(defers) - 1; i >= 0; i-- {
			r.applyCall(st, &defers[i].Call, released)
		}
	case *ssa.Go:
		for _, t := range r.handoff[instr] {
			delete(st, t)
		}
	case *ssa.Return:
		if exit != nil {
			*exit = meet(*exit, st)
		}
	}
}

// applyCall applies the lock effect of a call.
func (r *Result) applyCall(st state, call *ssa.CallCommon, released map[Term]bool) {
	op, t, ok := LockOp(call)
	if ok {
		switch op {
		case OpLock:
			st[t] = false
		case OpRLock:
			if _, held := st[t]; !held {
				st[t] = true
			}
		case OpUnlock:
			if _, held := st[t]; !held && released != nil {
				released[t] = true
			}
			delete(st, t)
		}
		return
	}
	callee := call.StaticCallee()
	if callee == nil {
		// A closure called in place.
		if fs := ssax.FuncTargets(call.Value); len(fs) == 1 && fs[0].Parent() != nil {
			callee = fs[0]
		} else {
			return
		}
	}
	eff := r.CallEffect(call, callee)
	if eff == nil {
		return
	}
	for _, ct := range eff.Releases {
		if _, held := st[ct]; !held && released != nil {
			released[ct] = true
		}
		delete(st, ct)
	}
	for _, h := range eff.Acquires {
		st[h.Term] = h.Read
	}
}

// CallEffect returns the effect of a call of callee in the caller's frame:
// computed for functions of this package, from facts for the others.
func (r *Result) CallEffect(call *ssa.CallCommon, callee *ssa.Function) *Effect {
	fn := callee
	if o := fn.Origin(); o != nil {
		fn = o
	}
	out := &Effect{}
	if r.local[fn] || fn.Parent() != nil {
		eff := r.Effect(fn)
		if eff == nil {
			return nil
		}
		sub := func(root ssa.Value) (Term, bool) { return argTerm(call, fn, root) }
		for _, t := range eff.Releases {
			if ct, ok := Subst(t, sub); ok {
				out.Releases = append(out.Releases, ct)
			}
		}
		for _, h := range eff.Acquires {
			if ct, ok := Subst(h.Term, sub); ok {
				out.Acquires = append(out.Acquires, Held{ct, h.Read})
			}
		}
		return out
	}
	obj := ssax.FuncObject(fn)
	if obj == nil {
		return nil
	}
	var f EffectFact
	if !r.pass.ImportObjectFact(obj, &f) {
		return nil
	}
	for _, l := range f.Acquires {
		if t, ok := FactArg(fn.Prog, call, l); ok {
			out.Acquires = append(out.Acquires, Held{t, l.Read})
		}
	}
	for _, l := range f.Releases {
		if t, ok := FactArg(fn.Prog, call, l); ok {
			out.Releases = append(out.Releases, t)
		}
	}
	return out
}

// FactArg turns a lock of a fact into a term of the caller's frame at call:
// a parameter is the argument passed, a package variable itself.
func FactArg(prog *ssa.Program, call *ssa.CallCommon, l FactLock) (Term, bool) {
	if l.Param >= 0 {
		if l.Param >= len(call.Args) {
			return Term{}, false
		}
		t, ok := Value(call.Args[l.Param])
		return t.Append(l.Path), ok
	}
	g := GlobalByName(prog, l.Global)
	if g == nil {
		return Term{}, false
	}
	return Term{g, l.Path}, true
}

// GlobalByName finds the package variable "path.name" in prog.
func GlobalByName(prog *ssa.Program, name string) *ssa.Global {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return nil
	}
	for _, p := range prog.AllPackages() {
		if p.Pkg.Path() == name[:i] {
			g, _ := p.Members[name[i+1:]].(*ssa.Global)
			return g
		}
	}
	return nil
}

// factOf renders an effect as a fact, keeping the locks a caller can name.
func (r *Result) factOf(fn *ssa.Function, eff *Effect) *EffectFact {
	if eff == nil {
		return nil
	}
	f := &EffectFact{}
	for _, h := range eff.Acquires {
		if l, ok := FactRoot(fn, h.Term); ok {
			l.Read = h.Read
			f.Acquires = append(f.Acquires, l)
		}
	}
	for _, t := range eff.Releases {
		if l, ok := FactRoot(fn, t); ok {
			f.Releases = append(f.Releases, l)
		}
	}
	if len(f.Acquires) == 0 && len(f.Releases) == 0 {
		return nil
	}
	return f
}

// FactRoot expresses t, a term of fn's frame, as a parameter or package
// variable and a path, for a fact.
func FactRoot(fn *ssa.Function, t Term) (FactLock, bool) {
	switch root := t.Root.(type) {
	case *ssa.Parameter:
		for i, p := range fn.Params {
			if p == root {
				return FactLock{Param: i, Path: t.Path}, true
			}
		}
	case *ssa.Global:
		if root.Pkg != nil {
			return FactLock{Param: -1, Global: root.Pkg.Pkg.Path() + "." + root.Name(), Path: t.Path}, true
		}
	}
	return FactLock{}, false
}

// argTerm maps a root of callee's frame to the caller's: a parameter to the
// argument passed, a free variable of a closure to its binding, a package
// variable to itself. Other roots are the callee's own and have no
// counterpart.
func argTerm(call *ssa.CallCommon, callee *ssa.Function, root ssa.Value) (Term, bool) {
	switch x := root.(type) {
	case *ssa.Parameter:
		for i, p := range callee.Params {
			if p == x && i < len(call.Args) {
				return Value(call.Args[i])
			}
		}
		return Term{}, false
	case *ssa.Global:
		return Term{Root: x}, true
	case *ssa.FreeVar:
		if mc, ok := ssax.Canon(call.Value).(*ssa.MakeClosure); ok {
			for i, fv := range callee.FreeVars {
				if fv == x && i < len(mc.Bindings) {
					return Value(mc.Bindings[i])
				}
			}
		}
		return Term{}, false
	}
	if belongsOutside(root, callee) {
		return Term{Root: root}, true
	}
	return Term{}, false
}

// ArgTerm maps a root of callee's frame at a call to the caller's frame; see
// argTerm.
func ArgTerm(call *ssa.CallCommon, callee *ssa.Function, root ssa.Value) (Term, bool) {
	return argTerm(call, callee, root)
}

// belongsOutside reports whether v, a value a closure's term reached through
// resolved free variables, belongs to a function enclosing fn rather than to
// fn itself.
func belongsOutside(v ssa.Value, fn *ssa.Function) bool {
	var owner *ssa.Function
	switch x := v.(type) {
	case ssa.Instruction:
		owner = x.Parent()
	case *ssa.Parameter:
		owner = x.Parent()
	case *ssa.FreeVar:
		owner = x.Parent()
	default:
		return false
	}
	return owner != nil && owner != fn && Encloses(owner, fn)
}

// Encloses reports whether outer is fn or a function that fn's closure is
// nested in.
func Encloses(outer, fn *ssa.Function) bool {
	for f := fn; f != nil; f = f.Parent() {
		if f == outer {
			return true
		}
	}
	return false
}

// OpKind is a kind of lock operation.
type OpKind int

const (
	OpLock OpKind = iota + 1
	OpRLock
	OpUnlock
)

var lockOps = map[string]OpKind{
	"(*sync.Mutex).Lock":       OpLock,
	"(*sync.Mutex).TryLock":    OpLock,
	"(*sync.Mutex).Unlock":     OpUnlock,
	"(*sync.RWMutex).Lock":     OpLock,
	"(*sync.RWMutex).TryLock":  OpLock,
	"(*sync.RWMutex).Unlock":   OpUnlock,
	"(*sync.RWMutex).RLock":    OpRLock,
	"(*sync.RWMutex).TryRLock": OpRLock,
	"(*sync.RWMutex).RUnlock":  OpUnlock,
	"(sync.Locker).Lock":       OpLock,
	"(sync.Locker).Unlock":     OpUnlock,
}

// LockOp returns the lock operation a call performs and on which lock.
func LockOp(call *ssa.CallCommon) (OpKind, Term, bool) {
	obj := ssax.Callee(call)
	if obj == nil {
		return 0, Term{}, false
	}
	op, ok := lockOps[catalog.FullName(obj)]
	if !ok && call.IsInvoke() {
		op, ok = lockerOp(obj)
	}
	if !ok {
		return 0, Term{}, false
	}
	var recv ssa.Value
	if call.IsInvoke() {
		recv = call.Value
	} else if len(call.Args) > 0 {
		recv = call.Args[0]
	}
	if recv == nil {
		return 0, Term{}, false
	}
	t, ok := Value(recv)
	return op, t, ok
}

// lockerOp tells the lock operation of a method of an interface that is a
// lock by its methods: Lock() and Unlock(), and RLock() and RUnlock() for a
// read lock (syncthing's sync.Mutex and sync.RWMutex interfaces, a
// sync.Locker of the program's own).
func lockerOp(m *types.Func) (OpKind, bool) {
	sig, ok := m.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || sig.Params().Len() != 0 || sig.Results().Len() != 0 {
		return 0, false
	}
	iface, ok := sig.Recv().Type().Underlying().(*types.Interface)
	if !ok || !hasNullary(iface, "Lock") || !hasNullary(iface, "Unlock") {
		return 0, false
	}
	switch m.Name() {
	case "Lock":
		return OpLock, true
	case "Unlock", "RUnlock":
		return OpUnlock, true
	case "RLock":
		return OpRLock, true
	}
	return 0, false
}

func hasNullary(iface *types.Interface, name string) bool {
	for i := range iface.NumMethods() {
		m := iface.Method(i)
		if m.Name() == name {
			sig := m.Type().(*types.Signature)
			return sig.Params().Len() == 0 && sig.Results().Len() == 0
		}
	}
	return false
}

func meet(a, b state) state {
	if a == nil {
		return b.clone()
	}
	out := state{}
	for t, ra := range a {
		if rb, ok := b[t]; ok {
			out[t] = ra || rb
		}
	}
	return out
}

// join is the union of a and b; held for writing on either side wins.
func join(a, b state) state {
	if a == nil {
		return b.clone()
	}
	out := a.clone()
	for t, rb := range b {
		if ra, ok := out[t]; !ok || ra && !rb {
			out[t] = rb
		}
	}
	return out
}

func (s state) clone() state {
	out := make(state, len(s))
	for t, r := range s {
		out[t] = r
	}
	return out
}

func (s state) equal(o state) bool {
	if len(s) != len(o) {
		return false
	}
	for t, r := range s {
		if r2, ok := o[t]; !ok || r2 != r {
			return false
		}
	}
	return true
}

func (s state) set() Set {
	out := make(Set, 0, len(s))
	for t, r := range s {
		out = append(out, Held{t, r})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Term.String() < out[j].Term.String() })
	return out
}
