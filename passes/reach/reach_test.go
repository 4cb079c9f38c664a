package reach_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/passes/atest"
	"github.com/corefit/corefit/passes/reach"
)

// TestFacts checks which functions launch or call their function-typed
// parameters, directly, through closures and through other launchers,
// across a package hop.
func TestFacts(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), reach.Analyzer, "reach/lib", "reach/use")
}
