package blocking_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/passes/atest"
	"github.com/corefit/corefit/passes/blocking"
)

// TestFacts checks which functions block, and the chains, across two
// package hops.
func TestFacts(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), blocking.Analyzer, "blocking/leaf", "blocking/mid", "blocking/top")
}
