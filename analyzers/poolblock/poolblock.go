package poolblock

import (
	_ "embed"
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/analysis/facts/generated"

	"github.com/corefit/corefit/analyzers/internal/analysisdoc"
	"github.com/corefit/corefit/passes/blocking"
	"github.com/corefit/corefit/passes/catalog"
	"github.com/corefit/corefit/passes/chains"
	"github.com/corefit/corefit/passes/pools"
	"github.com/corefit/corefit/passes/ssax"
)

//go:embed doc.go
var doc string

// Category is the category of every poolblock diagnostic.
const Category = "poolblock"

var Analyzer = &analysis.Analyzer{
	Name:      "poolblock",
	Doc:       analysisdoc.MustExtract(doc, "poolblock"),
	URL:       "https://github.com/corefit/corefit/tree/main/analyzers/poolblock",
	Requires:  []*analysis.Analyzer{buildssa.Analyzer, generated.Analyzer, blocking.Analyzer, pools.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{(*RunnerBlocks)(nil)},
}

// DefaultKinds are the kinds of wait reported unless -kinds says otherwise.
// Left out:
//   - reads and metadata operations on local files (disk, meta): served from
//     the page cache they cost the pool little, and a CPU stage that reads its
//     input files is the usual, sound design of build tools and indexers;
//   - child processes (process): a worker that waits for a child leaves its
//     core to the child, and when the child computes (a compiler, a test
//     binary, an encoder) NumCPU children at once is the right size, as in
//     make -j$(nproc).
//
// Add them with -kinds=all or a list for code whose files live on slow
// storage or whose children wait on I/O themselves.
const DefaultKinds = "network,wait,fsync,sleep"

var (
	flagCPUFactor = pools.DefaultMaxCPUFactor
	flagKinds     = DefaultKinds
	flagTests     = false
)

func init() {
	Analyzer.Flags.Float64Var(&flagCPUFactor, "cpufactor", flagCPUFactor, "largest multiple of the CPU count that is still CPU-sized")
	Analyzer.Flags.StringVar(&flagKinds, "kinds", flagKinds, "comma-separated kinds of wait to report, from network,wait,disk,fsync,meta,process,sleep, or all")
	Analyzer.Flags.BoolVar(&flagTests, "tests", flagTests, "also report in _test.go files (tests and benchmarks often size stress pools to the CPUs on purpose)")
	Analyzer.Flags.Var(catalog.NewBlockingFlag(), "blocking", "more blocking functions, as NAME=KIND[,...]: NAME a full name like (*example.com/db.Client).Query, KIND network, wait, disk, fsync, meta, process, sleep or none")
	Analyzer.Flags.Var(catalog.NewPoolFlag(), "pools", "more pool APIs, as NAME=ROLE[:size=N][:work=M][,...]: ROLE new, unbounded, limit, submit, run, sem or acquire; N, M argument indexes")
}

// The related positions' messages that name the pool's size and its
// launch (corefit confirm finds the pool's workers by them).
const (
	PoolSize     = "pool size"
	WorkersStart = "workers start here"
)

// RunnerBlocks says that a function runs a pool sized by one of its
// parameters whose work, which is the function's own, blocks. A caller in
// another package that passes a CPU-sized bound is told so at its call.
type RunnerBlocks struct {
	Kind  catalog.Kind
	Work  string // the work function
	Chain []blocking.Step
}

func (*RunnerBlocks) AFact() {}

func (f *RunnerBlocks) String() string {
	return fmt.Sprintf("runner work %s %s", f.Work, f.Kind.Phrase())
}

// config is the flags' values, read once per pass.
type config struct {
	cpuFactor float64
	kinds     map[catalog.Kind]bool
	tests     bool
}

func readConfig() (*config, error) {
	c := &config{cpuFactor: flagCPUFactor, kinds: make(map[catalog.Kind]bool), tests: flagTests}
	kinds := flagKinds
	if strings.TrimSpace(kinds) == "all" {
		kinds = "network,wait,disk,fsync,meta,process,sleep"
	}
	for _, s := range strings.Split(kinds, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		k, ok := catalog.KindByShort(s)
		if !ok {
			return nil, fmt.Errorf("poolblock: unknown kind %q in -kinds (want network, wait, disk, fsync, meta, process, sleep)", s)
		}
		c.kinds[k] = true
	}
	return c, nil
}

type checker struct {
	pass     *analysis.Pass
	cfg      *config
	blk      *blocking.Result
	reported map[*ssa.Function]bool
}

func run(pass *analysis.Pass) (_ any, err error) {
	defer ssax.Recover(pass, &err)
	cfg, err := readConfig()
	if err != nil {
		return nil, err
	}
	c := &checker{
		pass:     pass,
		cfg:      cfg,
		blk:      pass.ResultOf[blocking.Analyzer].(*blocking.Result),
		reported: make(map[*ssa.Function]bool),
	}
	res := pass.ResultOf[pools.Analyzer].(*pools.Result)
	for _, p := range res.Pools {
		if p.Size.CPUSized(cfg.cpuFactor) && !ssax.FactsOnly() {
			c.checkPool(p)
		}
	}
	c.exportRunnerFacts(res)
	return nil, nil
}

func (c *checker) checkPool(p *pools.Pool) {
	if p.Runner != nil && len(p.Work) == 0 {
		// A runner of another package with work of its own.
		var f RunnerBlocks
		if c.pass.ImportObjectFact(p.Runner, &f) && c.cfg.kinds[f.Kind] {
			c.report(p, p.Launch, fmt.Sprintf("%s runs %s, which %s (%s),", ssax.ObjName(p.Runner, c.pass.Pkg), f.Work, f.Kind.Phrase(), lastCallee(f.Chain)), chains.RemoteRelated(p.Runner.Pos(), f.Chain))
		}
		return
	}
	for _, w := range p.Work {
		if w.Blocks == nil {
			c.checkExternalWork(p, w)
			continue
		}
		if c.reported[w] {
			continue
		}
		c.reported[w] = true
		c.checkWork(p, w)
	}
}

// checkWork reports the blocking calls in a work function of this package:
// one diagnostic per kind of wait, at its first call, with the others of the
// same kind as related positions.
func (c *checker) checkWork(p *pools.Pool, w *ssa.Function) {
	ops := c.blk.Ops(w)
	byKind := make(map[catalog.Kind][]blocking.Op)
	var order []catalog.Kind
	for _, op := range ops {
		if !c.cfg.kinds[op.Kind] || !op.Pos.IsValid() {
			continue
		}
		if len(byKind[op.Kind]) == 0 {
			order = append(order, op.Kind)
		}
		byKind[op.Kind] = append(byKind[op.Kind], op)
	}
	for _, k := range order {
		ops := byKind[k]
		op := ops[0]
		subject := fmt.Sprintf("%s %s", op.What, k.Phrase())
		if op.Via != "" {
			subject = fmt.Sprintf("%s %s (%s)", op.Named(), k.Phrase(), op.What)
		}
		related := chains.Related(&op)
		for _, other := range ops[1:] {
			related = append(related, analysis.RelatedInformation{Pos: other.Pos, Message: fmt.Sprintf("%s %s here too", other.Name(), k.Phrase())})
		}
		c.report(p, op.Pos, subject, related)
	}
}

// checkExternalWork reports a work function of another package that blocks,
// at the launch: there is no call in this package to point at.
func (c *checker) checkExternalWork(p *pools.Pool, w *ssa.Function) {
	obj := ssax.FuncObject(w)
	if obj == nil {
		return
	}
	var kind catalog.Kind
	var chain []blocking.Step
	if e, ok := catalog.Lookup(obj); ok {
		if !e.Kind.Blocks() {
			return
		}
		kind = e.Kind
	} else {
		var f blocking.Fact
		if !c.pass.ImportObjectFact(obj, &f) {
			return
		}
		kind, chain = f.Kind, f.Chain
	}
	if !c.cfg.kinds[kind] {
		return
	}
	name := ssax.ObjName(obj, c.pass.Pkg)
	subject := name + " " + kind.Phrase()
	if len(chain) > 0 {
		subject = fmt.Sprintf("%s %s (%s)", name, kind.Phrase(), lastCallee(chain))
	}
	c.report(p, p.Launch, subject, chains.RemoteRelated(obj.Pos(), chain))
}

var lastCallee = chains.Last

// report emits one diagnostic: subject, the pool, the cost and the fix.
func (c *checker) report(p *pools.Pool, pos token.Pos, subject string, related []analysis.RelatedInformation) {
	if c.skipFile(pos) {
		return
	}
	sizePos := p.Size.Pos
	if !sizePos.IsValid() {
		sizePos = p.Launch
	}
	rel := []analysis.RelatedInformation{{Pos: sizePos, Message: fmt.Sprintf("%s: %s (%s)", PoolSize, p.Size.Expr, p.Kind)}}
	if p.Launch.IsValid() && p.Launch != sizePos && p.Launch != pos {
		rel = append(rel, analysis.RelatedInformation{Pos: p.Launch, Message: WorkersStart})
	}
	rel = append(rel, related...)
	c.pass.Report(analysis.Diagnostic{
		Pos:      pos,
		Category: Category,
		Message: fmt.Sprintf("%s in a worker of a pool sized to the CPUs (%s): cores sit idle while workers wait; size the pool for the I/O or move the I/O into a stage of its own",
			subject, p.Size.Expr),
		Related: rel,
	})
}

// skipFile reports whether pos is in a file not to report in: a generated
// file, where nobody can act on a diagnostic, or a test file unless -tests.
func (c *checker) skipFile(pos token.Pos) bool { return ssax.SkipFile(c.pass, pos, c.cfg.tests) }

// exportRunnerFacts tells importers which runners of this package block in
// their own work.
func (c *checker) exportRunnerFacts(res *pools.Result) {
	for obj, p := range res.Runners {
		for _, w := range p.Work {
			if w.Blocks == nil {
				continue
			}
			op, ok := c.blk.Blocks(w)
			if !ok {
				continue
			}
			c.pass.ExportObjectFact(obj, &RunnerBlocks{Kind: op.Kind, Work: ssax.FuncName(w, nil), Chain: chains.FactChain(c.pass.Fset, op, 8)})
			break
		}
	}
}
