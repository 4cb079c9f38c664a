package reach

import (
	"go/types"
	"sort"
	"strings"

	"github.com/corefit/corefit/passes/catalog"
	"github.com/corefit/corefit/passes/ssax"
)

// ImplsFact lists the unexported concrete types of a package with their
// exported methods, so that a package above it can find them as
// implementations of an interface: an importer sees another package
// through its export data, which leaves out the types its exported API does
// not mention (etcd's auth.NewAuthStore returns the AuthStore interface,
// and *authStore is seen nowhere else). The methods are those of the
// pointer's method set, promoted ones included, each with the package and
// full name of the function that implements it.
type ImplsFact struct {
	Types []ImplType
}

func (*ImplsFact) AFact() {}

func (f *ImplsFact) String() string {
	var parts []string
	for _, t := range f.Types {
		var ms []string
		for _, m := range t.Methods {
			ms = append(ms, m.Name)
		}
		parts = append(parts, t.Name+"{"+strings.Join(ms, ",")+"}")
	}
	return "impls(" + strings.Join(parts, " ") + ")"
}

// ImplType is one type of an ImplsFact.
type ImplType struct {
	Name    string
	Methods []ImplMethod
}

// ImplMethod is one method: its name, its signature as sigKey writes it,
// and the function that implements it (FullName, and its package's path).
type ImplMethod struct {
	Name, Sig string
	Func      string
	FuncPkg   string
}

// sigKey writes a signature without its receiver and parameter names, with
// full package paths, so that two packages' views of one signature compare
// equal.
func sigKey(sig *types.Signature) string {
	var b strings.Builder
	tuple := func(t *types.Tuple) {
		for i := 0; i < t.Len(); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(types.TypeString(t.At(i).Type(), nil))
		}
	}
	b.WriteByte('(')
	tuple(sig.Params())
	if sig.Variadic() {
		b.WriteString("...")
	}
	b.WriteString(")(")
	tuple(sig.Results())
	b.WriteByte(')')
	return b.String()
}

// exportImpls exports the package's ImplsFact.
func (r *Result) exportImpls() {
	// Only interfaces outside the standard library are followed to their
	// implementations, and only within their repository: the standard
	// library's hidden types are never needed.
	if ssax.IsXTest(r.pass) || IsStd(r.pass.Pkg.Path()) {
		return
	}
	var fact ImplsFact
	scope := r.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.Exported() || tn.IsAlias() || ssax.InTestFile(r.pass.Fset, tn.Pos()) {
			continue
		}
		n, ok := tn.Type().(*types.Named)
		if !ok || types.IsInterface(n) || n.TypeParams().Len() > 0 || IsTestDouble(n) {
			continue
		}
		t := ImplType{Name: name}
		for sel := range r.prog.MethodSets.MethodSet(types.NewPointer(n)).Methods() {
			fn, ok := sel.Obj().(*types.Func)
			if !ok || !fn.Exported() || fn.Pkg() == nil {
				continue
			}
			t.Methods = append(t.Methods, ImplMethod{Name: fn.Name(), Sig: sigKey(fn.Signature()), Func: catalog.FullName(fn), FuncPkg: fn.Pkg().Path()})
		}
		if len(t.Methods) > 0 {
			fact.Types = append(fact.Types, t)
		}
	}
	if len(fact.Types) > 0 {
		r.pass.ExportPackageFact(&fact)
	}
}

// hiddenType is a type known only from an ImplsFact.
type hiddenType struct {
	pkg string
	t   ImplType
}

// hidden returns the types of the packages of a repository that this
// package cannot see, from their ImplsFacts.
func (r *Result) hidden(root string) []hiddenType {
	if hs, ok := r.hiddenByRepo[root]; ok {
		return hs
	}
	var out []hiddenType
	for _, pf := range r.pass.AllPackageFacts() {
		f, ok := pf.Fact.(*ImplsFact)
		if !ok || pf.Package == r.pass.Pkg || repoRoot(pf.Package.Path()) != root {
			continue
		}
		for _, t := range f.Types {
			if pf.Package.Scope().Lookup(t.Name) != nil {
				continue // in sight after all: found through its object
			}
			out = append(out, hiddenType{pf.Package.Path(), t})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].pkg != out[j].pkg {
			return out[i].pkg < out[j].pkg
		}
		return out[i].t.Name < out[j].t.Name
	})
	r.hiddenByRepo[root] = out
	return out
}

// hiddenImpls returns the methods named m of the hidden types that have
// every method of the interface it, with the same signatures.
func (r *Result) hiddenImpls(it *types.Interface, m *types.Func, how string) []Target {
	want := make(map[string]string) // name -> signature
	for i := 0; i < it.NumMethods(); i++ {
		im := it.Method(i)
		if !im.Exported() {
			return nil // only its own package can implement it
		}
		want[im.Name()] = sigKey(im.Signature())
	}
	var out []Target
	for _, h := range r.hidden(repoRoot(m.Pkg().Path())) {
		have := 0
		var tgt Target
		for _, hm := range h.t.Methods {
			if sig, ok := want[hm.Name]; ok && sig == hm.Sig {
				have++
				if hm.Name == m.Name() {
					tgt = r.hiddenTarget(hm, how)
				}
			}
		}
		if have == len(want) && tgt.Key != "" {
			out = append(out, tgt)
		}
	}
	return out
}

// hiddenTarget is the target for a method of a hidden type: its object
// when the function that implements it is in sight (a promoted method of an
// exported type), else its key for the property passes' package facts.
func (r *Result) hiddenTarget(hm ImplMethod, how string) Target {
	t := Target{Key: hm.Func, KeyPkg: hm.FuncPkg, How: how, Name: hm.Func}
	if p := r.Package(hm.FuncPkg); p != nil {
		// "(*go.etcd.io/etcd/server/v3/auth.authStore).M" reads
		// "(*auth.authStore).M".
		t.Name = strings.Replace(hm.Func, p.Path()+".", p.Name()+".", 1)
		if obj := lookupFunc(p, hm.Func); obj != nil {
			t.Obj = obj
			if obj.Pkg() == r.pass.Pkg {
				return r.methodTarget(obj)
			}
		}
	}
	return t
}

// lookupFunc finds a method by its FullName in its package, when its
// receiver type is in the package's scope.
func lookupFunc(p *types.Package, full string) *types.Func {
	// "(*pkg/path.T).M" or "(pkg/path.T).M"
	if !strings.HasPrefix(full, "(") {
		return nil
	}
	recv, name, ok := strings.Cut(full[1:], ").")
	if !ok {
		return nil
	}
	ptr := strings.HasPrefix(recv, "*")
	recv = strings.TrimPrefix(recv, "*")
	typ := strings.TrimPrefix(recv, p.Path()+".")
	if typ == recv {
		return nil
	}
	if i := strings.IndexByte(typ, '['); i >= 0 {
		typ = typ[:i]
	}
	tn, ok := p.Scope().Lookup(typ).(*types.TypeName)
	if !ok {
		return nil
	}
	var T types.Type = tn.Type()
	if ptr {
		T = types.NewPointer(T)
	}
	obj, _, _ := types.LookupFieldOrMethod(T, true, p, name)
	fn, _ := obj.(*types.Func)
	return fn
}

// Package returns the package of that path among this package and those it
// imports outside the standard library (where hidden types live), or nil.
func (r *Result) Package(path string) *types.Package {
	if r.pkgs == nil {
		r.collectPkgs()
	}
	for _, p := range r.pkgs {
		if p.Path() == path {
			return p
		}
	}
	return nil
}
