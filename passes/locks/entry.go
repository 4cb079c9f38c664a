package locks

import (
	"go/ast"
	"go/types"
	"regexp"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/ssax"
)

// Entry locks: the locks a function's callers hold when they call it.
//
// A helper whose every call in the package holds c.mu (or whose doc comment
// says its caller holds it) accesses memory under c.mu, though it never locks
// c.mu itself. Its entry set is the intersection, over its static calls in
// the package, of the locks held at the call translated into its own frame
// (the argument c is its receiver), iterated to a fixed point so that chains
// of helpers hold too. A function that may be called from where the package
// cannot see (exported, invoked through an interface, taken as a value,
// started by go or defer) has none, unless its doc comment names the lock.

// entries computes the entry set of every function of the package, once.
func (r *Result) entries() map[*ssa.Function]state {
	if r.entry != nil {
		return r.entry
	}
	r.entry = make(map[*ssa.Function]state)
	g := r.callGraph()
	// nil: not known yet (top); an empty state: nothing held.
	cur := make(map[*ssa.Function]state)
	for fn, ann := range g.annotated {
		cur[fn] = ann
	}
	isTop := func(fn *ssa.Function) bool { _, ok := cur[fn]; return !ok && g.eligible[fn] }
	var work []*ssa.Function
	queued := make(map[*ssa.Function]bool)
	push := func(fn *ssa.Function) {
		if !queued[fn] && len(g.out[fn]) > 0 {
			queued[fn] = true
			work = append(work, fn)
		}
	}
	for _, fn := range g.funcs {
		if !isTop(fn) {
			push(fn)
		}
	}
	// Each function's entry set only shrinks once known, so this ends;
	// the bound is a guard against a pathological package.
	steps, limit := 0, 16*len(g.funcs)+64
	for len(work) > 0 {
		fn := work[0]
		work = work[1:]
		queued[fn] = false
		if steps++; steps > limit {
			// Give up on the callers' locks: a set too small is
			// what the package had without them.
			cur = make(map[*ssa.Function]state)
			for fn, ann := range g.annotated {
				cur[fn] = ann
			}
			break
		}
		if isTop(fn) {
			continue // no call of it seen yet
		}
		pending := false
		for _, s := range g.out[fn] {
			if old, known := cur[s.callee]; !known || len(old) > 0 {
				pending = true
				break
			}
		}
		if !pending {
			continue // every callee already holds nothing
		}
		at := r.heldAtCalls(fn, cur[fn], g.out[fn])
		for _, s := range g.out[fn] {
			if _, ann := g.annotated[s.callee]; ann {
				continue
			}
			in := translateIn(s.call.Common(), s.callee, at[s.call])
			old, known := cur[s.callee]
			if known {
				in = meet(old, in)
				if old.equal(in) {
					continue
				}
			}
			cur[s.callee] = in
			push(s.callee)
		}
	}
	for fn, st := range cur {
		if len(st) > 0 {
			r.entry[fn] = st
		}
	}
	for fn, st := range r.goEntry {
		if _, ok := r.entry[fn]; !ok {
			r.entry[fn] = st
		}
	}
	return r.entry
}

// EntryLocks returns the locks fn's callers hold when they call it, in fn's
// frame: see the package documentation.
func (r *Result) EntryLocks(fn *ssa.Function) Set {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return r.entries()[fn].set()
}

// heldAtCalls runs the dataflow over fn from entry and returns the locks
// held at each of the call sites.
func (r *Result) heldAtCalls(fn *ssa.Function, entry state, sites []callSite) map[ssa.CallInstruction]state {
	blocks, _ := r.dataflow(fn, entry, nil)
	want := make(map[*ssa.BasicBlock]bool)
	for _, s := range sites {
		want[s.call.Block()] = true
	}
	out := make(map[ssa.CallInstruction]state)
	for b := range want {
		in, ok := blocks[b]
		if !ok {
			continue // unreachable
		}
		st := in.clone()
		for _, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok {
				out[ci] = st.clone()
			}
			r.transfer(st, instr, nil, nil)
		}
	}
	return out
}

// translateIn renders the locks held at a call in the callee's frame: a lock
// reached from an argument is reached from the parameter it is passed as, a
// package variable's is itself, and one reached from a variable of a
// function a closure is nested in is named so in the closure too.
func translateIn(call *ssa.CallCommon, callee *ssa.Function, held state) state {
	out := state{}
	type arg struct {
		t Term
		p *ssa.Parameter
	}
	var args []arg
	for i, a := range call.Args {
		if i >= len(callee.Params) {
			break
		}
		if t, ok := Value(a); ok {
			args = append(args, arg{t, callee.Params[i]})
		}
	}
	for t, read := range held {
		for _, a := range args {
			if a.t.Root == t.Root && stepPrefix(t.Path, a.t.Path) {
				out[Term{a.p, t.Path[len(a.t.Path):]}] = read
			}
		}
		switch t.Root.(type) {
		case *ssa.Global:
			out[t] = read
		default:
			if callee.Parent() != nil && belongsOutside(t.Root, callee) {
				out[t] = read
			}
		}
	}
	return out
}

// stepPrefix reports whether prefix is path's first steps.
func stepPrefix(path, prefix string) bool {
	if !strings.HasPrefix(path, prefix) {
		return false
	}
	return len(path) == len(prefix) || strings.ContainsRune(".@[", rune(path[len(prefix)]))
}

// callSite is a direct call of a function of the package.
type callSite struct {
	call   ssa.CallInstruction
	callee *ssa.Function
}

// callGraph is what the entry sets are computed from.
type callGraph struct {
	funcs     []*ssa.Function
	out       map[*ssa.Function][]callSite // the calls each function makes of eligible callees
	eligible  map[*ssa.Function]bool       // every call of it is in view
	annotated map[*ssa.Function]state      // entry sets its doc comment or name states
}

// callGraph finds the functions whose every call is in view: not exported,
// not taken as a value, not invoked through an interface, not started by go
// or deferred, and called at least once (tests' calls of the package's
// functions aside).
func (r *Result) callGraph() *callGraph {
	g := &callGraph{
		out:       make(map[*ssa.Function][]callSite),
		eligible:  make(map[*ssa.Function]bool),
		annotated: make(map[*ssa.Function]state),
	}
	g.funcs = r.srcFuncs
	byObj := make(map[*types.Func]*ssa.Function)
	for _, fn := range g.funcs {
		if obj := ssax.FuncObject(fn); obj != nil && fn.Parent() == nil {
			byObj[obj] = fn
		}
	}
	origin := func(fn *ssa.Function) *ssa.Function {
		if o := fn.Origin(); o != nil {
			fn = o
		}
		if fn.Synthetic != "" {
			// A wrapper (a bound method, a thunk) calls the
			// method for callers out of view.
			if obj, ok := fn.Object().(*types.Func); ok {
				return byObj[obj]
			}
			return nil
		}
		if !r.local[fn] {
			return nil
		}
		return fn
	}
	escaped := make(map[*ssa.Function]bool)
	launched := make(map[*ssa.Function]bool)
	invoked := make(map[string]bool)
	var sites []callSite
	for _, fn := range g.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var skip *ssa.Value
				if c, ok := instr.(*ssa.Call); ok {
					if c.Call.IsInvoke() {
						invoked[c.Call.Method.Name()] = true
					} else if callee := directCallee(&c.Call); callee != nil {
						if o := origin(callee); o != nil {
							sites = append(sites, callSite{c, o})
						}
						skip = &c.Call.Value
					}
				}
				if c, ok := instr.(*ssa.Go); ok {
					for _, f := range ssax.FuncTargets(c.Call.Value) {
						if o := origin(f); o != nil {
							launched[o] = true
						}
					}
				}
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					// A closure only called where it is made
					// runs under its maker's locks; a bound
					// method value (x.m) is a value.
					skip = &mc.Fn
					if fn := mc.Fn.(*ssa.Function); fn.Synthetic != "" || !calledOnly(mc) {
						if o := origin(fn); o != nil {
							escaped[o] = true
						}
					}
				}
				for _, op := range instr.Operands(nil) {
					if op == skip || *op == nil {
						continue
					}
					if v, ok := (*op).(*ssa.Function); ok {
						if o := origin(v); o != nil {
							escaped[o] = true
						}
					}
				}
			}
		}
	}
	for _, s := range sites {
		if ssax.InTestFile(r.pass.Fset, s.call.Pos()) && !ssax.InTestFile(r.pass.Fset, s.callee.Pos()) {
			continue // tests call helpers in ways the package does not
		}
		g.eligible[s.callee] = true
	}
	for _, fn := range g.funcs {
		if !g.eligible[fn] {
			continue
		}
		obj := ssax.FuncObject(fn)
		switch {
		case escaped[fn] || launched[fn]:
		case fn.Parent() == nil && (obj == nil || obj.Exported()):
		case fn.Signature.Recv() != nil && invoked[fn.Name()]:
		default:
			continue
		}
		delete(g.eligible, fn)
	}
	// Only sites whose caller's locks count: not tests', and not of
	// functions called from out of view.
	for _, s := range sites {
		if !g.eligible[s.callee] || ssax.InTestFile(r.pass.Fset, s.call.Pos()) && !ssax.InTestFile(r.pass.Fset, s.callee.Pos()) {
			continue
		}
		caller := s.call.Parent()
		g.out[caller] = append(g.out[caller], s)
	}
	for _, fn := range g.funcs {
		if launched[fn] {
			continue // a goroutine holds none of its starter's locks
		}
		if ann := annotation(r.pass.TypesInfo, fn); len(ann) > 0 {
			g.annotated[fn] = ann
		}
	}
	return g
}

// directCallee returns the function a call runs: its static callee, or a
// closure called in place.
func directCallee(call *ssa.CallCommon) *ssa.Function {
	if callee := call.StaticCallee(); callee != nil {
		return callee
	}
	if fs := ssax.FuncTargets(call.Value); len(fs) == 1 && fs[0].Parent() != nil {
		return fs[0]
	}
	return nil
}

// calledOnly reports whether the closure mc makes is only called, in place
// (func() { ... }()) or through a variable (f := func() {...}; f()).
func calledOnly(mc *ssa.MakeClosure) bool {
	refs := mc.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		c, ok := r.(*ssa.Call)
		if !ok || c.Call.Value != mc {
			return false
		}
		for _, a := range c.Call.Args {
			if a == mc {
				return false
			}
		}
	}
	return true
}

// Doc comments that say the caller holds a lock. NAME is the lock: mu,
// c.mu, "the lock".
var (
	lockName     = `(?:the |a |its |their )?((?:[A-Za-z_][\w]*\.)*[A-Za-z_][\w]*)(?:'s)?(?: read| write)?(?: lock| mutex| rlock| read lock| write lock)?`
	lockPhrases  []*regexp.Regexp
	checklocksRe = regexp.MustCompile(`\+checklocks(read|release)?:([\w.]+)`)
)

func init() {
	for _, p := range []string{
		`(?:must|should|is|are|to) (?:only )?be called (?:with|while holding|under) ` + lockName + `(?: (?:held|locked|acquired|taken))?`,
		`(?:callers?|the caller) (?:must|should|is expected to|are expected to|is responsible for|needs to|need to) (?:hold|holding|have locked|have acquired|lock|acquire) ` + lockName,
		lockName + ` (?:must|should) (?:already )?be (?:held|locked|acquired|taken)`,
		lockName + ` is (?:already )?(?:held|locked|acquired|taken) by (?:the |its )?callers?`,
		`assumes? (?:that )?` + lockName + ` (?:is|are) (?:already )?(?:held|locked|acquired|taken)`,
		`(?:requires|expects) ` + lockName + ` (?:to be )?(?:held|locked|acquired|taken)`,
		`(?:while|when) holding ` + lockName,
		`(?:called|runs|run) with ` + lockName + ` (?:held|locked|acquired|taken)`,
	} {
		lockPhrases = append(lockPhrases, regexp.MustCompile(`(?i)\b`+p))
	}
}

// annotation returns the locks fn's doc comment or name says its caller
// holds, in fn's frame.
func annotation(info *types.Info, fn *ssa.Function) state {
	out := state{}
	add := func(name string, read bool) {
		if t, ok := resolveLock(info, fn, name); ok {
			if old, held := out[t]; !held || old {
				out[t] = read
			}
		}
	}
	if decl, ok := fn.Syntax().(*ast.FuncDecl); ok && decl.Doc != nil {
		for _, c := range decl.Doc.List {
			for _, m := range checklocksRe.FindAllStringSubmatch(c.Text, -1) {
				add(m[2], m[1] == "read")
			}
		}
		text := strings.Join(strings.Fields(decl.Doc.Text()), " ")
		for _, re := range lockPhrases {
			for _, m := range re.FindAllStringSubmatch(text, -1) {
				low := strings.ToLower(m[0])
				add(m[1], strings.Contains(low, "read lock") || strings.Contains(low, "rlock"))
			}
		}
	}
	if n := fn.Name(); fn.Signature.Recv() != nil && strings.HasSuffix(n, "Locked") && !strings.HasSuffix(n, "Unlocked") && !strings.HasSuffix(n, "NoLocked") {
		add("", strings.HasSuffix(n, "RLocked"))
	}
	return out
}

// genericLock are the words that name the receiver's one mutex.
var genericLock = map[string]bool{"": true, "lock": true, "locks": true, "mutex": true, "mutexes": true, "read": true, "write": true, "rlock": true, "it": true, "object": true, "struct": true}

// resolveLock turns the name of a lock in fn's doc comment into a term of
// fn's frame: a field of the receiver (mu, c.mu, the lock), of a parameter
// (p.mu), or a package variable.
func resolveLock(info *types.Info, fn *ssa.Function, name string) (Term, bool) {
	name = strings.Trim(name, ".")
	var recv *ssa.Parameter
	if fn.Signature.Recv() != nil && len(fn.Params) > 0 {
		recv = fn.Params[0]
	}
	if genericLock[strings.ToLower(name)] {
		if recv == nil {
			return Term{}, false
		}
		return onlyMutex(recv)
	}
	parts := strings.Split(name, ".")
	if len(parts) > 1 {
		for _, p := range fn.Params {
			if p.Name() == parts[0] {
				return fieldPath(p, parts[1:])
			}
		}
	}
	if recv != nil {
		if t, ok := fieldPath(recv, parts); ok {
			return t, true
		}
		if len(parts) > 1 {
			if t, ok := fieldPath(recv, parts[1:]); ok {
				return t, true // c.mu, with the receiver named otherwise
			}
		}
	}
	if len(parts) == 1 && fn.Pkg != nil {
		if g, ok := fn.Pkg.Members[parts[0]].(*ssa.Global); ok && isLock(g.Type().(*types.Pointer).Elem()) {
			return Term{Root: g}, true
		}
	}
	return Term{}, false
}

// onlyMutex returns the receiver's mutex field: the only one, or mu.
func onlyMutex(recv *ssa.Parameter) (Term, bool) {
	st, ok := structOf(recv.Type())
	if !ok {
		return Term{}, false
	}
	var found []string
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); isLock(f.Type()) {
			found = append(found, f.Name())
		}
	}
	if len(found) == 1 {
		return fieldPath(recv, found)
	}
	for _, n := range found {
		if n == "mu" {
			return fieldPath(recv, []string{n})
		}
	}
	return Term{}, false
}

// fieldPath returns the term of the field path names from root, a pointer
// to a struct, as Value and Addr name it: a step through a pointer field
// loads it (@). The last field must be a lock.
func fieldPath(root *ssa.Parameter, names []string) (Term, bool) {
	st, ok := structOf(root.Type())
	if !ok {
		return Term{}, false
	}
	path := ""
	for i, n := range names {
		var f *types.Var
		for j := 0; j < st.NumFields(); j++ {
			if st.Field(j).Name() == n {
				f = st.Field(j)
			}
		}
		if f == nil {
			return Term{}, false
		}
		path += "." + n
		if i == len(names)-1 {
			if !isLock(f.Type()) {
				return Term{}, false
			}
			if types.IsInterface(f.Type()) {
				path += "@" // a sync.Locker: the value loaded
			}
			return Term{root, path}, true
		}
		t := f.Type()
		if p, ok := t.Underlying().(*types.Pointer); ok {
			path += "@"
			t = p.Elem()
		}
		if st, ok = t.Underlying().(*types.Struct); !ok {
			return Term{}, false
		}
	}
	return Term{}, false
}

// structOf returns the struct a pointer type points to.
func structOf(t types.Type) (*types.Struct, bool) {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return nil, false
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	return st, ok
}

// isLock reports whether t is a sync.Mutex, RWMutex or Locker.
func isLock(t types.Type) bool {
	if IsMutex(t) {
		return true
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "Locker"
}
