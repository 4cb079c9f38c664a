// Package ssax holds the small SSA helpers that corefit's passes share:
// what a call calls, where a value comes from, where an instruction is.
package ssax

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"weak"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Callee returns the function object that call invokes: the static callee's
// object for a static call, the interface method for an invoke. It returns
// nil for calls of function values and builtins.
func Callee(call *ssa.CallCommon) *types.Func {
	if call.IsInvoke() {
		return call.Method
	}
	if fn := call.StaticCallee(); fn != nil {
		return FuncObject(fn)
	}
	return nil
}

// FuncObject returns the *types.Func a function was declared as, looking
// through generic instantiations and the wrappers SSA makes for bound
// methods and promoted methods. It returns nil for function literals.
func FuncObject(fn *ssa.Function) *types.Func {
	if fn == nil {
		return nil
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		return obj
	}
	return nil
}

// Args returns the call's arguments without the receiver, so that index i is
// the i-th parameter of the callee's signature.
func Args(call *ssa.CallCommon) []ssa.Value {
	if call.IsInvoke() {
		return call.Args
	}
	if fn := call.StaticCallee(); fn != nil && fn.Signature.Recv() != nil && len(call.Args) > 0 {
		return call.Args[1:]
	}
	if fn := call.StaticCallee(); fn == nil {
		if sig, ok := call.Value.Type().Underlying().(*types.Signature); ok && sig.Recv() != nil && len(call.Args) > 0 {
			return call.Args[1:]
		}
	}
	return call.Args
}

// Recv returns the receiver of a method call, or nil.
func Recv(call *ssa.CallCommon) ssa.Value {
	if call.IsInvoke() {
		return call.Value
	}
	if fn := call.StaticCallee(); fn != nil && fn.Signature.Recv() != nil && len(call.Args) > 0 {
		return call.Args[0]
	}
	return nil
}

// Strip looks through conversions that do not change what a value is.
func Strip(v ssa.Value) ssa.Value {
	for range 16 {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.TypeAssert:
			v = x.X
		case *ssa.Convert:
			v = x.X
		case *ssa.SliceToArrayPointer:
			v = x.X
		default:
			return v
		}
	}
	return v
}

// Canon returns a canonical value for v within its function's nest of
// closures: conversions are stripped and a closure's free variable is
// replaced by the value its creator bound to it, when the closure is made in
// exactly one place. Two uses of the same local, one in a function and one in
// a closure it launches, then compare equal.
//
// A load from a local variable that is stored to exactly once (as SSA does
// for variables captured by closures) is replaced by the stored value.
func Canon(v ssa.Value) ssa.Value {
	for range 16 {
		v = Strip(v)
		switch x := v.(type) {
		case *ssa.FreeVar:
			b := Binding(x)
			if b == nil {
				return v
			}
			v = b
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return v
			}
			alloc, ok := Canon(x.X).(*ssa.Alloc)
			if !ok {
				return v
			}
			val := SingleStore(alloc)
			if val == nil {
				return v
			}
			v = val
		default:
			return v
		}
	}
	return v
}

// SingleStore returns the value stored to a local variable, when it is
// stored to exactly once and its address goes nowhere else but loads and
// closures.
func SingleStore(alloc *ssa.Alloc) ssa.Value {
	key := weak.Make(alloc)
	singleStores.Lock()
	i, ok := singleStores.m[key]
	singleStores.Unlock()
	if !ok {
		i = singleStore(alloc)
		singleStores.Lock()
		if singleStores.m == nil || len(singleStores.m) >= 1<<14 {
			// Bounded: a variable captured by thousands of closures
			// is asked about once per access, and the answer scans
			// them all.
			singleStores.m = make(map[weak.Pointer[ssa.Alloc]]int)
		}
		singleStores.m[key] = i
		singleStores.Unlock()
	}
	if i < 0 {
		return nil
	}
	return (*alloc.Referrers())[i].(*ssa.Store).Val
}

// singleStores caches SingleStore's answers, for at most 1<<14 variables:
// the index of the single store among the variable's referrers, or -1. It
// holds neither the variables nor the values (weak keys, indexes), so that
// it keeps no package's SSA alive: with strong ones, the standalone runner
// kept the SSA and types of every package it had analysed (runtime alone
// 480 MB -> 1.07 GB peak RSS).
var singleStores struct {
	sync.Mutex
	m map[weak.Pointer[ssa.Alloc]]int
}

// singleStore returns the index, among alloc's referrers, of the one store
// to it, or -1: see SingleStore.
func singleStore(alloc *ssa.Alloc) int {
	refs := alloc.Referrers()
	if refs == nil {
		return -1
	}
	found := -1
	for i, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc || found >= 0 {
				return -1
			}
			found = i
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return -1
			}
		case *ssa.MakeClosure, *ssa.DebugRef:
			// Captured: stores inside the closure would be through a
			// free variable; look for them there.
			if mc, ok := r.(*ssa.MakeClosure); ok && storesThroughClosure(mc, alloc) {
				return -1
			}
		default:
			return -1
		}
	}
	return found
}

// storesThroughClosure reports whether the closure, or a closure nested in
// it, stores to the captured variable alloc.
func storesThroughClosure(mc *ssa.MakeClosure, alloc ssa.Value) bool {
	fn := mc.Fn.(*ssa.Function)
	for i, b := range mc.Bindings {
		if b != alloc || i >= len(fn.FreeVars) {
			continue
		}
		fv := fn.FreeVars[i]
		refs := fv.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return true
				}
			case *ssa.MakeClosure:
				if storesThroughClosure(r, fv) {
					return true
				}
			case *ssa.DebugRef:
			default:
				return true
			}
		}
	}
	return false
}

// Binding returns the value bound to a free variable by the one MakeClosure
// that creates its function, or nil.
func Binding(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	if idx < 0 || fn.Parent() == nil {
		return nil
	}
	// An anonymous function's referrers are where it is used: its
	// MakeClosures (scanning the parent instead is quadratic in a function
	// of thousands of closures).
	refs := fn.Referrers()
	if refs == nil {
		return nil
	}
	var found ssa.Value
	for _, instr := range *refs {
		mc, ok := instr.(*ssa.MakeClosure)
		if !ok || mc.Fn != fn {
			continue
		}
		if found != nil {
			return nil // made in more than one place
		}
		found = mc.Bindings[idx]
	}
	return found
}

// Loaded returns the address a value was loaded from (*p), or nil.
func Loaded(v ssa.Value) ssa.Value {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		return u.X
	}
	return nil
}

// Field returns the struct field selected by a FieldAddr or Field, with the
// named type that declares it, or nil.
func Field(v ssa.Value) (*types.Var, *types.Named) {
	var t types.Type
	var idx int
	switch x := v.(type) {
	case *ssa.FieldAddr:
		p, ok := x.X.Type().Underlying().(*types.Pointer)
		if !ok {
			return nil, nil
		}
		t, idx = p.Elem(), x.Field
	case *ssa.Field:
		t, idx = x.X.Type(), x.Field
	default:
		return nil, nil
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || idx >= st.NumFields() {
		return nil, nil
	}
	named, _ := types.Unalias(t).(*types.Named)
	return st.Field(idx), named
}

// FuncValues returns the functions a function-typed value may be: a
// function, a closure, or a bound method. It returns nil when it cannot tell.
func FuncValues(v ssa.Value) []*ssa.Function {
	fs := FuncTargets(v)
	if len(fs) == 0 {
		return nil
	}
	return fs
}

// funcValue is FuncValues for a value that is not a phi.
func funcValue(v ssa.Value) []*ssa.Function {
	switch x := v.(type) {
	case *ssa.Function:
		return []*ssa.Function{x}
	case *ssa.MakeClosure:
		fn := x.Fn.(*ssa.Function)
		if fn.Synthetic != "" && len(x.Bindings) == 1 {
			// A bound method value (x.M): the wrapper calls the method.
			if m := boundMethod(fn); m != nil {
				return []*ssa.Function{m}
			}
		}
		return []*ssa.Function{fn}
	}
	return nil
}

func boundMethod(wrapper *ssa.Function) *ssa.Function {
	for _, b := range wrapper.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok {
				if fn := c.Common().StaticCallee(); fn != nil {
					return fn
				}
			}
		}
	}
	return nil
}

// Pos returns the best position for an instruction: its own, or for a call
// without one, the position of its function.
func Pos(instr ssa.Instruction) token.Pos {
	if p := instr.Pos(); p.IsValid() {
		return p
	}
	if c, ok := instr.(ssa.CallInstruction); ok {
		if p := c.Common().Pos(); p.IsValid() {
			return p
		}
	}
	return instr.Parent().Pos()
}

// ShortPos renders a position as "dir/file.go:line", short enough for a
// message and stable across machines.
func ShortPos(p token.Position) string {
	if !p.IsValid() {
		return "?"
	}
	dir := filepath.Base(filepath.Dir(p.Filename))
	return fmt.Sprintf("%s/%s:%d", dir, filepath.Base(p.Filename), p.Line)
}

// FuncName renders a function for a message: "pkg.F", "(*pkg.T).M", or, for
// a literal, "func literal in pkg.F".
func FuncName(fn *ssa.Function, from *types.Package) string {
	if obj := FuncObject(fn); obj != nil {
		return ObjName(obj, from)
	}
	outer := fn
	for outer.Parent() != nil {
		outer = outer.Parent()
	}
	if obj := FuncObject(outer); obj != nil {
		return "func literal in " + ObjName(obj, from)
	}
	return fn.Name()
}

// ObjName renders a function object relative to the package from: the
// package is named only when it differs.
func ObjName(fn *types.Func, from *types.Package) string {
	qual := func(p *types.Package) string {
		if p == from {
			return ""
		}
		return p.Name()
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		t := sig.Recv().Type()
		s := types.TypeString(t, qual)
		if i := strings.IndexByte(s, '['); i >= 0 {
			s = s[:i] // drop type arguments
		}
		if _, isPtr := t.(*types.Pointer); isPtr {
			return "(" + s + ")." + fn.Name()
		}
		if types.IsInterface(t) {
			return s + "." + fn.Name()
		}
		return s + "." + fn.Name()
	}
	if fn.Pkg() == nil || fn.Pkg() == from {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// Exportable reports whether a fact about fn, a function of the package
// under analysis, can matter to another package: only exported functions
// and methods can be called from outside (an unexported one only through a
// function value or an interface, which corefit's passes do not follow across
// packages). No package imports an external test package (package p_test,
// all in _test.go files), and none calls a test's entry points (TestXxx,
// BenchmarkXxx, FuzzXxx, ExampleXxx in a _test.go file). Facts on the rest
// would only grow every dependent's fact files, which the drivers decode for
// each package above.
func Exportable(pass *analysis.Pass, fn *types.Func) bool {
	if fn == nil || fn.Pkg() != pass.Pkg || !fn.Exported() || IsXTest(pass) {
		return false
	}
	if fn.Signature().Recv() == nil && InTestFile(pass.Fset, fn.Pos()) {
		for _, p := range [...]string{"Test", "Benchmark", "Fuzz", "Example"} {
			if strings.HasPrefix(fn.Name(), p) {
				return false
			}
		}
	}
	return true
}

// HiddenMethod reports whether fn is a method of an unexported named type:
// a package above sees it only when the exported API mentions the type, so
// its facts travel in a package fact too, keyed by FullName.
func HiddenMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && !n.Obj().Exported()
}

// IsXTest reports whether the package under analysis is an external test
// package: its name ends in _test and all its files are _test.go files.
func IsXTest(pass *analysis.Pass) bool {
	if !strings.HasSuffix(pass.Pkg.Name(), "_test") || len(pass.Files) == 0 {
		return false
	}
	for _, f := range pass.Files {
		if !InTestFile(pass.Fset, f.Package) {
			return false
		}
	}
	return true
}

// Recover turns a panic in an analyzer into an error for the package, so
// that one bad package costs its own diagnostics and not the whole run.
// Call it deferred, first thing in Run.
func Recover(pass *analysis.Pass, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("internal error analyzing %s: %v (please report it)\n%s", pass.Pkg.Path(), r, debug.Stack())
	}
}

// A Step is what Reaches does at an instruction.
type Step int

const (
	Continue Step = iota // go on along this path
	Prune                // this path ends here
	Found                // stop: an instruction was found
)

// Reaches reports whether control may go from instr (excluded) to an
// instruction that visit finds (Found) without first passing one where
// visit ends the path (Prune). Each block is visited once.
func Reaches(instr ssa.Instruction, visit func(ssa.Instruction) Step) bool {
	seen := make(map[*ssa.BasicBlock]bool)
	var walk func(b *ssa.BasicBlock, from int) bool
	walk = func(b *ssa.BasicBlock, from int) bool {
		for _, x := range b.Instrs[from:] {
			switch visit(x) {
			case Found:
				return true
			case Prune:
				return false
			}
		}
		for _, s := range b.Succs {
			if !seen[s] {
				seen[s] = true
				if walk(s, 0) {
					return true
				}
			}
		}
		return false
	}
	b := instr.Block()
	for i, x := range b.Instrs {
		if x == instr {
			return walk(b, i+1)
		}
	}
	return false
}

// SelectCase returns, for a block that ends in the `if` a select statement
// compiles to for one of its cases (its chosen index == i), the select and
// i; the `if`'s first successor is the case's body. ok is false for any
// other block.
func SelectCase(b *ssa.BasicBlock) (sel *ssa.Select, i int, ok bool) {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return nil, 0, false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, 0, false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.EQL {
		return nil, 0, false
	}
	ex, ok := cmp.X.(*ssa.Extract)
	k, ok2 := cmp.Y.(*ssa.Const)
	if !ok || !ok2 || ex.Index != 0 || k.Value == nil {
		return nil, 0, false
	}
	sel, ok = ex.Tuple.(*ssa.Select)
	if !ok {
		return nil, 0, false
	}
	// The select's index counts its receive and send cases in order.
	i = int(k.Int64())
	if i < 0 || i >= len(sel.States) {
		return nil, 0, false
	}
	return sel, i, true
}
