package ssax

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Succs returns the successors of b that control may take when b is entered
// from pred (nil when not known): both branches of an If whose condition
// is not known, the one it takes when the condition is a constant there.
// The condition is evaluated with b's phis taking their values from pred
// (a loop's test on entry, `for i := 0; i < 0; i++` never runs) and with
// len and cap of a channel or slice made with a constant size.
func Succs(b, pred *ssa.BasicBlock) []*ssa.BasicBlock {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return b.Succs
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return b.Succs
	}
	v := evalConst(iff.Cond, b, pred, 0)
	if v == nil || v.Kind() != constant.Bool {
		return b.Succs
	}
	if constant.BoolVal(v) {
		return b.Succs[:1]
	}
	return b.Succs[1:]
}

func evalConst(v ssa.Value, b, pred *ssa.BasicBlock, depth int) constant.Value {
	if depth > 8 {
		return nil
	}
	switch x := v.(type) {
	case *ssa.Const:
		return x.Value
	case *ssa.Phi:
		if x.Block() != b || pred == nil {
			return nil
		}
		for i, p := range b.Preds {
			if p == pred {
				if c, ok := x.Edges[i].(*ssa.Const); ok {
					return c.Value
				}
			}
		}
	case *ssa.UnOp:
		if x.Op == token.MUL {
			// A variable stored to once (a channel captured by a
			// closure) holds what was stored.
			if a, ok := Canon(x.X).(*ssa.Alloc); ok {
				if s := SingleStore(a); s != nil {
					return evalConst(s, b, pred, depth+1)
				}
				if v := lastStore(x, a); v != nil {
					return evalConst(v, b, pred, depth+1)
				}
			}
		}
		if x.Op == token.NOT {
			if c := evalConst(x.X, b, pred, depth+1); c != nil && c.Kind() == constant.Bool {
				return constant.MakeBool(!constant.BoolVal(c))
			}
		}
	case *ssa.BinOp:
		l := evalConst(x.X, b, pred, depth+1)
		if l == nil {
			return nil
		}
		r := evalConst(x.Y, b, pred, depth+1)
		if r == nil || l.Kind() == constant.Unknown || r.Kind() == constant.Unknown {
			return nil
		}
		switch x.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			if (l.Kind() == constant.Int) != (r.Kind() == constant.Int) {
				return nil
			}
			return constant.MakeBool(constant.Compare(l, x.Op, r))
		}
	case *ssa.Call:
		bi, ok := x.Call.Value.(*ssa.Builtin)
		if !ok || len(x.Call.Args) != 1 || bi.Name() != "len" && bi.Name() != "cap" {
			return nil
		}
		arg := x.Call.Args[0]
		if ld, ok := arg.(*ssa.UnOp); ok && ld.Op == token.MUL {
			if a, ok := Canon(ld.X).(*ssa.Alloc); ok {
				if s := SingleStore(a); s != nil {
					arg = s
				}
			}
		}
		switch m := arg.(type) {
		case *ssa.MakeChan:
			return evalConst(m.Size, b, pred, depth+1)
		case *ssa.MakeSlice:
			if bi.Name() == "len" {
				return evalConst(m.Len, b, pred, depth+1)
			}
			return evalConst(m.Cap, b, pred, depth+1)
		}
	}
	return nil
}

// lastStore returns what the load ld of the variable a reads when an
// earlier instruction of its block stores it, or makes it (its zero
// value), with no call in between that could write it through a pointer.
func lastStore(ld *ssa.UnOp, a *ssa.Alloc) ssa.Value {
	instrs := ld.Block().Instrs
	i := slices.Index(instrs, ssa.Instruction(ld))
	for i--; i >= 0; i-- {
		switch x := instrs[i].(type) {
		case *ssa.Store:
			if x.Addr == a {
				return x.Val
			}
		case *ssa.Alloc:
			if x == a {
				if b, ok := a.Type().(*types.Pointer).Elem().Underlying().(*types.Basic); ok && b.Info()&(types.IsInteger|types.IsBoolean) != 0 {
					return ssa.NewConst(zeroOf(b), b)
				}
				return nil
			}
		case ssa.CallInstruction:
			return nil
		}
	}
	return nil
}

func zeroOf(b *types.Basic) constant.Value {
	if b.Info()&types.IsBoolean != 0 {
		return constant.MakeBool(false)
	}
	return constant.MakeInt64(0)
}

// Live returns the blocks of fn that control may reach from its entry,
// following only the branches that constants leave open (see Succs).
func Live(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	live := make(map[*ssa.BasicBlock]bool)
	if len(fn.Blocks) == 0 {
		return live
	}
	seen := make(map[[2]*ssa.BasicBlock]bool)
	var walk func(b, pred *ssa.BasicBlock)
	walk = func(b, pred *ssa.BasicBlock) {
		live[b] = true
		for _, s := range Succs(b, pred) {
			if e := [2]*ssa.BasicBlock{b, s}; !seen[e] {
				seen[e] = true
				walk(s, b)
			}
		}
	}
	walk(fn.Blocks[0], nil)
	if fn.Recover != nil {
		live[fn.Recover] = true
	}
	return live
}

// ConstInt returns the integer v is known to hold: a constant, a variable
// stored to once with one, len or cap of a slice or channel made with a
// constant size.
func ConstInt(v ssa.Value) (int64, bool) {
	c := evalConst(v, nil, nil, 0)
	if c == nil || c.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(c)
}
