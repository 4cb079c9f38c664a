// Package cpucost finds the functions that run CPU-heavy work, and says why,
// with the chain of calls that leads there.
//
// It reports nothing. Its result answers, for the functions of the package
// under analysis, which instructions run heavy work; its facts carry the
// answer to importing packages. Heavy work is, at the leaves:
//
//   - a call the catalog lists as heavy on every call: password hashing
//     (bcrypt, scrypt, argon2, pbkdf2), RSA key generation and private-key
//     operations, big.Int exponentiation, certificate verification; and
//     image decoding, encoding and scaling, which are linear in the pixels
//     of images that are large as a rule;
//   - a loop with a large constant trip count (at least LargeTrip) that does
//     not block in its body;
//   - a loop whose trip count is a number parsed from text (strconv.Atoi
//     and friends): the caller decides the cost;
//   - a call whose cost is linear in its input (hashing, encoding,
//     compression) or a pattern compilation (regexp.Compile), made inside a
//     loop that is itself large or input-driven as above, or nested two
//     deep in loops over data.
//
// Not heavy: single loops over slices and maps (the usual O(n) of handling a
// request), loops with small constant bounds (retries), loops that block in
// every iteration (rows.Next, a read per message). Calls of function values
// and interface methods reach the functions the reach pass finds for them,
// and a helper that calls its function-typed argument reaches the argument.
package cpucost

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/blocking"
	"github.com/corefit/corefit/passes/catalog"
	"github.com/corefit/corefit/passes/chains"
	"github.com/corefit/corefit/passes/reach"
	"github.com/corefit/corefit/passes/ssax"
)

var Analyzer = &analysis.Analyzer{
	Name:       "cpucost",
	Doc:        "find functions that run CPU-heavy work (reports nothing; used by iostall)",
	URL:        "https://github.com/corefit/corefit/tree/main/passes/cpucost",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, blocking.Analyzer, reach.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{(*Fact)(nil), (*HiddenFact)(nil), (*CostFact)(nil)},
}

// LargeTrip is the smallest constant trip count that makes a loop heavy on
// its own: at a few nanoseconds an iteration, a million iterations hold a
// core for milliseconds.
const LargeTrip = 1_000_000

// Reason is why a piece of code is CPU-heavy.
type Reason uint8

const (
	// HeavyCall is a call the catalog lists as heavy on every call.
	HeavyCall Reason = iota + 1
	// LargeLoop is a loop with a large constant trip count.
	LargeLoop
	// InputLoop is a loop whose trip count is a number parsed from text.
	InputLoop
	// CostInLoop is a linear-cost call or a compilation inside a loop that
	// is large, input-driven, or nested in another loop over data.
	CostInLoop
)

func (r Reason) String() string {
	switch r {
	case HeavyCall:
		return "heavy call"
	case LargeLoop:
		return "large loop"
	case InputLoop:
		return "input-sized loop"
	case CostInLoop:
		return "costly call in a loop"
	}
	return "unknown"
}

// Op is one instruction that runs heavy work.
type Op = chains.Op[Reason]

// Fact says that a function runs CPU-heavy work. Chain lists the calls from
// its body down to the heavy operation, the operation last.
type Fact struct {
	Reason Reason
	Why    string
	Chain  []chains.Step
}

func (*Fact) AFact() {}

func (f *Fact) String() string {
	names := make([]string, len(f.Chain))
	for i, s := range f.Chain {
		names[i] = s.Callee
	}
	return fmt.Sprintf("heavy(%s): %s", f.Why, strings.Join(names, " -> "))
}

// Result answers which instructions of the package's functions run heavy
// work.
type Result struct {
	ops   map[*ssa.Function][]Op
	first map[*ssa.Function]*Op
	poly  *poly
}

// Ops returns the instructions of fn (not of the closures inside it) that
// run heavy work, in source order.
func (r *Result) Ops(fn *ssa.Function) []Op {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return r.ops[fn]
}

// Heavy reports whether fn, a function of this package, runs heavy work, and
// the first operation that makes it so.
func (r *Result) Heavy(fn *ssa.Function) (*Op, bool) {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	op, ok := r.first[fn]
	return op, ok
}

type state struct {
	pass  *analysis.Pass
	reach *reach.Result
	blk   *blocking.Result
	local map[*ssa.Function]bool
	loops map[*ssa.Function][]*ssax.Loop
	// loopCost caches the classification of each loop.
	loopCost map[*ssax.Loop]loopClass
}

type loopClass uint8

const (
	loopSmall  loopClass = iota
	loopData             // over the elements of data: len(s), a map
	loopLarge            // a large constant trip count
	loopInput            // a number parsed from text
	loopBlocks           // waits in its body: not CPU work
)

func run(pass *analysis.Pass) (_ any, err error) {
	defer ssax.Recover(pass, &err)
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	s := &state{
		pass:     pass,
		blk:      pass.ResultOf[blocking.Analyzer].(*blocking.Result),
		reach:    pass.ResultOf[reach.Analyzer].(*reach.Result),
		local:    make(map[*ssa.Function]bool),
		loops:    make(map[*ssa.Function][]*ssax.Loop),
		loopCost: make(map[*ssax.Loop]loopClass),
	}
	for _, fn := range ssainfo.SrcFuncs {
		s.local[fn] = true
	}
	r := chains.Solve(ssainfo.SrcFuncs, s.classify, func(*ssa.Function) bool { return false }, nil)
	res := &Result{ops: r.Ops, first: r.First}
	res.poly = &poly{s: s, memo: make(map[*ssa.Function][]Term), busy: make(map[*ssa.Function]bool)}
	for _, fn := range ssainfo.SrcFuncs {
		obj := ssax.FuncObject(fn)
		if fn.Parent() != nil || !ssax.Exportable(pass, obj) || reach.IsStd(pass.Pkg.Path()) {
			// The standard library's costs are the catalog's: its
			// nested loops run over small alphabets and tables.
			continue
		}
		if ts := res.poly.exportable(fn); len(ts) > 0 {
			pass.ExportObjectFact(obj, &CostFact{Terms: ts})
		}
	}
	var hidden HiddenFact
	for _, fn := range ssainfo.SrcFuncs {
		op, ok := r.First[fn]
		obj := ssax.FuncObject(fn)
		if !ok || !ssax.Exportable(pass, obj) || fn.Parent() != nil {
			continue
		}
		f := &Fact{Reason: op.Kind, Why: op.Why, Chain: chains.FactChain(pass.Fset, op, 8)}
		pass.ExportObjectFact(obj, f)
		if ssax.HiddenMethod(obj) && !reach.IsStd(obj.Pkg().Path()) {
			hidden.Methods = append(hidden.Methods, chains.Keyed[Fact]{Key: catalog.FullName(obj), Fact: *f})
		}
	}
	if len(hidden.Methods) > 0 {
		hidden.Methods.Sort()
		pass.ExportPackageFact(&hidden)
	}
	return res, nil
}

func (s *state) fnLoops(fn *ssa.Function) []*ssax.Loop {
	ls, ok := s.loops[fn]
	if !ok {
		ls = ssax.Loops(fn)
		s.loops[fn] = ls
	}
	return ls
}

// classify decides whether instr runs heavy work by itself (a heavy call, the
// header of a heavy loop) or through a function of another package (op), or
// calls a function of this package that may (callee).
func (s *state) classify(instr ssa.Instruction) (*Op, []chains.Callee) {
	if _, ok := instr.(*ssa.Go); ok {
		return nil, nil // runs elsewhere: offloaded
	}
	fn := instr.Parent()
	// A heavy loop is reported once, at the test in its header.
	if ifi, ok := instr.(*ssa.If); ok {
		for _, l := range s.fnLoops(fn) {
			if l.Header != ifi.Block() && !isLatchTest(l, ifi) {
				continue
			}
			switch s.classOf(l) {
			case loopLarge:
				if !singleExit(l) {
					continue // a limit with a break: no trip count to speak of
				}
				return s.leaf(instr, LargeLoop, "loop of a million or more iterations", "loop"), nil
			case loopInput:
				return s.leaf(instr, InputLoop, "loop counted by a number parsed from input", "loop"), nil
			}
		}
		return nil, nil
	}
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return nil, nil
	}
	obj := ssax.Callee(call.Common())
	if obj != nil && !isGlobalGC(obj) {
		if e, ok := catalog.LookupCPU(obj); ok {
			name := ssax.ObjName(obj, nil)
			if e.Cost == catalog.CostFixedHeavy && !isCheapConstructor(obj) || isImage(obj) {
				return s.leaf(instr, HeavyCall, e.Why, name), nil
			}
			if s.inCostlyLoop(instr) {
				return s.leaf(instr, CostInLoop, e.Why+" in a loop", name), nil
			}
			return nil, nil
		}
	}
	callee := call.Common().StaticCallee()
	if callee == nil {
		return chains.Dispatch(s.reach, call, s.local, s.remoteTarget)
	}
	if o := callee.Origin(); o != nil {
		callee = o
	}
	runs := chains.ArgCallees(s.reach, call, s.local, s.pass.Pkg)
	if s.local[callee] {
		return nil, append(runs, chains.Callee{Fn: callee})
	}
	if op := s.remote(call, obj, ""); op != nil {
		return op, nil
	}
	return nil, runs
}

// remote is the op of a call of obj, a function of another package, when
// the catalog (for a call reached through dispatch) or its fact says that
// it is heavy; how says how the call reaches obj.
func (s *state) remote(instr ssa.CallInstruction, obj *types.Func, how string) *Op {
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == s.pass.Pkg {
		return nil
	}
	if how != "" && !isGlobalGC(obj) {
		if e, ok := catalog.LookupCPU(obj); ok {
			if e.Cost == catalog.CostFixedHeavy && !isCheapConstructor(obj) || isImage(obj) {
				op := s.leaf(instr, HeavyCall, e.Why, ssax.ObjName(obj, nil))
				op.Callee, op.Via, op.How = obj, ssax.ObjName(obj, nil), how
				return op
			}
			return nil
		}
	}
	var f Fact
	if !s.pass.ImportObjectFact(obj, &f) {
		return nil
	}
	return &Op{
		Instr:  instr,
		Pos:    ssax.Pos(instr),
		Kind:   f.Reason,
		Why:    f.Why,
		What:   chains.Last(f.Chain),
		Callee: obj,
		Via:    ssax.ObjName(obj, nil),
		How:    how,
		Remote: f.Chain,
	}
}

// HiddenFact carries the Facts of the methods of the package's unexported
// types, keyed by FullName, for the packages above that reach them through
// an interface without seeing the type (reach.ImplsFact).
type HiddenFact struct {
	Methods chains.KeyedFacts[Fact] // in key order
}

func (*HiddenFact) AFact() {}

func (f *HiddenFact) String() string { return f.Methods.String() }

// remoteTarget is the op of a call that reaches t, a function of another
// package, when it is heavy: by its object, or, for a method of a type this
// package cannot see, by its package's HiddenFact.
func (s *state) remoteTarget(instr ssa.CallInstruction, t reach.Target) *Op {
	if t.Obj != nil {
		return s.remote(instr, t.Obj, t.How)
	}
	p := s.reach.Package(t.KeyPkg)
	if t.Key == "" || p == nil || p == s.pass.Pkg {
		return nil
	}
	var hf HiddenFact
	if !s.pass.ImportPackageFact(p, &hf) {
		return nil
	}
	f, ok := hf.Methods.Find(t.Key)
	if !ok {
		return nil
	}
	return &Op{Instr: instr, Pos: ssax.Pos(instr), Kind: f.Reason, Why: f.Why, What: chains.Last(f.Chain), Via: t.Name, How: t.How, Remote: f.Chain}
}

func (s *state) leaf(instr ssa.Instruction, r Reason, why, what string) *Op {
	pos := ssax.Pos(instr)
	if _, isIf := instr.(*ssa.If); isIf {
		// Point at the loop statement: the comparison's position.
		if c, ok := instr.(*ssa.If).Cond.(*ssa.BinOp); ok && c.Pos().IsValid() {
			pos = c.Pos()
		}
	}
	return &Op{Instr: instr, Pos: pos, Kind: r, Why: why, What: what}
}

// singleExit reports whether the loop leaves only through its counted test:
// no break, return or panic inside it.
func singleExit(l *ssax.Loop) bool {
	exits := 0
	for b := range l.Body {
		for _, succ := range b.Succs {
			if !l.Body[succ] {
				exits++
			}
		}
		if len(b.Succs) == 0 {
			exits++ // return or panic
		}
	}
	return exits == 1
}

func isLatchTest(l *ssax.Loop, ifi *ssa.If) bool {
	b := ifi.Block()
	if !l.Body[b] {
		return false
	}
	for _, succ := range b.Succs {
		if succ == l.Header {
			return true
		}
	}
	return false
}

// isGlobalGC reports whether obj forces a garbage collection. Its cost is
// paid by the whole process in stop-the-world phases and background marking,
// not as CPU work of the calling goroutine, and libraries call it on cold
// paths (tests, memory-pressure hooks) that would make every caller heavy.
func isGlobalGC(obj *types.Func) bool {
	if obj.Pkg() == nil {
		return false
	}
	switch obj.Pkg().Path() + "." + obj.Name() {
	case "runtime.GC", "runtime/debug.FreeOSMemory":
		return true
	}
	return false
}

// isCheapConstructor: compression writers are listed as fixed heavy for
// their allocation, but a gzip writer per response is what every
// compression middleware does; they count only in loops.
func isCheapConstructor(obj *types.Func) bool {
	if obj.Pkg() == nil {
		return false
	}
	switch obj.Pkg().Path() {
	case "compress/gzip", "compress/flate", "compress/zlib":
		return true
	}
	return false
}

func isImage(obj *types.Func) bool {
	if obj.Pkg() == nil {
		return false
	}
	p := obj.Pkg().Path()
	return p == "image" || strings.HasPrefix(p, "image/") || strings.HasPrefix(p, "golang.org/x/image/") || p == "github.com/disintegration/imaging"
}

// classOf classifies a loop by its trip count and body.
func (s *state) classOf(l *ssax.Loop) loopClass {
	if c, ok := s.loopCost[l]; ok {
		return c
	}
	c := s.classOf1(l)
	s.loopCost[l] = c
	return c
}

func (s *state) classOf1(l *ssax.Loop) loopClass {
	fn := l.Header.Parent()
	for b := range l.Body {
		for _, op := range s.blk.Ops(fn) {
			if op.Instr.Block() == b {
				return loopBlocks
			}
		}
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case ssa.CallInstruction:
				// A loop that reads its input as it goes (a protocol
				// parser reading n elements) costs what the input
				// costs, like a loop over a slice.
				if obj := ssax.Callee(instr.Common()); obj != nil && ssax.Recv(instr.Common()) != nil && catalog.IsReadMethod(obj.Name()) {
					return loopData
				}
			case *ssa.UnOp:
				if instr.Op == token.ARROW {
					return loopBlocks // waits for events: not CPU work
				}
			case *ssa.Select:
				if instr.Blocking {
					return loopBlocks
				}
			}
		}
	}
	if l.Bound == nil {
		if rangesOverMap(l) {
			return loopData
		}
		return loopSmall
	}
	return tripClass(l.Bound, 0)
}

func rangesOverMap(l *ssax.Loop) bool {
	for _, instr := range l.Header.Instrs {
		if _, ok := instr.(*ssa.Next); ok {
			return true
		}
	}
	return false
}

// tripClass classifies a trip count.
func tripClass(v ssa.Value, depth int) loopClass {
	if depth > 8 {
		return loopSmall
	}
	switch x := ssax.Canon(v).(type) {
	case *ssa.Const:
		if x.Value != nil && x.Value.Kind() == constant.Int {
			if n, ok := constant.Int64Val(x.Value); ok && n >= LargeTrip {
				return loopLarge
			}
		}
		return loopSmall
	case *ssa.Call:
		if b, ok := x.Call.Value.(*ssa.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
			return loopData
		}
		if obj := ssax.Callee(&x.Call); obj != nil && isParse(obj) {
			return loopInput
		}
	case *ssa.Extract:
		if call, ok := x.Tuple.(*ssa.Call); ok {
			if obj := ssax.Callee(&call.Call); obj != nil && isParse(obj) {
				return loopInput
			}
		}
	case *ssa.BinOp:
		// Data and parsed numbers carry through arithmetic; a large
		// constant only counts as the bound itself (a mask like
		// state&0x7fffffff bounds a count, it does not make it large).
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.SHL, token.SHR:
			a, b := tripClass(x.X, depth+1), tripClass(x.Y, depth+1)
			if a == loopLarge {
				a = loopSmall
			}
			if b == loopLarge {
				b = loopSmall
			}
			return max(a, b)
		}
		return loopSmall
	case *ssa.Convert:
		return tripClass(x.X, depth+1)
	case *ssa.Phi:
		out := loopSmall
		for _, e := range x.Edges {
			out = max(out, tripClass(e, depth+1))
		}
		return out
	}
	return loopSmall
}

func isParse(obj *types.Func) bool {
	if obj.Pkg() == nil || obj.Pkg().Path() != "strconv" {
		return false
	}
	switch obj.Name() {
	case "Atoi", "ParseInt", "ParseUint", "ParseFloat":
		return true
	}
	return false
}

// inCostlyLoop reports whether instr is in a loop that makes a linear-cost
// call heavy: a large or input-driven loop, or a loop over data nested in
// another loop over data.
func (s *state) inCostlyLoop(instr ssa.Instruction) bool {
	b := instr.Block()
	if b == nil {
		return false
	}
	l := ssax.Innermost(s.fnLoops(b.Parent()), b)
	if l == nil {
		return false
	}
	data := 0
	for ; l != nil; l = l.Parent {
		switch s.classOf(l) {
		case loopLarge, loopInput:
			return true
		case loopData:
			data++
		case loopBlocks:
			return false
		}
	}
	return data >= 2
}
