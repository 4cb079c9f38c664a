package sharedstate

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/locks"
	"github.com/corefit/corefit/passes/shared"
	"github.com/corefit/corefit/passes/ssax"
)

// minGuarded is how many accesses with the sibling mutex held make the mutex
// the field's guard; the unguarded ones may be at most half as many.
const minGuarded = 3

// fieldSite is one access of a struct field, in the function that makes it.
type fieldSite struct {
	instr ssa.Instruction
	pos   token.Pos
	base  locks.Term // the struct whose field it is
	name  string     // the field's name
	write bool
	held  locks.Set // the callers' locks included
	// mutex is the sibling mutex field the function holds itself (for
	// writing, when a write), or "": the evidence that the mutex guards
	// the field. A helper that runs under its callers' lock is excused,
	// not counted, as where the package calls it from may change.
	mutex string
	// hasMutex: the struct has a mutex field.
	hasMutex bool
}

// checkInconsistent reports the accesses of a struct field made without the
// sibling mutex that is held at most of its accesses.
func (c *checker) checkInconsistent(funcs []*ssa.Function) {
	byField := make(map[*types.Var][]fieldSite)
	var order []*types.Var
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				f, site, ok := c.fieldAccess(instr)
				if !ok {
					continue
				}
				if _, seen := byField[f]; !seen {
					order = append(order, f)
				}
				byField[f] = append(byField[f], site)
			}
		}
	}
	if len(order) == 0 {
		return
	}
	if c.callers == nil {
		c.callers = callSites(funcs)
	}
	// A function that touches two or more fields of a struct with a
	// mutex, all without any lock, is written to run while the struct is
	// not shared (setup, a single owner), not a function that forgot the
	// lock once: its accesses are excused.
	type owner struct {
		fn   *ssa.Function
		base locks.Term
	}
	lockless := make(map[owner]map[string]bool)
	for _, f := range order {
		for _, s := range byField[f] {
			if s.hasMutex && len(s.held) == 0 {
				o := owner{s.instr.Parent(), s.base}
				if lockless[o] == nil {
					lockless[o] = make(map[string]bool)
				}
				lockless[o][s.name] = true
			}
		}
	}
	for _, f := range order {
		var sites []fieldSite
		for _, s := range byField[f] {
			if len(lockless[owner{s.instr.Parent(), s.base}]) < 2 {
				sites = append(sites, s)
			}
		}
		c.checkField(f, sites, c.callers)
	}
}

// fieldAccess recognises an access of a field: a load or store through &x.f,
// or a map operation on a map loaded from x.f.
func (c *checker) fieldAccess(instr ssa.Instruction) (*types.Var, fieldSite, bool) {
	addr, write := cellAccess(instr)
	if ld, ok := instr.(*ssa.UnOp); ok && addr != nil {
		write = writesMap(ld)
	}
	fa, ok := addr.(*ssa.FieldAddr)
	if !ok || c.skipFile(instr.Pos()) {
		return nil, fieldSite{}, false
	}
	f, _ := ssax.Field(fa)
	if f != nil && c.isTestFile(instr.Pos()) && !c.isTestFile(f.Pos()) {
		// Test files count neither way for the package's own types:
		// tests look at internal state once the work is done. A
		// type the tests declare (a fake, a recorder) is theirs, and
		// counts with -tests.
		return nil, fieldSite{}, false
	}
	if f == nil || f.Exported() || isSyncOrChan(f.Type()) {
		// An exported field is the user's configuration (a
		// Server's TLSConfig), set without the package's locks.
		return nil, fieldSite{}, false
	}
	base, ok := locks.Value(fa.X)
	if !ok {
		return nil, fieldSite{}, false
	}
	switch base.Root.(type) {
	case *ssa.Parameter, *ssa.Global, *ssa.Alloc, *ssa.FreeVar:
	default:
		// An object from a call or a phi: whether it is shared, and
		// with whom, is not known.
		return nil, fieldSite{}, false
	}
	site := fieldSite{instr: instr, pos: instr.Pos(), base: base, name: f.Name(), write: write, held: c.res.Locks().Held(instr)}
	own := c.res.Locks().OwnHeld(instr)
	st, _ := shared.Pointee(fa.X.Type()).Underlying().(*types.Struct)
	for i := 0; st != nil && i < st.NumFields(); i++ {
		m := st.Field(i)
		if !locks.IsMutex(m.Type()) {
			continue
		}
		site.hasMutex = true
		if h, ok := own.Find(base.Append("." + m.Name())); ok && (!write || !h.Read) {
			site.mutex = m.Name()
		}
	}
	return f, site, true
}

// cellAccess returns the address a store writes or a load reads, and
// whether it writes; nil for other instructions.
func cellAccess(instr ssa.Instruction) (addr ssa.Value, write bool) {
	switch x := instr.(type) {
	case *ssa.Store:
		return x.Addr, true
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return x.X, false
		}
	}
	return nil, false
}

// writesMap reports whether a loaded map is written: m[k] = v, delete(m, k).
func writesMap(v ssa.Value) bool {
	if _, ok := v.Type().Underlying().(*types.Map); !ok || v.Referrers() == nil {
		return false
	}
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.MapUpdate:
			if r.Map == v {
				return true
			}
		case *ssa.Call:
			if b, ok := r.Call.Value.(*ssa.Builtin); ok && (b.Name() == "delete" || b.Name() == "clear") {
				return true
			}
		}
	}
	return false
}

// line identifies a statement's line, to count and report accesses once per
// line (n++ is a read and a write).
func (c *checker) line(pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", p.Filename, p.Line)
}

// checkField reports the unguarded sites of one field.
func (c *checker) checkField(f *types.Var, sites []fieldSite, callers map[*ssa.Function][]ssa.CallInstruction) {
	count := make(map[string]int)
	lines := make(map[string]bool)
	for _, s := range sites {
		if k := s.mutex + " " + c.line(s.pos); s.mutex != "" && !lines[k] {
			lines[k] = true
			count[s.mutex]++
		}
	}
	mutex, guarded := "", 0
	for m, n := range count {
		if n > guarded || n == guarded && m < mutex {
			mutex, guarded = m, n
		}
	}
	if guarded < minGuarded || c.declaredAbove(f, mutex) {
		return
	}
	var unguarded []fieldSite
	var example fieldSite
	// Functions that write the field with the lock held: a field written
	// under the lock by one function only is often set once (a lazy
	// init behind a locked check) and read freely after; unguarded reads
	// are then not reported.
	writers := make(map[*ssa.Function]bool)
	closedAfterWrites := make(map[*types.Var]bool) // publishedByClose's, for these sites
	for _, s := range sites {
		if s.mutex == mutex {
			if !example.pos.IsValid() {
				example = s
			}
			if s.write {
				writers[s.instr.Parent()] = true
			}
			continue
		}
		if c.excused(s, mutex, callers) || c.publishedByClose(s, sites, closedAfterWrites) {
			continue
		}
		unguarded = append(unguarded, s)
	}
	// One site per line, the write when there is one.
	byLine := make(map[string]fieldSite)
	for _, s := range unguarded {
		k := c.line(s.pos)
		if old, ok := byLine[k]; !ok || s.write && !old.write {
			byLine[k] = s
		}
	}
	if len(byLine) == 0 || 2*len(byLine) > guarded {
		return
	}
	unguarded = unguarded[:0]
	for _, s := range byLine {
		unguarded = append(unguarded, s)
	}
	sort.Slice(unguarded, func(i, j int) bool { return unguarded[i].pos < unguarded[j].pos })
	for _, s := range unguarded {
		// A read in a function that writes the field under the lock
		// races only with other writers, which the function often
		// keeps out some other way (a semaphore, a single owner).
		if !s.write && (len(writers) < 2 || writers[s.instr.Parent()]) || c.skipFile(s.pos) || c.reportedLine[c.line(s.pos)] {
			continue
		}
		lock := s.base.Append("." + mutex)
		key := reportKey{s.base.Append("." + s.name), s.pos, false}
		if c.reported[key] {
			continue
		}
		c.reported[key] = true
		verb := "read"
		if s.write {
			verb = "written"
		}
		c.pass.Report(analysis.Diagnostic{
			Pos:      s.pos,
			Category: Category,
			Message: fmt.Sprintf("field %s is %s without %s held, which guards it at %d other accesses: guard this access with %s too",
				c.termName(s.base.Append("."+s.name)), verb, c.termName(lock), guarded, c.termName(lock)),
			Related: []analysis.RelatedInformation{{Pos: example.pos, Message: fmt.Sprintf("accessed with %s held here", c.termName(example.base.Append("."+mutex)))}},
		})
	}
}

// excused reports whether an access without the mutex is known or likely to
// be fine: atomic, on an object the function made, in a function whose name
// says its caller locks, under some other lock, in a closure (which may run
// under its caller's lock), or in a function whose callers in the package
// all hold the lock.
func (c *checker) excused(s fieldSite, mutex string, callers map[*ssa.Function][]ssa.CallInstruction) bool {
	fn := s.instr.Parent()
	if len(s.held) > 0 || fn.Parent() != nil || fn.Synthetic != "" {
		return true
	}
	if madeIn(s.base.Root, fn) {
		return true
	}
	if _, ok := c.res.Locks().EntryLocks(fn).Find(s.base.Append("." + mutex)); ok {
		// Its callers hold the lock, and it released it before the
		// access (mu.Unlock(); slow(); mu.Lock()).
		return false
	}
	if setupName(fn.Name()) || documentsLocking(fn) {
		return true
	}
	return c.callersHold(fn, s.base, mutex, callers, 3)
}

// documentsLocking reports whether fn's doc comment speaks of locks,
// concurrency or the order of calls ("must not be called concurrently",
// "Lock must be held", "must not be called until after WriteHeader"): its
// author has stated the contract, which is then not the analyzer's to judge.
func documentsLocking(fn *ssa.Function) bool {
	decl, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || decl.Doc == nil {
		return false
	}
	doc := strings.ToLower(decl.Doc.Text())
	for _, w := range []string{"held", "must hold", "locked", "concurren", "goroutine", "synchroni", "not safe", "unsafe", "until after", "only after", "must be called after", "must not be called until", "must be called before"} {
		if strings.Contains(doc, w) {
			return true
		}
	}
	return false
}

// madeIn reports whether root is an object fn makes (a constructor's).
func madeIn(root ssa.Value, fn *ssa.Function) bool {
	switch x := root.(type) {
	case *ssa.Alloc, *ssa.MakeMap, *ssa.MakeSlice, *ssa.MakeChan:
		return x.(ssa.Instruction).Parent() == fn
	}
	return false
}

// callersHold reports whether every call of fn in the package holds the
// lock base.mutex of the caller's frame, or passes an object it made. A
// function of no static caller is excused when unexported (its callers are
// unknown), and when it is an exported function, not a method, given the
// object as an argument: its callers are in other packages, which may still
// be building the object (set-up before publication:
// ValidateClusterAndAssignIDs(lg, local, existing) at boot). An exported
// method of no caller is not: it is the object's API to its users.
func (c *checker) callersHold(fn *ssa.Function, base locks.Term, mutex string, callers map[*ssa.Function][]ssa.CallInstruction, depth int) bool {
	if depth == 0 {
		return true
	}
	sites := callers[fn]
	if len(sites) == 0 {
		obj := ssax.FuncObject(fn)
		if obj == nil || !obj.Exported() {
			return true
		}
		p, isParam := base.Root.(*ssa.Parameter)
		return fn.Signature.Recv() == nil && isParam && p.Parent() == fn
	}
	for _, call := range sites {
		if c.skipFile(call.Pos()) || c.isTestFile(call.Pos()) {
			continue // tests call helpers in ways the package does not
		}
		if _, ok := call.(*ssa.Call); !ok {
			return false // go and defer do not run under the caller's lock
		}
		t, ok := locks.Subst(base, func(root ssa.Value) (locks.Term, bool) {
			return locks.ArgTerm(call.Common(), fn, root)
		})
		if !ok {
			return false
		}
		caller := call.Parent()
		if madeIn(t.Root, caller) {
			continue
		}
		if h, ok := c.res.Locks().Held(call).Find(t.Append("." + mutex)); ok && h.Term.Valid() {
			continue
		}
		if caller.Parent() != nil || !c.callersHold(caller, t, mutex, callers, depth-1) {
			return false
		}
	}
	return true
}

// callSites maps each function of the package to its static call sites.
func callSites(funcs []*ssa.Function) map[*ssa.Function][]ssa.CallInstruction {
	out := make(map[*ssa.Function][]ssa.CallInstruction)
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if ci, ok := instr.(ssa.CallInstruction); ok {
					if callee := ci.Common().StaticCallee(); callee != nil {
						if o := callee.Origin(); o != nil {
							callee = o
						}
						out[callee] = append(out[callee], ci)
					}
				}
			}
		}
	}
	return out
}

// isSyncOrChan reports whether a field synchronises itself.
func isSyncOrChan(t types.Type) bool {
	_, isChan := t.Underlying().(*types.Chan)
	return isChan || shared.IsSyncType(t)
}

// declaredAbove reports whether field f is declared before the mutex field
// of its struct whose comment says it guards the fields below it
// ("sync.Mutex // guards the fields below", "protects the following"): by
// the author's word, f is not the mutex's, and is set up or kept some other
// way (etcd's RaftCluster.cid).
func (c *checker) declaredAbove(f *types.Var, mutex string) bool {
	for _, file := range c.pass.Files {
		if f.Pos() < file.FileStart || f.Pos() > file.FileEnd {
			continue
		}
		var st *ast.StructType
		ast.Inspect(file, func(n ast.Node) bool {
			if n == nil {
				return false
			}
			if s, ok := n.(*ast.StructType); ok && s.Pos() <= f.Pos() && f.Pos() < s.End() {
				st = s // the innermost: Inspect goes outside in
			}
			return st == nil || n.Pos() <= f.Pos() && f.Pos() < n.End()
		})
		if st == nil {
			return false
		}
		for _, fld := range st.Fields.List {
			if !fieldNamed(fld, mutex) {
				continue
			}
			if f.Pos() >= fld.Pos() {
				return false
			}
			for _, cg := range []*ast.CommentGroup{fld.Doc, fld.Comment} {
				if cg == nil {
					continue
				}
				t := strings.ToLower(cg.Text())
				if strings.Contains(t, "below") || strings.Contains(t, "following") || strings.Contains(t, "fields after") {
					return true
				}
			}
			return false
		}
		return false
	}
	return false
}

// fieldNamed reports whether a struct field declares name (an embedded
// sync.Mutex is named Mutex).
func fieldNamed(fld *ast.Field, name string) bool {
	if len(fld.Names) == 0 {
		t := fld.Type
		if s, ok := t.(*ast.StarExpr); ok {
			t = s.X
		}
		if sel, ok := t.(*ast.SelectorExpr); ok {
			return sel.Sel.Name == name
		}
		if id, ok := t.(*ast.Ident); ok {
			return id.Name == name
		}
		return false
	}
	for _, n := range fld.Names {
		if n.Name == name {
			return true
		}
	}
	return false
}
