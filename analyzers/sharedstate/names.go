package sharedstate

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/locks"
)

// termName renders a term for a message. A root that SSA names only by an
// instruction (a composite literal, a call's result) is named by the
// variable the source assigns it to, or else by its type.
func (c *checker) termName(t locks.Term) string {
	name := locks.RootName(t.Root)
	if g, ok := t.Root.(*ssa.Global); ok && g.Pkg != nil && g.Pkg.Pkg != c.pass.Pkg {
		name = g.Pkg.Pkg.Name() + "." + name
	} else if strings.HasPrefix(name, "(") || syntheticNames[name] {
		if n, ok := c.assignedName(t.Root.Pos()); ok {
			name = n
		} else {
			name = "(the " + types.TypeString(t.Root.Type(), types.RelativeTo(c.pass.Pkg)) + ")"
		}
	}
	return name + locks.PathString(t.Path)
}

// syntheticNames are the comments go/ssa gives allocations it makes for
// expressions rather than variables.
var syntheticNames = map[string]bool{"complit": true, "new": true, "slicelit": true, "varargs": true, "makeslice": true}

// assignedName returns the variable that the expression at pos (an
// allocation's Lbrace or Lparen) is assigned to: x in x := &T{...}.
func (c *checker) assignedName(pos token.Pos) (string, bool) {
	if !pos.IsValid() {
		return "", false
	}
	if c.names == nil {
		c.names = make(map[token.Pos]string)
		record := func(lhs ast.Expr, rhs ast.Expr) {
			id, ok := lhs.(*ast.Ident)
			if !ok || id.Name == "_" {
				return
			}
			for e := rhs; e != nil; {
				c.names[e.Pos()] = id.Name
				switch x := e.(type) {
				case *ast.UnaryExpr:
					e = x.X
					continue
				case *ast.CompositeLit:
					c.names[x.Lbrace] = id.Name
				case *ast.CallExpr:
					c.names[x.Lparen] = id.Name
				}
				break
			}
		}
		for _, f := range c.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					if len(n.Lhs) == len(n.Rhs) {
						for i := range n.Lhs {
							record(n.Lhs[i], n.Rhs[i])
						}
					}
				case *ast.ValueSpec:
					if len(n.Names) == len(n.Values) {
						for i := range n.Names {
							record(n.Names[i], n.Values[i])
						}
					}
				}
				return true
			})
		}
	}
	name, ok := c.names[pos]
	return name, ok
}
