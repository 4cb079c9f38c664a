package shared_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/passes/atest"
	"github.com/corefit/corefit/passes/shared"
)

// TestFacts checks the facts: the accesses a function makes through its
// parameters, and whether it waits.
func TestFacts(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), shared.Analyzer, "shared/facts")
}
