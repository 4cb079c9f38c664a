package locks

import (
	"golang.org/x/tools/go/ssa"

	"github.com/corefit/corefit/passes/ssax"
)

// Hand-offs: a lock the starter holds at a go statement and the goroutine
// releases without taking it,
//
//	mu.Lock()
//	go func() { x = 1; mu.Unlock() }()
//
// is the goroutine's from its first instruction to its Unlock (a mutex used
// as a semaphore between the two): its accesses before the Unlock run under
// mu, and the starter no longer holds mu after the go statement.

// findHandoffs records, for each go statement of a closure of the package,
// the locks it hands over: r.handoff (the starter's terms, dropped at the go
// statement) and r.goEntry (the goroutine's entry set).
func (r *Result) findHandoffs() {
	for _, fn := range r.srcFuncs {
		var gos []*ssa.Go
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if g, ok := instr.(*ssa.Go); ok {
					gos = append(gos, g)
				}
			}
		}
		if len(gos) == 0 {
			continue
		}
		var blocks map[*ssa.BasicBlock]state
		for _, g := range gos {
			fs := ssax.FuncTargets(g.Call.Value)
			if len(fs) != 1 || fs[0].Parent() == nil || !r.local[fs[0]] {
				continue // only a closure, started here and nowhere else
			}
			target := fs[0]
			eff := r.Effect(target)
			if eff == nil || len(eff.Releases) == 0 {
				continue
			}
			if blocks == nil {
				blocks, _ = r.dataflow(fn, state{}, nil)
			}
			in, ok := blocks[g.Block()]
			if !ok {
				continue
			}
			st := in.clone()
			for _, instr := range g.Block().Instrs {
				if instr == g {
					break
				}
				r.transfer(st, instr, nil, nil)
			}
			entry := state{}
			for t, read := range st {
				one := translateIn(g.Common(), target, state{t: read})
				for gt, gread := range one {
					for _, rel := range eff.Releases {
						if rel == gt {
							entry[gt] = gread
							r.handoff[g] = append(r.handoff[g], t)
						}
					}
				}
			}
			if len(entry) > 0 {
				r.goEntry[target] = entry
			}
		}
	}
}
