package sharedstate

// The suggested fixes of sharedstate's diagnostics. A fix is offered only
// where it is correct by construction: the fixed code compiles, and every
// access of the memory it is offered for is synchronised after it, so that
// the race is gone rather than moved. Where that cannot be shown from the
// syntax and the types, no fix is offered; the finding stands alone.
//
// go vet -fix applies a diagnostic's first fix, so each diagnostic has at
// most one. Silencing a finding (//lint:ignore) is not a fix: corefit lsp
// offers it as a code action of its own.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"
	"honnef.co/go/tools/analysis/code"

	"github.com/corefit/corefit/passes/locks"
	"github.com/corefit/corefit/passes/shared"
)

// fixes returns the suggested fixes of a diagnostic on the pair (at, other).
func (c *checker) fixes(at, other shared.Access) []analysis.SuggestedFix {
	var f *analysis.SuggestedFix
	switch kindOf(at, other) {
	case kindCounter:
		f = c.counterFix(at.Pos)
	case kindSlice:
		if at.Op == shared.Append && other.Op == shared.Append {
			f = c.appendFix(at, other)
		}
	}
	if f == nil {
		return nil
	}
	return []analysis.SuggestedFix{*f}
}

// --- counters

// atomicType is the sync/atomic type that replaces a counter of a basic
// type: conv converts its Load back to the counter's type, and arg converts
// a non-constant operand of += to Add's parameter type.
type atomicType struct{ name, conv, arg string }

var atomicTypes = map[types.BasicKind]atomicType{
	types.Int:     {"Int64", "int", "int64"},
	types.Int32:   {"Int32", "", ""},
	types.Int64:   {"Int64", "", ""},
	types.Uint:    {"Uint64", "uint", "uint64"},
	types.Uint32:  {"Uint32", "", ""},
	types.Uint64:  {"Uint64", "", ""},
	types.Uintptr: {"Uintptr", "", ""},
}

// atomicFuncs names the sync/atomic functions (AddInt64, LoadInt64) for the
// types whose cells they take the address of.
var atomicFuncs = map[types.BasicKind]string{
	types.Int32:  "Int32",
	types.Int64:  "Int64",
	types.Uint32: "Uint32",
	types.Uint64: "Uint64",
}

// counterUse is one use of a counter: x is the variable or the field
// selector, update the statement that updates it (x++, x += k), nil for a
// read; init marks a field's key in a composite literal.
type counterUse struct {
	file   *ast.File
	x      ast.Expr
	update ast.Stmt
	init   bool
}

// counterFix returns the fix of a counter incremented at pos: a local
// variable becomes a sync/atomic type (var n atomic.Int64; n.Add(1);
// n.Load()); a package variable or a field of an exact sized type is
// updated and read by sync/atomic's functions (atomic.AddInt32(&c.n, 1),
// atomic.LoadInt32(&c.n)). Either way every use of the counter in the
// package is rewritten, so no plain access is left to race with. Not
// offered when a use is anything else (an assignment, &n, an operand of
// unsafe's builtins), for exported package variables and fields (other
// packages' uses would not be rewritten), for 64-bit fields (the atomic
// functions need an alignment a field does not have on 32-bit platforms),
// and where the name atomic means something else.
func (c *checker) counterFix(pos token.Pos) *analysis.SuggestedFix {
	file, path := c.pathAt(pos)
	if file == nil {
		return nil
	}
	var x ast.Expr
	for _, n := range path {
		if s, ok := n.(*ast.IncDecStmt); ok {
			x = s.X
			break
		}
		if s, ok := n.(*ast.AssignStmt); ok && len(s.Lhs) == 1 {
			x = s.Lhs[0]
			break
		}
	}
	v := c.counterVar(x)
	if v == nil || v.Exported() {
		return nil
	}
	basic, ok := v.Type().(*types.Basic)
	if !ok {
		return nil
	}
	uses, ok := c.counterUses(v)
	if !ok {
		return nil
	}
	local := !v.IsField() && v.Parent() != c.pass.Pkg.Scope()
	if t, ok := atomicTypes[basic.Kind()]; ok && local {
		if f := c.atomicTypeFix(v, t, uses); f != nil {
			return f
		}
	}
	if fn, ok := atomicFuncs[basic.Kind()]; ok && (!v.IsField() || basic.Kind() == types.Int32 || basic.Kind() == types.Uint32) {
		return c.atomicFuncFix(types.ExprString(x), fn, uses)
	}
	return nil
}

// counterVar returns the variable or field that x names: an identifier or
// a selector of a field.
func (c *checker) counterVar(x ast.Expr) *types.Var {
	var id *ast.Ident
	switch x := x.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return nil
	}
	v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil || v.Pkg() != c.pass.Pkg {
		return nil
	}
	return v
}

// counterUses returns every use of v in the package's files, or false when
// one is not an update (x++, x--, x += k, x -= k, with x not in k), a plain
// read, or a field's key in a composite literal.
func (c *checker) counterUses(v *types.Var) ([]counterUse, bool) {
	var uses []counterUse
	ok := true
	for _, f := range c.pass.Files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			stack = append(stack, n)
			id, isID := n.(*ast.Ident)
			if !ok || !isID || c.pass.TypesInfo.Uses[id] != v {
				return ok
			}
			u, good := c.counterUse(f, stack, v)
			uses = append(uses, u)
			ok = ok && good
			return ok
		})
	}
	return uses, ok
}

// counterUse classifies the use of v at the top of stack.
func (c *checker) counterUse(f *ast.File, stack []ast.Node, v *types.Var) (counterUse, bool) {
	parent := func(i int) ast.Node {
		if i < len(stack) {
			return stack[len(stack)-1-i]
		}
		return nil
	}
	u := counterUse{file: f, x: parent(0).(ast.Expr)}
	up := 1
	if sel, ok := parent(1).(*ast.SelectorExpr); ok && sel.Sel == u.x {
		u.x, up = sel, 2
	} else if kv, ok := parent(1).(*ast.KeyValueExpr); ok && kv.Key == u.x && v.IsField() {
		u.init = true
		return u, true
	}
	if v.IsField() && u.x == parent(0) {
		return u, false // a field named bare: a promoted method's receiver or the like
	}
	switch p := parent(up).(type) {
	case *ast.IncDecStmt:
		u.update = p
		return u, isSigned(v) || p.Tok == token.INC
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == u.x {
				u.update = p
				good := len(p.Lhs) == 1 && (p.Tok == token.ADD_ASSIGN || p.Tok == token.SUB_ASSIGN && isSigned(v))
				return u, good && !code.RefersTo(c.pass, p.Rhs[0], v) && c.negatable(p, v)
			}
		}
	case *ast.UnaryExpr:
		if p.Op == token.AND {
			return u, false // the address escapes the rewrite
		}
	case *ast.RangeStmt:
		if p.Key == u.x || p.Value == u.x {
			return u, false
		}
	case *ast.ParenExpr:
		return u, false
	case *ast.CallExpr:
		if b, ok := typeutil.Callee(c.pass.TypesInfo, p).(*types.Builtin); ok && b.Pkg() != nil {
			return u, false // unsafe.Sizeof(n): not a read of its value
		}
	}
	return u, c.pass.TypesInfo.Types[u.x].Addressable()
}

func isSigned(v *types.Var) bool {
	b, ok := v.Type().(*types.Basic)
	return ok && b.Info()&types.IsUnsigned == 0
}

// negatable reports whether the operand of x -= k can be negated in x's
// type: a constant k that is the type's least value cannot.
func (c *checker) negatable(s *ast.AssignStmt, v *types.Var) bool {
	k := c.pass.TypesInfo.Types[s.Rhs[0]].Value
	if s.Tok != token.SUB_ASSIGN || k == nil {
		return true
	}
	neg, exact := constant.Int64Val(constant.UnaryOp(token.SUB, k, 0))
	size := c.pass.TypesSizes.Sizeof(v.Type()) * 8
	return exact && size <= 64 && neg <= 1<<(size-1)-1
}

// atomicTypeFix changes a local counter's type to t, or returns nil when
// its declaration is not one a type can be put in: a single variable,
// declared by var or := at a statement, with no value or zero.
func (c *checker) atomicTypeFix(v *types.Var, t atomicType, uses []counterUse) *analysis.SuggestedFix {
	file, path := c.pathAt(v.Pos())
	if file == nil || len(path) < 3 {
		return nil
	}
	zero := func(e ast.Expr) bool {
		k := c.pass.TypesInfo.Types[e].Value
		return k != nil && k.Kind() == constant.Int && constant.Sign(k) == 0
	}
	typ := "atomic." + t.name
	e := &editor{c: c}
	switch d := path[1].(type) {
	case *ast.AssignStmt:
		if d.Tok != token.DEFINE || len(d.Lhs) != 1 || len(d.Rhs) != 1 || !zero(d.Rhs[0]) || !isBlockStmt(path[2], d) {
			return nil
		}
		e.replace(d.Pos(), d.End(), "var "+v.Name()+" "+typ)
	case *ast.ValueSpec:
		if len(d.Names) != 1 || len(d.Values) == 1 && !zero(d.Values[0]) {
			return nil
		}
		e.replace(d.Names[0].End(), d.End(), " "+typ)
	default:
		return nil
	}
	e.needAtomic(file, v.Pos())
	for _, u := range uses {
		e.needAtomic(u.file, u.x.Pos())
		switch {
		case u.update != nil:
			e.update(u, "", ".Add(", t.arg)
		case t.conv != "":
			e.insert(u.x.Pos(), t.conv+"(")
			e.insert(u.x.End(), ".Load())")
		default:
			e.insert(u.x.End(), ".Load()")
		}
	}
	return e.fix(fmt.Sprintf("make %s an %s", v.Name(), typ))
}

// update rewrites the update of a counter (n++, n -= k) into a call: prefix
// goes before the counter and open after it (".Add(", ", "), then the
// delta, converted by conv when it is not a constant, and the call's end.
func (e *editor) update(u counterUse, prefix, open, conv string) {
	if prefix != "" {
		e.insert(u.x.Pos(), prefix)
	}
	switch s := u.update.(type) {
	case *ast.IncDecStmt:
		delta := "1"
		if s.Tok == token.DEC {
			delta = "-1"
		}
		e.replace(u.x.End(), s.End(), open+delta+")")
	case *ast.AssignStmt:
		k := s.Rhs[0]
		end := ")"
		if conv != "" && e.c.pass.TypesInfo.Types[k].Value == nil {
			open, end = open+conv+"(", "))"
		}
		if s.Tok == token.SUB_ASSIGN {
			open, end = negate(open, end, k)
		}
		e.replace(u.x.End(), k.Pos(), open)
		e.insert(k.End(), end)
	}
}

// negate turns the opening and closing text of an operand into those of its
// negation: -k for a literal, -(k) otherwise.
func negate(open, end string, k ast.Expr) (string, string) {
	if _, lit := k.(*ast.BasicLit); lit && end == ")" {
		return open + "-", end
	}
	return open + "-(", ")" + end
}

// isBlockStmt reports whether s is a statement of a statement list (where
// a var declaration may stand), not an if's or a for's init.
func isBlockStmt(parent ast.Node, s ast.Stmt) bool {
	var list []ast.Stmt
	switch p := parent.(type) {
	case *ast.BlockStmt:
		list = p.List
	case *ast.CaseClause:
		list = p.Body
	case *ast.CommClause:
		list = p.Body
	}
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// atomicFuncFix rewrites every update of a counter into sync/atomic's Add
// function and every read into its Load; a field's key in a composite
// literal (made before it is shared) stays.
func (c *checker) atomicFuncFix(name, fn string, uses []counterUse) *analysis.SuggestedFix {
	add, load := "atomic.Add"+fn, "atomic.Load"+fn
	e := &editor{c: c}
	for _, u := range uses {
		if u.init {
			continue
		}
		e.needAtomic(u.file, u.x.Pos())
		if u.update != nil {
			e.update(u, add+"(&", ", ", "")
		} else {
			e.insert(u.x.Pos(), load+"(&")
			e.insert(u.x.End(), ")")
		}
	}
	return e.fix(fmt.Sprintf("update and read %s with %s and %s", name, add, load))
}

// --- appends

// appendFix returns the fix of a slice appended to by goroutines with no
// lock: hold the mutex declared beside the slice (a variable of the same
// scope, or a field of the same struct) around each append statement. Not
// offered when either access holds a lock (the mutex may be held there
// already), when there is not exactly one such mutex, when the mutex locks
// nothing elsewhere (nothing says it is meant for this), or when it cannot
// be named at the append.
func (c *checker) appendFix(at, other shared.Access) *analysis.SuggestedFix {
	if len(at.Locks) > 0 || len(other.Locks) > 0 || at.OpaqueLock || other.OpaqueLock {
		return nil
	}
	e := &editor{c: c}
	var name string
	done := make(map[ast.Stmt]bool)
	for _, pos := range []token.Pos{at.Pos, other.Pos} {
		s, mu := c.appendStmt(pos)
		if s == nil || name != "" && mu != name {
			return nil
		}
		name = mu
		if done[s] {
			continue
		}
		done[s] = true
		indent, ok := c.indentOf(s.Pos())
		if !ok {
			return nil
		}
		e.insert(s.Pos(), mu+".Lock()\n"+indent)
		e.insert(s.End(), "\n"+indent+mu+".Unlock()")
	}
	return e.fix(fmt.Sprintf("hold %s around the append", name))
}

// appendStmt returns the statement s = append(s, ...) at pos and the
// expression that names the mutex beside s there (mu, c.mu), or nil.
func (c *checker) appendStmt(pos token.Pos) (*ast.AssignStmt, string) {
	_, path := c.pathAt(pos)
	var s *ast.AssignStmt
	for i, n := range path {
		if a, ok := n.(*ast.AssignStmt); ok {
			if i+1 < len(path) && isBlockStmt(path[i+1], a) {
				s = a
			}
			break
		}
	}
	if s == nil || s.Tok != token.ASSIGN || len(s.Lhs) != 1 || len(s.Rhs) != 1 {
		return nil, ""
	}
	call, ok := s.Rhs[0].(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return nil, ""
	}
	if b, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Builtin); !ok || b.Name() != "append" {
		return nil, ""
	}
	v := c.counterVar(s.Lhs[0])
	if v == nil || c.counterVar(call.Args[0]) != v || types.ExprString(s.Lhs[0]) != types.ExprString(call.Args[0]) {
		return nil, ""
	}
	switch x := s.Lhs[0].(type) {
	case *ast.Ident:
		mu := c.mutexBeside(v.Parent(), nil)
		if mu == nil || c.lookup(mu.Name(), s.Pos()) != mu {
			return nil, ""
		}
		return s, mu.Name()
	case *ast.SelectorExpr:
		recv, ok := x.X.(*ast.Ident)
		sel := c.pass.TypesInfo.Selections[x]
		if !ok || sel == nil || len(sel.Index()) != 1 {
			return nil, "" // a promoted field: its mutex is in another struct
		}
		ptr, ok := sel.Recv().Underlying().(*types.Pointer)
		if !ok {
			return nil, "" // a copy of the struct: its mutex is a copy too
		}
		st, ok := ptr.Elem().Underlying().(*types.Struct)
		if !ok {
			return nil, ""
		}
		mu := c.mutexBeside(nil, st)
		if mu == nil {
			return nil, ""
		}
		return s, recv.Name + "." + mu.Name()
	}
	return nil, ""
}

// mutexBeside returns the one sync.Mutex or sync.RWMutex declared in scope
// (or among the fields of st) that locks something in the package, or nil.
func (c *checker) mutexBeside(scope *types.Scope, st *types.Struct) *types.Var {
	var cands []*types.Var
	if scope != nil {
		for _, name := range scope.Names() {
			if v, ok := scope.Lookup(name).(*types.Var); ok {
				cands = append(cands, v)
			}
		}
	} else {
		for i := range st.NumFields() {
			cands = append(cands, st.Field(i))
		}
	}
	var mu *types.Var
	for _, v := range cands {
		if locks.IsMutex(v.Type()) {
			if mu != nil {
				return nil // two: which one is meant is not known
			}
			mu = v
		}
	}
	if mu == nil || !c.locksSomething(mu) {
		return nil
	}
	return mu
}

// locksSomething reports whether the package calls mu.Lock() somewhere.
func (c *checker) locksSomething(mu *types.Var) bool {
	for _, f := range c.pass.Files {
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Lock" && c.counterVar(sel.X) == mu {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// --- edits

// lookup returns the object that name means at pos.
func (c *checker) lookup(name string, pos token.Pos) types.Object {
	scope := c.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return nil
	}
	_, obj := scope.LookupParent(name, pos)
	return obj
}

// pathAt returns the file that holds pos and the path of nodes enclosing
// it, innermost first.
func (c *checker) pathAt(pos token.Pos) (*ast.File, []ast.Node) {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			path, _ := astutil.PathEnclosingInterval(f, pos, pos)
			return f, path
		}
	}
	return nil, nil
}

// indentOf returns the blanks before pos on its line, false when something
// else stands there too.
func (c *checker) indentOf(pos token.Pos) (string, bool) {
	tf := c.pass.Fset.File(pos)
	if tf == nil || c.pass.ReadFile == nil {
		return "", false
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil || tf.Size() != len(src) {
		return "", false
	}
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	indent := src[start:tf.Offset(pos)]
	if len(bytes.Trim(indent, " \t")) > 0 {
		return "", false
	}
	return string(indent), true
}

// editor collects the edits of one fix; failed marks a fix not to offer.
type editor struct {
	c      *checker
	edits  []analysis.TextEdit
	atomic map[*ast.File]bool
	failed bool
}

func (e *editor) replace(pos, end token.Pos, text string) {
	e.edits = append(e.edits, analysis.TextEdit{Pos: pos, End: end, NewText: []byte(text)})
}

func (e *editor) insert(pos token.Pos, text string) { e.replace(pos, pos, text) }

// needAtomic notes that the edit at pos in file names the package atomic:
// the name must mean sync/atomic there, or nothing, and then the file
// imports it.
func (e *editor) needAtomic(file *ast.File, pos token.Pos) {
	obj := e.c.lookup("atomic", pos)
	if pkg, ok := obj.(*types.PkgName); ok && pkg.Imported().Path() == "sync/atomic" {
		return
	}
	if obj != nil {
		e.failed = true
		return
	}
	if e.atomic == nil {
		e.atomic = make(map[*ast.File]bool)
	}
	e.atomic[file] = true
}

// fix returns the suggested fix of the edits, with the imports they need,
// or nil when one failed.
func (e *editor) fix(msg string) *analysis.SuggestedFix {
	if e.failed || len(e.edits) == 0 {
		return nil
	}
	for f := range e.atomic {
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "sync/atomic" {
				return nil // imported under another name: atomic is not it
			}
		}
		if !e.addImport(f, "sync/atomic") {
			return nil
		}
	}
	sort.SliceStable(e.edits, func(i, j int) bool { return e.edits[i].Pos < e.edits[j].Pos })
	return &analysis.SuggestedFix{Message: msg, TextEdits: e.edits}
}

// addImport adds an import of path to f: into its first import
// declaration, in order, or after the package clause when it has none. An
// import "C" declaration is left alone (cgo takes its doc comment as the
// preamble only while it imports "C" alone): past it, path gets a
// declaration of its own.
func (e *editor) addImport(f *ast.File, path string) bool {
	quoted := strconv.Quote(path)
	var decl, last *ast.GenDecl
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			last = g
			if decl == nil && !slices.ContainsFunc(g.Specs, func(s ast.Spec) bool { return s.(*ast.ImportSpec).Path.Value == `"C"` }) {
				decl = g
			}
		}
	}
	switch {
	case decl == nil && last != nil:
		e.insert(last.End(), "\n\nimport "+quoted)
	case decl == nil:
		e.insert(f.Name.End(), "\n\nimport "+quoted)
	case !decl.Lparen.IsValid():
		spec := decl.Specs[0].(*ast.ImportSpec)
		specs := []string{importText(spec), quoted}
		if spec.Path.Value > quoted {
			specs[0], specs[1] = specs[1], specs[0]
		}
		e.replace(decl.Pos(), decl.End(), "import (\n\t"+specs[0]+"\n\t"+specs[1]+"\n)")
	default:
		for _, s := range decl.Specs {
			if s := s.(*ast.ImportSpec); s.Path.Value > quoted {
				indent, ok := e.c.indentOf(s.Pos())
				if !ok {
					return false
				}
				e.insert(s.Pos(), quoted+"\n"+indent)
				return true
			}
		}
		if len(decl.Specs) == 0 {
			e.insert(decl.Lparen+1, "\n\t"+quoted+"\n")
			return true
		}
		last := decl.Specs[len(decl.Specs)-1]
		indent, ok := e.c.indentOf(last.Pos())
		if !ok {
			return false
		}
		e.insert(last.End(), "\n"+indent+quoted)
	}
	return true
}

func importText(s *ast.ImportSpec) string {
	if s.Name != nil {
		return s.Name.Name + " " + s.Path.Value
	}
	return s.Path.Value
}
