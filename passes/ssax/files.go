package ssax

import (
	"go/token"
	"strings"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/analysis/code"
)

// InTestFile reports whether pos is in a _test.go file.
func InTestFile(fset *token.FileSet, pos token.Pos) bool {
	f := fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// SkipFile reports whether an analyzer should not report at pos: in a
// generated file, or in a test file unless tests is set. The analyzer must
// require honnef.co/go/tools/analysis/facts/generated.Analyzer.
func SkipFile(pass *analysis.Pass, pos token.Pos, tests bool) bool {
	if !pos.IsValid() || code.IsGenerated(pass, pos) {
		return true
	}
	return !tests && InTestFile(pass.Fset, pos)
}

var factsOnly atomic.Bool

// SetFactsOnly tells the analyzers that this process runs them only for
// their facts: go vet analyses every dependency of the packages named on its
// command line that way (the .cfg's VetxOnly) and throws the diagnostics
// away. The passes that only make diagnostics then skip their work; the
// facts are the same either way.
func SetFactsOnly(on bool) { factsOnly.Store(on) }

// FactsOnly reports whether SetFactsOnly was called: an analyzer's
// diagnostics will not be used.
func FactsOnly() bool { return factsOnly.Load() }
