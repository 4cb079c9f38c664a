package ssax

import "golang.org/x/tools/go/ssa"

// FuncTargets returns the functions v may be, following each phi once, so
// that a function value carried around a loop (a phi that is its own edge)
// ends; nil when it cannot tell, and an empty slice when v can only be nil.
// FuncValues is the same with nil for both.
func FuncTargets(v ssa.Value) []*ssa.Function {
	return funcTargets(v, make(map[*ssa.Phi]bool))
}

func funcTargets(v ssa.Value, seen map[*ssa.Phi]bool) []*ssa.Function {
	v = Canon(v)
	phi, ok := v.(*ssa.Phi)
	if !ok {
		return funcValue(v)
	}
	if seen[phi] {
		return []*ssa.Function{} // already followed: adds nothing
	}
	seen[phi] = true
	out := []*ssa.Function{}
	for _, e := range phi.Edges {
		fs := funcTargets(e, seen)
		if fs == nil {
			if c, ok := e.(*ssa.Const); ok && c.IsNil() {
				continue
			}
			return nil
		}
		out = append(out, fs...)
	}
	return out
}
