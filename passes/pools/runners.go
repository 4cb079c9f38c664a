package pools

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/ssax"
)

// A runner is a function that runs a pool whose size is one of its
// parameters: each of its call sites is a pool of its own, sized by the
// argument. The work is the runner's own, or a function it takes as a
// parameter and calls from its workers (runPool(n, jobs, fn)).

// addRunner records the function whose parameter sizes p.
func (s *state) addRunner(p *Pool) {
	r := p.Size.paramOf
	if r == nil || r.Parent() != nil || ssax.FuncObject(r) == nil {
		return // closures are not called by name
	}
	if _, done := s.runners[r]; done {
		return
	}
	wp := -1
	if i, ok := paramIndex(p.workVal, r); ok {
		wp = i
	} else {
		for _, w := range p.Work {
			if i, ok := s.callsParam(w, r); ok {
				wp = i
				break
			}
		}
	}
	s.runners[r] = &runner{fact: RunnerFact{SizeParam: int(p.Size.N), WorkParam: wp}, pool: p}
	s.res.Runners[ssax.FuncObject(r)] = p
}

func paramIndex(v ssa.Value, fn *ssa.Function) (int, bool) {
	if v == nil {
		return 0, false
	}
	param, ok := ssax.Canon(v).(*ssa.Parameter)
	if !ok || param.Parent() != fn {
		return 0, false
	}
	for i, p := range fn.Params {
		if p == param {
			return i, true
		}
	}
	return 0, false
}

// callsParam reports whether w, or a closure in it, calls a function-typed
// parameter of r, and which.
func (s *state) callsParam(w *ssa.Function, r *ssa.Function) (int, bool) {
	if !s.isLocal(w) {
		return 0, false
	}
	for _, b := range w.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok && !c.Common().IsInvoke() && c.Common().StaticCallee() == nil {
				if i, ok := paramIndex(c.Common().Value, r); ok {
					return i, true
				}
			}
		}
	}
	for _, a := range w.AnonFuncs {
		if i, ok := s.callsParam(a, r); ok {
			return i, true
		}
	}
	return 0, false
}

// findRunnerCalls turns every call of a runner, of this package or of
// another, into a pool sized by the argument. A call whose argument is again
// a parameter makes the caller a runner too, so this repeats until nothing
// new is found.
func (s *state) findRunnerCalls() {
	done := make(map[ssa.CallInstruction]bool)
	for range 4 {
		found := false
		for _, fn := range s.funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(ssa.CallInstruction)
					if !ok || done[call] {
						continue
					}
					if s.runnerCall(fn, call) {
						done[call] = true
						found = true
					}
				}
			}
		}
		if !found {
			return
		}
	}
}

func (s *state) runnerCall(fn *ssa.Function, call ssa.CallInstruction) bool {
	callee := call.Common().StaticCallee()
	if callee == nil {
		return false
	}
	if o := callee.Origin(); o != nil {
		callee = o
	}
	obj := ssax.FuncObject(callee)
	if obj == nil {
		return false
	}
	var fact RunnerFact
	var ownWork []*ssa.Function
	if r, ok := s.runners[callee]; ok {
		fact, ownWork = r.fact, r.pool.Work
	} else if obj.Pkg() == s.pass.Pkg || !s.pass.ImportObjectFact(obj, &fact) {
		return false
	}
	args := ssax.Args(call.Common())
	if fact.SizeParam >= len(args) {
		return false
	}
	p := &Pool{
		Kind:   "pool run by " + ssax.ObjName(obj, s.pass.Pkg),
		Size:   s.sized(args[fact.SizeParam]),
		Launch: call.Pos(),
		Fn:     fn,
		Work:   ownWork,
		Runner: obj,
	}
	if fact.WorkParam >= 0 {
		if fact.WorkParam >= len(args) {
			return false
		}
		p.workVal = args[fact.WorkParam]
		p.Work = ssax.FuncValues(args[fact.WorkParam])
		p.Runner = nil
	}
	if p.Size.Class == Unknown {
		return true
	}
	s.add(p)
	return true
}

var _ types.Object
