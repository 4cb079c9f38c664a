// Package iocontext finds the code that runs in I/O-oriented goroutines,
// where CPU-heavy work does harm, and says what makes it so.
//
// It reports nothing. Two kinds of context:
//
// Serial contexts handle a stream of events one at a time, so that heavy work
// inline delays every event behind it:
//   - a select loop: a loop around a select that waits on two or more
//     event sources besides ctx.Done() (channels, tickers, timers); a case
//     whose body leaves the loop (returns, breaks out of it) is a
//     termination case, not an event source;
//   - a read loop: a loop that waits for data from a peer in every
//     iteration (conn.Read, a websocket ReadMessage, a scanner over a
//     connection).
//
// Unbounded parallel contexts run once per request or connection in flight,
// with no limit, so that heavy work there oversubscribes the cores under
// load:
//   - an HTTP handler: a function given to http.HandleFunc, Handle, a
//     ServeMux, TimeoutHandler and the like, or a ServeHTTP method;
//   - a per-connection goroutine: the function a loop around Accept starts
//     with `go` for each connection.
//
// A loop that receives jobs from a single channel, with or without ctx.Done()
// and cases that end the loop (`case <-quit: return`, `case err := <-errc:
// return err`), is a worker, not an event loop: nothing latency-sensitive
// queues behind its heavy case. The work functions of the pools the pools
// pass finds are not contexts either.
package iocontext

import (
	"go/constant"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/blocking"
	"github.com/corefit/corefit/passes/catalog"
	"github.com/corefit/corefit/passes/pools"
	"github.com/corefit/corefit/passes/ssax"
)

var Analyzer = &analysis.Analyzer{
	Name:       "iocontext",
	Doc:        "find I/O-oriented contexts: select loops, read loops, HTTP handlers, per-connection goroutines (reports nothing; used by iostall)",
	URL:        "https://github.com/corefit/corefit/tree/main/passes/iocontext",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, blocking.Analyzer, pools.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Kind is the kind of an I/O-oriented context.
type Kind uint8

const (
	SelectLoop Kind = iota + 1
	ReadLoop
	Handler
	ConnGoroutine
)

// Serial reports whether a context handles its events one at a time.
func (k Kind) Serial() bool { return k == SelectLoop || k == ReadLoop }

func (k Kind) String() string {
	switch k {
	case SelectLoop:
		return "select loop"
	case ReadLoop:
		return "read loop"
	case Handler:
		return "HTTP handler"
	case ConnGoroutine:
		return "per-connection goroutine"
	}
	return "unknown"
}

// Context is one I/O-oriented context.
type Context struct {
	Kind Kind
	// Pos is what makes the code a context: the select, the read, the
	// registration of the handler, the Accept call.
	Pos token.Pos
	// Fn is the function the context's code is in.
	Fn *ssa.Function
	// Region is the part of Fn that runs in the context (a loop's body);
	// nil means all of Fn.
	Region map[*ssa.BasicBlock]bool
	// Via describes how it was found ("registered with http.HandleFunc").
	Via string
	// What names a Handler context for the user: "HTTP handler", "gRPC
	// method", "request handler" (one registered with -iostall.handlers).
	What string
}

// Name is what the context is, for a diagnostic.
func (c *Context) Name() string {
	if c.What != "" {
		return c.What
	}
	return c.Kind.String()
}

// Contains reports whether instr, an instruction of c.Fn, runs in c.
func (c *Context) Contains(instr ssa.Instruction) bool {
	if instr.Parent() != c.Fn {
		return false
	}
	return c.Region == nil || c.Region[instr.Block()]
}

// Result lists the contexts of the package: serial ones first, then in
// source order.
type Result struct {
	Contexts []*Context
}

type state struct {
	pass   *analysis.Pass
	blk    *blocking.Result
	prog   *ssa.Program
	local  map[*ssa.Function]bool
	work   map[*ssa.Function]bool // work functions of pools
	seen   map[*ssa.Function]bool // functions already made a parallel context
	result *Result
}

func run(pass *analysis.Pass) (_ any, err error) {
	defer ssax.Recover(pass, &err)
	if ssax.FactsOnly() {
		return &Result{}, nil // only iostall's diagnostics use the contexts
	}
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	s := &state{
		pass:   pass,
		blk:    pass.ResultOf[blocking.Analyzer].(*blocking.Result),
		prog:   ssainfo.Pkg.Prog,
		local:  make(map[*ssa.Function]bool),
		work:   make(map[*ssa.Function]bool),
		seen:   make(map[*ssa.Function]bool),
		result: &Result{},
	}
	for _, fn := range ssainfo.SrcFuncs {
		s.local[fn] = true
	}
	for _, p := range pass.ResultOf[pools.Analyzer].(*pools.Result).Pools {
		for _, w := range p.Work {
			s.work[w] = true
		}
	}
	var serial, parallel []*Context
	for _, fn := range ssainfo.SrcFuncs {
		loops := ssax.Loops(fn)
		serial = append(serial, s.loops(fn, loops)...)
		parallel = append(parallel, s.handlers(fn, loops)...)
	}
	// Exported functions and methods with the http.HandlerFunc signature
	// that nothing in the package registers: another package or a router
	// the catalog does not know serves requests with them.
	for _, fn := range ssainfo.SrcFuncs {
		if fn.Parent() != nil || s.seen[fn] || !isHandlerFunc(fn) {
			continue
		}
		s.seen[fn] = true
		parallel = append(parallel, &Context{Kind: Handler, Pos: fn.Pos(), Fn: fn, Via: "an exported function with the http.HandlerFunc signature, registered outside the package"})
	}
	s.result.Contexts = append(serial, parallel...)
	return s.result, nil
}

// loops finds the select loops and read loops of fn.
func (s *state) loops(fn *ssa.Function, loops []*ssax.Loop) []*Context {
	if s.work[fn] {
		return nil
	}
	var out []*Context
	for _, l := range loops {
		if pos, ok := eventSelect(l); ok {
			out = append(out, &Context{Kind: SelectLoop, Pos: pos, Fn: fn, Region: l.Body, Via: "select over several event sources"})
			continue
		}
		if pos, ok := s.readsEachIteration(fn, l); ok {
			out = append(out, &Context{Kind: ReadLoop, Pos: pos, Fn: fn, Region: l.Body, Via: "waits for data from a peer in every iteration"})
		}
	}
	return out
}

// eventSelect finds, directly in the loop, a blocking select on two or more
// event sources besides ctx.Done().
//
// An event source is a case whose body can get back to the loop's header:
// its events come one after another, and each waits while the loop runs the
// body of another. A case whose body leaves the loop (`case <-quit: return`,
// `case err := <-errc: return err`, a break out of the loop) ends it: it is a
// termination case, fired once, and nothing queues behind the heavy case
// waiting for it. A loop with one event source and any number of
// termination cases is a worker, not an event loop.
func eventSelect(l *ssax.Loop) (token.Pos, bool) {
	for b := range l.Body {
		for _, instr := range b.Instrs {
			sel, ok := instr.(*ssa.Select)
			if !ok || !sel.Blocking {
				continue
			}
			bodies := caseBodies(sel)
			sources := 0
			for i, st := range sel.States {
				if st.Dir == types.RecvOnly && isCtxDone(st.Chan) {
					continue
				}
				if body, ok := bodies[i]; ok && !reachesHeader(l, body) {
					continue // a termination case
				}
				sources++
			}
			if sources >= 2 {
				return sel.Pos(), true
			}
		}
	}
	return token.NoPos, false
}

// caseBodies returns the first block of each case's body of a select, by
// the index of its state: the block an `if index == i` on the select's
// index jumps to. A case whose block is not found in that shape is left
// out, and counts as an event source.
func caseBodies(sel *ssa.Select) map[int]*ssa.BasicBlock {
	out := make(map[int]*ssa.BasicBlock)
	for _, r := range *sel.Referrers() {
		ex, ok := r.(*ssa.Extract)
		if !ok || ex.Index != 0 {
			continue
		}
		for _, r := range *ex.Referrers() {
			cmp, ok := r.(*ssa.BinOp)
			if !ok || cmp.Op != token.EQL || cmp.X != ex {
				continue
			}
			c, ok := cmp.Y.(*ssa.Const)
			if !ok || c.Value == nil {
				continue
			}
			i, ok := constant.Int64Val(c.Value)
			if !ok {
				continue
			}
			for _, r := range *cmp.Referrers() {
				if iff, ok := r.(*ssa.If); ok && iff.Cond == cmp {
					out[int(i)] = iff.Block().Succs[0]
				}
			}
		}
	}
	return out
}

// reachesHeader reports whether the loop's header is reachable from b
// without leaving the loop's body: whether a case that starts at b can run
// the loop again.
func reachesHeader(l *ssax.Loop, b *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{}
	work := []*ssa.BasicBlock{b}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if b == l.Header {
			return true
		}
		if seen[b] || !l.Body[b] {
			continue
		}
		seen[b] = true
		work = append(work, b.Succs...)
	}
	return false
}

func isCtxDone(ch ssa.Value) bool {
	call, ok := ssax.Canon(ch).(*ssa.Call)
	if !ok {
		return false
	}
	obj := ssax.Callee(&call.Call)
	return obj != nil && obj.Name() == "Done" && obj.Pkg() != nil && obj.Pkg().Path() == "context"
}

// readsEachIteration finds a wait for data from a peer in a block that every
// iteration of the loop runs (the header's dominance: the block dominates the
// loop's latches).
func (s *state) readsEachIteration(fn *ssa.Function, l *ssax.Loop) (token.Pos, bool) {
	for _, op := range s.blk.Ops(fn) {
		if op.Kind != catalog.WaitForData || !l.Body[op.Instr.Block()] {
			continue
		}
		if everyIteration(l, op.Instr.Block()) {
			return op.Pos, true
		}
	}
	return token.NoPos, false
}

func everyIteration(l *ssax.Loop, b *ssa.BasicBlock) bool {
	for _, p := range l.Header.Preds {
		if l.Body[p] && !b.Dominates(p) {
			return false
		}
	}
	return true
}

// handlers finds the parallel contexts started from fn: handlers it
// registers and per-connection goroutines of its Accept loops. ServeHTTP
// methods are contexts wherever they are.
func (s *state) handlers(fn *ssa.Function, loops []*ssax.Loop) []*Context {
	var out []*Context
	add := func(c *Context) {
		if c.Fn == nil || !s.local[c.Fn] || s.seen[c.Fn] {
			return
		}
		s.seen[c.Fn] = true
		out = append(out, c)
	}
	if obj := ssax.FuncObject(fn); obj != nil && fn.Parent() == nil {
		if _, _, ok := catalog.LookupHandlerMethod(obj); ok {
			add(&Context{Kind: Handler, Pos: fn.Pos(), Fn: fn, Via: "ServeHTTP method"})
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Go:
				if pos, ok := s.acceptLoop(fn, loops, instr); ok {
					for _, w := range ssax.FuncValues(instr.Call.Value) {
						add(&Context{Kind: ConnGoroutine, Pos: pos, Fn: w, Via: "started for each accepted connection"})
					}
					if callee := instr.Call.StaticCallee(); callee != nil {
						add(&Context{Kind: ConnGoroutine, Pos: pos, Fn: callee, Via: "started for each accepted connection"})
					}
				}
			case *ssa.Call:
				obj := ssax.Callee(&instr.Call)
				reg, ok := catalog.LookupHandlerReg(obj)
				if !ok {
					reg, ok = catalog.LookupServeLoop(obj)
				}
				if !ok || reg.HandlerArg < 0 {
					continue
				}
				args := ssax.Args(&instr.Call)
				if reg.HandlerArg >= len(args) {
					continue
				}
				via := "registered with " + ssax.ObjName(obj, nil)
				what := reg.What
				if what == "" {
					what = "HTTP handler"
				}
				var hs []*ssa.Function
				switch {
				case reg.Methods:
					hs = s.serviceMethods(obj, reg.HandlerArg, args[reg.HandlerArg])
				case reg.List:
					hs = s.handlerList(args[reg.HandlerArg])
				default:
					hs = s.handlerFuncs(args[reg.HandlerArg])
				}
				for _, h := range hs {
					add(&Context{Kind: Handler, Pos: instr.Pos(), Fn: h, Via: via, What: what})
				}
			}
		}
	}
	return out
}

// handlerFuncs returns the functions a handler value runs: a function or
// closure (http.HandlerFunc(f) is a conversion), or the ServeHTTP method of
// a value's type.
func (s *state) handlerFuncs(v ssa.Value) []*ssa.Function {
	if fs := ssax.FuncValues(v); fs != nil {
		return fs
	}
	t := ssax.Canon(v).Type()
	if types.IsInterface(t) {
		return nil
	}
	sel := types.NewMethodSet(t).Lookup(nil, "ServeHTTP")
	if sel == nil {
		return nil
	}
	if fn := s.prog.MethodValue(sel); fn != nil {
		if obj := ssax.FuncObject(fn); obj != nil {
			for lf := range s.local {
				if ssax.FuncObject(lf) == obj {
					return []*ssa.Function{lf}
				}
			}
		}
	}
	return nil
}

// handlerList returns the functions of a handler argument that may be a
// variadic list (gin's GET(path, handlers ...HandlerFunc)): the functions
// stored into the slice the call site packs, or those of a single value.
func (s *state) handlerList(v ssa.Value) []*ssa.Function {
	sl, ok := ssax.Canon(v).(*ssa.Slice)
	if !ok {
		return s.handlerFuncs(v)
	}
	alloc, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	var out []*ssa.Function
	for _, ref := range *alloc.Referrers() {
		ia, ok := ref.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		for _, r := range *ia.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == ia {
				out = append(out, s.handlerFuncs(st.Val)...)
			}
		}
	}
	return out
}

// serviceMethods returns the methods that serve requests when v is given as
// argument i of the registration fn: the methods of v's concrete type that
// the parameter's interface declares, among this package's functions.
func (s *state) serviceMethods(fn *types.Func, i int, v ssa.Value) []*ssa.Function {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || i >= sig.Params().Len() {
		return nil
	}
	iface, ok := sig.Params().At(i).Type().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	concrete := ssax.Canon(v).Type()
	if types.IsInterface(concrete) {
		return nil
	}
	mset := s.prog.MethodSets.MethodSet(concrete)
	var out []*ssa.Function
	for m := range iface.Methods() {
		if !m.Exported() {
			continue // mustEmbedUnimplementedGreeterServer and the like
		}
		sel := mset.Lookup(m.Pkg(), m.Name())
		if sel == nil {
			continue
		}
		if impl := s.prog.MethodValue(sel); impl != nil && s.local[impl] {
			out = append(out, impl)
		}
	}
	return out
}

// acceptLoop reports whether a go statement sits in a loop that accepts
// connections, and where the Accept is.
func (s *state) acceptLoop(fn *ssa.Function, loops []*ssax.Loop, g *ssa.Go) (token.Pos, bool) {
	l := ssax.Innermost(loops, g.Block())
	if l == nil {
		return token.NoPos, false
	}
	for b := range l.Body {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			obj := ssax.Callee(&call.Call)
			if obj == nil || (obj.Name() != "Accept" && obj.Name() != "AcceptTCP" && obj.Name() != "AcceptUnix") {
				continue
			}
			if e, ok := catalog.Lookup(obj); ok && e.Kind == catalog.WaitForData {
				return call.Pos(), true
			}
		}
	}
	return token.NoPos, false
}

// isHandlerFunc reports whether fn is exported and has the
// http.HandlerFunc signature.
func isHandlerFunc(fn *ssa.Function) bool {
	obj := ssax.FuncObject(fn)
	return obj != nil && obj.Exported() && catalog.IsHandlerFunc(fn.Signature)
}
