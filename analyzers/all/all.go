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

// Graph returns the analyzers and every analyzer they require, each once,
// requirements before the analyzers that require them.
func Graph(analyzers []*analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		out = append(out, a)
	}
	for _, a := range analyzers {
		visit(a)
	}
	return out
}
