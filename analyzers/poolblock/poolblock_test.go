package poolblock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/passes/atest"
	"github.com/corefit/corefit/analyzers/poolblock"
)

func TestPoolblock(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), poolblock.Analyzer,
		"poolblock/basic", "poolblock/libs", "poolblock/sizes",
		"poolblock/hop2", "poolblock/hop1", "poolblock/runner", "poolblock/cross")
}
