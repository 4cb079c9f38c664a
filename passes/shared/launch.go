package shared

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/catalog"
	"github.com/corefit/corefit/passes/locks"
	"github.com/corefit/corefit/passes/ssax"
)

// LaunchKind is how a launch runs its function.
type LaunchKind uint8

const (
	// Go is a go statement.
	Go LaunchKind = iota + 1
	// Group is errgroup.Group.Go and TryGo, sync.WaitGroup.Go, conc's
	// WaitGroup.Go: a goroutine per call, joined by Wait.
	Group
	// Timer is time.AfterFunc: the function runs later on a goroutine of
	// its own.
	Timer
	// Subtest is testing.T.Run: the subtest runs in parallel with its
	// parallel siblings after it calls t.Parallel, and after the parent
	// test function has returned.
	Subtest
	// Pool is the submit call of a pool library: the task runs on one of
	// the pool's workers, perhaps one at a time.
	Pool
	// Handler is the registration of an HTTP handler function: it runs
	// once per request in flight, each on a goroutine of its own.
	Handler
)

// Launch is a place where a function starts running on another goroutine.
type Launch struct {
	Instr ssa.Instruction // the *ssa.Go or the *ssa.Call
	Kind  LaunchKind
	Desc  string // "the go statement", "errgroup.Group.Go", ...
	Funcs []*ssa.Function
	// Limited is set when the launches of one group may be serialised (an
	// errgroup whose limit is set, or not known to be unset).
	Limited bool

	args    []ssa.Value // the values passed to the function's parameters
	closure *ssa.MakeClosure
}

// Spawner is the function that launches.
func (l *Launch) Spawner() *ssa.Function { return l.Instr.Parent() }

// Frame returns the mapping of fn's roots to the spawner's frame: its
// parameters to the values passed, its free variables to their bindings, and
// roots that already belong to the spawner or a function around it to
// themselves. Roots of fn's own have no counterpart: each run of fn has its
// own.
func (l *Launch) Frame(fn *ssa.Function) func(ssa.Value) (locks.Term, bool) {
	return func(root ssa.Value) (locks.Term, bool) {
		switch x := root.(type) {
		case *ssa.Parameter:
			if x.Parent() != fn {
				break
			}
			for i, p := range fn.Params {
				if p == x && i < len(l.args) {
					return locks.Value(l.args[i])
				}
			}
			return locks.Term{}, false
		case *ssa.FreeVar:
			if x.Parent() != fn || l.closure == nil || l.closure.Fn != fn {
				break
			}
			for i, fv := range fn.FreeVars {
				if fv == x && i < len(l.closure.Bindings) {
					return locks.Value(l.closure.Bindings[i])
				}
			}
			return locks.Term{}, false
		case *ssa.Global:
			return locks.Term{Root: x}, true
		}
		if o := Owner(root); o != nil && !locks.Encloses(fn, o) {
			return locks.Term{Root: root}, true
		}
		return locks.Term{}, false
	}
}

// LaunchAccesses returns the accesses of fn, a function l launches, in the
// spawner's frame: the memory the spawner can reach. A function of another
// package is known by its AccessFact, its accesses placed at the launch.
func (r *Result) LaunchAccesses(l *Launch, fn *ssa.Function) []Access {
	frame := l.Frame(fn)
	acc := r.Accesses(fn)
	if len(fn.Blocks) == 0 {
		obj := ssax.FuncObject(fn)
		if obj == nil {
			return nil
		}
		f, ok := r.importFact(obj)
		if !ok {
			return nil
		}
		acc = f.accesses(l.Instr.Pos(), fn.Prog)
		frame = factFrame(l.args)
	}
	var out []Access
	for _, a := range acc {
		if b, ok := Translate(a, frame); ok {
			out = append(out, b)
		}
	}
	return out
}

// Owner returns the function a root value belongs to, or nil for globals,
// functions and constants.
func Owner(v ssa.Value) *ssa.Function {
	switch x := v.(type) {
	case *ssa.Parameter:
		return x.Parent()
	case *ssa.FreeVar:
		return x.Parent()
	case ssa.Instruction:
		return x.Parent()
	}
	return nil
}

// findLaunches records the launches in fn.
func (r *Result) findLaunches(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Go:
				if x.Call.IsInvoke() {
					continue
				}
				fs := ssax.FuncTargets(x.Call.Value)
				if callee := x.Call.StaticCallee(); callee != nil {
					fs = []*ssa.Function{callee}
				}
				if len(fs) != 1 {
					continue
				}
				l := &Launch{Instr: x, Kind: Go, Desc: "the go statement", Funcs: fs, args: x.Call.Args}
				l.closure, _ = ssax.Canon(x.Call.Value).(*ssa.MakeClosure)
				r.launches = append(r.launches, l)
				// go wait.Until(c.worker, ...): the callee runs c.worker
				// on the new goroutine.
				for _, rl := range r.reach.Launched(x) {
					if rl.Via != nil {
						if l := valueLaunch(x, Go, "the go statement", rl.Value); l != nil {
							r.launches = append(r.launches, l)
						}
					}
				}
			case *ssa.Call:
				if l := workLaunch(x); l != nil {
					r.launches = append(r.launches, l)
					continue
				}
				// A function of the program that starts its argument
				// on a new goroutine (s.startGoRoutine(f)).
				for _, rl := range r.reach.Launched(x) {
					if rl.Via != nil && rl.Role == 0 {
						if l := valueLaunch(x, Go, rl.Desc, rl.Value); l != nil {
							r.launches = append(r.launches, l)
						}
					}
				}
			}
		}
	}
}

// launchKinds maps the catalog's launcher roles to launch kinds.
var launchKinds = map[catalog.LaunchRole]LaunchKind{
	catalog.LaunchGroup:   Group,
	catalog.LaunchTimer:   Timer,
	catalog.LaunchSubtest: Subtest,
}

// workLaunch recognises a call that runs its function argument on another
// goroutine.
func workLaunch(call *ssa.Call) *Launch {
	obj := ssax.Callee(&call.Call)
	if obj == nil || call.Call.IsInvoke() {
		return nil
	}
	var kind LaunchKind
	var desc string
	arg := -1
	if l, ok := catalog.LookupLauncher(obj); ok {
		kind, desc, arg = launchKinds[l.Role], l.Desc, l.WorkArg
	} else if p, ok := catalog.LookupPool(obj); ok && (p.Role == catalog.PoolSubmit || p.Role == catalog.PoolRun) && p.WorkArg >= 0 {
		kind, desc, arg = Pool, obj.Name(), p.WorkArg
	} else if h, ok := catalog.LookupHandlerReg(obj); ok && h.HandlerArg >= 0 && !h.List && !h.Methods {
		// A registration whose argument is one handler function;
		// variadic lists (gin) and services (gRPC) are not paired.
		kind, desc, arg = Handler, "the HTTP handler", h.HandlerArg
	}
	args := ssax.Args(&call.Call)
	if kind == 0 || arg >= len(args) {
		return nil
	}
	work := args[arg]
	if _, isFunc := work.Type().Underlying().(*types.Signature); kind == Handler && !isFunc {
		return nil // a Handler value: its ServeHTTP is not followed
	}
	l := valueLaunch(call, kind, desc, work)
	if l == nil {
		return nil
	}
	if kind == Group || kind == Pool {
		l.Limited = kind == Pool || groupLimited(call)
	}
	return l
}

// valueLaunch is the launch of the function value work by instr, with the
// closure or bound receiver that maps its free variables; nil when work may
// be more than one function.
func valueLaunch(instr ssa.CallInstruction, kind LaunchKind, desc string, work ssa.Value) *Launch {
	fs := ssax.FuncTargets(work)
	if len(fs) != 1 {
		return nil
	}
	l := &Launch{Instr: instr, Kind: kind, Desc: desc, Funcs: fs}
	switch c := ssax.Canon(work).(type) {
	case *ssa.MakeClosure:
		if c.Fn == fs[0] {
			l.closure = c
		} else if len(c.Bindings) == 1 {
			// A bound method value: the receiver is bound.
			l.args = []ssa.Value{c.Bindings[0]}
		}
	}
	return l
}

// groupLimited reports whether the errgroup of a Go call may have a limit:
// unless the group is made in the launching function and that function sets
// no limit, it may.
func groupLimited(call *ssa.Call) bool {
	recv := ssax.Recv(&call.Call)
	if recv == nil {
		return true
	}
	t, ok := locks.Value(recv)
	if !ok || Owner(t.Root) != call.Parent() {
		return true
	}
	switch t.Root.(type) {
	case *ssa.Alloc, *ssa.Call, *ssa.Extract:
	default:
		return true
	}
	for _, b := range call.Parent().Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok {
				if obj := ssax.Callee(&c.Call); obj != nil && obj.Name() == "SetLimit" {
					return true
				}
			}
		}
	}
	return false
}
