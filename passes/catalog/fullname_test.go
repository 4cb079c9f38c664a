package catalog_test

import (
	"go/importer"
	"go/types"
	"testing"

	"github.com/corefit/corefit/passes/catalog"
)

// TestFullName: the catalog key is types.Func.FullName of the origin, for
// every function and method of packages with pointer and value receivers,
// interfaces, generic types and an embedded interface.
func TestFullName(t *testing.T) {
	imp := importer.Default()
	n := 0
	for _, path := range []string{"net/http", "sync", "sync/atomic", "io", "iter", "go/types", "container/list"} {
		pkg, err := imp.Import(path)
		if err != nil {
			t.Fatal(err)
		}
		check := func(fn *types.Func) {
			n++
			if got, want := catalog.FullName(fn), fn.Origin().FullName(); got != want {
				t.Errorf("FullName(%v) = %q, want %q", fn, got, want)
			}
		}
		for _, name := range pkg.Scope().Names() {
			switch obj := pkg.Scope().Lookup(name).(type) {
			case *types.Func:
				check(obj)
			case *types.TypeName:
				ms := types.NewMethodSet(types.NewPointer(obj.Type()))
				if types.IsInterface(obj.Type()) {
					ms = types.NewMethodSet(obj.Type())
				}
				for i := 0; i < ms.Len(); i++ {
					check(ms.At(i).Obj().(*types.Func))
				}
			}
		}
	}
	if n < 500 {
		t.Errorf("only %d functions checked", n)
	}
}
