package iocontext_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/passes/atest"
	"github.com/corefit/corefit/passes/iocontext"
)

// reporter turns the contexts the pass finds into diagnostics at what makes
// them contexts, so that testdata can state them with // want.
var reporter = &analysis.Analyzer{
	Name:     "ctxreport",
	Doc:      "report the I/O contexts found, for tests",
	Requires: []*analysis.Analyzer{iocontext.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, c := range pass.ResultOf[iocontext.Analyzer].(*iocontext.Result).Contexts {
			pass.Reportf(c.Pos, "%s at %s", c.Kind, c.Fn.Name())
		}
		return nil, nil
	},
}

func TestContexts(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), reporter, "iocontext/ctx")
}
