package catalog

import (
	"go/types"
	"reflect"
	"testing"
)

func TestSplitEntries(t *testing.T) {
	got := splitEntries(" (*m.Cache[K, V]).Get=network, m.F=sleep ,,m.G=none")
	want := []string{"(*m.Cache[K, V]).Get=network", "m.F=sleep", "m.G=none"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("splitEntries = %q, want %q", got, want)
	}
	if got := stripTypeParams("(*m.Cache[K, V]).Get"); got != "(*m.Cache).Get" {
		t.Errorf("stripTypeParams = %q", got)
	}
}

// TestUserFlags sets each flag and looks the entries up through the same
// functions the passes use.
func TestUserFlags(t *testing.T) {
	pkg := types.NewPackage("example.com/m", "m")
	sig := types.NewSignatureType(nil, nil, nil, nil, nil, false)
	fn := types.NewFunc(0, pkg, "F", sig)

	blocking, pools, cpu, handlers := NewBlockingFlag(), NewPoolFlag(), NewCPUFlag(), NewHandlerFlag()
	t.Cleanup(func() {
		for _, f := range []*UserFlag{blocking, pools, cpu, handlers} {
			f.Set("")
		}
	})
	if _, ok := Lookup(fn); ok {
		t.Fatal("example.com/m.F known before any flag")
	}
	if err := blocking.Set("example.com/m.F=fsync"); err != nil {
		t.Fatal(err)
	}
	if e, ok := Lookup(fn); !ok || e.Kind != Fsync {
		t.Errorf("Lookup after -blocking: %v, %v", e, ok)
	}
	if err := pools.Set("example.com/m.F=new:size=1:work=2"); err != nil {
		t.Fatal(err)
	}
	if p, ok := LookupPool(fn); !ok || p.Role != PoolNew || p.SizeArg != 1 || p.WorkArg != 2 {
		t.Errorf("LookupPool after -pools: %+v, %v", p, ok)
	}
	if err := cpu.Set("example.com/m.F=linear:input=0"); err != nil {
		t.Fatal(err)
	}
	if e, ok := LookupCPU(fn); !ok || e.Cost != CostLinear || e.Input != 0 {
		t.Errorf("LookupCPU after -cpuheavy: %+v, %v", e, ok)
	}
	if err := handlers.Set("example.com/m.F=methods:arg=1"); err != nil {
		t.Fatal(err)
	}
	if r, ok := LookupHandlerReg(fn); !ok || !r.Methods || r.HandlerArg != 1 || r.What != "request handler" {
		t.Errorf("LookupHandlerReg after -handlers: %+v, %v", r, ok)
	}
	if err := handlers.Set("example.com/m.G=handler:arg=0"); err != nil {
		t.Fatal(err)
	}
	if got := handlers.String(); got != "example.com/m.F=methods:arg=1,example.com/m.G=handler:arg=0" {
		t.Errorf("String = %q", got)
	}
	blocking.Set("")
	if _, ok := Lookup(fn); ok {
		t.Error("entry still there after -blocking=\"\"")
	}
}
