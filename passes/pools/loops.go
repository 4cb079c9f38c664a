package pools

import (
	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/ssax"
)

// loopBound returns the bound of the innermost counted loop around instr,
// and the blocks of that loop. It returns nil when instr is in no loop or
// the innermost loop is not counted (a range over a slice counts by its
// length, which is no pool size; a range over a channel; an endless loop).
func loopBound(instr ssa.Instruction) (ssa.Value, map[*ssa.BasicBlock]bool) {
	b := instr.Block()
	if b == nil {
		return nil, nil
	}
	l := ssax.Innermost(ssax.Loops(b.Parent()), b)
	if l == nil || l.Bound == nil {
		return nil, nil
	}
	return l.Bound, l.Body
}
