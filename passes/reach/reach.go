// Package reach tells the other passes where work goes when the code does
// not say it in one place: which goroutines a call starts through a
// launcher, and which functions a call through an interface or a function
// value may run.
//
// It reports nothing. Its result answers two questions about the calls of
// the package under analysis, and its facts carry the answers across
// packages, so that the passes stay modular (no whole-program call graph):
//
//   - Launches: a launcher is a function that starts one of its
//     function-typed parameters on a new goroutine, directly (`go f()`,
//     `go func() { ...; f() }()`), through a launcher of the catalog
//     (errgroup.Group.Go, sync.WaitGroup.Go, time.AfterFunc, ...), or through
//     another launcher, in this package or, told by a RunsFact, in another.
//     A function that calls its parameter on its own goroutine (a retry
//     helper, wait.Until) runs it too: `go wait.Until(c.worker, ...)` starts
//     c.worker. Launched answers, for a go statement or a call, which
//     function values run on the new goroutine.
//   - Dispatch: Callees answers, for a call through an interface method or
//     a function value, the functions it may run:
//   - the receiver's concrete type, when the value was made from one in
//     sight (a local conversion, a field or package variable that every
//     store in the package fills with values of known concrete types);
//   - otherwise, for an interface declared outside the standard library,
//     the implementations among the types of the interface's repository
//     (repoRoot) in this package (test files, and test doubles declared
//     anywhere: a struct with a testify mock.Mock or gomock Controller
//     field, only for a call in a test file) and in the packages it imports, at most MaxImpls of them; more
//     is not followed (an interface that many types implement says little
//     about one call). Unexported types of another package that its
//     exported API does not mention are not in the importer's view; an
//     ImplsFact lists them, and the property passes carry their methods'
//     facts in package facts keyed by name;
//   - for a function value: the functions and closures it may be, those
//     stored into the struct field or package variable it is loaded from,
//     and, for a function received from a channel (a task queue's worker:
//     `for fn := range tq { fn() }`), those the package sends on that
//     channel; at most MaxImpls. A parameter is not resolved inside its function:
//     what it runs depends on the caller, so a call of a helper that calls
//     its function-typed argument (Runs) reaches the argument at the call
//     site instead, and the helper stays clean for its other callers.
//
// Not followed: interfaces of the standard library without a concrete value
// in sight (io.Reader, http.Handler: the catalog and the handle origins of
// the blocking pass know those); implementations outside the interface's
// repository; for a hidden type, methods its pointer does not have (a value
// of the type itself in the interface); function values stored into maps,
// slices; function values stored into fields by another
// package; and function values passed across packages other than to
// launchers and helpers that call them.
package reach

import (
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
	"github.com/corefit/corefit/passes/ssax"
)

var Analyzer = &analysis.Analyzer{
	Name:       "reach",
	Doc:        "find launchers and the targets of interface and function-value calls (reports nothing; used by the other passes)",
	URL:        "https://github.com/corefit/corefit/tree/main/passes/reach",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{(*RunsFact)(nil), (*ImplsFact)(nil)},
}

// MaxImpls bounds the fan-out of one call: an interface with more
// implementations in sight, or a function value with more possible
// functions, is not followed.
const MaxImpls = 8

// Mode is how a function runs one of its function-typed parameters.
type Mode uint8

const (
	// Sync: called on the function's own goroutine.
	Sync Mode = 1 << iota
	// Async: started on a new goroutine.
	Async
)

// RunsFact says which of a function's function-typed parameters it calls
// (Sync) and which it starts on a new goroutine (Async), by index in the
// signature, the receiver not counted.
type RunsFact struct {
	Sync, Async []int
}

func (*RunsFact) AFact() {}

func (f *RunsFact) String() string {
	var parts []string
	if len(f.Sync) > 0 {
		parts = append(parts, fmt.Sprintf("calls%v", f.Sync))
	}
	if len(f.Async) > 0 {
		parts = append(parts, fmt.Sprintf("launches%v", f.Async))
	}
	return "runs(" + strings.Join(parts, " ") + ")"
}

// Launched is a function value that a go statement or a call starts on a
// new goroutine.
type Launched struct {
	Value ssa.Value          // the value launched: the go statement's callee, or an argument
	Funcs []*ssa.Function    // the functions it may be; nil when not known
	Desc  string             // how the launch reads: "go statement", "s.startGoRoutine"
	Via   *types.Func        // the launcher called, when not a go statement of the value itself
	Role  catalog.LaunchRole // for a catalog launcher: its role; 0 otherwise
}

// Target is one function a dynamic call may run.
type Target struct {
	// Fn is the function, with a body when it is of this package; nil when
	// only Obj is known.
	Fn *ssa.Function
	// Obj is the function or method object, nil for a closure and for a
	// method of a type this package cannot see (Key then names it).
	Obj *types.Func
	// Key is the FullName of a method known only from another package's
	// ImplsFact, and KeyPkg the path of the package that declares it: the
	// property passes find its facts in their package facts of KeyPkg.
	Key, KeyPkg string
	// Name names a method known only by Key, for a message.
	Name string
	// How says why the call may run it: "through the interface Store",
	// "stored in the field cb at x/y.go:12".
	How string
}

// Result answers the two questions for the calls of the package.
type Result struct {
	pass   *analysis.Pass
	prog   *ssa.Program
	local  map[*ssa.Function]bool
	runs   map[*ssa.Function]map[ssa.Value]Mode // keys: the function's Parameters and FreeVars
	stores map[any][]store                      // field (*types.Var) or *ssa.Global -> function values stored
	sends  map[any][]store                      // channel (chanKey) -> function values sent on it
	calls  map[*ssa.Function][]ssa.CallInstruction
	cha    map[chaKey][]Target
	// byRepo indexes, by repository (repoRoot), the concrete named types
	// in sight by the names of their methods; built on first use.
	byRepo map[string]*typeIndex
	pkgs   []*types.Package // this package and those it imports, outside the standard library
	// hiddenByRepo caches, by repository, the types known from ImplsFacts.
	hiddenByRepo map[string][]hiddenType
}

type store struct {
	val ssa.Value
	pos token.Pos
}

type chaKey struct {
	iface  *types.Interface
	method string
	test   bool
}

func run(pass *analysis.Pass) (_ any, err error) {
	defer ssax.Recover(pass, &err)
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	r := &Result{
		pass:   pass,
		prog:   ssainfo.Pkg.Prog,
		local:  make(map[*ssa.Function]bool),
		runs:   make(map[*ssa.Function]map[ssa.Value]Mode),
		stores: make(map[any][]store),
		sends:  make(map[any][]store),
		calls:  make(map[*ssa.Function][]ssa.CallInstruction),
		cha:    make(map[chaKey][]Target),
		byRepo: make(map[string]*typeIndex),

		hiddenByRepo: make(map[string][]hiddenType),
	}
	funcs := ssainfo.SrcFuncs
	if init := ssainfo.Pkg.Func("init"); init != nil {
		funcs = append(funcs, init)
	}
	for _, fn := range funcs {
		r.local[fn] = true
	}
	r.collect(funcs)
	r.solveRuns(funcs)
	r.exportFacts(funcs)
	r.exportImpls()
	return r, nil
}

// collect records the function values stored into fields and package
// variables, and the static calls of each function of the package.
func (r *Result) collect(funcs []*ssa.Function) {
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.Store:
					if _, ok := x.Val.Type().Underlying().(*types.Signature); ok || types.IsInterface(x.Val.Type()) {
						if k := storeKey(x.Addr); k != nil {
							r.stores[k] = append(r.stores[k], store{x.Val, x.Pos()})
						}
					}
				case *ssa.Send:
					// A task queue: functions sent on a channel for
					// workers to receive and call.
					if _, ok := x.X.Type().Underlying().(*types.Signature); ok {
						if k := r.chanKey(x.Chan, 0); k != nil {
							r.sends[k] = append(r.sends[k], store{x.X, x.Pos()})
						}
					}
				case ssa.CallInstruction:
					if callee := x.Common().StaticCallee(); callee != nil {
						if o := callee.Origin(); o != nil {
							callee = o
						}
						if r.local[callee] {
							r.calls[callee] = append(r.calls[callee], x)
						}
					}
				}
			}
		}
	}
}

// storeKey is what a store's address names across the package: a struct
// field or a package variable.
func storeKey(addr ssa.Value) any {
	switch a := ssax.Canon(addr).(type) {
	case *ssa.Global:
		return a
	case *ssa.FieldAddr:
		if f, _ := ssax.Field(a); f != nil {
			return f
		}
	}
	return nil
}

// loadKey is the field or package variable a value was loaded from.
func loadKey(v ssa.Value) any {
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return storeKey(x.X)
		}
	case *ssa.Field:
		if f, _ := ssax.Field(x); f != nil {
			return f
		}
	}
	return nil
}

// Stored returns the values the package stores into the struct field or
// package variable that v is loaded from, when v is such a load of an
// interface or function type; nil otherwise, and when nothing is stored.
func (r *Result) Stored(v ssa.Value) []ssa.Value {
	k := loadKey(ssax.Canon(v))
	if k == nil {
		return nil
	}
	var out []ssa.Value
	for _, st := range r.stores[k] {
		out = append(out, st.val)
	}
	return out
}

// ---- Launches ----

// solveRuns computes, for every function of the package, which of its
// parameters and free variables it calls or launches, until nothing changes.
func (r *Result) solveRuns(funcs []*ssa.Function) {
	// Only a call that involves a function-typed parameter or free
	// variable of its function can add to the function's summary.
	sites := make(map[*ssa.Function][]ssa.CallInstruction)
	var order []*ssa.Function
	for _, fn := range funcs {
		if !hasFuncVars(fn) {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if ci, ok := instr.(ssa.CallInstruction); ok && !ci.Common().IsInvoke() && r.involves(fn, ci) {
					sites[fn] = append(sites[fn], ci)
				}
			}
		}
		if len(sites[fn]) > 0 {
			order = append(order, fn)
		}
	}
	for range 6 {
		changed := false
		for _, fn := range order {
			if r.summarise(fn, sites[fn]) {
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}

// hasFuncVars reports whether fn has a parameter or free variable of
// function type (or a captured one: a pointer to a function).
func hasFuncVars(fn *ssa.Function) bool {
	isFunc := func(t types.Type) bool {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		_, ok := t.Underlying().(*types.Signature)
		return ok
	}
	for _, p := range fn.Params {
		if isFunc(p.Type()) {
			return true
		}
	}
	for _, fv := range fn.FreeVars {
		if isFunc(fv.Type()) {
			return true
		}
	}
	return false
}

// involves reports whether a call's function value, an argument, or a
// binding of the closure it calls is a parameter or free variable of fn.
func (r *Result) involves(fn *ssa.Function, ci ssa.CallInstruction) bool {
	call := ci.Common()
	if r.rootOf(fn, call.Value) != nil {
		return true
	}
	for _, a := range append([]ssa.Value{call.Value}, call.Args...) {
		if r.rootOf(fn, a) != nil || r.closureInvolves(fn, a) {
			return true
		}
	}
	return false
}

// closureInvolves reports whether v is a closure that captures a parameter
// or free variable of fn.
func (r *Result) closureInvolves(fn *ssa.Function, v ssa.Value) bool {
	mc, ok := ssax.Strip(v).(*ssa.MakeClosure)
	if !ok {
		return false
	}
	for _, b := range mc.Bindings {
		if b = bound(b); b != nil && r.rootOf(fn, b) != nil {
			return true
		}
	}
	return false
}

// bound is the value a closure's binding stands for: the value stored once
// into a captured variable, or the binding itself.
func bound(b ssa.Value) ssa.Value {
	if a, ok := b.(*ssa.Alloc); ok {
		return ssax.SingleStore(a)
	}
	return b
}

// summarise recomputes fn's summary from its calls that involve its
// function-typed variables, and reports whether it grew.
func (r *Result) summarise(fn *ssa.Function, calls []ssa.CallInstruction) bool {
	sum := r.runs[fn]
	grew := false
	mark := func(v ssa.Value, m Mode) {
		k := r.rootOf(fn, v)
		if k == nil || m == 0 {
			return
		}
		if sum == nil {
			sum = make(map[ssa.Value]Mode)
			r.runs[fn] = sum
		}
		if sum[k]|m != sum[k] {
			sum[k] |= m
			grew = true
		}
	}
	for _, ci := range calls {
		_, isGo := ci.(*ssa.Go)
		self := Sync
		if isGo {
			self = Async
		}
		// v runs with mode m: so does what v is (a parameter or free
		// variable of fn), and, for a closure made here, what it runs.
		runs := func(v ssa.Value, m Mode) {
			mark(v, m)
			mc, ok := ssax.Strip(v).(*ssa.MakeClosure)
			if !ok {
				return
			}
			g := mc.Fn.(*ssa.Function)
			for i, fv := range g.FreeVars {
				km := r.runs[g][fv]
				if km == 0 || i >= len(mc.Bindings) {
					continue
				}
				if m == Async {
					km = Async
				}
				mark(bound(mc.Bindings[i]), km)
			}
		}
		if !isMakeClosure(ci.Common().Value) {
			mark(ci.Common().Value, self)
		}
		r.eachRun(ci, func(v ssa.Value, m Mode, _ string, _ *types.Func, _ catalog.LaunchRole) {
			if isGo {
				m = Async
			}
			runs(v, m)
		})
	}
	return grew
}

func isMakeClosure(v ssa.Value) bool {
	_, ok := ssax.Strip(v).(*ssa.MakeClosure)
	return ok
}

// rootOf returns the parameter or free variable of fn that v is, looking
// through conversions and the loads of a captured variable, or nil.
func (r *Result) rootOf(fn *ssa.Function, v ssa.Value) ssa.Value {
	for range 4 {
		v = ssax.Strip(v)
		switch x := v.(type) {
		case *ssa.Parameter:
			if x.Parent() == fn {
				return x
			}
			return nil
		case *ssa.FreeVar:
			if x.Parent() == fn {
				return x
			}
			return nil
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil
			}
			v = x.X
		case *ssa.Alloc:
			// A captured parameter is spilled to a local variable.
			val := ssax.SingleStore(x)
			if val == nil {
				return nil
			}
			v = val
		default:
			return nil
		}
	}
	return nil
}

// eachRun calls f for each function value that the call passes to its
// callee and that the callee runs, with how it runs it.
func (r *Result) eachRun(ci ssa.CallInstruction, f func(v ssa.Value, m Mode, desc string, via *types.Func, role catalog.LaunchRole)) {
	call := ci.Common()
	obj := ssax.Callee(call)
	if obj != nil {
		if runsOnce(obj) {
			return
		}
		if l, ok := catalog.LookupLauncher(obj); ok {
			if args := ssax.Args(call); l.WorkArg < len(args) {
				f(args[l.WorkArg], Async, l.Desc, obj, l.Role)
			}
			return
		}
	}
	// A function of this package (or closure) whose summary is known.
	if g := r.localCallee(call); g != nil && len(r.runs[g]) > 0 {
		// In the order of the parameters, then the free variables, so
		// that what a call launches comes out the same on every run.
		sum := r.runs[g]
		desc, obj := ssax.FuncName(g, r.pass.Pkg), ssax.FuncObject(g)
		for i, p := range g.Params {
			if m := sum[p]; m != 0 && i < len(call.Args) {
				f(call.Args[i], m, desc, obj, 0)
			}
		}
		if mc, ok := ssax.Strip(call.Value).(*ssa.MakeClosure); ok && mc.Fn == g {
			for i, fv := range g.FreeVars {
				if m := sum[fv]; m != 0 && i < len(mc.Bindings) {
					if v := bound(mc.Bindings[i]); v != nil {
						f(v, m, desc, obj, 0)
					}
				}
			}
		}
		return
	}
	// A function of another package: its fact.
	if obj == nil || obj.Pkg() == r.pass.Pkg || obj.Pkg() == nil {
		return
	}
	var fact RunsFact
	if !r.pass.ImportObjectFact(obj, &fact) {
		return
	}
	args := ssax.Args(call)
	for _, i := range fact.Sync {
		if i < len(args) {
			f(args[i], Sync, ssax.ObjName(obj, r.pass.Pkg), obj, 0)
		}
	}
	for _, i := range fact.Async {
		if i < len(args) {
			f(args[i], Async, ssax.ObjName(obj, r.pass.Pkg), obj, 0)
		}
	}
}

// runsOnce reports whether obj runs its function argument at most once in
// the life of the program (sync.Once.Do): the work is not a cost of each
// call, and a caller does not run it as its own.
func runsOnce(obj *types.Func) bool {
	if obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return false
	}
	switch obj.Name() {
	case "Do", "OnceFunc", "OnceValue", "OnceValues":
		return true
	}
	return false
}

// localCallee returns the function of this package (or closure) that a
// non-invoke call runs by name, or nil.
func (r *Result) localCallee(call *ssa.CallCommon) *ssa.Function {
	fn := call.StaticCallee()
	if fn == nil {
		return nil
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if !r.local[fn] {
		return nil
	}
	return fn
}

// Launched returns the function values that instr starts on new
// goroutines: for a go statement, its callee and the function values the
// callee runs; for a call, the values it passes to a launcher.
func (r *Result) Launched(instr ssa.CallInstruction) []Launched {
	call := instr.Common()
	var out []Launched
	if g, isGo := instr.(*ssa.Go); isGo {
		if !call.IsInvoke() {
			fs := ssax.FuncTargets(call.Value)
			if callee := call.StaticCallee(); callee != nil {
				fs = []*ssa.Function{callee}
			}
			if len(fs) == 0 {
				fs = nil
			}
			out = append(out, Launched{Value: call.Value, Funcs: fs, Desc: "go statement"})
		}
		r.eachRun(g, func(v ssa.Value, _ Mode, desc string, via *types.Func, role catalog.LaunchRole) {
			out = append(out, Launched{Value: v, Funcs: ssax.FuncValues(v), Desc: "go statement of " + desc, Via: via, Role: role})
		})
		return out
	}
	if call.IsInvoke() {
		return nil
	}
	r.eachRun(instr, func(v ssa.Value, m Mode, desc string, via *types.Func, role catalog.LaunchRole) {
		if m&Async != 0 {
			out = append(out, Launched{Value: v, Funcs: ssax.FuncValues(v), Desc: desc, Via: via, Role: role})
		}
	})
	return out
}

// Runs returns the function values a call (not a go statement) runs on the
// caller's goroutine through its callee: a helper that calls its
// function-typed argument.
func (r *Result) Runs(instr ssa.CallInstruction) []ssa.Value {
	if _, isGo := instr.(*ssa.Go); isGo || instr.Common().IsInvoke() {
		return nil
	}
	var out []ssa.Value
	r.eachRun(instr, func(v ssa.Value, m Mode, _ string, _ *types.Func, _ catalog.LaunchRole) {
		if m&Sync != 0 {
			out = append(out, v)
		}
	})
	return out
}

// exportFacts exports a RunsFact for each function of the package that
// another package can call and that runs a function-typed parameter.
func (r *Result) exportFacts(funcs []*ssa.Function) {
	for _, fn := range funcs {
		if fn.Parent() != nil || len(r.runs[fn]) == 0 {
			continue
		}
		obj := ssax.FuncObject(fn)
		if !ssax.Exportable(r.pass, obj) {
			continue
		}
		var fact RunsFact
		skip := 0
		if fn.Signature.Recv() != nil {
			skip = 1
		}
		for i, p := range fn.Params {
			m := r.runs[fn][p]
			if i < skip || m == 0 {
				continue
			}
			if m&Sync != 0 {
				fact.Sync = append(fact.Sync, i-skip)
			}
			if m&Async != 0 {
				fact.Async = append(fact.Async, i-skip)
			}
		}
		if len(fact.Sync)+len(fact.Async) > 0 {
			r.pass.ExportObjectFact(obj, &fact)
		}
	}
}

// ---- Dispatch ----

// Callees returns the functions a call through an interface method or a
// function value may run, each with how; nil for a static call, and when
// the targets are not known or too many.
func (r *Result) Callees(call *ssa.CallCommon) []Target {
	if call.IsInvoke() {
		return r.invokeTargets(call)
	}
	if call.StaticCallee() != nil {
		return nil
	}
	if _, ok := call.Value.(*ssa.Builtin); ok {
		return nil
	}
	return r.valueTargets(call.Value, 0)
}

// valueTargets returns the functions a function value may be.
func (r *Result) valueTargets(v ssa.Value, depth int) []Target {
	if depth > 3 {
		return nil
	}
	if fs := ssax.FuncValues(v); fs != nil {
		return r.funcTargets(fs)
	}
	c := ssax.Canon(v)
	if k := loadKey(c); k != nil {
		return r.storedTargets(k, depth)
	}
	if ch := received(c); ch != nil {
		if k := r.chanKey(ch, 0); k != nil {
			return r.sentTargets(k, depth)
		}
	}
	return nil
}

// received returns the channel v was received from (`fn := <-ch`, `for fn
// := range ch`), or nil.
func received(v ssa.Value) ssa.Value {
	if e, ok := v.(*ssa.Extract); ok && e.Index == 0 {
		v = e.Tuple
	}
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.ARROW {
		return u.X
	}
	return nil
}

// chanKey identifies a channel across the functions of the package: the
// make that created it (followed through the returns of a function of the
// package that makes it: tq := taskQueue(n)), or the struct field or package
// variable that holds it.
func (r *Result) chanKey(ch ssa.Value, depth int) any {
	if depth > 3 {
		return nil
	}
	c := ssax.Canon(ch)
	switch x := c.(type) {
	case *ssa.MakeChan:
		return x
	case *ssa.Call:
		fn := x.Call.StaticCallee()
		if fn == nil || !r.local[fn] {
			return nil
		}
		var k any
		for _, b := range fn.Blocks {
			ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
			if !ok || len(ret.Results) == 0 {
				continue
			}
			rk := r.chanKey(ret.Results[0], depth+1)
			if rk == nil || (k != nil && rk != k) {
				return nil
			}
			k = rk
		}
		return k
	}
	return loadKey(c)
}

// sentTargets returns the functions sent, anywhere in the package, on the
// channel k.
func (r *Result) sentTargets(k any, depth int) []Target {
	sends := r.sends[k]
	if len(sends) == 0 {
		return nil
	}
	var out []Target
	for _, st := range sends {
		ts := r.valueTargets(st.val, depth+1)
		if ts == nil {
			return nil
		}
		for _, t := range ts {
			t.How = "sent on the channel at " + r.short(st.pos)
			out = append(out, t)
		}
	}
	return r.bounded(out)
}

// storedTargets returns the functions stored, anywhere in the package, into
// a field or package variable of function type.
func (r *Result) storedTargets(k any, depth int) []Target {
	stores := r.stores[k]
	if len(stores) == 0 {
		return nil
	}
	name := ""
	switch k := k.(type) {
	case *types.Var:
		name = "the field " + k.Name()
	case *ssa.Global:
		name = "the variable " + k.Name()
	}
	var out []Target
	for _, st := range stores {
		if c, ok := st.val.(*ssa.Const); ok && c.IsNil() {
			continue
		}
		ts := r.valueTargets(st.val, depth+1)
		if ts == nil {
			return nil
		}
		for _, t := range ts {
			t.How = fmt.Sprintf("stored in %s at %s", name, r.short(st.pos))
			out = append(out, t)
		}
	}
	return r.bounded(out)
}

func (r *Result) funcTargets(fs []*ssa.Function) []Target {
	out := make([]Target, 0, len(fs))
	for _, f := range fs {
		if o := f.Origin(); o != nil {
			f = o
		}
		out = append(out, Target{Fn: f, Obj: ssax.FuncObject(f)})
	}
	return r.bounded(out)
}

func (r *Result) bounded(ts []Target) []Target {
	// Deduplicate, keeping the first reason.
	seen := make(map[any]bool)
	out := ts[:0]
	for _, t := range ts {
		var k any = t.Fn
		if t.Fn == nil {
			k = t.Obj
		}
		if t.Fn == nil && t.Obj == nil {
			k = t.Key
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, t)
	}
	if len(out) == 0 || len(out) > MaxImpls {
		return nil
	}
	return out
}

func (r *Result) short(p token.Pos) string { return ssax.ShortPos(r.pass.Fset.Position(p)) }

// invokeTargets returns the methods an interface method call may run.
func (r *Result) invokeTargets(call *ssa.CallCommon) []Target {
	name := call.Method.Name()
	// A concrete value in sight.
	if ts := r.concreteTargets(call.Value, name, 0); ts != nil {
		return ts
	}
	iface, ok := call.Value.Type().Underlying().(*types.Interface)
	if !ok || call.Method.Pkg() == nil || IsStd(call.Method.Pkg().Path()) {
		return nil
	}
	return r.implementations(call.Value.Type(), iface, call.Method, call.Pos())
}

// concreteTargets follows an interface value to the concrete values it was
// made from: a conversion in sight, or every value stored into the field or
// package variable it is loaded from.
func (r *Result) concreteTargets(v ssa.Value, method string, depth int) []Target {
	if depth > 3 {
		return nil
	}
	c := ssax.Canon(v)
	if mi, ok := c.(*ssa.MakeInterface); ok {
		c = mi.X
	}
	if !types.IsInterface(c.Type()) {
		m := r.methodOf(c.Type(), method)
		if m.Obj == nil {
			return nil
		}
		return []Target{m}
	}
	if mi, ok := v.(*ssa.MakeInterface); ok && !types.IsInterface(mi.X.Type()) {
		return r.concreteTargets(mi.X, method, depth+1)
	}
	k := loadKey(c)
	if k == nil {
		return nil
	}
	stores := r.stores[k]
	if len(stores) == 0 {
		return nil
	}
	var out []Target
	for _, st := range stores {
		if cst, ok := st.val.(*ssa.Const); ok && cst.IsNil() {
			continue
		}
		val := st.val
		if mi, ok := val.(*ssa.MakeInterface); ok {
			val = mi.X
		}
		if types.IsInterface(val.Type()) {
			return nil
		}
		m := r.methodOf(val.Type(), method)
		if m.Obj == nil {
			return nil
		}
		what := "the field"
		if g, ok := k.(*ssa.Global); ok {
			what = "the variable " + g.Name()
		} else if f, ok := k.(*types.Var); ok {
			what = "the field " + f.Name()
		}
		m.How = fmt.Sprintf("%s holds a %s, stored at %s", what, types.TypeString(val.Type(), r.qual), r.short(st.pos))
		out = append(out, m)
	}
	return r.bounded(out)
}

// methodOf returns the method named name of a concrete type: its object,
// and its function when it is of this package.
func (r *Result) methodOf(t types.Type, name string) Target {
	sel := r.prog.MethodSets.MethodSet(t).Lookup(nil, name)
	if sel == nil {
		// An unexported method: look it up in its package.
		obj, _, _ := types.LookupFieldOrMethod(t, true, r.pass.Pkg, name)
		fn, _ := obj.(*types.Func)
		if fn == nil {
			return Target{}
		}
		return r.methodTarget(fn)
	}
	fn, _ := sel.Obj().(*types.Func)
	if fn == nil {
		return Target{}
	}
	return r.methodTarget(fn)
}

func (r *Result) methodTarget(obj *types.Func) Target {
	if o := obj.Origin(); o != nil {
		obj = o
	}
	t := Target{Obj: obj}
	if obj.Pkg() == r.pass.Pkg {
		if fn := r.prog.FuncValue(obj); fn != nil && r.local[fn] {
			t.Fn = fn
		}
	}
	return t
}

// implementations returns the methods named m of the concrete types in
// sight that implement the interface it: class-hierarchy analysis over the
// types of this package and of the packages it imports that belong to the
// interface's repository (implementations of a project's interface live in
// the project; a dependency's types that happen to fit say nothing).
func (r *Result) implementations(t types.Type, it *types.Interface, m *types.Func, at token.Pos) []Target {
	test := ssax.InTestFile(r.pass.Fset, at)
	k := chaKey{it, m.Name(), test}
	if ts, ok := r.cha[k]; ok {
		return ts
	}
	r.cha[k] = nil // cycle guard
	idx := r.index(repoRoot(m.Pkg().Path()))
	// The candidates: the types that have the interface's rarest method.
	var cands []*types.Named
	for i := 0; i < it.NumMethods(); i++ {
		c := idx.byMethod[it.Method(i).Name()]
		if i == 0 || len(c) < len(cands) {
			cands = c
		}
	}
	var out []Target
	iname := types.TypeString(t, r.qual)
	for _, n := range cands {
		if !test && idx.inTest[n] {
			continue
		}
		var recv types.Type
		switch {
		case types.Implements(n, it):
			recv = n
		case types.Implements(types.NewPointer(n), it):
			recv = types.NewPointer(n)
		default:
			continue
		}
		tgt := r.methodOf(recv, m.Name())
		if tgt.Obj == nil {
			continue
		}
		tgt.How = "through the interface " + iname
		out = append(out, tgt)
		if len(out) > MaxImpls {
			break
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Obj.Pos() < out[j].Obj.Pos() })
	if len(out) <= MaxImpls {
		out = append(out, r.hiddenImpls(it, m, "through the interface "+iname)...)
	}
	out = r.bounded(out)
	r.cha[k] = out
	return out
}

// typeIndex lists the concrete named types of one repository in sight, by
// the names of their methods (declared or promoted).
type typeIndex struct {
	byMethod map[string][]*types.Named
	inTest   map[*types.Named]bool // declared in this package's test files
}

// index returns the type index of a repository, building it on first use
// from this package and the packages it imports.
func (r *Result) index(root string) *typeIndex {
	if idx, ok := r.byRepo[root]; ok {
		return idx
	}
	if r.pkgs == nil {
		r.collectPkgs()
	}
	idx := &typeIndex{byMethod: make(map[string][]*types.Named), inTest: make(map[*types.Named]bool)}
	r.byRepo[root] = idx
	for _, p := range r.pkgs {
		own := p == r.pass.Pkg
		if !own && repoRoot(p.Path()) != root {
			continue
		}
		scope := p.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			n, ok := tn.Type().(*types.Named)
			if !ok || types.IsInterface(n) || n.TypeParams().Len() > 0 {
				continue
			}
			if own && ssax.InTestFile(r.pass.Fset, tn.Pos()) || IsTestDouble(n) {
				idx.inTest[n] = true
			}
			names := make(map[string]bool)
			for m := range n.Methods() {
				names[m.Name()] = true
			}
			if st, ok := n.Underlying().(*types.Struct); ok && hasEmbedded(st) {
				ms := r.prog.MethodSets.MethodSet(types.NewPointer(n))
				for sel := range ms.Methods() {
					names[sel.Obj().Name()] = true
				}
			}
			for name := range names {
				idx.byMethod[name] = append(idx.byMethod[name], n)
			}
		}
	}
	return idx
}

// testDoubleFields are the types whose presence as a field marks a struct
// as a test double: testify's mock.Mock (embedded) and gomock's Controller
// (mockgen's ctrl field), checked against testify v1.11 and go.uber.org/mock
// v0.6. A mock declared outside a test file (golangci-lint's
// logutils.MockLog) never runs in production, and what it does (testify's
// Called sleeps when told to wait) is no implementation's cost.
var testDoubleFields = map[string]bool{
	"github.com/stretchr/testify/mock.Mock":    true,
	"github.com/golang/mock/gomock.Controller": true,
	"go.uber.org/mock/gomock.Controller":       true,
}

// IsTestDouble reports whether n is a struct with a field of a mocking
// library's type (or a pointer to one): a test double, which a call in
// production code does not reach.
func IsTestDouble(n *types.Named) bool {
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for f := range st.Fields() {
		t := f.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if fn, ok := types.Unalias(t).(*types.Named); ok && fn.Obj().Pkg() != nil && testDoubleFields[fn.Obj().Pkg().Path()+"."+fn.Obj().Name()] {
			return true
		}
	}
	return false
}

func hasEmbedded(st *types.Struct) bool {
	for f := range st.Fields() {
		if f.Embedded() {
			return true
		}
	}
	return false
}

// collectPkgs gathers this package and the packages it imports, as far as
// their export data shows them, leaving out the standard library.
func (r *Result) collectPkgs() {
	r.pkgs = []*types.Package{}
	seen := make(map[*types.Package]bool)
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		if p != r.pass.Pkg && IsStd(p.Path()) {
			return
		}
		r.pkgs = append(r.pkgs, p)
		for _, imp := range p.Imports() {
			visit(imp)
		}
	}
	visit(r.pass.Pkg)
}

// repoRoot approximates the repository of a package by its import path: the
// first three elements on the common code hosts (github.com/org/repo), the
// first two on other domains (go.etcd.io/etcd, k8s.io/kubernetes), the
// first one for paths without a domain (GOPATH-style test packages).
func repoRoot(path string) string {
	parts := strings.Split(path, "/")
	n := 1
	if strings.Contains(parts[0], ".") {
		n = 2
		switch parts[0] {
		case "github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitea.com", "git.sr.ht":
			n = 3
		}
	}
	if len(parts) < n {
		n = len(parts)
	}
	return strings.Join(parts[:n], "/")
}

// IsStd reports whether a package path is of the standard library, by its
// first element (the standard library's top-level directories as of Go
// 1.26; a module path's first element has a dot, and testdata paths are
// neither).
func IsStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return stdRoots[first]
}

var stdRoots = func() map[string]bool {
	m := make(map[string]bool)
	for _, s := range strings.Fields(`archive bufio builtin bytes cmp compress container context crypto database
		debug embed encoding errors expvar flag fmt go hash html image index internal io iter log maps math
		mime net os path plugin reflect regexp runtime slices sort strconv strings structs sync syscall
		testing text time unicode unique unsafe vendor weak cmd`) {
		m[s] = true
	}
	return m
}()

// qual writes a package in a message: nothing for this package, its name
// for another ("auth.Store", not "example.com/hidden/auth.Store").
func (r *Result) qual(p *types.Package) string {
	if p == r.pass.Pkg {
		return ""
	}
	return p.Name()
}
