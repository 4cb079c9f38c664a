package pools_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/passes/atest"
	"github.com/corefit/corefit/passes/pools"
	"github.com/corefit/corefit/passes/ssax"
)

// reporter turns the pools the pass finds into diagnostics, so that the
// testdata can state them with // want.
var reporter = &analysis.Analyzer{
	Name:     "poolsreport",
	Doc:      "report the pools found, for tests",
	Requires: []*analysis.Analyzer{pools.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[pools.Analyzer].(*pools.Result)
		for _, p := range res.Pools {
			var work []string
			for _, w := range p.Work {
				work = append(work, ssax.FuncName(w, nil))
				if ssax.FuncObject(w) == nil {
					work[len(work)-1] = strings.TrimPrefix(w.String(), "pools/")
				}
			}
			pass.Reportf(p.Launch, "pool %s size=%v work=%s", p.Kind, p.Size, strings.Join(work, ","))
		}
		return nil, nil
	},
}

func TestPools(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), reporter, "pools/shapes")
}

func TestFactsAcrossPackages(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), pools.Analyzer, "pools/sizelib")
	analysistest.Run(t, atest.Testdata(), reporter, "pools/useslib")
}

func TestSizeString(t *testing.T) {
	for _, c := range []struct {
		s    pools.Size
		want string
		cpu  bool
	}{
		{pools.Size{Class: pools.CPU, Factor: 1, Expr: "runtime.NumCPU()"}, "cpu(runtime.NumCPU())", true},
		{pools.Size{Class: pools.CPU, Factor: 2, Expr: "2*runtime.NumCPU()"}, "cpu(2*runtime.NumCPU())", true},
		{pools.Size{Class: pools.CPU, Factor: 4, Expr: "4*runtime.NumCPU()"}, "cpu(4*runtime.NumCPU())", false},
		{pools.Size{Class: pools.Fixed, N: 8}, "fixed(8)", false},
	} {
		if got := fmt.Sprint(c.s); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
		if got := c.s.CPUSized(pools.DefaultMaxCPUFactor); got != c.cpu {
			t.Errorf("%v.CPUSized() = %v, want %v", c.s, got, c.cpu)
		}
	}
}
