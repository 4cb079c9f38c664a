// Package chains spreads a property of functions (may block, is CPU-heavy)
// backwards along the calls of a package, and keeps, for each function, the
// chain of calls that explains it: the diagnostic shows the chain and a fact
// carries it to the importing packages.
package chains

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/reach"
	"github.com/corefit/corefit/passes/ssax"
)

// Step is one call on the way to the operation, as it travels in a fact: the
// function called and where the call is.
type Step struct {
	Callee string // "pkg.F", "(*pkg.T).M"
	At     string // "dir/file.go:12"
}

// LocalStep is a call inside the package under analysis.
type LocalStep struct {
	Pos    token.Pos
	Callee string
	How    string // as Op.How
}

// Op is one instruction that has the property, with the reason.
type Op[K comparable] struct {
	Instr ssa.Instruction
	Pos   token.Pos
	Kind  K
	Why   string
	// What names the operation at the end of the chain ("os.ReadFile",
	// "receive from time.After", "bcrypt.GenerateFromPassword").
	What string
	// Callee is the function the instruction calls when the property comes
	// from inside it; nil when the instruction has it itself or calls a
	// function literal.
	Callee *types.Func
	// Via names the function the instruction calls when the property comes
	// from inside it ("pkg.helper", "func literal in pkg.F"); empty for a
	// leaf.
	Via string
	// How says, for a call through an interface or a function value, why
	// the call may run Callee ("through the interface Store"); empty for a
	// static call.
	How string
	// Local lists, for a callee in this package, the further calls inside
	// this package on the way to the operation.
	Local []LocalStep
	// Remote lists the steps known from an imported fact.
	Remote []Step
}

// Name names what the op's instruction calls or does: the callee through
// which it has the property, or the operation itself.
func (op *Op[K]) Name() string {
	if op.Via != "" {
		return op.Via
	}
	return op.What
}

// Callee is a function of this package that an instruction may run, with
// how, for a call through an interface or a function value (Op.How).
type Callee struct {
	Fn  *ssa.Function
	How string
}

// Classifier decides for one instruction whether it has the property by
// itself or through a function of another package (op), or calls functions
// of this package that may have it (callees).
type Classifier[K comparable] func(ssa.Instruction) (op *Op[K], callees []Callee)

// Result holds, for each function of the package, its instructions that have
// the property, in source order, and the first of them.
type Result[K comparable] struct {
	Ops   map[*ssa.Function][]Op[K]
	First map[*ssa.Function]*Op[K]
}

// Solve classifies every instruction of funcs, then spreads the property
// backwards along the package's own call edges, breadth first, so that each
// function is explained by a shortest chain. A function for which stop
// returns true never gets the property from its body (the catalog says
// otherwise).
//
// When rank is not nil, each function is explained by the op of the highest
// rank it reaches (a network wait before a file open), shortest chain
// first within a rank: a function's callers learn one op of it, and it must
// be the one that matters most to them.
func Solve[K comparable](funcs []*ssa.Function, classify Classifier[K], stop func(*ssa.Function) bool, rank func(K) int) *Result[K] {
	type edge struct {
		caller *ssa.Function
		instr  ssa.Instruction
		how    string
	}
	if rank == nil {
		rank = func(K) int { return 0 }
	}
	res := &Result[K]{Ops: make(map[*ssa.Function][]Op[K]), First: make(map[*ssa.Function]*Op[K])}
	callers := make(map[*ssa.Function][]edge)
	has := make(map[ssa.Instruction]bool) // instructions with an op
	seeds := make(map[int][]*ssa.Function)
	best := make(map[*ssa.Function]int) // index of the best own op
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				op, callees := classify(instr)
				if op != nil {
					res.Ops[fn] = append(res.Ops[fn], *op)
					has[instr] = true
					continue
				}
				for _, c := range callees {
					callee := c.Fn
					if o := callee.Origin(); o != nil {
						callee = o
					}
					callers[callee] = append(callers[callee], edge{fn, instr, c.How})
				}
			}
		}
		if ops := res.Ops[fn]; len(ops) > 0 && !stop(fn) {
			bi := 0
			for i := range ops {
				if rank(ops[i].Kind) > rank(ops[bi].Kind) {
					bi = i
				}
			}
			best[fn] = bi
			r := rank(ops[bi].Kind)
			seeds[r] = append(seeds[r], fn)
		}
	}
	ranks := make([]int, 0, len(seeds))
	for r := range seeds {
		ranks = append(ranks, r)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ranks)))
	for _, r := range ranks {
		var queue []*ssa.Function
		for _, fn := range seeds[r] {
			if _, done := res.First[fn]; !done {
				res.First[fn] = &res.Ops[fn][best[fn]]
				queue = append(queue, fn)
			}
		}
		for len(queue) > 0 {
			callee := queue[0]
			queue = queue[1:]
			cop := *res.First[callee]
			for _, e := range callers[callee] {
				if has[e.instr] {
					continue // reached through another target of the same call
				}
				has[e.instr] = true
				res.Ops[e.caller] = append(res.Ops[e.caller], Op[K]{
					Instr:  e.instr,
					Pos:    ssax.Pos(e.instr),
					Kind:   cop.Kind,
					Why:    cop.Why,
					What:   cop.What,
					Callee: ssax.FuncObject(callee),
					Via:    ssax.FuncName(callee, nil),
					How:    e.how,
					Local:  append([]LocalStep{{Pos: cop.Pos, Callee: cop.Name(), How: cop.How}}, cop.Local...),
					Remote: cop.Remote,
				})
				if _, done := res.First[e.caller]; !done && !stop(e.caller) {
					res.First[e.caller] = &res.Ops[e.caller][len(res.Ops[e.caller])-1]
					queue = append(queue, e.caller)
				}
			}
		}
	}
	// Ops were appended leaves first; put each function's in source order
	// and point First into the sorted slice.
	for fn, ops := range res.Ops {
		firstInstr := ssa.Instruction(nil)
		if f := res.First[fn]; f != nil {
			firstInstr = f.Instr
		}
		for i := 1; i < len(ops); i++ {
			for j := i; j > 0 && ops[j].Pos < ops[j-1].Pos; j-- {
				ops[j], ops[j-1] = ops[j-1], ops[j]
			}
		}
		for i := range ops {
			if ops[i].Instr == firstInstr {
				res.First[fn] = &ops[i]
			}
		}
	}
	return res
}

// Named is the op's callee with how the call reaches it, for a message:
// "(*pkg.diskStore).Get (through the interface Store)".
func (op *Op[K]) Named() string {
	if op.How == "" {
		return op.Name()
	}
	return op.Name() + " (" + op.How + ")"
}

// Dispatch classifies a call through an interface or a function value by
// the functions the reach pass says it may run: the op of the first one of
// another package that has the property (remote says), else the ones of
// this package, as callees.
func Dispatch[K comparable](rr *reach.Result, instr ssa.CallInstruction, local map[*ssa.Function]bool, remote func(ssa.CallInstruction, reach.Target) *Op[K]) (*Op[K], []Callee) {
	var callees []Callee
	for _, t := range rr.Callees(instr.Common()) {
		if t.Fn != nil && local[t.Fn] {
			callees = append(callees, Callee{Fn: t.Fn, How: t.How})
			continue
		}
		if op := remote(instr, t); op != nil {
			return op, nil
		}
	}
	return nil, callees
}

// ArgCallees returns the functions of this package that a call runs through
// its callee, which calls its function-typed arguments (retry(3, f)).
func ArgCallees(rr *reach.Result, instr ssa.CallInstruction, local map[*ssa.Function]bool, from *types.Package) []Callee {
	callee := instr.Common().StaticCallee()
	if callee == nil {
		return nil
	}
	var out []Callee
	for _, v := range rr.Runs(instr) {
		for _, f := range ssax.FuncValues(v) {
			if o := f.Origin(); o != nil {
				f = o
			}
			if local[f] {
				out = append(out, Callee{Fn: f, How: "called by " + ssax.FuncName(callee, from)})
			}
		}
	}
	return out
}

// Keyed is one method's fact in a package fact of the methods of
// unexported types (blocking's and cpucost's HiddenFact), keyed by
// FullName.
type Keyed[F any] struct {
	Key  string
	Fact F
}

// KeyedFacts is a list of Keyed, in key order once sorted.
type KeyedFacts[F any] []Keyed[F]

// Sort puts the list in key order, for Find and for a deterministic
// encoding.
func (k KeyedFacts[F]) Sort() { sort.Slice(k, func(i, j int) bool { return k[i].Key < k[j].Key }) }

// Find returns the fact of key in a sorted list.
func (k KeyedFacts[F]) Find(key string) (F, bool) {
	i := sort.Search(len(k), func(i int) bool { return k[i].Key >= key })
	if i == len(k) || k[i].Key != key {
		var zero F
		return zero, false
	}
	return k[i].Fact, true
}

// String renders the list for a fact's String.
func (k KeyedFacts[F]) String() string {
	parts := make([]string, len(k))
	for i := range k {
		parts[i] = fmt.Sprintf("%s: %v", k[i].Key, any(&k[i].Fact))
	}
	return "hidden(" + strings.Join(parts, "; ") + ")"
}

// Related renders the way from op to the operation as related positions:
// the function chosen when the call goes through an interface or a function
// value, each further call in this package, and the steps known from a fact,
// as one entry at the declaration of the first function of another package.
func Related[K comparable](op *Op[K]) []analysis.RelatedInformation {
	var rel []analysis.RelatedInformation
	if op.How != "" && op.Callee != nil && op.Callee.Pos().IsValid() {
		rel = append(rel, analysis.RelatedInformation{Pos: op.Callee.Pos(), Message: fmt.Sprintf("the call runs %s, %s", op.Via, op.How)})
	}
	for _, l := range op.Local {
		msg := "calls " + l.Callee
		if l.How != "" {
			msg += " (" + l.How + ")"
		}
		rel = append(rel, analysis.RelatedInformation{Pos: l.Pos, Message: msg})
	}
	if len(op.Remote) > 0 && op.Callee != nil && len(op.Local) == 0 {
		rel = append(rel, RemoteRelated(op.Callee.Pos(), op.Remote)...)
	}
	return rel
}

// RemoteRelated renders a chain known from a fact as one related position
// at pos, the declaration of the first function of another package; nothing
// when pos is not known.
func RemoteRelated(pos token.Pos, chain []Step) []analysis.RelatedInformation {
	if len(chain) == 0 || !pos.IsValid() {
		return nil
	}
	parts := make([]string, len(chain))
	for i, s := range chain {
		parts[i] = fmt.Sprintf("%s at %s", s.Callee, s.At)
	}
	return []analysis.RelatedInformation{{Pos: pos, Message: "which calls " + strings.Join(parts, ", then ")}}
}

// FactChain renders the chain of an op for a fact: the op's own call, the
// local steps, then the remote ones, at most max steps (the last one kept).
func FactChain[K comparable](fset *token.FileSet, op *Op[K], max int) []Step {
	at := func(p token.Pos) string { return ssax.ShortPos(fset.Position(p)) }
	chain := []Step{{Callee: op.Name(), At: at(op.Pos)}}
	for _, l := range op.Local {
		chain = append(chain, Step{Callee: l.Callee, At: at(l.Pos)})
	}
	chain = append(chain, op.Remote...)
	if len(chain) > max {
		chain = append(chain[:max-1], chain[len(chain)-1])
	}
	return chain
}

// Last is the callee of the chain's last step: the operation itself.
func Last(chain []Step) string {
	if len(chain) == 0 {
		return ""
	}
	return chain[len(chain)-1].Callee
}
