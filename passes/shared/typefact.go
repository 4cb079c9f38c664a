package shared

import (
	"bytes"
	"fmt"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/corefit/corefit/passes/ssax"
)

// TypeFact holds the AccessFacts of a named type's methods, one fact for
// the type rather than one for each method; the package's own TypeFact, a
// package fact, holds those of its package-level functions.
//
// Nearly every exported method that touches its receiver has an AccessFact,
// and the drivers pay for each fact, whatever its size, in every package
// above it: go vet writes the imported facts of methods and types again into
// each package's file, lintcmd's runner decodes each dependency's whole
// closure. On honnef.co/go/tools, 92% of the 655,000 facts the runner
// decoded were method AccessFacts.
type TypeFact struct {
	Methods map[string]*AccessFact
	raw     []byte            // the encoding, when Methods is yet to be decoded
	index   map[string]string // name -> the method's encoding, made from raw on first use
}

func (*TypeFact) AFact() {}

const typeFactVersion = 1

// GobEncode writes the methods in name order, each name followed by its
// AccessFact's own encoding.
func (f *TypeFact) GobEncode() ([]byte, error) {
	if f.raw != nil {
		return f.raw, nil
	}
	names := f.names()
	w := ssax.NewFactWriter(typeFactVersion)
	w.Uint(len(names))
	for _, name := range names {
		b, err := f.Methods[name].GobEncode()
		if err != nil {
			return nil, err
		}
		w.Bytes(name)
		w.Bytes(string(b))
	}
	return w.Encoded(), nil
}

// GobDecode keeps the encoding for Method to read.
func (f *TypeFact) GobDecode(data []byte) error {
	if len(data) == 0 || data[0] != typeFactVersion {
		return fmt.Errorf("TypeFact: unknown encoding version")
	}
	*f = TypeFact{raw: bytes.Clone(data)}
	return nil
}

// Method returns the fact of the method called name.
func (f *TypeFact) Method(name string) (*AccessFact, bool) {
	if f.raw == nil {
		m, ok := f.Methods[name]
		return m, ok
	}
	if f.index == nil {
		f.index = make(map[string]string)
		r := ssax.NewFactReader(f.raw, typeFactVersion)
		for n := r.Uint(); n > 0 && r.OK(); n-- {
			name, enc := r.Bytes(), r.Bytes()
			f.index[name] = enc
		}
	}
	enc, ok := f.index[name]
	if !ok {
		return nil, false
	}
	var m AccessFact
	if m.GobDecode([]byte(enc)) != nil {
		return nil, false
	}
	return &m, true
}

func (f *TypeFact) names() []string {
	if f.raw == nil {
		names := make([]string, 0, len(f.Methods))
		for name := range f.Methods {
			names = append(names, name)
		}
		sort.Strings(names)
		return names
	}
	var names []string
	r := ssax.NewFactReader(f.raw, typeFactVersion)
	for n := r.Uint(); n > 0 && r.OK(); n-- {
		names = append(names, r.Bytes())
		r.Bytes()
	}
	return names
}

func (f *TypeFact) String() string {
	var parts []string
	for _, name := range f.names() {
		m, _ := f.Method(name)
		parts = append(parts, name+": "+m.String())
	}
	return "members(" + strings.Join(parts, "; ") + ")"
}

// methodType returns the type whose TypeFact holds fn's fact: the named
// receiver type of a method (its generic origin), or nil for a function.
func methodType(fn *types.Func) *types.TypeName {
	recv := fn.Origin().Signature().Recv()
	if recv == nil {
		return nil
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin().Obj()
	}
	return nil
}

// exportFacts attaches the methods' facts to their types and the
// functions' facts to the package: a package-level function can only be
// called (statically) from a package that imports its package, and both
// drivers hand every package the package facts of its imports.
func exportFacts(pass *analysis.Pass, facts map[*types.Func]*AccessFact) {
	byType := make(map[*types.TypeName]*TypeFact)
	funcs := &TypeFact{Methods: make(map[string]*AccessFact)}
	for fn, f := range facts {
		tn := methodType(fn)
		if tn == nil {
			funcs.Methods[fn.Name()] = f
			continue
		}
		if byType[tn] == nil {
			byType[tn] = &TypeFact{Methods: make(map[string]*AccessFact)}
		}
		byType[tn].Methods[fn.Name()] = f
	}
	for tn, f := range byType {
		pass.ExportObjectFact(tn, f)
	}
	if len(funcs.Methods) > 0 {
		pass.ExportPackageFact(funcs)
	}
}

// importFact returns the fact of fn, a function or method of another
// package.
func (r *Result) importFact(fn *types.Func) (*AccessFact, bool) {
	if tn := methodType(fn); tn != nil {
		var tf TypeFact
		if !r.pass.ImportObjectFact(tn, &tf) {
			return nil, false
		}
		return tf.Method(fn.Name())
	}
	if fn.Pkg() == nil {
		return nil, false
	}
	tf, ok := r.pkgFacts[fn.Pkg()]
	if !ok {
		tf = new(TypeFact)
		if !r.pass.ImportPackageFact(fn.Pkg(), tf) {
			tf = nil
		}
		r.pkgFacts[fn.Pkg()] = tf
	}
	if tf == nil {
		return nil, false
	}
	return tf.Method(fn.Name())
}
