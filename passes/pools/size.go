package pools

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/ssax"
)

// SizeClass says what a pool's bound is made of.
type SizeClass uint8

const (
	// Unknown: the bound could not be followed to its source.
	Unknown SizeClass = iota
	// CPU: the bound is a multiple of the number of CPUs
	// (runtime.NumCPU(), runtime.GOMAXPROCS(0)); Factor says which.
	CPU
	// Fixed: the bound is a constant, N.
	Fixed
	// Param: the bound is a parameter of the enclosing function, N its
	// index; the callers decide the size.
	Param
)

// Size is the bound of a pool, as far as it could be followed.
type Size struct {
	Class  SizeClass
	Factor float64 // CPU: the multiple of the CPU count
	N      int64   // Fixed: the constant; Param: the parameter's index
	Expr   string  // how it reads: "runtime.NumCPU()", "2*runtime.GOMAXPROCS(0)"
	Pos    token.Pos

	paramOf *ssa.Function // Param: the function whose parameter it is
}

// DefaultMaxCPUFactor is where CPU-sized ends: a pool of up to twice the CPU
// count is sized for CPU work; 4×NumCPU and more is a deliberate sizing for
// I/O (pget downloads with 4×, trufflehog's network workers use 8×).
const DefaultMaxCPUFactor = 2.0

// CPUSized reports whether the pool is sized to the CPUs: a multiple of the
// CPU count no larger than maxFactor.
func (s Size) CPUSized(maxFactor float64) bool {
	return s.Class == CPU && s.Factor <= maxFactor
}

func (s Size) String() string {
	switch s.Class {
	case CPU:
		return fmt.Sprintf("cpu(%s)", s.Expr)
	case Fixed:
		return fmt.Sprintf("fixed(%d)", s.N)
	case Param:
		return fmt.Sprintf("param(%d)", s.N)
	}
	return "unknown"
}

var unknown = Size{}

// sizer follows a size expression back to its sources within a package,
// with the help of facts for functions, variables and fields of other
// packages.
type sizer struct {
	p    *state
	memo map[ssa.Value]Size
}

func (z *sizer) of(v ssa.Value) Size {
	if s, ok := z.memo[v]; ok {
		return s
	}
	z.memo[v] = unknown // cycle guard
	s := z.of1(v)
	z.memo[v] = s
	return s
}

func (z *sizer) of1(v ssa.Value) Size {
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value != nil && x.Value.Kind() == constant.Int {
			if n, ok := constant.Int64Val(x.Value); ok {
				return Size{Class: Fixed, N: n, Expr: x.Value.String(), Pos: x.Pos()}
			}
		}
		return unknown
	case *ssa.ChangeType:
		return z.of(x.X)
	case *ssa.Convert:
		return z.of(x.X)
	case *ssa.MakeInterface:
		return z.of(x.X)
	case *ssa.FreeVar:
		if b := ssax.Binding(x); b != nil {
			return z.of(b)
		}
		return unknown
	case *ssa.Parameter:
		fn := x.Parent()
		for i, p := range fn.Params {
			if p == x {
				return Size{Class: Param, N: int64(i), Expr: x.Name(), Pos: x.Pos(), paramOf: fn}
			}
		}
		return unknown
	case *ssa.Call:
		return z.call(x)
	case *ssa.BinOp:
		return z.binop(x)
	case *ssa.Phi:
		if s, ok := z.capped(x); ok {
			return s
		}
		return z.merge(x.Edges)
	case *ssa.Extract:
		if call, ok := x.Tuple.(*ssa.Call); ok && x.Index == 0 {
			return z.call(call)
		}
		return unknown
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return unknown
		}
		return z.load(x.X)
	}
	return unknown
}

// load is the size stored at an address: a local variable, a global, a
// struct field, or the pointer flag.Int returned.
func (z *sizer) load(addr ssa.Value) Size {
	switch a := ssax.Canon(addr).(type) {
	case *ssa.Alloc:
		return z.merge(z.p.storesTo(a))
	case *ssa.Global:
		obj, _ := a.Object().(*types.Var)
		return z.varSize(obj, z.p.storesTo(a))
	case *ssa.FieldAddr:
		field, _ := ssax.Field(a)
		return z.varSize(field, z.p.fieldStores[field])
	case *ssa.UnOp:
		// *p where p was loaded from a variable that holds one pointer.
		if a.Op == token.MUL {
			switch inner := ssax.Canon(a.X).(type) {
			case *ssa.Alloc, *ssa.Global:
				if vals := z.p.storesTo(inner); len(vals) == 1 {
					return z.load(vals[0])
				}
			}
		}
	case *ssa.Call:
		// flag.Int("workers", runtime.NumCPU(), "...") and friends: the
		// default is what the pool gets unless the user says otherwise.
		if obj := ssax.Callee(&a.Call); obj != nil && isFlagFunc(obj) {
			if args := ssax.Args(&a.Call); len(args) >= 2 {
				return z.of(args[1])
			}
		}
	}
	return unknown
}

// varSize merges the values stored to a variable or field in this package
// with what another package's fact says of it.
func (z *sizer) varSize(obj *types.Var, stores []ssa.Value) Size {
	if obj == nil {
		return unknown
	}
	if obj.Pkg() != nil && obj.Pkg() != z.p.pass.Pkg {
		var f SizeFact
		if z.p.pass.ImportObjectFact(obj, &f) {
			return f.Size()
		}
	}
	return z.merge(stores)
}

func isFlagFunc(obj *types.Func) bool {
	if obj.Pkg() == nil || obj.Pkg().Path() != "flag" {
		return false
	}
	switch obj.Name() {
	case "Int", "Int64", "Uint", "Uint64":
		return true
	}
	return false
}

// capped recognises `if n > K { n = K }` after n is CPU-sized: the phi
// that joins n and the constant K is min(n, K), never more than the CPUs
// (nats-server's `mp := runtime.GOMAXPROCS(0); if mp > maxProcs { mp =
// maxProcs }`). A floor (`if n < K { n = K }`) is left to merge.
func (z *sizer) capped(phi *ssa.Phi) (Size, bool) {
	if len(phi.Edges) != 2 || len(phi.Block().Preds) != 2 {
		return unknown, false
	}
	for ci := range 2 {
		k, ok := phi.Edges[ci].(*ssa.Const)
		if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
			continue
		}
		v := phi.Edges[1-ci]
		sz := z.of(v)
		if sz.Class != CPU {
			continue
		}
		// The constant's edge comes from the branch taken when the test
		// says v exceeds K.
		then := phi.Block().Preds[ci]
		test := then
		if len(then.Instrs) == 1 && len(then.Preds) == 1 {
			test = then.Preds[0] // `n = K` in a block of its own
		}
		ifi, ok := test.Instrs[len(test.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond, ok := ifi.Cond.(*ssa.BinOp)
		if !ok {
			continue
		}
		op := cond.Op
		switch {
		case sameValue(cond.X, v) && isConst(cond.Y, k):
		case isConst(cond.X, k) && sameValue(cond.Y, v):
			op = ssax.Mirror(op)
		default:
			continue
		}
		onTrue := ifi.Block().Succs[0] == then || (then == test && phi.Block() == ifi.Block().Succs[0])
		if (op == token.GTR || op == token.GEQ) == onTrue {
			out := sz
			out.Expr = fmt.Sprintf("min(%s, %s)", sz.Expr, k.Value.String())
			return out, true
		}
	}
	return unknown, false
}

func sameValue(a, b ssa.Value) bool { return ssax.Canon(a) == ssax.Canon(b) }

func isConst(v ssa.Value, k *ssa.Const) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value != nil && k.Value != nil && constant.Compare(c.Value, token.EQL, k.Value)
}

// merge combines the sizes a value may take, whatever their order. A pool
// is CPU-sized when one of its possible bounds is CPU-sized and the others
// are unknown or small constants: `n := cfg.Workers; if n <= 0 { n =
// runtime.NumCPU() }` runs with NumCPU workers unless configured otherwise,
// and the default is what corefit judges; `if n < 4 { n = 4 }` is a floor.
// A CPU size mixed with a large constant has no single answer.
func (z *sizer) merge(vals []ssa.Value) Size {
	var cpu, fixed, param *Size
	unknowns := 0
	for _, v := range vals {
		if c, ok := v.(*ssa.Const); ok && c.Value != nil && constant.Sign(c.Value) <= 0 {
			continue // "0 means default" and sentinel values
		}
		s := z.of(v)
		switch s.Class {
		case CPU:
			if cpu == nil || s.Factor > cpu.Factor {
				cpu = &s
			}
		case Fixed:
			if fixed == nil || s.N > fixed.N {
				fixed = &s
			}
		case Param:
			if param == nil {
				param = &s
			}
		default:
			unknowns++
		}
	}
	switch {
	case cpu != nil:
		if fixed != nil && fixed.N > 4 {
			return unknown
		}
		return *cpu
	case fixed != nil:
		if unknowns > 0 || param != nil {
			return unknown
		}
		return *fixed
	case param != nil && unknowns == 0:
		return *param
	}
	return unknown
}

func (z *sizer) call(c *ssa.Call) Size {
	if b, ok := c.Call.Value.(*ssa.Builtin); ok {
		return z.minmax(b.Name(), c.Call.Args)
	}
	obj := ssax.Callee(&c.Call)
	if obj == nil {
		return unknown
	}
	if obj.Pkg() != nil && obj.Pkg().Path() == "runtime" {
		switch obj.Name() {
		case "NumCPU":
			return Size{Class: CPU, Factor: 1, Expr: "runtime.NumCPU()", Pos: c.Pos()}
		case "GOMAXPROCS":
			return Size{Class: CPU, Factor: 1, Expr: "runtime.GOMAXPROCS(0)", Pos: c.Pos()}
		}
	}
	// A function of this package that returns a size.
	if fn := c.Call.StaticCallee(); fn != nil && fn.Blocks != nil && z.p.isLocal(fn) {
		var rets []ssa.Value
		for _, b := range fn.Blocks {
			if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(r.Results) > 0 {
				rets = append(rets, r.Results[0])
			}
		}
		s := z.merge(rets)
		if s.Class == CPU {
			s.Expr = ssax.ObjName(obj, z.p.pass.Pkg) + "()"
			s.Pos = c.Pos()
		}
		if s.Class == Param {
			return unknown
		}
		return s
	}
	var f SizeFact
	if obj.Pkg() != z.p.pass.Pkg && z.p.pass.ImportObjectFact(obj, &f) {
		s := f.Size()
		s.Expr = ssax.ObjName(obj, z.p.pass.Pkg) + "()"
		s.Pos = c.Pos()
		return s
	}
	return unknown
}

func (z *sizer) minmax(name string, args []ssa.Value) Size {
	if name != "min" && name != "max" {
		return unknown
	}
	var cpu *Size
	small := true
	for _, a := range args {
		s := z.of(a)
		switch s.Class {
		case CPU:
			if cpu == nil || (name == "max") == (s.Factor > cpu.Factor) {
				cpu = &s
			}
		case Fixed:
			if s.N > 4 {
				small = false
			}
		default:
			small = false
		}
	}
	if cpu == nil {
		return unknown
	}
	// min(NumCPU, c) never exceeds the CPU count; max(NumCPU, c) is
	// CPU-sized only while c is a small floor like 1 or 2.
	if name == "max" && !small {
		return unknown
	}
	out := *cpu
	out.Expr = fmt.Sprintf("%s(…%s…)", name, cpu.Expr)
	return out
}

func (z *sizer) binop(b *ssa.BinOp) Size {
	x, y := z.of(b.X), z.of(b.Y)
	if x.Class != CPU && y.Class == CPU && (b.Op == token.MUL || b.Op == token.ADD) {
		x, y = y, x
	}
	if x.Class != CPU || y.Class != Fixed {
		return unknown
	}
	k := float64(y.N)
	out := x
	switch b.Op {
	case token.MUL:
		out.Factor *= k
		out.Expr = fmt.Sprintf("%d*%s", y.N, x.Expr)
	case token.QUO:
		if k <= 0 {
			return unknown
		}
		out.Factor /= k
		out.Expr = fmt.Sprintf("%s/%d", x.Expr, y.N)
	case token.SHL:
		out.Factor *= float64(int64(1) << min(y.N, 30))
		out.Expr = fmt.Sprintf("%s<<%d", x.Expr, y.N)
	case token.SHR:
		out.Factor /= float64(int64(1) << min(y.N, 30))
		out.Expr = fmt.Sprintf("%s>>%d", x.Expr, y.N)
	case token.ADD, token.SUB:
		// NumCPU()-1 and NumCPU()+1 are still sized to the CPUs; a large
		// constant added is a deliberate allowance for waiting workers.
		if b.Op == token.ADD && y.N > 4 {
			return unknown
		}
		out.Expr = strings.Join([]string{x.Expr, b.Op.String(), fmt.Sprint(y.N)}, "")
	default:
		return unknown
	}
	return out
}
