// Package blocking finds the functions that may block on I/O, a child process
// or a timer, and says why, with the chain of calls that leads there.
//
// It reports nothing. Its result answers, for any function of the package
// under analysis, which of its instructions may block and through which calls;
// its facts carry the same answer to the packages that import it, so that a
// worker that calls a helper two packages away that opens a file is found.
//
// What blocks, at the leaves:
//   - a call of a function or method that the catalog lists with a blocking
//     kind (os.ReadFile, (*net/http.Client).Do, (*os/exec.Cmd).Run, ...);
//   - a read or write through an io.Reader, io.Writer or a wrapper of one
//     (bufio, encoding/json, compress, ...) when the value can be followed
//     back to a file from os.Open, a network connection, an HTTP response
//     body or a child process's pipe; when it cannot, nothing is said;
//   - a receive from time.After, time.Tick or a Timer's or Ticker's channel,
//     and a select whose only cases are such receives and ctx.Done().
//
// Waits on mutexes, channels, WaitGroups and contexts are not blocking in this
// sense: they wait for the program itself, not for the world outside it. Nor
// is a short sleep taken once every 256 or more iterations of a loop (see
// periodicPause): the loop computes nearly all the time.
// Calls of function values and of interface methods outside the catalog
// reach the functions the reach pass finds for them (a concrete value in
// sight, the implementations the package can see, the functions stored in a
// field), and a call of a helper that calls its function-typed argument
// reaches the argument: the call blocks when one of them may.
package blocking

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"math/bits"
	"reflect"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/catalog"
	"github.com/corefit/corefit/passes/chains"
	"github.com/corefit/corefit/passes/reach"
	"github.com/corefit/corefit/passes/ssax"
)

var Analyzer = &analysis.Analyzer{
	Name:       "blocking",
	Doc:        "find functions that may block on I/O, child processes or timers (reports nothing; used by poolblock)",
	URL:        "https://github.com/corefit/corefit/tree/main/passes/blocking",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, reach.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{(*Fact)(nil), (*HiddenFact)(nil)},
}

// Step is one call on the way to a blocking operation, as facts carry it.
type Step = chains.Step

// LocalStep is a call inside the package under analysis.
type LocalStep = chains.LocalStep

// Op is one instruction that may block, with the reason.
type Op = chains.Op[catalog.Kind]

// Fact says that a function may block. Chain lists the calls from the
// function's body down to the blocking operation, the operation last.
type Fact struct {
	Kind  catalog.Kind
	Why   string
	Chain []Step
}

func (*Fact) AFact() {}

// Op is the name of the operation that finally blocks.
func (f *Fact) Op() string { return chains.Last(f.Chain) }

func (f *Fact) String() string {
	names := make([]string, len(f.Chain))
	for i, s := range f.Chain {
		names[i] = s.Callee
	}
	return fmt.Sprintf("blocks(%s): %s", f.Kind, strings.Join(names, " -> "))
}

// Result answers which instructions of the package's functions may block.
type Result struct {
	pkg   *types.Package
	fset  *token.FileSet
	ops   map[*ssa.Function][]Op
	first map[*ssa.Function]*Op // the op that makes a function block
}

// Ops returns the instructions of fn (not of the closures inside it) that may
// block, in instruction order.
func (r *Result) Ops(fn *ssa.Function) []Op {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return r.ops[fn]
}

// Blocks reports whether fn, a function of this package, may block, and the
// first operation that makes it so.
func (r *Result) Blocks(fn *ssa.Function) (*Op, bool) {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	op, ok := r.first[fn]
	return op, ok
}

type state struct {
	pass   *analysis.Pass
	reach  *reach.Result
	res    *Result
	funcs  []*ssa.Function
	local  map[*ssa.Function]bool
	origin map[ssa.Value]originResult
}

type originResult struct {
	e  catalog.Entry
	ok bool
}

func run(pass *analysis.Pass) (_ any, err error) {
	defer ssax.Recover(pass, &err)
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	s := &state{
		pass: pass,
		res: &Result{
			pkg:   pass.Pkg,
			fset:  pass.Fset,
			ops:   make(map[*ssa.Function][]Op),
			first: make(map[*ssa.Function]*Op),
		},
		reach:  pass.ResultOf[reach.Analyzer].(*reach.Result),
		local:  make(map[*ssa.Function]bool),
		origin: make(map[ssa.Value]originResult),
	}
	s.funcs = ssainfo.SrcFuncs
	if init := ssainfo.Pkg.Func("init"); init != nil {
		s.funcs = append(s.funcs, init)
	}
	for _, fn := range s.funcs {
		s.local[fn] = true
	}
	s.solve()
	s.exportFacts()
	return s.res, nil
}

// solve finds the blocking instructions of every function, and spreads
// "blocks" backwards along the package's own calls.
func (s *state) solve() {
	r := chains.Solve(s.funcs, s.classify, s.notBlocking, rank)
	s.res.ops, s.res.first = r.Ops, r.First
}

// rank orders the kinds for the op that explains a function to its callers:
// the kinds poolblock reports by default first (the network, a peer, fsync,
// a timer), then child processes and local file I/O, which are opt-in.
func rank(k catalog.Kind) int {
	switch k {
	case catalog.Network, catalog.WaitForData:
		return 6
	case catalog.Fsync:
		return 5
	case catalog.Sleep:
		return 4
	case catalog.Process:
		return 3
	case catalog.Disk:
		return 2
	case catalog.DiskMeta:
		return 1
	}
	return 0
}

// notBlocking reports whether the catalog says fn does not block, whatever
// its body does.
func (s *state) notBlocking(fn *ssa.Function) bool {
	if obj := ssax.FuncObject(fn); obj != nil {
		if e, ok := catalog.Lookup(obj); ok && e.Kind == catalog.NotBlocking {
			return true
		}
	}
	return false
}

// classify decides whether instr blocks by itself or through an imported
// function (op), or calls a function of this package that may (callee).
func (s *state) classify(instr ssa.Instruction) (op *Op, callees []chains.Callee) {
	switch instr := instr.(type) {
	case *ssa.Go:
		return nil, nil // the caller does not wait for a goroutine
	case ssa.CallInstruction:
		return s.classifyCall(instr)
	case *ssa.UnOp:
		if instr.Op == token.ARROW {
			if what, ok := timerChan(instr.X); ok {
				return s.leaf(instr, catalog.Sleep, "timer wait", "receive from "+what), nil
			}
		}
	case *ssa.Select:
		if !instr.Blocking {
			return nil, nil
		}
		timer := ""
		for _, st := range instr.States {
			if st.Dir != types.RecvOnly {
				return nil, nil
			}
			if what, ok := timerChan(st.Chan); ok {
				timer = what
				continue
			}
			if !isCtxDone(st.Chan) {
				return nil, nil
			}
		}
		if timer != "" {
			return s.leaf(instr, catalog.Sleep, "timer wait", "select on "+timer), nil
		}
	}
	return nil, nil
}

func (s *state) leaf(instr ssa.Instruction, kind catalog.Kind, why, what string) *Op {
	return &Op{Instr: instr, Pos: ssax.Pos(instr), Kind: kind, Why: why, What: what}
}

func (s *state) classifyCall(instr ssa.CallInstruction) (*Op, []chains.Callee) {
	call := instr.Common()
	obj := ssax.Callee(call)
	if obj != nil {
		if e, ok := catalog.Lookup(obj); ok {
			if e.Kind == catalog.NotBlocking || s.periodicPause(instr, obj) {
				return nil, nil
			}
			return s.leaf(instr, e.Kind, e.Why, ssax.ObjName(obj, nil)), nil
		}
	}
	// Reads and writes whose blocking depends on the handle.
	if obj != nil {
		for _, i := range catalog.HandleConsumer(obj) {
			args := ssax.Args(call)
			if i < len(args) {
				if e, ok := s.originOf(args[i]); ok {
					return s.leaf(instr, e.Kind, e.Why, ssax.ObjName(obj, nil)), nil
				}
			}
		}
		if recv := ssax.Recv(call); recv != nil && catalog.IOMethod(obj.Name()) {
			if e, ok := s.originOf(recv); ok {
				kind := e.Kind
				if kind == catalog.Network && catalog.IsReadMethod(obj.Name()) {
					kind = catalog.WaitForData // a read waits for the peer
				}
				return s.leaf(instr, kind, e.Why, ssax.ObjName(obj, nil)), nil
			}
		}
	}
	fn := call.StaticCallee()
	if fn == nil {
		return chains.Dispatch(s.reach, instr, s.local, s.remoteTarget)
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	// A helper that calls its function-typed arguments runs them here.
	runs := chains.ArgCallees(s.reach, instr, s.local, s.pass.Pkg)
	if s.local[fn] {
		return nil, append(runs, chains.Callee{Fn: fn})
	}
	if op := s.remote(instr, obj, ""); op != nil {
		return op, nil
	}
	return nil, runs
}

// remote is the op of a call of obj, a function of another package, when
// the catalog or its fact says that it blocks; how says how the call
// reaches obj.
func (s *state) remote(instr ssa.CallInstruction, obj *types.Func, how string) *Op {
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == s.pass.Pkg {
		return nil
	}
	if how != "" {
		// Reached through dispatch: the catalog knows the leaves.
		if e, ok := catalog.Lookup(obj); ok {
			if !e.Kind.Blocks() {
				return nil
			}
			op := s.leaf(instr, e.Kind, e.Why, ssax.ObjName(obj, nil))
			op.Callee, op.Via, op.How = obj, ssax.ObjName(obj, nil), how
			return op
		}
	}
	var fact Fact
	if !s.pass.ImportObjectFact(obj, &fact) {
		return nil
	}
	return &Op{
		Instr:  instr,
		Pos:    ssax.Pos(instr),
		Kind:   fact.Kind,
		Why:    fact.Why,
		What:   fact.Op(),
		Callee: obj,
		Via:    ssax.ObjName(obj, nil),
		How:    how,
		Remote: fact.Chain,
	}
}

// originOf follows an I/O handle back to where it was made and reports the
// kind of I/O it does, if that is known.
func (s *state) originOf(v ssa.Value) (catalog.Entry, bool) {
	if r, ok := s.origin[v]; ok {
		return r.e, r.ok
	}
	s.origin[v] = originResult{} // cycle guard
	e, ok := s.origin1(v, 0)
	s.origin[v] = originResult{e, ok}
	return e, ok
}

func (s *state) origin1(v ssa.Value, depth int) (catalog.Entry, bool) {
	if depth > 12 {
		return catalog.Entry{}, false
	}
	v = ssax.Canon(v)
	if e, ok := catalog.HandleType(v.Type()); ok {
		return e, true
	}
	switch x := v.(type) {
	case *ssa.Extract:
		return s.origin1(x.Tuple, depth+1)
	case *ssa.Call:
		obj := ssax.Callee(&x.Call)
		if obj == nil {
			return catalog.Entry{}, false
		}
		if e, ok := catalog.HandleSource(obj); ok {
			return e, true
		}
		if i, ok := catalog.HandleWrapper(obj); ok {
			if args := ssax.Args(&x.Call); i < len(args) {
				return s.origin1(args[i], depth+1)
			}
		}
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return catalog.Entry{}, false
		}
		if field, owner := ssax.Field(x.X); field != nil && owner != nil {
			if e, ok := catalog.HandleField(owner, field.Name()); ok {
				return e, true
			}
		}
		// A field or package variable that the package fills with handles
		// of one kind (c.rw = conn in the constructor).
		if vals := s.reach.Stored(x); vals != nil {
			return s.commonOrigin(vals, depth)
		}
		if alloc, ok := x.X.(*ssa.Alloc); ok {
			return s.storedOrigin(alloc, depth)
		}
	case *ssa.Field:
		if field, owner := ssax.Field(x); field != nil && owner != nil {
			return catalog.HandleField(owner, field.Name())
		}
	case *ssa.Phi:
		return s.commonOrigin(x.Edges, depth)
	}
	return catalog.Entry{}, false
}

// commonOrigin is the origin common to every value of vals, nil constants
// aside.
func (s *state) commonOrigin(vals []ssa.Value, depth int) (catalog.Entry, bool) {
	var out catalog.Entry
	found := false
	for _, v := range vals {
		if c, ok := v.(*ssa.Const); ok && c.IsNil() {
			continue
		}
		e, ok := s.origin1(v, depth+1)
		if !ok || (found && e.Kind != out.Kind) {
			return catalog.Entry{}, false
		}
		out, found = e, true
	}
	return out, found
}

// storedOrigin is the origin common to every value stored in a local
// variable.
func (s *state) storedOrigin(alloc *ssa.Alloc, depth int) (catalog.Entry, bool) {
	refs := alloc.Referrers()
	if refs == nil {
		return catalog.Entry{}, false
	}
	var vals []ssa.Value
	for _, r := range *refs {
		if st, ok := r.(*ssa.Store); ok && st.Addr == alloc {
			vals = append(vals, st.Val)
		}
	}
	return s.commonOrigin(vals, depth)
}

// The bounds of a periodic pause, measured in bench/results/pause-2core.md:
// a sleep of at most maxPause taken once every minPeriod or more iterations
// of a loop does not make the loop wait.
const (
	minPeriod = 256
	maxPause  = int64(time.Millisecond)
)

// periodicPause reports whether a call of obj is a short sleep taken once
// every so many iterations of a loop, the lock-fairness or yield pause of a
// CPU-bound loop:
//
//	for i := lo; i < hi; i++ {
//		if i%256 == 0 { // or i&255 == 0
//			time.Sleep(50 * time.Microsecond)
//		}
//		...
//	}
//
// The call is time.Sleep of a constant of at most maxPause; it runs only
// where a test of a counter of a loop around it (a variable the loop steps
// by a constant, or that plus a constant) holds: counter%K == c or
// counter&M == c with K (2 to the number of bits of M) at least minPeriod,
// or the != of such a test, false. A worker that pauses so rarely and so
// briefly keeps its core busy nearly all the time, so the loop is CPU-bound
// and its pool rightly sized to the CPUs: the pause idles the core for the
// timer's resolution, about 1.5 ms measured whatever the constant below it,
// against some 65 ms of work per 256 items of 0.25 ms (about 2%; the bench
// showed no cost at GOMAXPROCS=1). The rule assumes iterations that do real
// work: over items of a few microseconds the same pause cost 2.3×. A longer
// sleep (100 ms every 256 items cost 3×), one taken more often, one whose
// duration or period is not a constant, and one guarded by anything else
// are waits like any other.
func (s *state) periodicPause(instr ssa.CallInstruction, obj *types.Func) bool {
	if obj.Name() != "Sleep" || obj.Pkg() == nil || obj.Pkg().Path() != "time" {
		return false
	}
	args := ssax.Args(instr.Common())
	if len(args) != 1 {
		return false
	}
	d, ok := args[0].(*ssa.Const)
	if !ok || d.Value == nil {
		return false
	}
	if n, ok := constant.Int64Val(d.Value); !ok || n > maxPause {
		return false
	}
	b := instr.Block()
	fn := b.Parent()
	var loops []*ssax.Loop
	for _, blk := range fn.Blocks {
		iff, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := iff.Cond.(*ssa.BinOp)
		if !ok || (cmp.Op != token.EQL && cmp.Op != token.NEQ) {
			continue
		}
		taken := blk.Succs[0]
		if cmp.Op == token.NEQ {
			taken = blk.Succs[1]
		}
		if len(taken.Preds) != 1 || !taken.Dominates(b) {
			continue
		}
		if loops == nil {
			loops = ssax.Loops(fn)
		}
		if periodicTest(cmp, b, loops) {
			return true
		}
	}
	return false
}

// periodicTest reports whether cmp compares counter%K or counter&M, where
// counter is the variable of a loop that holds b, with a constant, and the
// test holds once in minPeriod or more iterations.
func periodicTest(cmp *ssa.BinOp, b *ssa.BasicBlock, loops []*ssax.Loop) bool {
	x, y := cmp.X, cmp.Y
	if _, ok := x.(*ssa.Const); ok {
		x, y = y, x
	}
	if _, ok := y.(*ssa.Const); !ok {
		return false
	}
	op, ok := x.(*ssa.BinOp)
	if !ok || (op.Op != token.REM && op.Op != token.AND) {
		return false
	}
	k, ok := op.Y.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return false
	}
	var period uint64
	switch op.Op {
	case token.REM:
		v, ok := constant.Int64Val(k.Value)
		if !ok {
			return false
		}
		period = uint64(max(v, -v))
	case token.AND:
		m, ok := constant.Uint64Val(k.Value)
		if !ok {
			return false
		}
		if ones := bits.OnesCount64(m); ones < 64 {
			period = 1 << ones
		}
	}
	if period < minPeriod {
		return false
	}
	for _, l := range loops {
		if l.Body[b] && ssax.Induction(op.X, l.Header) != nil {
			return true
		}
	}
	return false
}

// timerChan reports whether ch is a timer's channel: the result of
// time.After or time.Tick, or the C field of a *time.Timer or *time.Ticker.
func timerChan(ch ssa.Value) (string, bool) {
	ch = ssax.Canon(ch)
	if call, ok := ch.(*ssa.Call); ok {
		if obj := ssax.Callee(&call.Call); obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "time" {
			switch obj.Name() {
			case "After", "Tick":
				return "time." + obj.Name(), true
			}
		}
	}
	if addr := ssax.Loaded(ch); addr != nil {
		if field, owner := ssax.Field(addr); field != nil && owner != nil && field.Name() == "C" {
			o := owner.Obj()
			if o.Pkg() != nil && o.Pkg().Path() == "time" && (o.Name() == "Timer" || o.Name() == "Ticker") {
				return "time." + o.Name() + ".C", true
			}
		}
	}
	return "", false
}

// isCtxDone reports whether ch is the result of a context's Done method.
func isCtxDone(ch ssa.Value) bool {
	call, ok := ssax.Canon(ch).(*ssa.Call)
	if !ok {
		return false
	}
	obj := ssax.Callee(&call.Call)
	return obj != nil && obj.Name() == "Done" && obj.Pkg() != nil && obj.Pkg().Path() == "context"
}

// exportFacts attaches a Fact to every function of the package that may
// block and that another package can call (ssax.Exportable).
func (s *state) exportFacts() {
	var hidden HiddenFact
	for _, fn := range s.funcs {
		op, ok := s.res.first[fn]
		if !ok {
			continue
		}
		obj := ssax.FuncObject(fn)
		if !ssax.Exportable(s.pass, obj) || fn.Parent() != nil {
			continue
		}
		s.pass.ExportObjectFact(obj, s.factOf(op))
		if ssax.HiddenMethod(obj) && !reach.IsStd(obj.Pkg().Path()) {
			hidden.Methods = append(hidden.Methods, chains.Keyed[Fact]{Key: catalog.FullName(obj), Fact: *s.factOf(op)})
		}
	}
	if len(hidden.Methods) > 0 {
		hidden.Methods.Sort()
		s.pass.ExportPackageFact(&hidden)
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

// hiddenOp is the op of a call that reaches t, a method known only by its
// key, when the package fact of its package says it blocks.
func (s *state) hiddenOp(instr ssa.CallInstruction, t reach.Target) *Op {
	p := s.reach.Package(t.KeyPkg)
	if p == nil || p == s.pass.Pkg {
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
	return &Op{Instr: instr, Pos: ssax.Pos(instr), Kind: f.Kind, Why: f.Why, What: f.Op(), Via: t.Name, How: t.How, Remote: f.Chain}
}

// remoteTarget is the op of a call that reaches t, a function of another
// package, when it blocks.
func (s *state) remoteTarget(instr ssa.CallInstruction, t reach.Target) *Op {
	if t.Obj != nil {
		return s.remote(instr, t.Obj, t.How)
	}
	if t.Key != "" {
		return s.hiddenOp(instr, t)
	}
	return nil
}

// factOf turns an op into the chain a fact carries.
func (s *state) factOf(op *Op) *Fact {
	return &Fact{Kind: op.Kind, Why: op.Why, Chain: chains.FactChain(s.pass.Fset, op, 8)}
}
