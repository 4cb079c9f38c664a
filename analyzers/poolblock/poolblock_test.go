package poolblock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/analyzers/internal/atest"
	"github.com/corefit/corefit/analyzers/poolblock"
	"github.com/corefit/corefit/passes/blocking"
)

func TestPoolblock(t *testing.T) {
	testdata := atest.Testdata()
	analysistest.Run(t, testdata, poolblock.Analyzer, "poolblock/basic")
}

var _ = blocking.Analyzer
