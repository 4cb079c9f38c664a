package locks

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/ssax"
)

// A Term names a memory cell, or the object a pointer refers to, as a path
// from a root value. Two accesses touch the same memory when their terms are
// equal: the same root, the same path.
//
// The root is an SSA value: a global, a parameter, an allocation, a value
// made in the function (make, a call's result), or a free variable whose
// binding is not known. Free variables are replaced by the value their one
// closure binds, so that a closure and the function that makes it name a
// captured variable by the same root. The path is a sequence of steps:
//
//	.f   field f of the struct the path so far points to
//	@    the value held in the cell the path so far names (a load)
//	[]   the contents of the map the path so far is
//	#N   element N (a constant index) of the array or slice the path so
//	     far is or points to
//	#?   an element at an index not known
//	#*   every element (a loop over all of them, copy, a conversion)
//	!    the state of the channel the path so far is (close writes it,
//	     send and len read it)
//
// A Term is comparable and may be used as a map key.
type Term struct {
	Root ssa.Value
	Path string
}

// Valid reports whether t names something.
func (t Term) Valid() bool { return t.Root != nil }

// Append returns t extended by the steps in path.
func (t Term) Append(path string) Term { return Term{t.Root, t.Path + path} }

// Parent returns t without its last field step, and that field's name, or
// false when t does not end with a field.
func (t Term) Parent() (Term, string, bool) {
	i := strings.LastIndexByte(t.Path, '.')
	if i < 0 || strings.ContainsAny(t.Path[i:], "@[") {
		return Term{}, "", false
	}
	return Term{t.Root, t.Path[:i]}, t.Path[i+1:], true
}

// String renders t as the user would write it: "s.count", "m", "err".
func (t Term) String() string {
	return RootName(t.Root) + PathString(t.Path)
}

// PathString renders a term's path as Go source would: ".next.val".
func PathString(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '@', '!', '[', ']':
			// loads, channel state and map contents read as the
			// variable itself
		case '#':
			j := i + 1
			for j < len(path) && path[j] != '.' && path[j] != '@' && path[j] != '#' && path[j] != '[' && path[j] != '!' {
				j++
			}
			switch k := path[i+1 : j]; k {
			case "*":
			case "?":
				b.WriteString("[i]")
			default:
				b.WriteString("[" + k + "]")
			}
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Overlap reports whether two terms may name overlapping memory: equal
// terms, a variable or struct and a field or element inside it (a copy of
// the whole struct and a write of one field), and elements that may be the
// same: equal constant indices, or every element and any one. Two
// elements at indices not known are taken as distinct (out[i] written by
// each goroutine of a loop).
func Overlap(a, b Term) bool {
	if a.Root != b.Root {
		return false
	}
	if a.Path == b.Path && !strings.Contains(a.Path, "#?") {
		return true
	}
	p, q := a.Path, b.Path
	for {
		i := strings.IndexByte(p, '#')
		j := strings.IndexByte(q, '#')
		if i < 0 || j < 0 || i != j || p[:i] != q[:j] {
			break
		}
		ki, ri := elemStep(p[i+1:])
		kj, rj := elemStep(q[j+1:])
		if ki != kj && ki != "*" && kj != "*" || ki == "?" && kj == "?" {
			return false
		}
		p, q = ri, rj
	}
	if p == q {
		return true
	}
	short, long := p, q
	if len(short) > len(long) {
		short, long = long, short
	}
	// One contains the other by value: the rest holds no load (a
	// pointer's target is other memory) and no map contents.
	if !strings.HasPrefix(long, short) {
		return false
	}
	rest := long[len(short):]
	return (rest[0] == '.' || rest[0] == '#') && !strings.ContainsAny(rest, "@[!")
}

// elemStep splits the index of an element step from the path after it.
func elemStep(p string) (string, string) {
	j := 0
	for j < len(p) && p[j] != '.' && p[j] != '@' && p[j] != '#' && p[j] != '[' && p[j] != '!' {
		j++
	}
	return p[:j], p[j:]
}

// ElemIndex returns the step of an element at index idx: #N for a
// constant, #* for the counter of a loop from the start (a range over the
// slice), #? otherwise.
func ElemIndex(idx ssa.Value) string {
	if c, ok := idx.(*ssa.Const); ok && c.Value != nil {
		return "#" + c.Value.ExactString()
	}
	if ssax.WholeRange(idx) {
		return "#*"
	}
	return "#?"
}

// RootName names a root value: the variable, parameter or global it is.
func RootName(v ssa.Value) string {
	switch x := v.(type) {
	case *ssa.Alloc:
		if x.Comment != "" {
			return x.Comment
		}
	case *ssa.Global:
		return x.Name()
	case *ssa.Parameter:
		return x.Name()
	case *ssa.FreeVar:
		return x.Name()
	case *ssa.Function:
		return x.Name()
	}
	// A value made and stored in a variable (m := make(map...)) is
	// named by the variable.
	if refs := v.Referrers(); refs != nil {
		for _, r := range *refs {
			if s, ok := r.(*ssa.Store); ok && s.Val == v {
				if a, ok := s.Addr.(*ssa.Alloc); ok && a.Comment != "" {
					return a.Comment
				}
			}
		}
	}
	return "(" + v.Name() + ")"
}

// maxDepth bounds the walk from a value to its root.
const maxDepth = 16

// Addr returns the term of the cell that the address addr points to: a
// variable (an Alloc or a Global), a field (&x.f), or the object a pointer
// refers to. An element address (&s[i]) names the element by its index
// when the index is a constant (#N), as every element in a loop over all of
// them (#*), and as an element not known (#?) otherwise: see Overlap.
func Addr(addr ssa.Value) (Term, bool) { return addrTerm(addr, 0) }

// Value returns the term of the object a pointer, map or channel value
// refers to.
func Value(v ssa.Value) (Term, bool) { return valueTerm(v, 0) }

func addrTerm(v ssa.Value, depth int) (Term, bool) {
	if depth > maxDepth {
		return Term{}, false
	}
	switch x := ssax.Strip(v).(type) {
	case *ssa.FieldAddr:
		base, ok := valueTerm(x.X, depth+1)
		if !ok {
			return Term{}, false
		}
		f, _ := ssax.Field(x)
		if f == nil {
			return Term{}, false
		}
		return base.Append("." + f.Name()), true
	case *ssa.IndexAddr:
		base, ok := valueTerm(x.X, depth+1)
		if !ok {
			return Term{}, false
		}
		return base.Append(ElemIndex(x.Index)), true
	default:
		return valueTerm(x, depth+1)
	}
}

func valueTerm(v ssa.Value, depth int) (Term, bool) {
	if depth > maxDepth {
		return Term{}, false
	}
	v = ssax.Strip(v)
	switch x := v.(type) {
	case *ssa.FreeVar:
		if b := ssax.Binding(x); b != nil {
			return valueTerm(b, depth+1)
		}
		return Term{Root: x}, true
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return Term{Root: x}, true
		}
		// A variable stored to once holds that value for good: its
		// loads name what was stored (a captured p := &T{}).
		if a, ok := ssax.Canon(x.X).(*ssa.Alloc); ok {
			if s := ssax.SingleStore(a); s != nil && !isNilConst(s) {
				return valueTerm(s, depth+1)
			}
		}
		c, ok := addrTerm(x.X, depth+1)
		if !ok {
			return Term{}, false
		}
		return c.Append("@"), true
	case *ssa.FieldAddr, *ssa.IndexAddr:
		return addrTerm(x, depth+1)
	case *ssa.Const:
		return Term{}, false
	}
	return Term{Root: v}, true
}

func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// Subst rewrites the root of t with f, which returns the term that stands
// for a root in another function's frame (a callee's parameter for the
// caller's argument) and false when the root has no counterpart there.
func Subst(t Term, f func(ssa.Value) (Term, bool)) (Term, bool) {
	r, ok := f(t.Root)
	if !ok {
		return Term{}, false
	}
	return r.Append(t.Path), true
}

// IsMutex reports whether t is sync.Mutex or sync.RWMutex.
func IsMutex(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false
	}
	return n.Obj().Name() == "Mutex" || n.Obj().Name() == "RWMutex"
}
