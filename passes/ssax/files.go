package ssax

import (
	"go/token"
	"strings"

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
