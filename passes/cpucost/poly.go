package cpucost

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/go/types/typeutil"

	"github.com/corefit/corefit/passes/catalog"
	"github.com/corefit/corefit/passes/reach"
	"github.com/corefit/corefit/passes/ssax"
)

// The symbolic cost of a function: for each nest of loops (and each sort),
// what the trip counts come from, so that a handler's cost reads like O(n²)
// with n the number of vectors decoded from the request. Heavy calls and
// large constant loops are the leaves of Ops; this is the growth of plain
// code, arithmetic included, with the size of its input.

// DriverKind is where a trip count comes from.
type DriverKind uint8

const (
	// DriverInput is the context's input: the request a handler serves, the
	// message or connection a goroutine reads, and what is decoded,
	// parsed or read from it, through calls.
	DriverInput DriverKind = iota + 1
	// DriverParam is a parameter of the function: its caller decides.
	DriverParam
	// DriverState is a field of the receiver or a package variable: state
	// the program keeps (every connection, every series).
	DriverState
)

// Driver is what one loop's trip count, or a sort's size, comes from.
type Driver struct {
	Kind  DriverKind
	Param int // DriverParam: the index in the function's Params
	// Count is true when the trip count is a number (rounds, n), false
	// when it is the size of some data (len(vs), a range).
	Count bool
	// Alts are the other parameters the size may come from, for a value
	// made from several (append(common, g...)): a caller takes the
	// deepest element among its arguments.
	Alts []int
	// Page is true for what picks the part of a sorted whole that is
	// kept (the offset and limit of pconns[off:off+limit]): not a loop.
	Page bool
	// Elem is how many elements deep the data is in its source: 0 for
	// len(vs), 1 for len(vs[i]) (the d of O(n²·d)).
	Elem int
	// Desc names the source for the user: "r", "s.conns".
	Desc string
	// From is where the input becomes the data the loop runs over: the
	// call that decodes or parses it, or the parameter.
	From token.Pos
}

// key identifies a driver in a set.
func (d Driver) key() string { return fmt.Sprint(d) }

// Term is the work of one nest of loops: the product of its drivers, times
// log n when it ends in a sort.
type Term struct {
	Drivers []Driver
	// Loops are the loops of the nest, outermost first, and the sort;
	// Where, for each, its position as text (for a nest in another
	// package, known from a fact).
	Loops []token.Pos
	Where []string
	Sort  bool
	// Linear names a linear-cost call in the innermost loop (a hash), or
	// "".
	Linear string
	// Via is the chain of calls from the function to the nest, outermost
	// first, as "name (file:line)".
	Via []string
	// At is the instruction of the function the term is at: the header
	// of its innermost loop here, the sort, or the call into the nest.
	At ssa.Instruction
}

// Degree is the number of drivers of kind k.
func (t *Term) Degree(k DriverKind) int {
	n := 0
	for _, d := range t.Drivers {
		if d.Kind == k && !d.Page {
			n++
		}
	}
	return n
}

// SortsStateForPage reports whether t sorts state the program keeps (every
// connection) to keep a part of it that something of kind k picks (an
// offset and a limit from the request): the whole is sorted on each call,
// whatever the page. It returns the state's driver and the page's.
func (t *Term) SortsStateForPage(k DriverKind) (state, page Driver, ok bool) {
	if !t.Sort {
		return Driver{}, Driver{}, false
	}
	var hasState, hasPage bool
	for _, d := range t.Drivers {
		switch {
		case d.Page && d.Kind == k:
			page, hasPage = d, true
		case !d.Page && d.Kind == DriverState:
			state, hasState = d, true
		}
	}
	return state, page, hasState && hasPage
}

// Quadratic reports whether two or more of t's drivers of kind k are at the
// same element depth: n² (all pairs), not n·d (every byte of every part,
// linear in the whole).
func (t *Term) Quadratic(k DriverKind) bool {
	by := make(map[int]int)
	for _, d := range t.Drivers {
		if d.Kind == k && !d.Page {
			if by[d.Elem]++; by[d.Elem] >= 2 {
				return true
			}
		}
	}
	return false
}

// Big names the term's growth: "O(n²)", "O(n²·d)", "O(n log n)".
func (t *Term) Big(k DriverKind) string {
	byElem := make(map[int]int)
	low, top := -1, 0
	for _, d := range t.Drivers {
		if d.Kind == k && !d.Page && (low < 0 || d.Elem < low) {
			low = d.Elem
		}
	}
	for _, d := range t.Drivers {
		if d.Kind == k && !d.Page {
			byElem[d.Elem-low]++
			top = max(top, d.Elem-low)
		}
	}
	letters := []string{"n", "d", "e", "f"}
	var parts []string
	for e := 0; e <= top && e < len(letters); e++ {
		switch c := byElem[e]; {
		case c == 1:
			parts = append(parts, letters[e])
		case c == 2:
			parts = append(parts, letters[e]+"²")
		case c == 3:
			parts = append(parts, letters[e]+"³")
		case c > 3:
			parts = append(parts, fmt.Sprintf("%s^%d", letters[e], c))
		}
	}
	s := strings.Join(parts, "·")
	if t.Sort {
		s += " log n"
	}
	return "O(" + s + ")"
}

// CostFact carries the symbolic cost of an exported function in terms of its
// parameters: the nests whose drivers are all parameters and that grow
// faster than linearly (or repeat linear work by a count).
type CostFact struct {
	Terms []FactTerm
}

// FactTerm is a Term across packages.
type FactTerm struct {
	// Params are the driving parameters, one per driver; -1 for state
	// the function keeps (named in Descs).
	Params []int
	Count  []bool   // Driver.Count of each
	Elems  []int    // Driver.Elem of each
	Pages  []bool   // Driver.Page of each
	Descs  []string // Driver.Desc of each
	Alts   [][]int  // Driver.Alts of each
	Where  []string
	Sort   bool
	Linear string
	Via    []string
}

func (*CostFact) AFact() {}

// alts returns driver i's other candidate parameters.
func (t *FactTerm) alts(i int) []int {
	if i < len(t.Alts) {
		return t.Alts[i]
	}
	return nil
}

func (f *CostFact) String() string {
	var parts []string
	for _, t := range f.Terms {
		s := fmt.Sprintf("params%v", t.Params)
		if t.Sort {
			s += " log"
		}
		if t.Linear != "" {
			s += " " + t.Linear
		}
		parts = append(parts, s)
	}
	return "cost(" + strings.Join(parts, "; ") + ")"
}

// maxDrivers bounds the nest depth kept, and maxTerms the terms kept per
// function: a budget against generated code.
const (
	maxDrivers = 4
	maxTerms   = 24
)

// poly computes symbolic costs, once per function and input set.
type poly struct {
	s    *state
	memo map[*ssa.Function][]Term // with parameters as DriverParam
	busy map[*ssa.Function]bool
}

// Terms returns the symbolic cost of fn, where input says which of its
// parameters carry the context's input (the request); the others are
// DriverParam.
func (r *Result) Terms(fn *ssa.Function, input func(*ssa.Parameter) bool) []Term {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if r.poly == nil || !r.poly.s.local[fn] {
		return nil
	}
	return r.poly.terms(fn, input)
}

func (p *poly) terms(fn *ssa.Function, input func(*ssa.Parameter) bool) []Term {
	if input == nil {
		if ts, ok := p.memo[fn]; ok {
			return ts
		}
		if p.busy[fn] {
			return nil // recursion: counted once
		}
		p.busy[fn] = true
		defer delete(p.busy, fn)
	}
	o := &origins{fn: fn, input: input, memo: make(map[ssa.Value][]Driver), busy: make(map[ssa.Value]bool)}
	var out []Term
	seen := make(map[string]bool)
	add := func(t Term) {
		if len(t.Drivers) == 0 || len(out) >= 4*maxTerms {
			return
		}
		k := fmt.Sprint(t.Drivers, t.Loops, t.Where, t.Via, t.Sort, t.Linear)
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, t)
	}
	loops := p.s.fnLoops(fn)
	// Each loop's driver and position, once.
	type loopInfo struct {
		d   Driver
		ok  bool
		pos token.Pos
	}
	info := make(map[*ssax.Loop]loopInfo, len(loops))
	for _, l := range loops {
		d, ok := p.loopDriver(o, l)
		li := loopInfo{d: d, ok: ok}
		if ok {
			li.pos = loopPos(l, loops)
		}
		info[l] = li
	}
	// The drivers of the loops around b, outermost first.
	around := func(b *ssa.BasicBlock) ([]Driver, []token.Pos) {
		var ds []Driver
		var ps []token.Pos
		for l := ssax.Innermost(loops, b); l != nil; l = l.Parent {
			if li := info[l]; li.ok {
				ds = append([]Driver{li.d}, ds...)
				ps = append([]token.Pos{li.pos}, ps...)
			}
		}
		return ds, ps
	}
	// Each loop with a driver is the innermost of its nest unless a loop
	// inside it has one too.
	hasInner := make(map[*ssax.Loop]bool)
	for _, l := range loops {
		if info[l].ok {
			for q := l.Parent; q != nil; q = q.Parent {
				hasInner[q] = true
			}
		}
	}
	for _, l := range loops {
		if !info[l].ok || hasInner[l] {
			continue
		}
		ds, ps := around(l.Header)
		add(Term{Drivers: capDrivers(ds), Loops: ps, Linear: p.linearIn(l), At: l.Header.Instrs[0]})
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := instr.(*ssa.Go); isGo {
				continue // runs elsewhere
			}
			common := call.Common()
			obj := ssax.Callee(common)
			if e, ok := catalog.LookupCPU(obj); ok && e.Cost == catalog.CostNLogN && e.Input >= 0 {
				if args := ssax.Args(common); e.Input < len(args) {
					all := o.of(args[e.Input])
					if d, ok := best(all, false); ok {
						if d.Kind == DriverState {
							d.Desc = stateNames(all)
						}
						ds, ps := around(b)
						ds = append(ds, d)
						if pg, ok := pageOf(o, fn, args[e.Input]); ok {
							ds = append(ds, pg)
						}
						add(Term{Drivers: capDrivers(ds), Loops: append(ps, instr.Pos()), Sort: true, At: instr})
					}
				}
				continue
			}
			for _, ct := range p.calleeTerms(call) {
				ds, ps := around(b)
				t := Term{Loops: ps, Sort: ct.Sort, Linear: ct.Linear, At: instr}
				ok := true
				for i, prm := range ct.Params {
					var d Driver
					switch {
					case prm < 0:
						d = Driver{Kind: DriverState, Desc: ct.Descs[i], From: instr.Pos()}
					case prm >= len(common.Args):
						ok = false
					default:
						// The size may come from any of the
						// candidate parameters: the deepest
						// element among the arguments wins,
						// the reading that claims the least.
						var cands []Driver
						for _, q := range append([]int{prm}, ct.alts(i)...) {
							if q < len(common.Args) {
								for _, c := range o.of(common.Args[q]) {
									c.Elem += ct.Elems[i]
									cands = append(cands, c)
								}
							}
						}
						var found bool
						if d, found = best(cands, ct.Count[i]); !found {
							ok = false
						}
					}
					if !ok {
						break
					}
					d.Count = ct.Count[i]
					if prm < 0 {
						d.Elem += ct.Elems[i]
					}
					d.Page = ct.Pages[i]
					ds = append(ds, d)
				}
				if !ok {
					continue
				}
				t.Drivers = capDrivers(ds)
				t.Where = ct.Where
				t.Via = append([]string{ct.name}, ct.Via...)
				add(t)
			}
		}
	}
	// Keep the terms that say most: sorts, nests and repeated linear
	// work before single loops.
	weight := func(t Term) int {
		w := len(t.Drivers)
		for _, d := range t.Drivers {
			switch {
			case d.Page:
				w += 4
			case d.Kind == DriverInput:
				w += 2
			case d.Kind == DriverParam:
				w++
			}
		}
		if t.Sort {
			w += 4
		}
		if t.Linear != "" {
			w += 2
		}
		return w
	}
	sort.SliceStable(out, func(i, j int) bool { return weight(out[i]) > weight(out[j]) })
	if len(out) > maxTerms {
		out = out[:maxTerms]
	}
	if input == nil {
		p.memo[fn] = out
	}
	return out
}

// calleeTerm is a callee's term in its own parameters.
type calleeTerm struct {
	FactTerm
	name string
}

// calleeTerms returns the terms of what call runs, in terms of the call's
// argument indices (the receiver first, as in ssa.CallCommon.Args for a
// static call).
func (p *poly) calleeTerms(call ssa.CallInstruction) []calleeTerm {
	common := call.Common()
	callee := common.StaticCallee()
	if callee == nil {
		if fs := ssax.FuncTargets(common.Value); len(fs) == 1 && fs[0].Parent() != nil {
			callee = fs[0] // a closure called in place
		} else {
			return nil
		}
	}
	if o := callee.Origin(); o != nil {
		callee = o
	}
	name := callee.Name()
	if obj := ssax.FuncObject(callee); obj != nil {
		name = ssax.ObjName(obj, nil)
	}
	var out []calleeTerm
	if p.s.local[callee] {
		for _, t := range p.terms(callee, nil) {
			if ft, ok := p.factTerm(t); ok {
				out = append(out, calleeTerm{ft, name})
			}
		}
		return out
	}
	obj := ssax.FuncObject(callee)
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == p.s.pass.Pkg || reach.IsStd(obj.Pkg().Path()) {
		return nil
	}
	var f CostFact
	if !p.s.pass.ImportObjectFact(obj, &f) {
		return nil
	}
	for _, t := range f.Terms {
		out = append(out, calleeTerm{t, name})
	}
	return out
}

// exportable is the part of fn's terms a fact carries: nests driven by
// parameters only that grow faster than linearly or repeat linear work a
// counted number of times.
func (p *poly) exportable(fn *ssa.Function) []FactTerm {
	var out []FactTerm
	for _, t := range p.terms(fn, nil) {
		if !(len(t.Drivers) >= 2 || t.Sort || t.Linear != "" && t.Drivers[0].Count) {
			continue
		}
		if ft, ok := p.factTerm(t); ok {
			out = append(out, ft)
		}
	}
	return out
}

// stateNames names the state among ds: "s.clients and s.closed".
func stateNames(ds []Driver) string {
	var names []string
	bare := ""
	seen := make(map[string]bool)
	for _, d := range ds {
		if d.Kind != DriverState || seen[d.Desc] {
			continue
		}
		seen[d.Desc] = true
		if !strings.Contains(d.Desc, ".") {
			bare = d.Desc // a receiver: named only when nothing better is
			continue
		}
		if len(names) < 3 {
			names = append(names, d.Desc)
		}
	}
	switch len(names) {
	case 0:
		if bare != "" {
			return "what " + bare + " keeps"
		}
		return "the state"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// pageOf finds, for a sorted value, the slicing of the same slice in fn
// that keeps a part of it chosen from outside (pconns[off:off+limit], off
// and limit from a parameter or the request): the driver of its bounds,
// marked Page. The state's own size in the bounds (min(off, len(all)))
// does not count.
func pageOf(o *origins, fn *ssa.Function, sorted ssa.Value) (Driver, bool) {
	bases := make(map[ssa.Value]bool)
	var walk func(v ssa.Value, depth int)
	walk = func(v ssa.Value, depth int) {
		if v == nil || bases[v] || depth > 8 {
			return
		}
		bases[v] = true
		switch x := v.(type) {
		case *ssa.MakeInterface:
			walk(x.X, depth+1)
		case *ssa.ChangeType:
			walk(x.X, depth+1)
		case *ssa.Convert:
			walk(x.X, depth+1)
		case *ssa.Phi:
			for _, e := range x.Edges {
				walk(e, depth+1)
			}
		case *ssa.UnOp:
			walk(x.X, depth+1)
		case *ssa.Call:
			for _, a := range x.Call.Args {
				walk(a, depth+1) // sort.Reverse(byX{s})
			}
		case *ssa.Alloc:
			// A composite literal wrapping the slice (byCid{pconns}).
			vals, _ := fills(x, func(fa *ssa.FieldAddr) bool { return fa.X == x })
			for _, val := range vals {
				walk(val, depth+1)
			}
		}
	}
	walk(sorted, 0)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			sl, ok := instr.(*ssa.Slice)
			if !ok {
				continue
			}
			if ld, isLoad := sl.X.(*ssa.UnOp); !bases[sl.X] && !(isLoad && ld.Op == token.MUL && bases[ld.X]) {
				continue // not the sorted slice (a variable's other load counts)
			}
			var ds []Driver
			for _, bound := range []ssa.Value{sl.Low, sl.High} {
				if bound == nil {
					continue
				}
				for _, d := range o.of(bound) {
					if d.Kind != DriverState {
						ds = append(ds, d)
					}
				}
			}
			if d, ok := best(ds, true); ok {
				d.Page = true
				return d, true
			}
		}
	}
	return Driver{}, false
}

// factTerm is t in its function's parameters, for its callers: its
// drivers must be parameters or state, and one at least a parameter (else
// nothing a caller passes changes it).
func (p *poly) factTerm(t Term) (FactTerm, bool) {
	ft := FactTerm{Sort: t.Sort, Linear: t.Linear, Via: t.Via}
	params := 0
	for _, d := range t.Drivers {
		switch d.Kind {
		case DriverParam:
			params++
			ft.Params = append(ft.Params, d.Param)
		case DriverState:
			ft.Params = append(ft.Params, -1)
		default:
			return FactTerm{}, false
		}
		ft.Count = append(ft.Count, d.Count)
		ft.Elems = append(ft.Elems, d.Elem)
		ft.Pages = append(ft.Pages, d.Page)
		ft.Descs = append(ft.Descs, d.Desc)
		ft.Alts = append(ft.Alts, d.Alts)
	}
	if params == 0 {
		return FactTerm{}, false
	}
	ft.Where = append(ft.Where, t.Where...)
	for _, l := range t.Loops {
		if l.IsValid() {
			ft.Where = append(ft.Where, p.s.line(l))
		}
	}
	return ft, true
}

// loopDriver returns what l's trip count comes from, when it is not a
// constant: the size of data (len(s), a range over a map) or a number.
// Loops that wait in their body are not work.
func (p *poly) loopDriver(o *origins, l *ssax.Loop) (Driver, bool) {
	if p.s.classOf(l) == loopBlocks {
		return Driver{}, false
	}
	if l.Bound != nil {
		if _, isConst := ssax.Canon(l.Bound).(*ssa.Const); isConst {
			return Driver{}, false
		}
		return best(o.of(l.Bound), !sizeOf(l.Bound, 0))
	}
	for _, instr := range l.Header.Instrs {
		if n, ok := instr.(*ssa.Next); ok {
			if rg, ok := n.Iter.(*ssa.Range); ok {
				return best(o.of(rg.X), false)
			}
		}
	}
	return Driver{}, false
}

// sizeOf reports whether a trip count is the size of data: len or cap.
func sizeOf(v ssa.Value, depth int) bool {
	if depth > 4 {
		return false
	}
	switch x := ssax.Canon(v).(type) {
	case *ssa.Call:
		if b, ok := x.Call.Value.(*ssa.Builtin); ok {
			return b.Name() == "len" || b.Name() == "cap"
		}
	case *ssa.BinOp:
		return sizeOf(x.X, depth+1) || sizeOf(x.Y, depth+1)
	case *ssa.Convert:
		return sizeOf(x.X, depth+1)
	}
	return false
}

// best picks the driver to name: the input over a parameter over state.
func best(ds []Driver, count bool) (Driver, bool) {
	if len(ds) == 0 {
		return Driver{}, false
	}
	// Of sources of one kind, the deepest element: a value made from a
	// whole and from one element of another (union(lfs[i], common)) is
	// taken as element-sized, the reading that claims the least growth.
	b := ds[0]
	for _, d := range ds[1:] {
		switch {
		case d.Kind < b.Kind:
			b = d
		case d.Kind > b.Kind:
		case d.Elem > b.Elem:
			b = d
		case d.Elem == b.Elem && d.Kind == DriverParam && d.Param < b.Param:
			b = d
		}
	}
	b.Count = count
	b.Alts = nil
	if b.Kind == DriverParam {
		seen := map[int]bool{b.Param: true}
		for _, d := range ds {
			if d.Kind == DriverParam && !seen[d.Param] {
				seen[d.Param] = true
				b.Alts = append(b.Alts, d.Param)
			}
		}
		sort.Ints(b.Alts)
	}
	return b, true
}

func capDrivers(ds []Driver) []Driver {
	if len(ds) > maxDrivers {
		return ds[:maxDrivers]
	}
	return ds
}

// linearIn names a linear-cost call made in l's body outside any inner
// loop, or "".
func (p *poly) linearIn(l *ssax.Loop) string {
	fn := l.Header.Parent()
	for b := range l.Body {
		if ssax.Innermost(p.s.fnLoops(fn), b) != l {
			continue
		}
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if obj := ssax.Callee(call.Common()); obj != nil {
				if e, ok := catalog.LookupCPU(obj); ok && e.Cost == catalog.CostLinear {
					return ssax.ObjName(obj, nil)
				}
			}
		}
	}
	return ""
}

// loopPos is where a loop is for the user: its for statement, found as the
// loop statement of its depth around one of its own instructions.
func loopPos(l *ssax.Loop, loops []*ssax.Loop) token.Pos {
	fn := l.Header.Parent()
	body := fn.Syntax()
	var first token.Pos
	tries := 0
	// The loop's own blocks first, then those of the loops inside it (the
	// statement of depth d around them is the loop's too).
	var blocks []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if l.Body[b] && ssax.Innermost(loops, b) == l {
			blocks = append(blocks, b)
		}
	}
	for _, b := range fn.Blocks {
		if l.Body[b] && ssax.Innermost(loops, b) != l {
			blocks = append(blocks, b)
		}
	}
	for _, b := range blocks {
		for _, instr := range b.Instrs {
			at := instr.Pos()
			if _, phi := instr.(*ssa.Phi); phi || !at.IsValid() {
				continue
			}
			if !first.IsValid() {
				first = at
			}
			if body == nil || tries > 8 {
				return first
			}
			tries++
			var around []ast.Node
			ast.Inspect(body, func(n ast.Node) bool {
				if n == nil || n.Pos() > at || at >= n.End() {
					return false
				}
				switch n.(type) {
				case *ast.FuncLit:
					return n == body
				case *ast.ForStmt, *ast.RangeStmt:
					around = append(around, n)
				}
				return true
			})
			if d := l.Depth(); d <= len(around) {
				return around[d-1].Pos()
			}
		}
	}
	return first
}

func (s *state) line(pos token.Pos) string {
	if !pos.IsValid() {
		return "?"
	}
	p := s.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", shortFile(p.Filename), p.Line)
}

func shortFile(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		if j := strings.LastIndexByte(name[:i], '/'); j >= 0 {
			return name[j+1:]
		}
	}
	return name
}

// origins finds what a value of fn derives from: the context's input, fn's
// parameters, state. A value computed from others (arithmetic, a load, a
// conversion, an element) derives from what they derive from; a call's
// result from its arguments (a helper that decodes the request returns
// input); memory from what is stored into it and from the calls it is given
// to (json.NewDecoder(r.Body).Decode(&v) fills v with input).
type origins struct {
	fn    *ssa.Function
	input func(*ssa.Parameter) bool
	memo  map[ssa.Value][]Driver
	busy  map[ssa.Value]bool
}

func (o *origins) of(v ssa.Value) []Driver {
	if ds, ok := o.memo[v]; ok {
		return ds
	}
	if o.busy[v] || len(o.busy) > 256 {
		return nil
	}
	o.busy[v] = true
	ds := o.compute(v)
	delete(o.busy, v)
	o.memo[v] = ds
	return ds
}

func (o *origins) union(vs ...ssa.Value) []Driver {
	var out []Driver
	seen := make(map[string]bool)
	for _, v := range vs {
		if v == nil {
			continue
		}
		for _, d := range o.of(v) {
			if k := d.key(); !seen[k] {
				seen[k] = true
				out = append(out, d)
			}
		}
	}
	return out
}

func (o *origins) compute(v ssa.Value) []Driver {
	fn := o.fn
	switch x := v.(type) {
	case *ssa.Parameter:
		if x.Parent() != fn {
			return nil
		}
		if o.input != nil && o.input(x) {
			return []Driver{{Kind: DriverInput, Desc: x.Name(), From: x.Pos()}}
		}
		if fn.Signature.Recv() != nil && fn.Params[0] == x {
			// A method's receiver: the state it works on (the
			// context's, or the object a helper method serves).
			return []Driver{{Kind: DriverState, Desc: x.Name(), From: x.Pos()}}
		}
		if o.input == nil {
			for i, p := range fn.Params {
				if p == x {
					return []Driver{{Kind: DriverParam, Param: i, Desc: x.Name(), From: x.Pos()}}
				}
			}
		}
		return nil
	case *ssa.Global:
		if x.Pkg != fn.Pkg {
			// Another package's variable (binary.BigEndian,
			// http.DefaultClient): a tool, not this program's state.
			return nil
		}
		return []Driver{{Kind: DriverState, Desc: x.Name(), From: x.Pos()}}
	case *ssa.FieldAddr:
		if p, ok := x.X.(*ssa.Parameter); ok && p.Parent() == fn && fn.Signature.Recv() != nil && p == fn.Params[0] && (o.input == nil || !o.input(p)) {
			// The receiver's field: state it keeps.
			f, _ := ssax.Field(x)
			name := p.Name() + ".?"
			if f != nil {
				name = p.Name() + "." + f.Name()
			}
			return []Driver{{Kind: DriverState, Desc: name, From: x.Pos()}}
		}
		if a, ok := x.X.(*ssa.Alloc); ok {
			// One field of a local struct: what fills that field
			// (c.Offset, not c.ID).
			return o.filledBy(a, func(fa *ssa.FieldAddr) bool { return fa.X == a && fa.Field == x.Field })
		}
		return o.of(x.X)
	case *ssa.BinOp:
		return o.union(x.X, x.Y)
	case *ssa.Field, *ssa.UnOp, *ssa.Convert, *ssa.ChangeType, *ssa.MakeInterface, *ssa.ChangeInterface,
		*ssa.MultiConvert, *ssa.SliceToArrayPointer, *ssa.Slice, *ssa.TypeAssert, *ssa.Range:
		// What the value is made from: X, its first operand.
		return o.of(*v.(ssa.Instruction).Operands(nil)[0])
	case *ssa.Index, *ssa.IndexAddr, *ssa.Lookup:
		return elem(o.of(*v.(ssa.Instruction).Operands(nil)[0]))
	case *ssa.Extract:
		if _, ok := x.Tuple.(*ssa.Next); ok && x.Index > 0 {
			// The key or value of a range over a map: an element.
			return elem(o.of(x.Tuple))
		}
		return o.of(x.Tuple)
	case *ssa.Next:
		return o.of(x.Iter)
	case *ssa.MakeSlice:
		// Its length, and what the calls that fill it read from
		// (io.ReadFull(conn, hdr): the connection's input).
		return append(o.union(x.Len), o.filledBy(x, nil)...)
	case *ssa.MakeMap:
		// Its size hint, and what the calls that fill it are given
		// (maps.Copy(m, s.clients)).
		return append(o.union(x.Reserve), o.filledBy(x, nil)...)
	case *ssa.Phi:
		return o.union(x.Edges...)
	case *ssa.Call:
		return o.fromCall(&x.Call, x.Pos())
	case *ssa.Alloc:
		// Every part of a local variable.
		return o.filledBy(x, func(*ssa.FieldAddr) bool { return true })
	}
	return nil
}

// elem is ds one element deeper.
func elem(ds []Driver) []Driver {
	out := make([]Driver, len(ds))
	for i, d := range ds {
		d.Elem++
		out[i] = d
	}
	return out
}

// fromCall: a call's result derives from its arguments and receiver; a
// builtin's (len, append) from its operands. The call is where the input
// becomes data, for the user.
func (o *origins) fromCall(c *ssa.CallCommon, pos token.Pos) []Driver {
	if b, ok := c.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "len", "cap", "append", "min", "max", "copy":
			if b.Name() == "min" {
				// min(n, 64) is bounded by its constant.
				for _, a := range c.Args {
					if _, ok := ssax.Canon(a).(*ssa.Const); ok {
						return nil
					}
				}
			}
			if b.Name() == "len" || b.Name() == "cap" {
				if ms, ok := ssax.Canon(c.Args[0]).(*ssa.MakeSlice); ok {
					// A made slice's length is its make's: what
					// fills it (a read into recs) is its content.
					return o.union(ms.Len)
				}
			}
			return o.union(c.Args...)
		}
		return nil
	}
	if typeMetadata(c) {
		return nil
	}
	args := append([]ssa.Value(nil), c.Args...)
	if c.IsInvoke() {
		args = append(args, c.Value)
	}
	ds := o.union(args...)
	if len(ds) == 0 {
		return nil
	}
	// A result made from the state and the request (the configured
	// paths with the request's placeholders replaced) is the state's
	// size: how the callee combines them is not known, and the state is
	// the likelier bound.
	var state []Driver
	for _, d := range ds {
		if d.Kind == DriverState {
			state = append(state, d)
		}
	}
	if len(state) > 0 {
		return state
	}
	out := make([]Driver, len(ds))
	for i, d := range ds {
		if d.Kind == DriverInput && pos.IsValid() {
			d.From = pos
		}
		out[i] = d
	}
	return out
}

// typeMetadata reports whether a call returns a type or what describes one
// (reflect.TypeOf(v), v.Type(), and every method of reflect.Type: NumField,
// Field, Elem, Len): bounded by the program's types, whatever the data
// (go-msgpack's type cache walks a decoded value's fields).
func typeMetadata(c *ssa.CallCommon) bool {
	if c.IsInvoke() {
		return typeutil.IsTypeWithName(c.Value.Type(), "reflect.Type")
	}
	switch fn := ssax.FuncObject(c.StaticCallee()); {
	case fn == nil:
		return false
	case catalog.FullName(fn) == "reflect.TypeOf", catalog.FullName(fn) == "(reflect.Value).Type":
		return true
	}
	return false
}

// fills returns what fills v, a local variable or a value made here: the
// values stored into it, or into the fields follow accepts (nil: none) and
// the elements and slices of those, and the calls it or they are given to,
// directly or converted to an interface (Decode(&req)).
func fills(v ssa.Value, follow func(*ssa.FieldAddr) bool) (vals []ssa.Value, calls []*ssa.CallCommon) {
	var visit func(v ssa.Value, depth int)
	visit = func(v ssa.Value, depth int) {
		refs := v.Referrers()
		if refs == nil || depth > 2 {
			return
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr == v {
					vals = append(vals, r.Val)
				}
			case ssa.CallInstruction:
				calls = append(calls, r.Common())
			case *ssa.FieldAddr:
				if follow != nil && follow(r) {
					visit(r, depth+1)
				}
			case *ssa.IndexAddr, *ssa.Slice, *ssa.MakeInterface, *ssa.ChangeType:
				visit(r.(ssa.Value), depth+1)
			}
		}
	}
	visit(v, 0)
	return vals, calls
}

// filledBy is what fills v derives from, input first.
func (o *origins) filledBy(v ssa.Value, follow func(*ssa.FieldAddr) bool) []Driver {
	vals, calls := fills(v, follow)
	ds := o.union(vals...)
	seen := make(map[string]bool)
	for _, d := range ds {
		seen[d.key()] = true
	}
	for _, c := range calls {
		for _, d := range o.fromCall(c, token.NoPos) {
			if k := d.key(); !seen[k] {
				seen[k] = true
				ds = append(ds, d)
			}
		}
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Kind < ds[j].Kind })
	return ds
}

// IsInputParam reports whether p carries a context's input: not the
// response writer, a context, or the receiver.
func IsInputParam(p *ssa.Parameter) bool {
	fn := p.Parent()
	if fn.Signature.Recv() != nil && len(fn.Params) > 0 && fn.Params[0] == p {
		return false
	}
	t := p.Type()
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		switch n.Obj().Pkg().Path() + "." + n.Obj().Name() {
		case "net/http.ResponseWriter", "context.Context":
			return false
		}
	}
	return true
}
