// Package pools finds the goroutine launches that form a pool, the bound on
// the pool's size, and the functions its workers run.
//
// It reports nothing. A pool is a set of goroutines whose number is bounded
// by a value, recognised in these shapes:
//
//   - a worker loop: `for i := 0; i < n; i++ { go worker() }`, also as
//     `for range n` and counting down;
//   - a channel semaphore: a `make(chan struct{}, n)` that the launcher or
//     the goroutine sends on before the work and the goroutine receives from
//     after it;
//   - a golang.org/x/sync/semaphore.Weighted made by NewWeighted(n) and
//     acquired around the goroutine;
//   - errgroup.Group.SetLimit(n) and the pool libraries in the catalog
//     (ants, pond, conc, workerpool, tunny), with conc/iter's implicit
//     GOMAXPROCS;
//   - a function that does any of the above with a bound and, optionally, a
//     work function taken as parameters (`runPool(n, jobs, fn)`): each call
//     site is then a pool of its own, in this package or, through facts, in
//     any package that imports it.
//
// The bound is followed through constants, local variables, small
// arithmetic, min and max, package variables and struct fields assigned in
// the package, flag defaults, and functions that return a size (through
// facts across packages). See Size for where "sized to the CPUs" ends.
package pools

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/catalog"
	"github.com/corefit/corefit/passes/reach"
	"github.com/corefit/corefit/passes/ssax"
)

var Analyzer = &analysis.Analyzer{
	Name:       "pools",
	Doc:        "find goroutine pools, their size and the work they run (reports nothing; used by poolblock)",
	URL:        "https://github.com/corefit/corefit/tree/main/passes/pools",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, reach.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{(*SizeFact)(nil), (*RunnerFact)(nil)},
}

// SizeFact says that a function returns, or a variable or field holds, a
// size that is a multiple of the CPU count.
type SizeFact struct {
	Factor float64
	Expr   string
}

func (*SizeFact) AFact() {}

func (f *SizeFact) String() string { return fmt.Sprintf("size(cpu: %s)", f.Expr) }

// Size returns the fact as a Size.
func (f *SizeFact) Size() Size { return Size{Class: CPU, Factor: f.Factor, Expr: f.Expr} }

// RunnerFact says that a function runs a pool whose size is its parameter
// SizeParam and whose workers run the function passed as parameter WorkParam
// (or, when WorkParam is -1, work of the function's own).
type RunnerFact struct {
	SizeParam int
	WorkParam int
}

func (*RunnerFact) AFact() {}

func (f *RunnerFact) String() string {
	if f.WorkParam < 0 {
		return fmt.Sprintf("runner(size=param%d)", f.SizeParam)
	}
	return fmt.Sprintf("runner(size=param%d, work=param%d)", f.SizeParam, f.WorkParam)
}

// Pool is one pool of goroutines.
type Pool struct {
	Kind   string // "worker loop", "channel semaphore", "errgroup.Group with SetLimit", ...
	Size   Size
	Launch token.Pos // the go statement, submit call or runner call
	Fn     *ssa.Function
	// Work lists the functions the workers run. A function of another
	// package has no body here (Blocks == nil).
	Work []*ssa.Function
	// Runner is set for a call of a function that runs a pool (a runner):
	// the function called. When its work is its own, Work is that work in
	// this package, or empty when the runner is in another package.
	Runner *types.Func

	workVal ssa.Value // the function value launched, when not known statically
}

// Result lists the pools of the package, in source order.
type Result struct {
	Pools []*Pool
	// Runners are the functions of this package that run a pool sized by
	// a parameter, with the pool they run.
	Runners map[*types.Func]*Pool

	s *state
}

// SemaphoreSize returns the bound of a semaphore: a buffered channel of
// empty values (local, or a package variable made once), or a
// semaphore.Weighted.
func (r *Result) SemaphoreSize(v ssa.Value) (Size, bool) {
	s := r.s
	if s == nil || s.z == nil {
		return Size{}, false
	}
	k := s.key(v)
	if s.semKeys[k] {
		sz, ok := s.sizes[k]
		return sz, ok
	}
	c := ssax.Canon(v)
	if g, ok := ssax.Loaded(c).(*ssa.Global); ok {
		if vals := s.stores[g]; len(vals) == 1 {
			c = ssax.Canon(vals[0])
		}
	}
	if mc, ok := c.(*ssa.MakeChan); ok && isSemElem(mc) {
		return s.sized(mc.Size), true
	}
	return Size{}, false
}

type state struct {
	pass        *analysis.Pass
	reach       *reach.Result
	funcs       []*ssa.Function
	local       map[*ssa.Function]bool
	stores      map[ssa.Value][]ssa.Value // Alloc and Global -> values stored
	fieldStores map[*types.Var][]ssa.Value
	sizes       map[any]Size // pool or semaphore key -> bound
	semKeys     map[any]bool // keys of semaphore.Weighted values
	unbounded   map[any]bool // keys of pools made without a bound
	z           *sizer
	res         *Result
	runners     map[*ssa.Function]*runner
}

type runner struct {
	fact RunnerFact
	pool *Pool
}

func run(pass *analysis.Pass) (_ any, err error) {
	defer ssax.Recover(pass, &err)
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	s := &state{
		pass:        pass,
		reach:       pass.ResultOf[reach.Analyzer].(*reach.Result),
		local:       make(map[*ssa.Function]bool),
		stores:      make(map[ssa.Value][]ssa.Value),
		fieldStores: make(map[*types.Var][]ssa.Value),
		sizes:       make(map[any]Size),
		semKeys:     make(map[any]bool),
		unbounded:   make(map[any]bool),
		res:         &Result{Runners: make(map[*types.Func]*Pool)},
		runners:     make(map[*ssa.Function]*runner),
	}
	s.z = &sizer{p: s, memo: make(map[ssa.Value]Size)}
	s.res.s = s
	s.funcs = ssainfo.SrcFuncs
	if init := ssainfo.Pkg.Func("init"); init != nil {
		s.funcs = append(s.funcs, init)
	}
	for _, fn := range s.funcs {
		s.local[fn] = true
	}
	if !s.interesting() {
		s.res.s = nil
		return s.res, nil
	}
	s.collectStores()
	s.collectPoolValues()
	for _, fn := range s.funcs {
		s.findLaunches(fn)
	}
	s.findRunnerCalls()
	s.exportFacts()
	sort.SliceStable(s.res.Pools, func(i, j int) bool { return s.res.Pools[i].Launch < s.res.Pools[j].Launch })
	return s.res, nil
}

func (s *state) isLocal(fn *ssa.Function) bool {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return s.local[fn]
}

// interesting is the cheap exit: a package with no go statement, no call
// into a pool library and no call of an imported runner has no pool, and a
// package that also never calls runtime.NumCPU or GOMAXPROCS exports no
// size either.
func (s *state) interesting() bool {
	for _, fn := range s.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Go:
					return true
				case ssa.CallInstruction:
					obj := ssax.Callee(instr.Common())
					if obj == nil {
						continue
					}
					if _, ok := catalog.LookupPool(obj); ok {
						return true
					}
					if obj.Pkg() != nil && obj.Pkg().Path() == "runtime" && (obj.Name() == "NumCPU" || obj.Name() == "GOMAXPROCS") {
						return true
					}
					if obj.Pkg() != s.pass.Pkg && (s.pass.ImportObjectFact(obj, new(RunnerFact)) || s.pass.ImportObjectFact(obj, new(SizeFact))) {
						return true
					}
				}
			}
		}
	}
	return false
}

func (s *state) storesTo(addr ssa.Value) []ssa.Value { return s.stores[addr] }

// collectStores records what is stored to each local variable, package
// variable and struct field, so that sizes can be followed through them.
func (s *state) collectStores() {
	record := func(addr, val ssa.Value) {
		switch a := ssax.Canon(addr).(type) {
		case *ssa.Alloc, *ssa.Global:
			s.stores[a] = append(s.stores[a], val)
		case *ssa.FieldAddr:
			if f, _ := ssax.Field(a); f != nil {
				s.fieldStores[f] = append(s.fieldStores[f], val)
			}
		}
	}
	for _, fn := range s.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Store:
					record(instr.Addr, instr.Val)
				case *ssa.Call:
					// flag.IntVar(&cfg.Workers, "workers", runtime.NumCPU(), "...")
					obj := ssax.Callee(&instr.Call)
					if obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "flag" {
						switch obj.Name() {
						case "IntVar", "Int64Var", "UintVar", "Uint64Var":
							if args := ssax.Args(&instr.Call); len(args) >= 3 {
								record(args[0], args[2])
							}
						}
					}
				}
			}
		}
	}
}

// key identifies a pool or semaphore value across the functions of the
// package: the call that made it, a local or package variable holding it, or
// a struct field holding it.
func (s *state) key(v ssa.Value) any {
	for range 8 {
		v = ssax.Canon(v)
		switch x := v.(type) {
		case *ssa.Call:
			// conc: pool.New().WithMaxGoroutines(n) returns its receiver,
			// and WithErrors, WithContext and the like return a view of
			// the same pool, with the same limit.
			if obj := ssax.Callee(&x.Call); obj != nil {
				api, ok := catalog.LookupPool(obj)
				if (ok && api.Role == catalog.PoolLimit) || isPoolView(obj) {
					if r := ssax.Recv(&x.Call); r != nil {
						v = r
						continue
					}
				}
			}
			return x
		case *ssa.Extract:
			if x.Index == 0 {
				v = x.Tuple
				continue
			}
			return x
		case *ssa.Alloc, *ssa.Global:
			return x
		case *ssa.FieldAddr:
			f, _ := ssax.Field(x)
			return f
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return x
			}
			switch a := ssax.Canon(x.X).(type) {
			case *ssa.Alloc, *ssa.Global:
				if vals := s.stores[a]; len(vals) == 1 {
					v = vals[0]
					continue
				}
				return a
			case *ssa.FieldAddr:
				f, _ := ssax.Field(a)
				if vals := s.fieldStores[f]; len(vals) == 1 {
					v = vals[0]
					continue
				}
				return f
			}
			return x
		default:
			return x
		}
	}
	return v
}

// collectPoolValues records the bound of every pool and semaphore made or
// limited in the package.
func (s *state) collectPoolValues() {
	var limits []*ssa.Call
	for _, fn := range s.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				obj := ssax.Callee(&call.Call)
				api, ok := catalog.LookupPool(obj)
				if !ok {
					continue
				}
				args := ssax.Args(&call.Call)
				switch api.Role {
				case catalog.PoolNew, catalog.SemNew:
					k := s.key(call)
					if api.SizeArg >= 0 && api.SizeArg < len(args) {
						s.sizes[k] = s.sized(args[api.SizeArg])
					} else if api.ImplicitCPU {
						s.sizes[k] = implicitCPU(call.Pos(), obj)
					}
					if api.Role == catalog.SemNew {
						s.semKeys[k] = true
					}
				case catalog.PoolNewUnbounded:
					s.unbounded[s.key(call)] = true
				case catalog.PoolLimit:
					limits = append(limits, call)
				}
			}
		}
	}
	for _, call := range limits {
		api, _ := catalog.LookupPool(ssax.Callee(&call.Call))
		args := ssax.Args(&call.Call)
		if recv := ssax.Recv(&call.Call); recv != nil && api.SizeArg < len(args) {
			s.sizes[s.key(recv)] = s.sized(args[api.SizeArg])
		}
	}
}

// isPoolView reports whether obj is a method of a pool type that returns
// another pool type of the same package, sharing the limit: conc's
// WithErrors, WithContext, WithFirstError, WithCancelOnError.
func isPoolView(obj *types.Func) bool {
	sig, ok := obj.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || sig.Results().Len() != 1 || obj.Pkg() == nil {
		return false
	}
	if obj.Pkg().Path() != "github.com/sourcegraph/conc/pool" {
		return false
	}
	ptr, ok := sig.Results().At(0).Type().(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	return ok && named.Obj().Pkg() == obj.Pkg()
}

func (s *state) sized(v ssa.Value) Size {
	sz := s.z.of(v)
	if !sz.Pos.IsValid() {
		sz.Pos = v.Pos()
	}
	return sz
}

func implicitCPU(pos token.Pos, obj *types.Func) Size {
	return Size{Class: CPU, Factor: 1, Expr: "runtime.GOMAXPROCS(0), the default of " + ssax.ObjName(obj, nil), Pos: pos}
}

// findLaunches finds the goroutine launches in fn and the pools they form.
func (s *state) findLaunches(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Go:
				work := workOf(&instr.Call)
				// go wait.Until(c.worker, ...): the callee runs its
				// function-typed arguments on the new goroutine.
				for _, l := range s.reach.Launched(instr) {
					if l.Via != nil {
						work = append(work, l.Funcs...)
					}
				}
				if work != nil || isParam(instr.Call.Value) {
					s.launch(fn, instr, "go statement", work, instr.Call.Value)
				}
			case *ssa.Call:
				obj := ssax.Callee(&instr.Call)
				api, ok := catalog.LookupPool(obj)
				if !ok {
					// A launcher: sync.WaitGroup.Go, a project's own
					// s.startGoRoutine(f), a function that starts f.
					for _, l := range s.reach.Launched(instr) {
						if l.Role == catalog.LaunchSubtest || (l.Funcs == nil && !isParam(l.Value)) {
							continue
						}
						s.launch(fn, instr, l.Desc, l.Funcs, l.Value)
					}
					continue
				}
				args := ssax.Args(&instr.Call)
				var work []*ssa.Function
				if api.WorkArg >= 0 && api.WorkArg < len(args) {
					work = ssax.FuncValues(args[api.WorkArg])
				}
				var workVal ssa.Value
				if api.WorkArg >= 0 && api.WorkArg < len(args) {
					workVal = args[api.WorkArg]
				}
				if work == nil && !isParam(workVal) {
					continue
				}
				switch api.Role {
				case catalog.PoolSubmit:
					recv := ssax.Recv(&instr.Call)
					if recv == nil {
						continue
					}
					k := s.key(recv)
					if sz, ok := s.sizes[k]; ok && !s.semKeys[k] {
						s.add(&Pool{Kind: poolKind(obj), Size: sz, Launch: instr.Pos(), Fn: fn, Work: work, workVal: workVal})
						continue
					}
					// An unbounded group (errgroup without SetLimit,
					// sync.WaitGroup.Go) launches like a go statement.
					s.launch(fn, instr, ssax.ObjName(obj, nil), work, workVal)
				case catalog.PoolNew:
					if sz, ok := s.sizes[s.key(instr)]; ok {
						s.add(&Pool{Kind: poolKind(obj), Size: sz, Launch: instr.Pos(), Fn: fn, Work: work, workVal: workVal})
					}
				case catalog.PoolRun:
					if recv := ssax.Recv(&instr.Call); recv != nil {
						// conc's Iterator and Mapper: GOMAXPROCS unless
						// MaxGoroutines is set.
						if sz, set := s.maxGoroutines(obj); set {
							s.add(&Pool{Kind: ssax.ObjName(obj, nil), Size: sz, Launch: instr.Pos(), Fn: fn, Work: work, workVal: workVal})
							continue
						}
					}
					if api.ImplicitCPU {
						s.add(&Pool{Kind: ssax.ObjName(obj, nil), Size: implicitCPU(instr.Pos(), obj), Launch: instr.Pos(), Fn: fn, Work: work, workVal: workVal})
					}
				}
			}
		}
	}
}

// maxGoroutines returns the size stored, anywhere in the package, in the
// MaxGoroutines field of the type whose method obj is; set is false when the
// package never sets it.
func (s *state) maxGoroutines(obj *types.Func) (sz Size, set bool) {
	var vals []ssa.Value
	for f, stored := range s.fieldStores {
		if f.Name() == "MaxGoroutines" && f.Pkg() != nil && f.Pkg() == obj.Pkg() {
			vals = append(vals, stored...)
		}
	}
	if len(vals) == 0 {
		return Size{}, false
	}
	return s.z.merge(vals), true
}

func poolKind(obj *types.Func) string {
	if obj.Pkg() == nil {
		return obj.Name()
	}
	return obj.Pkg().Name() + " pool"
}

// workOf returns the functions a go statement runs.
func workOf(call *ssa.CallCommon) []*ssa.Function {
	if call.IsInvoke() {
		return nil
	}
	if fn := call.StaticCallee(); fn != nil {
		return []*ssa.Function{fn}
	}
	return ssax.FuncValues(call.Value)
}

// launch decides what bounds a goroutine launched at instr: a semaphore the
// work holds, or the loop the launch sits in.
func (s *state) launch(fn *ssa.Function, instr ssa.Instruction, how string, work []*ssa.Function, workVal ssa.Value) {
	pos := instr.Pos()
	if !pos.IsValid() {
		pos = ssax.Pos(instr)
	}
	if sz, kind, ok := s.semaphore(fn, work); ok {
		s.add(&Pool{Kind: kind, Size: sz, Launch: pos, Fn: fn, Work: work, workVal: workVal})
		return
	}
	if bound, loop := loopBound(instr); bound != nil {
		sz := s.sized(bound)
		if sz.Class == Unknown || s.waitsEachIteration(loop, work) {
			return
		}
		kind := "worker loop"
		if how != "go statement" {
			kind = "worker loop of " + how
		}
		s.add(&Pool{Kind: kind, Size: sz, Launch: pos, Fn: fn, Work: work, workVal: workVal})
	}
}

// waitsEachIteration reports whether a loop waits, in each iteration, for the
// goroutine it launched: it receives from a channel the work sends on, or
// calls a Wait method. Such a loop runs one goroutine at a time (a retry
// loop with a helper goroutine), not a pool.
func (s *state) waitsEachIteration(loop map[*ssa.BasicBlock]bool, work []*ssa.Function) bool {
	sends := make(map[ssa.Value]bool)
	for _, w := range work {
		if !s.isLocal(w) {
			continue
		}
		forTree(w, func(instr ssa.Instruction) {
			if send, ok := instr.(*ssa.Send); ok {
				sends[ssax.Canon(send.Chan)] = true
			}
		})
	}
	for b := range loop {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.UnOp:
				if instr.Op == token.ARROW && sends[ssax.Canon(instr.X)] {
					return true
				}
			case *ssa.Select:
				for _, st := range instr.States {
					if st.Dir == types.RecvOnly && sends[ssax.Canon(st.Chan)] {
						return true
					}
				}
			case *ssa.Call:
				if obj := ssax.Callee(&instr.Call); obj != nil && obj.Name() == "Wait" && ssax.Recv(&instr.Call) != nil {
					return true
				}
			}
		}
	}
	return false
}

// forTree visits the instructions of f and of the closures inside it.
func forTree(f *ssa.Function, visit func(ssa.Instruction)) {
	for _, b := range f.Blocks {
		for _, instr := range b.Instrs {
			visit(instr)
		}
	}
	for _, a := range f.AnonFuncs {
		forTree(a, visit)
	}
}

func isParam(v ssa.Value) bool {
	if v == nil {
		return false
	}
	_, ok := ssax.Canon(v).(*ssa.Parameter)
	return ok
}

func (s *state) add(p *Pool) {
	if p.Size.Class == Unknown {
		return
	}
	if p.Size.Class == Param {
		s.addRunner(p)
		return
	}
	s.res.Pools = append(s.res.Pools, p)
}

// semaphore finds a channel or weighted semaphore that the work holds: a
// buffered channel of empty values that the work receives from (release),
// with a send on it in the launcher or the work (acquire); or a
// semaphore.Weighted the work releases or acquires.
func (s *state) semaphore(launcher *ssa.Function, work []*ssa.Function) (Size, string, bool) {
	tree := forTree
	for _, w := range work {
		if !s.isLocal(w) {
			continue
		}
		recvs := make(map[*ssa.MakeChan]bool)
		sends := make(map[*ssa.MakeChan]bool)
		var weighted any
		visit := func(instr ssa.Instruction) {
			switch instr := instr.(type) {
			case *ssa.UnOp:
				if instr.Op == token.ARROW {
					if mc, ok := ssax.Canon(instr.X).(*ssa.MakeChan); ok && isSemElem(mc) {
						recvs[mc] = true
					}
				}
			case *ssa.Send:
				if mc, ok := ssax.Canon(instr.Chan).(*ssa.MakeChan); ok {
					sends[mc] = true
				}
			case ssa.CallInstruction:
				if recv := ssax.Recv(instr.Common()); recv != nil {
					if k := s.key(recv); s.semKeys[k] {
						weighted = k
					}
				}
			}
		}
		tree(w, visit)
		if weighted != nil {
			if sz, ok := s.sizes[weighted]; ok {
				return sz, "semaphore.Weighted", true
			}
		}
		if len(recvs) == 0 {
			continue
		}
		tree(launcher, func(instr ssa.Instruction) {
			if send, ok := instr.(*ssa.Send); ok {
				if mc, ok := ssax.Canon(send.Chan).(*ssa.MakeChan); ok {
					sends[mc] = true
				}
			}
		})
		for mc := range recvs {
			if sends[mc] {
				return s.sized(mc.Size), "channel semaphore", true
			}
		}
	}
	return Size{}, "", false
}

// isSemElem reports whether a channel carries tokens rather than data: its
// elements are empty structs or booleans.
func isSemElem(mc *ssa.MakeChan) bool {
	ch, ok := mc.Type().Underlying().(*types.Chan)
	if !ok {
		return false
	}
	switch e := ch.Elem().Underlying().(type) {
	case *types.Struct:
		return e.NumFields() == 0
	case *types.Basic:
		return e.Kind() == types.Bool
	}
	return false
}

// exportFacts exports a SizeFact for every function of the package that
// returns a CPU-sized value and every package variable or field that holds
// one, and a RunnerFact for every runner.
func (s *state) exportFacts() {
	for _, fn := range s.funcs {
		obj := ssax.FuncObject(fn)
		if obj == nil || fn.Parent() != nil || obj.Pkg() != s.pass.Pkg {
			continue
		}
		sig := fn.Signature
		if sig.Results().Len() == 0 || !isInteger(sig.Results().At(0).Type()) {
			continue
		}
		var rets []ssa.Value
		for _, b := range fn.Blocks {
			if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(r.Results) > 0 {
				rets = append(rets, r.Results[0])
			}
		}
		if sz := s.z.merge(rets); sz.Class == CPU {
			s.pass.ExportObjectFact(obj, &SizeFact{Factor: sz.Factor, Expr: sz.Expr})
		}
	}
	for g, vals := range s.stores {
		if g, ok := g.(*ssa.Global); ok {
			if obj, ok := g.Object().(*types.Var); ok && obj.Pkg() == s.pass.Pkg && isInteger(obj.Type()) {
				if sz := s.z.merge(vals); sz.Class == CPU {
					s.pass.ExportObjectFact(obj, &SizeFact{Factor: sz.Factor, Expr: sz.Expr})
				}
			}
		}
	}
	for f, vals := range s.fieldStores {
		if f.Pkg() == s.pass.Pkg && isInteger(f.Type()) {
			if sz := s.z.merge(vals); sz.Class == CPU {
				s.pass.ExportObjectFact(f, &SizeFact{Factor: sz.Factor, Expr: sz.Expr})
			}
		}
	}
	for fn, r := range s.runners {
		if obj := ssax.FuncObject(fn); obj != nil && fn.Parent() == nil && obj.Pkg() == s.pass.Pkg {
			f := r.fact
			s.pass.ExportObjectFact(obj, &f)
		}
	}
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}
