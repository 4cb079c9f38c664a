package ssax_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"runtime"
	"strings"
	"testing"
	"weak"

	"golang.org/x/tools/go/analysis"
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

// TestExportable: facts go on exported functions and methods that another
// package can call, and not on test entry points or an external test
// package's functions.
func TestExportable(t *testing.T) {
	check := func(name string, files map[string]string, want map[string]bool) {
		t.Helper()
		fset := token.NewFileSet()
		var astFiles []*ast.File
		for _, fn := range []string{"a.go", "a_test.go", "x_test.go"} {
			src, ok := files[fn]
			if !ok {
				continue
			}
			f, err := parser.ParseFile(fset, fn, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			astFiles = append(astFiles, f)
		}
		conf := types.Config{Importer: importer.Default()}
		pkg, err := conf.Check("p", fset, astFiles, nil)
		if err != nil {
			t.Fatal(err)
		}
		pass := &analysis.Pass{Fset: fset, Files: astFiles, Pkg: pkg}
		for obj, w := range want {
			var fn *types.Func
			if recv, meth, ok := strings.Cut(obj, "."); ok {
				m, _, _ := types.LookupFieldOrMethod(pkg.Scope().Lookup(recv).Type(), true, pkg, meth)
				fn = m.(*types.Func)
			} else {
				fn = pkg.Scope().Lookup(obj).(*types.Func)
			}
			if got := ssax.Exportable(pass, fn); got != w {
				t.Errorf("%s: Exportable(%s) = %v, want %v", name, obj, got, w)
			}
		}
	}
	check("package with tests", map[string]string{
		"a.go": `package p
type T struct{}
func (T) M() {}
func (T) m() {}
func F() {}
func f() {}
func TestLike() {}
`,
		"a_test.go": `package p
import "testing"
func TestF(t *testing.T) {}
func BenchmarkF(b *testing.B) {}
func ExampleF() {}
func Helper() {}
`,
	}, map[string]bool{"T.M": true, "T.m": false, "F": true, "f": false, "TestLike": true, "TestF": false, "BenchmarkF": false, "ExampleF": false, "Helper": true})
	check("external test package", map[string]string{
		"x_test.go": `package p_test
func Helper() {}
`,
	}, map[string]bool{"Helper": false})
}

// TestSingleStoreKeepsNothing: SingleStore's cache must not keep a
// package's SSA alive once the analysis has dropped it (with strong keys,
// the standalone runner held every analysed package's SSA and types: the
// runtime package's peak RSS went from 480 MB to 1.07 GB). It also still
// answers: x's one store, and none for y, stored twice.
func TestSingleStoreKeepsNothing(t *testing.T) {
	const src = `package p

func f(c bool) (func() int, func() int) {
	x := 1
	y := 2
	if c {
		y = 3
	}
	return func() int { return x }, func() int { return y }
}
`
	gone := func() weak.Pointer[ssa.Program] {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "p.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, types.NewPackage("p", "p"), []*ast.File{file}, 0)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, b := range pkg.Func("f").Blocks {
			for _, instr := range b.Instrs {
				if a, ok := instr.(*ssa.Alloc); ok {
					v := ssax.SingleStore(a)
					got[a.Comment] = fmt.Sprint(v)
					if ssax.SingleStore(a) != v {
						t.Errorf("SingleStore(%s): a second call answers otherwise", a.Comment)
					}
				}
			}
		}
		if got["x"] != "1:int" || got["y"] != "<nil>" {
			t.Errorf("SingleStore: got %v, want x's store of 1 and none for y", got)
		}
		return weak.Make(pkg.Prog)
	}()
	for range 5 {
		runtime.GC()
		if gone.Value() == nil {
			return
		}
	}
	t.Error("the SSA program is still alive after SingleStore: its cache keeps it")
}
