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

// MembersFact holds the AccessFacts of the members of a named type (its
// methods), as a fact on the type, or of a package (its package-level
// functions), as a package fact: one fact rather than one for each member.
//
// Nearly every exported method that touches its receiver has an AccessFact,
// and the drivers pay for each fact, whatever its size, in every package
// above it: go vet writes the imported facts of methods and types again into
// each package's file, lintcmd's runner decodes each dependency's whole
// closure. On honnef.co/go/tools, 92% of the 655,000 facts the runner
// decoded were method AccessFacts.
type MembersFact struct {
	Members map[string]*AccessFact
	raw     []byte            // the encoding, when Members is yet to be decoded
	index   map[string]string // name -> the member's encoding, made from raw on first use
}

func (*MembersFact) AFact() {}

const membersFactVersion = 1

// GobEncode writes the members in name order, each name followed by its
// AccessFact's own encoding.
func (f *MembersFact) GobEncode() ([]byte, error) {
	if f.raw != nil {
		return f.raw, nil
	}
	names := f.names()
	w := ssax.NewFactWriter(membersFactVersion)
	w.Uint(len(names))
	for _, name := range names {
		b, err := f.Members[name].GobEncode()
		if err != nil {
			return nil, err
		}
		w.Bytes(name)
		w.Bytes(string(b))
	}
	return w.Encoded(), nil
}

// GobDecode keeps the encoding for Member to read.
func (f *MembersFact) GobDecode(data []byte) error {
	if len(data) == 0 || data[0] != membersFactVersion {
		return fmt.Errorf("MembersFact: unknown encoding version")
	}
	*f = MembersFact{raw: bytes.Clone(data)}
	return nil
}

// Member returns the fact of the method or function called name.
func (f *MembersFact) Member(name string) (*AccessFact, bool) {
	if f.raw == nil {
		m, ok := f.Members[name]
		return m, ok
	}
	enc, ok := f.decodeIndex()[name]
	if !ok {
		return nil, false
	}
	var m AccessFact
	if m.GobDecode([]byte(enc)) != nil {
		return nil, false
	}
	return &m, true
}

// decodeIndex maps each name of the encoding to its AccessFact's encoding,
// reading raw on the first call.
func (f *MembersFact) decodeIndex() map[string]string {
	if f.index == nil {
		f.index = make(map[string]string)
		r := ssax.NewFactReader(f.raw, membersFactVersion)
		for n := r.Uint(); n > 0 && r.OK(); n-- {
			name, enc := r.Bytes(), r.Bytes()
			f.index[name] = enc
		}
	}
	return f.index
}

// names returns the members' names in order.
func (f *MembersFact) names() []string {
	var names []string
	if f.raw == nil {
		for name := range f.Members {
			names = append(names, name)
		}
	} else {
		for name := range f.decodeIndex() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

func (f *MembersFact) String() string {
	var parts []string
	for _, name := range f.names() {
		m, _ := f.Member(name)
		parts = append(parts, name+": "+m.String())
	}
	return "members(" + strings.Join(parts, "; ") + ")"
}

// methodType returns the type whose MembersFact holds fn's fact: the named
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
	byType := make(map[*types.TypeName]*MembersFact)
	funcs := &MembersFact{Members: make(map[string]*AccessFact)}
	for fn, f := range facts {
		tn := methodType(fn)
		if tn == nil {
			funcs.Members[fn.Name()] = f
			continue
		}
		if byType[tn] == nil {
			byType[tn] = &MembersFact{Members: make(map[string]*AccessFact)}
		}
		byType[tn].Members[fn.Name()] = f
	}
	for tn, f := range byType {
		pass.ExportObjectFact(tn, f)
	}
	if len(funcs.Members) > 0 {
		pass.ExportPackageFact(funcs)
	}
}

// importFact returns the fact of fn, a function or method of another
// package.
func (r *Result) importFact(fn *types.Func) (*AccessFact, bool) {
	if tn := methodType(fn); tn != nil {
		var tf MembersFact
		if !r.pass.ImportObjectFact(tn, &tf) {
			return nil, false
		}
		return tf.Member(fn.Name())
	}
	if fn.Pkg() == nil {
		return nil, false
	}
	tf, ok := r.pkgFacts[fn.Pkg()]
	if !ok {
		tf = new(MembersFact)
		if !r.pass.ImportPackageFact(fn.Pkg(), tf) {
			tf = nil
		}
		r.pkgFacts[fn.Pkg()] = tf
	}
	if tf == nil {
		return nil, false
	}
	return tf.Member(fn.Name())
}
