package catalog

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// The pool libraries' stubs live in the analysistest tree, GOPATH layout.
const stubRoot = "../../testdata/src"

// poolStubPaths are the import paths whose stubs back the poolAPIs table.
var poolStubPaths = []string{
	"golang.org/x/sync/errgroup",
	"golang.org/x/sync/semaphore",
	"github.com/panjf2000/ants/v2",
	"github.com/alitto/pond",
	"github.com/alitto/pond/v2",
	"github.com/sourcegraph/conc/pool",
	"github.com/sourcegraph/conc/iter",
	"github.com/sourcegraph/conc/stream",
	"github.com/gammazero/workerpool",
	"github.com/Jeffail/tunny",
	"github.com/minio/pkg/v3/workers",
}

// payloadWorkArg lists the entries whose WorkArg is an interface{} payload
// rather than a func: tunny runs the payload only on a NewCallback pool and
// only when it is a func().
var payloadWorkArg = map[string]bool{
	"(*github.com/Jeffail/tunny.Pool).Process":      true,
	"(*github.com/Jeffail/tunny.Pool).ProcessTimed": true,
	"(*github.com/Jeffail/tunny.Pool).ProcessCtx":   true,
}

// stubImporter type-checks packages from stubRoot from source and leaves the
// standard library to the default importer. It works offline.
type stubImporter struct {
	t    *testing.T
	fset *token.FileSet
	std  types.Importer
	pkgs map[string]*types.Package
}

func newStubImporter(t *testing.T) *stubImporter {
	fset := token.NewFileSet()
	return &stubImporter{t: t, fset: fset, std: importer.ForCompiler(fset, "source", nil), pkgs: map[string]*types.Package{}}
}

func (im *stubImporter) Import(path string) (*types.Package, error) {
	if p, ok := im.pkgs[path]; ok {
		return p, nil
	}
	dir := filepath.Join(stubRoot, filepath.FromSlash(path))
	ents, err := os.ReadDir(dir)
	if err != nil {
		return im.std.Import(path)
	}
	var files []*ast.File
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(im.fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return im.std.Import(path)
	}
	conf := types.Config{Importer: im}
	p, err := conf.Check(path, im.fset, files, nil)
	if err != nil {
		return nil, fmt.Errorf("stub %s: %v", path, err)
	}
	im.pkgs[path] = p
	return p, nil
}

// stubFuncs returns every function and method declared in the stub packages,
// by catalog key: package functions, methods of named types (exported or
// not: ants' Tune is on the unexported poolCommon) and the methods that named
// interfaces declare themselves.
func stubFuncs(t *testing.T, im *stubImporter) map[string]*types.Func {
	t.Helper()
	fns := map[string]*types.Func{}
	add := func(f *types.Func) { fns[FullName(f)] = f }
	for _, path := range poolStubPaths {
		p, err := im.Import(path)
		if err != nil {
			t.Fatalf("loading stub: %v", err)
		}
		if p.Path() != path {
			t.Fatalf("stub %s has path %s", path, p.Path())
		}
		sc := p.Scope()
		for _, name := range sc.Names() {
			switch o := sc.Lookup(name).(type) {
			case *types.Func:
				add(o)
			case *types.TypeName:
				n, ok := o.Type().(*types.Named)
				if !ok {
					continue
				}
				for i := 0; i < n.NumMethods(); i++ {
					add(n.Method(i))
				}
				if it, ok := n.Underlying().(*types.Interface); ok {
					for i := 0; i < it.NumExplicitMethods(); i++ {
						add(it.ExplicitMethod(i))
					}
				}
			}
		}
	}
	return fns
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

func isFunc(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

func isEmptyInterface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.Empty()
}

// argType is the type of argument i of a call to sig; in a variadic
// call an index at or past the last parameter names one of the variadic
// arguments.
func argType(sig *types.Signature, i int) (types.Type, bool) {
	n := sig.Params().Len()
	if sig.Variadic() && i >= n-1 {
		return sig.Params().At(n - 1).Type().(*types.Slice).Elem(), true
	}
	if i < 0 || i >= n {
		return nil, false
	}
	return sig.Params().At(i).Type(), true
}

func TestPoolAPIsExistInStubs(t *testing.T) {
	fns := stubFuncs(t, newStubImporter(t))
	keys := make([]string, 0, len(poolAPIs))
	for k := range poolAPIs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		api := poolAPIs[key]
		fn, ok := fns[key]
		if !ok {
			t.Errorf("%s: no such function or method in the stubs", key)
			continue
		}
		sig := fn.Type().(*types.Signature)
		if api.Role < PoolNew || api.Role > SemAcquire {
			t.Errorf("%s: bad role %d", key, api.Role)
		}
		if api.Why == "" || unicode.IsUpper([]rune(api.Why)[0]) {
			t.Errorf("%s: Why %q should be a short lowercase phrase", key, api.Why)
		}
		if api.SizeArg < -1 || api.WorkArg < -1 {
			t.Errorf("%s: argument index below -1", key)
		}
		if api.SizeArg >= 0 {
			if typ, ok := argType(sig, api.SizeArg); !ok || !isInteger(typ) {
				t.Errorf("%s: SizeArg %d is not an integer parameter of %s", key, api.SizeArg, sig)
			}
		}
		if api.WorkArg >= 0 {
			typ, ok := argType(sig, api.WorkArg)
			switch {
			case !ok:
				t.Errorf("%s: WorkArg %d out of range for %s", key, api.WorkArg, sig)
			case payloadWorkArg[key]:
				if !isEmptyInterface(typ) {
					t.Errorf("%s: WorkArg %d should be an interface{} payload in %s", key, api.WorkArg, sig)
				}
			case !isFunc(typ):
				t.Errorf("%s: WorkArg %d is not a func parameter of %s", key, api.WorkArg, sig)
			}
		} else if payloadWorkArg[key] {
			t.Errorf("%s: listed in payloadWorkArg but has no WorkArg", key)
		}
		switch api.Role {
		case PoolNew, SemNew, PoolLimit:
			if api.SizeArg < 0 {
				t.Errorf("%s: role %d needs a SizeArg", key, api.Role)
			}
		case PoolSubmit, PoolRun:
			if api.WorkArg < 0 {
				t.Errorf("%s: role %d needs a WorkArg", key, api.Role)
			}
		}
		switch api.Role {
		case PoolNew, PoolNewUnbounded, SemNew:
			if sig.Results().Len() == 0 {
				t.Errorf("%s: a constructor with no result", key)
			}
		case PoolLimit, PoolSubmit, SemAcquire:
			if sig.Recv() == nil {
				t.Errorf("%s: role %d needs a receiver", key, api.Role)
			}
		}
		if api.ImplicitCPU && api.Role != PoolRun {
			t.Errorf("%s: ImplicitCPU on a role other than PoolRun", key)
		}
	}
}

// poolUse calls every API in poolAPIs the way user code does, with
// instantiated generics and methods reached through embedding and
// interfaces, so that the keys are checked against what a pass computes
// with LookupPool.
const poolUse = `package use

import (
	"context"
	"time"

	"github.com/Jeffail/tunny"
	"github.com/alitto/pond"
	pond2 "github.com/alitto/pond/v2"
	"github.com/gammazero/workerpool"
	"github.com/minio/pkg/v3/workers"
	"github.com/panjf2000/ants/v2"
	"github.com/sourcegraph/conc/iter"
	"github.com/sourcegraph/conc/pool"
	"github.com/sourcegraph/conc/stream"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

func work()                  {}
func workErr() error         { return nil }
func workInt() int           { return 0 }
func workIntErr() (int, error) { return 0, nil }

func use(ctx context.Context, n int) {
	var g errgroup.Group
	g.SetLimit(n)
	g.Go(workErr)
	g.TryGo(workErr)
	g2, _ := errgroup.WithContext(ctx)
	g2.Go(workErr)

	s := semaphore.NewWeighted(int64(n))
	_ = s.Acquire(ctx, 1)
	_ = s.TryAcquire(1)

	_ = ants.Submit(work)
	ap, _ := ants.NewPool(n)
	_ = ap.Submit(work)
	ap.Tune(n)
	af, _ := ants.NewPoolWithFunc(n, func(any) {})
	af.Tune(n)
	_ = af.Invoke(1)
	ag, _ := ants.NewPoolWithFuncGeneric(n, func(int) {})
	ag.Tune(n)
	_ = ag.Invoke(1)
	am, _ := ants.NewMultiPool(4, n, ants.RoundRobin)
	_ = am.Submit(work)
	am.Tune(n)
	amf, _ := ants.NewMultiPoolWithFunc(4, n, func(any) {}, ants.LeastTasks)
	amf.Tune(n)
	amg, _ := ants.NewMultiPoolWithFuncGeneric(4, n, func(string) {}, ants.LeastTasks)
	amg.Tune(n)

	p1 := pond.New(n, 100)
	p1.Submit(work)
	_ = p1.TrySubmit(work)
	p1.SubmitAndWait(work)
	p1.SubmitBefore(work, time.Second)
	p1.Group().Submit(work)
	gc, _ := p1.GroupContext(ctx)
	gc.Submit(workErr)

	p2 := pond2.NewPool(n)
	_ = p2.Go(work)
	_ = p2.Submit(work)
	_ = p2.SubmitErr(workErr)
	_, _ = p2.TrySubmit(work)
	_, _ = p2.TrySubmitErr(workErr)
	p2.Resize(n)
	p2.NewSubpool(n).Resize(n)
	p2.NewGroup().Submit(work, work).SubmitErr(workErr)
	rp := pond2.NewResultPool[int](n)
	_ = rp.Submit(workInt)
	_ = rp.SubmitErr(workIntErr)
	_, _ = rp.TrySubmit(workInt)
	_, _ = rp.TrySubmitErr(workIntErr)
	rp.Resize(n)
	rp.NewSubpool(n).NewGroup().Submit(workInt).SubmitErr(workIntErr)
	_ = pond2.Submit(work)
	_ = pond2.SubmitErr(workErr)
	_ = pond2.NewSubpool(n)

	cp := pool.New().WithMaxGoroutines(n)
	cp.Go(work)
	ep := pool.New().WithErrors().WithMaxGoroutines(n)
	ep.Go(workErr)
	xp := pool.New().WithContext(ctx).WithMaxGoroutines(n)
	xp.Go(func(context.Context) error { return nil })
	rr := pool.NewWithResults[int]().WithMaxGoroutines(n)
	rr.Go(workInt)
	re := pool.NewWithResults[int]().WithErrors().WithMaxGoroutines(n)
	re.Go(workIntErr)
	rc := pool.NewWithResults[int]().WithContext(ctx).WithMaxGoroutines(n)
	rc.Go(func(context.Context) (int, error) { return 0, nil })
	st := stream.New().WithMaxGoroutines(n)
	st.Go(func() stream.Callback { return work })

	in := []int{1, 2}
	iter.ForEach(in, func(*int) {})
	iter.ForEachIdx(in, func(int, *int) {})
	_ = iter.Map(in, func(*int) string { return "" })
	_, _ = iter.MapErr(in, func(*int) (string, error) { return "", nil })
	it := iter.Iterator[int]{MaxGoroutines: n}
	it.ForEach(in, func(*int) {})
	it.ForEachIdx(in, func(int, *int) {})
	m := iter.Mapper[int, bool]{}
	_ = m.Map(in, func(*int) bool { return true })
	_, _ = m.MapErr(in, func(*int) (bool, error) { return true, nil })

	wp := workerpool.New(n)
	wp.Submit(work)
	wp.SubmitWait(work)
	_ = wp.Do(work)
	_ = wp.DoWait(work)

	tp := tunny.NewCallback(n)
	tp.SetSize(n)
	_ = tp.Process(work)
	_, _ = tp.ProcessTimed(work, time.Second)
	_, _ = tp.ProcessCtx(ctx, work)
	_ = tunny.NewFunc(n, func(x interface{}) interface{} { return x })
	_ = tunny.New(n, func() tunny.Worker { return nil })

	wk, _ := workers.New(n)
	wk.Take()
	wk.Give()
	wk.Wait()
}
`

// notPoolAPIs are called in poolUse but are deliberately not in the table.
var notPoolAPIs = []string{
	"(*github.com/panjf2000/ants/v2.PoolWithFunc).Invoke",
	"(*github.com/panjf2000/ants/v2.PoolWithFuncGeneric[T]).Invoke",
	"(*github.com/alitto/pond.WorkerPool).Group",
	"(github.com/alitto/pond/v2.Pool).NewGroup",
	"(*github.com/sourcegraph/conc/pool.Pool).WithErrors",
}

func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	fun := ast.Unparen(call.Fun)
	switch x := fun.(type) {
	case *ast.IndexExpr:
		fun = x.X
	case *ast.IndexListExpr:
		fun = x.X
	}
	var obj types.Object
	switch x := fun.(type) {
	case *ast.Ident:
		obj = info.Uses[x]
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[x]; ok {
			obj = sel.Obj()
		} else {
			obj = info.Uses[x.Sel]
		}
	}
	fn, _ := obj.(*types.Func)
	return fn
}

func TestPoolAPIsMatchCalls(t *testing.T) {
	im := newStubImporter(t)
	f, err := parser.ParseFile(im.fset, "use.go", poolUse, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: im}
	if _, err := conf.Check("use", im.fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	called := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := calleeFunc(info, call)
		if fn == nil {
			return true
		}
		called[FullName(fn)] = true
		if api, ok := LookupPool(fn); ok {
			seen[FullName(fn)] = true
			if api.WorkArg >= len(call.Args) && !fn.Type().(*types.Signature).Variadic() {
				t.Errorf("%s: WorkArg %d but the call has %d arguments", FullName(fn), api.WorkArg, len(call.Args))
			}
		}
		return true
	})
	for key := range poolAPIs {
		if !seen[key] {
			t.Errorf("%s: no call in poolUse resolves to this key", key)
		}
	}
	for _, key := range notPoolAPIs {
		if !called[key] {
			t.Errorf("%s: not called in poolUse (misspelled?)", key)
		}
		if _, ok := poolAPIs[key]; ok {
			t.Errorf("%s: should not be in poolAPIs", key)
		}
	}
}
