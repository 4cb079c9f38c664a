package locks_test

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/atest"
	"github.com/corefit/corefit/passes/locks"
)

// reporter reports the locks held at each store and at each load of a
// field, so that the testdata can state them with // want.
var reporter = &analysis.Analyzer{
	Name:     "locksreport",
	Doc:      "report the locks held at field accesses, for tests",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, locks.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[locks.Analyzer].(*locks.Result)
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					var addr ssa.Value
					switch x := instr.(type) {
					case *ssa.Store:
						addr = x.Addr
					case *ssa.UnOp:
						if x.Op == token.MUL {
							addr = x.X
						}
					}
					if fa, ok := addr.(*ssa.FieldAddr); ok && instr.Pos().IsValid() {
						pass.Reportf(instr.Pos(), "held: [%s]", res.Held(instr))
						_ = fa
					}
				}
			}
		}
		return nil, nil
	},
}

func TestLocks(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), reporter, "locks/held")
}

// TestEffects checks the lock helpers' facts.
func TestEffects(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), locks.Analyzer, "locks/effects")
}
