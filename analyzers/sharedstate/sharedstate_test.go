package sharedstate_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/analyzers/sharedstate"
	"github.com/corefit/corefit/passes/atest"
)

func TestSharedstate(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), sharedstate.Analyzer, "sharedstate/basic", "sharedstate/groups", "sharedstate/oldloop", "sharedstate/cross")
}
