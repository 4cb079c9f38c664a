package ssax

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Loop is a natural loop of a function: the header, the blocks of the loop,
// its bound when the loop is counted, and the loop around it.
type Loop struct {
	Header *ssa.BasicBlock
	Body   map[*ssa.BasicBlock]bool
	// Bound is n in `for i := 0; i < n; i++`, `for range n` and
	// `for i := n; i > 0; i--`, and len(s) in a range over a slice; nil
	// when the loop is not counted (a range over a map or a channel, an
	// endless loop).
	Bound  ssa.Value
	Parent *Loop
}

// Depth is the number of loops around l, l included.
func (l *Loop) Depth() int {
	d := 0
	for ; l != nil; l = l.Parent {
		d++
	}
	return d
}

// Loops returns the natural loops of fn, outer loops first. Back edges are
// found with the dominator tree: an edge b→h where h dominates b.
func Loops(fn *ssa.Function) []*Loop {
	var loops []*Loop
	for _, h := range fn.DomPreorder() {
		var latches []*ssa.BasicBlock
		for _, p := range h.Preds {
			if h.Dominates(p) {
				latches = append(latches, p)
			}
		}
		if len(latches) == 0 {
			continue
		}
		l := &Loop{Header: h, Body: loopBody(h, latches)}
		// The test is in the header (for loops) or, for loops the
		// compiler rotated (range over int), in a latch.
		for _, e := range append([]*ssa.BasicBlock{h}, latches...) {
			if bound := countedBound(e, h); bound != nil {
				l.Bound = bound
				break
			}
		}
		loops = append(loops, l)
	}
	// Preorder of the dominator tree puts outer headers first; the parent
	// of a loop is the innermost earlier loop that contains its header.
	for i, l := range loops {
		for j := i - 1; j >= 0; j-- {
			if loops[j].Body[l.Header] {
				l.Parent = loops[j]
				break
			}
		}
	}
	return loops
}

// Innermost returns the innermost of loops that contains b, or nil.
func Innermost(loops []*Loop, b *ssa.BasicBlock) *Loop {
	var best *Loop
	for _, l := range loops {
		if l.Body[b] && (best == nil || len(l.Body) < len(best.Body)) {
			best = l
		}
	}
	return best
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
	phi := Induction(iv, header)
	if phi == nil {
		iv, bound = cmp.Y, cmp.X
		op = Mirror(op)
		if phi = Induction(iv, header); phi == nil {
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

// Induction returns the loop variable of the loop with this header that v
// is, or nil: a phi of the loop header
// that the loop steps by a constant (i++, i -= 2), or that phi plus or minus
// a constant (the rotated test of a range over an int compares the next
// value). A phi that the loop recomputes otherwise is no counter.
func Induction(v ssa.Value, header *ssa.BasicBlock) *ssa.Phi {
	if b, ok := v.(*ssa.BinOp); ok && (b.Op == token.ADD || b.Op == token.SUB) {
		if _, ok := b.Y.(*ssa.Const); ok {
			v = b.X
		}
	}
	phi, ok := v.(*ssa.Phi)
	if !ok || phi.Block() != header {
		return nil
	}
	for i, e := range phi.Edges {
		if !header.Dominates(header.Preds[i]) {
			continue // the start value
		}
		step, ok := e.(*ssa.BinOp)
		if !ok || (step.Op != token.ADD && step.Op != token.SUB) || step.X != phi {
			return nil
		}
		if _, ok := step.Y.(*ssa.Const); !ok {
			return nil
		}
	}
	return phi
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

// Mirror is the comparison with its operands swapped: K < n is n > K.
func Mirror(op token.Token) token.Token {
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

// WholeRange reports whether idx counts up by one from the start of a
// loop: a range over a slice or array, or for i := 0; ...; i++. An index
// that is such a counter visits every element (taken as all of them; a
// loop over a part starts elsewhere or offsets the counter).
func WholeRange(idx ssa.Value) bool {
	v := idx
	if b, ok := v.(*ssa.BinOp); ok && (b.Op == token.ADD || b.Op == token.SUB) {
		if _, ok := b.Y.(*ssa.Const); ok {
			v = b.X
		}
	}
	phi, ok := v.(*ssa.Phi)
	if !ok || Induction(idx, phi.Block()) != phi {
		return false
	}
	c, ok := start(phi, phi.Block()).(*ssa.Const)
	if !ok || c.Value == nil {
		return false
	}
	s := c.Value.ExactString()
	if s != "0" && s != "-1" {
		return false
	}
	for i, e := range phi.Edges {
		if !phi.Block().Dominates(phi.Block().Preds[i]) {
			continue
		}
		if step := e.(*ssa.BinOp); step.Op != token.ADD || step.Y.(*ssa.Const).Value.ExactString() != "1" {
			return false
		}
	}
	return true
}
