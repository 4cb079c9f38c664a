package cpucost_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/passes/atest"
	"github.com/corefit/corefit/passes/cpucost"
)

// TestFacts checks which functions are CPU-heavy, and the chains, across
// packages; the negatives (single loops, retries, limits with a break,
// loops that block, linear calls made once) must have no fact.
func TestFacts(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), cpucost.Analyzer, "cpucost/leaf", "cpucost/top")
}
