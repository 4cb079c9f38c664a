package sharedstate

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"

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
//
// The memory is the field or variable together with the places its struct
// is held in (see placesOf): a plain access and an atomic update of one
// field of a struct type held by value in two different places (fastcache
// adds its Cache's atomically kept bigStats into the caller's Stats, which
// embeds a BigStats of its own) are of different memory, and are not
// paired.
func (c *checker) checkMixedAtomic(funcs []*ssa.Function) {
	if shared.IsSyncPkg(c.pass.Pkg.Path()) {
		return // the synchronisers themselves (sync.Mutex's state, Pool's local)
	}
	if c.callers == nil {
		c.callers = callSites(funcs)
	}
	atomicAt := make(map[*types.Var][]atomicSite)
	updaters := make(map[*types.Var]map[*ssa.Function]bool) // the functions that update each atomically
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
					if updaters[v] == nil {
						updaters[v] = make(map[*ssa.Function]bool)
					}
					updaters[v][fn] = true
					in := c.placesOf(addr)
					if !slices.ContainsFunc(atomicAt[v], func(s atomicSite) bool { return s.in.same(in) }) {
						atomicAt[v] = append(atomicAt[v], atomicSite{in, call.Pos()})
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
				sites, ok := atomicAt[v]
				if !ok {
					continue
				}
				at, ok := findAtomic(sites, c.placesOf(addr))
				if !ok || madeHere(addr, fn) || len(c.res.Locks().Held(instr)) > 0 {
					// Under a lock, the author guards this
					// object otherwise (nats keeps an account's
					// stats under a lock, a client's atomic).
					continue
				}
				if c.joinedUpdaters(fn, instr, updaters[v]) {
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

// joinedUpdaters reports whether every function in updaters runs only on
// goroutines that fn launches, and instr, a plain access in fn, is outside
// their run: before the launch or after the join (grpc's stress client
// counts its calls with atomic.AddInt64 in its workers and prints the
// total after wg.Wait()). A function runs only on those goroutines when
// every chain of the package's calls to it starts at a function they
// launch: none is exported, or used as a value.
func (c *checker) joinedUpdaters(fn *ssa.Function, instr ssa.Instruction, updaters map[*ssa.Function]bool) bool {
	r := c.launchesIn(fn)
	if len(r.roots) == 0 || r.run[instr] {
		return false
	}
	for u := range updaters {
		if !c.onlyUnder(u, r.roots, r.onLaunch) {
			return false
		}
	}
	return true
}

// fnLaunches is what joinedUpdaters needs of a function's launches: the
// functions they start, what those call, and the function's instructions
// that may run while one of them runs (the union of reach).
type fnLaunches struct {
	roots    []*ssa.Function
	onLaunch map[*ssa.Function]bool
	run      map[ssa.Instruction]bool
}

// launchesIn returns fn's fnLaunches, computed once.
func (c *checker) launchesIn(fn *ssa.Function) *fnLaunches {
	if r, ok := c.fnLaunches[fn]; ok {
		return r
	}
	r := &fnLaunches{run: make(map[ssa.Instruction]bool)}
	saved := c.cur
	for _, l := range c.res.Launches() {
		if l.Spawner() != fn {
			continue
		}
		r.roots = append(r.roots, l.Funcs...)
		c.cur = c.goroutineOf(l) // what joins it
		for instr := range c.reach(l, nil) {
			r.run[instr] = true
		}
	}
	c.cur = saved
	r.onLaunch = closure(r.roots, c.calls().out)
	if c.fnLaunches == nil {
		c.fnLaunches = make(map[*ssa.Function]*fnLaunches)
	}
	c.fnLaunches[fn] = r
	return r
}

// onlyUnder reports whether every chain of calls to u starts at one of
// roots, through functions of onLaunch only: see joinedUpdaters.
func (c *checker) onlyUnder(u *ssa.Function, roots []*ssa.Function, onLaunch map[*ssa.Function]bool) bool {
	seen := map[*ssa.Function]bool{}
	var walk func(f *ssa.Function) bool
	walk = func(f *ssa.Function) bool {
		if slices.Contains(roots, f) {
			return true
		}
		if seen[f] {
			return true // a cycle: its other callers are walked
		}
		seen[f] = true
		if !onLaunch[f] {
			return false
		}
		if obj := ssax.FuncObject(f); obj != nil && (obj.Exported() || c.callsHidden(obj)) {
			return false
		}
		callers := c.calls().in[f]
		if len(callers) == 0 {
			return false
		}
		for _, g := range callers {
			if !walk(g) {
				return false
			}
		}
		return true
	}
	return walk(u)
}

// An atomicSite is the first atomic update of a field or package variable
// in some places.
type atomicSite struct {
	in  places
	pos token.Pos
}

// findAtomic returns the position of an atomic update, among sites, of
// memory that an access of the field of a struct held in places in may be.
func findAtomic(sites []atomicSite, in places) (token.Pos, bool) {
	for _, s := range sites {
		if s.in.overlap(in) {
			return s.pos, true
		}
	}
	return token.NoPos, false
}

// places are the variables that may hold, by value, the struct whose field
// an access is of: struct fields (bigStats of &c.bigStats.GetBigCalls;
// BigStats of s.GetBigCalls where s's type embeds a BigStats) and package
// variables, through the elements of arrays held by value. Any is set when
// they are not known: the struct is reached through a pointer (a loaded
// pointer, a slice's element, a parameter of an exported function) and may
// be in any place. A field of a package variable's own type has no places
// (in is empty): it is the variable, named by the access.
//
// The fields of structs in known and different places are never the same
// memory: a struct held by value is in one place only.
type places struct {
	any bool
	in  []*types.Var
}

// overlap reports whether fields of structs held in p and q may be the same
// memory.
func (p places) overlap(q places) bool {
	if p.any || q.any || len(p.in) == 0 || len(q.in) == 0 {
		return true
	}
	for _, v := range p.in {
		if slices.Contains(q.in, v) {
			return true
		}
	}
	return false
}

// same reports whether p and q are the same places.
func (p places) same(q places) bool {
	return p.any == q.any && slices.Equal(p.in, q.in)
}

// placeDepth is how many calls up the places of a parameter are looked for.
const placeDepth = 3

// placesOf returns the places of the struct whose field addr is the
// address of; none for a package variable.
func (c *checker) placesOf(addr ssa.Value) places {
	fa, ok := ssax.Strip(addr).(*ssa.FieldAddr)
	if !ok {
		return places{}
	}
	return c.placesOfPtr(fa.X, placeDepth)
}

// placesOfPtr returns the places of the struct ptr points to. A parameter
// of an unexported function of the package that is not taken as a value is
// followed to the arguments of the package's calls (BigStats.reset, called
// as c.bigStats.reset(), updates the bigStats of a Cache), depth calls up;
// as for callersHold, those calls are taken as all of its calls.
func (c *checker) placesOfPtr(ptr ssa.Value, depth int) places {
	x := ssax.Strip(ptr)
	for range 16 {
		switch y := x.(type) {
		case *ssa.FieldAddr:
			if f, _ := ssax.Field(y); f != nil {
				return places{in: []*types.Var{f}}
			}
		case *ssa.IndexAddr:
			if _, isArray := shared.Pointee(y.X.Type()).Underlying().(*types.Array); isArray {
				x = ssax.Strip(y.X)
				continue
			}
			// A slice's element: its array may be anywhere.
		case *ssa.Global:
			if v, ok := y.Object().(*types.Var); ok {
				return places{in: []*types.Var{v}}
			}
		case *ssa.Parameter:
			return c.paramPlaces(y, depth)
		}
		return places{any: true}
	}
	return places{any: true}
}

// paramPlaces returns the places of the structs the package's calls of p's
// function pass as p: see placesOfPtr.
func (c *checker) paramPlaces(p *ssa.Parameter, depth int) places {
	fn := p.Parent()
	obj := ssax.FuncObject(fn)
	idx := slices.Index(fn.Params, p)
	sites := c.callers[fn]
	if depth == 0 || fn.Parent() != nil || obj == nil || obj.Exported() || idx < 0 || len(sites) == 0 || c.callsHidden(obj) {
		return places{any: true}
	}
	key := paramKey{p, depth}
	if out, ok := c.paramIn[key]; ok {
		return out
	}
	if c.paramIn == nil {
		c.paramIn = make(map[paramKey]places)
	}
	c.paramIn[key] = places{any: true} // a cycle: not known
	out := c.argPlaces(sites, idx, depth)
	c.paramIn[key] = out
	return out
}

// paramKey keys paramPlaces' results.
type paramKey struct {
	p     *ssa.Parameter
	depth int
}

// argPlaces returns the places of the structs the calls sites pass as their
// argument idx, depth calls up.
func (c *checker) argPlaces(sites []ssa.CallInstruction, idx, depth int) places {
	var out places
	for _, call := range sites {
		args := call.Common().Args
		if idx >= len(args) {
			return places{any: true}
		}
		q := c.placesOfPtr(args[idx], depth-1)
		if q.any || len(q.in) == 0 {
			return places{any: true}
		}
		for _, v := range q.in {
			if !slices.Contains(out.in, v) {
				out.in = append(out.in, v)
			}
		}
	}
	return out
}

// callsHidden reports whether the package may call fn other than by its
// static calls: fn is used as a value (passed or stored, a method value
// c.f), or is a method of a name the package calls through an interface.
func (c *checker) callsHidden(fn *types.Func) bool {
	if c.hidden == nil {
		c.hidden = make(map[*types.Func]bool)
		c.invoked = make(map[string]bool)
		var ops []*ssa.Value
		for _, f := range c.funcs {
			for _, b := range f.Blocks {
				for _, instr := range b.Instrs {
					var callee ssa.Value
					if ci, ok := instr.(ssa.CallInstruction); ok {
						callee = ci.Common().Value
						if m := ci.Common().Method; m != nil {
							c.invoked[m.Name()] = true
						}
					}
					// A bound method's wrapper stands for the
					// method (FuncObject).
					for _, op := range instr.Operands(ops[:0]) {
						if g, ok := (*op).(*ssa.Function); ok && *op != callee {
							if obj := ssax.FuncObject(g); obj != nil {
								c.hidden[obj] = true
							}
						}
					}
				}
			}
		}
	}
	sig, _ := fn.Type().(*types.Signature)
	return c.hidden[fn] || sig != nil && sig.Recv() != nil && c.invoked[fn.Name()]
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
