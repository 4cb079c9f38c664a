package pools

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// loopBound returns the bound of the innermost counted loop around instr:
// n in `for i := 0; i < n; i++`, `for range n` and `for i := n; i > 0; i--`.
// It returns nil when instr is in no loop or the loop is not counted (a
// range over a slice or channel, an endless loop). It also returns the blocks
// of the loop.
func loopBound(instr ssa.Instruction) (ssa.Value, map[*ssa.BasicBlock]bool) {
	b := instr.Block()
	if b == nil {
		return nil, nil
	}
	fn := b.Parent()
	var header *ssa.BasicBlock
	var exits []*ssa.BasicBlock
	var loop map[*ssa.BasicBlock]bool
	best := -1
	for _, h := range fn.Blocks {
		var latches []*ssa.BasicBlock
		for _, p := range h.Preds {
			if h.Dominates(p) {
				latches = append(latches, p)
			}
		}
		if len(latches) == 0 {
			continue
		}
		body := loopBody(h, latches)
		if body[b] && (header == nil || len(body) < best) {
			header, best, loop = h, len(body), body
			// The test is in the header (for loops) or, for loops
			// the compiler rotated (range over int), in the latch.
			exits = append([]*ssa.BasicBlock{h}, latches...)
		}
	}
	if header == nil {
		return nil, nil
	}
	for _, e := range exits {
		if bound := countedBound(e, header); bound != nil {
			return bound, loop
		}
	}
	return nil, nil
}

// countedBound returns the bound of the loop test that ends block e, if it
// compares the loop variable with a bound.
func countedBound(e, header *ssa.BasicBlock) ssa.Value {
	cond, ok := e.Instrs[len(e.Instrs)-1].(*ssa.If)
	if !ok {
		return nil
	}
	cmp, ok := cond.Cond.(*ssa.BinOp)
	if !ok {
		return nil
	}
	iv, bound, op := cmp.X, cmp.Y, cmp.Op
	phi := induction(iv, header)
	if phi == nil {
		iv, bound = cmp.Y, cmp.X
		op = mirror(op)
		if phi = induction(iv, header); phi == nil {
			return nil
		}
	}
	switch op {
	case token.LSS, token.LEQ, token.NEQ:
		// for i := 0; i < n; i++ — unless the bound is the start
		// (counting down to zero with !=).
		if c, ok := bound.(*ssa.Const); ok && op == token.NEQ && isZero(c) {
			return start(phi, header)
		}
		return bound
	case token.GTR, token.GEQ:
		// for i := n; i > 0; i--
		if c, ok := bound.(*ssa.Const); ok && isZero(c) {
			return start(phi, header)
		}
	}
	return nil
}

func isZero(c *ssa.Const) bool {
	return c.Value != nil && c.Value.String() == "0"
}

// induction returns the loop variable that v is: a phi of the loop header,
// or that phi plus or minus a constant (the rotated test of a range over an
// int compares the next value).
func induction(v ssa.Value, header *ssa.BasicBlock) *ssa.Phi {
	if b, ok := v.(*ssa.BinOp); ok && (b.Op == token.ADD || b.Op == token.SUB) {
		if _, ok := b.Y.(*ssa.Const); ok {
			v = b.X
		}
	}
	if phi, ok := v.(*ssa.Phi); ok && phi.Block() == header {
		return phi
	}
	return nil
}

// start returns the value a loop variable starts from: its phi's edge from
// outside the loop.
func start(phi *ssa.Phi, header *ssa.BasicBlock) ssa.Value {
	for i, p := range header.Preds {
		if !header.Dominates(p) {
			return phi.Edges[i]
		}
	}
	return nil
}

func mirror(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

// loopBody returns the blocks of the natural loop with this header.
func loopBody(h *ssa.BasicBlock, latches []*ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	body := map[*ssa.BasicBlock]bool{h: true}
	stack := append([]*ssa.BasicBlock(nil), latches...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if body[b] {
			continue
		}
		body[b] = true
		stack = append(stack, b.Preds...)
	}
	return body
}
