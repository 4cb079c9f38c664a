package iostall_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/analyzers/iostall"
	"github.com/corefit/corefit/passes/atest"
)

func TestIostall(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), iostall.Analyzer, "iostall/basic", "iostall/heavylib", "iostall/cross")
}
