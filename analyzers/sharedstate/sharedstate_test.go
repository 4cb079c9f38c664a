package sharedstate_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/analyzers/sharedstate"
	"github.com/corefit/corefit/passes/atest"
)

func TestSharedstate(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), sharedstate.Analyzer, "sharedstate/basic", "sharedstate/groups", "sharedstate/oldloop", "sharedstate/cross", "sharedstate/guarded", "sharedstate/handlers")
}

// TestSubtests runs on test files: parallel subtests.
func TestSubtests(t *testing.T) {
	f := sharedstate.Analyzer.Flags.Lookup("tests")
	f.Value.Set("true")
	defer f.Value.Set("false")
	analysistest.Run(t, atest.Testdata(), sharedstate.Analyzer, "sharedstate/subtests")
}
