// Package all lists corefit's user-facing analyzers, in one place, for the
// corefit binary and every other driver.
package all

import (
	"golang.org/x/tools/go/analysis"

	"github.com/corefit/corefit/analyzers/iostall"
	"github.com/corefit/corefit/analyzers/poolblock"
	"github.com/corefit/corefit/analyzers/sharedstate"
)

// Analyzers returns the user-facing analyzers, in a fixed order.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		poolblock.Analyzer,
		iostall.Analyzer,
		sharedstate.Analyzer,
	}
}
