package ssax_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/corefit/corefit/passes/ssax"
)

// TestFuncValuesPhiCycle: a function value carried around a loop makes
// phis that are each other's edges; FuncValues must end (it overflowed the
// stack on bufio) and find the function.
func TestFuncValuesPhiCycle(t *testing.T) {
	const src = `package p

func a() {}

func loop(n int) {
	f := a
	for i := 0; i < n; i++ {
		if i%3 == 0 {
			f = a
		}
		f()
	}
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, types.NewPackage("p", "p"), []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	fn := pkg.Func("loop")
	calls := 0
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			calls++
			fs := ssax.FuncValues(call.Call.Value)
			if len(fs) == 0 {
				t.Fatalf("FuncValues(%v) = nil, want a", call.Call.Value)
			}
			for _, g := range fs {
				if g.Name() != "a" {
					t.Errorf("FuncValues: %v, want only a", g)
				}
			}
		}
	}
	if calls != 1 {
		t.Fatalf("%d calls in loop, want 1", calls)
	}
}
