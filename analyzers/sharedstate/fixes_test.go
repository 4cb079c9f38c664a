package sharedstate_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/analyzers/sharedstate"
	"github.com/corefit/corefit/passes/atest"
)

// TestFixes applies the suggested fixes of sharedstate/fixes and compares
// each file with its .golden.
func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, atest.Testdata(), sharedstate.Analyzer, "sharedstate/fixes")
}

// TestFixedQuiet checks that the fixed code compiles and that sharedstate
// is quiet on it: the .golden files of sharedstate/fixes, without their
// want comments, are a package of their own, and analysistest fails on a
// type error or a diagnostic it was not told to expect.
func TestFixedQuiet(t *testing.T) {
	goldens, err := filepath.Glob(filepath.Join(atest.Testdata(), "src", "sharedstate", "fixes", "*.go.golden"))
	if err != nil || len(goldens) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	dir := t.TempDir()
	pkg := filepath.Join(dir, "src", "fixed")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`(?m)\s*// want .*$`)
	for _, g := range goldens {
		src, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(g), ".golden")
		if err := os.WriteFile(filepath.Join(pkg, name), want.ReplaceAll(src, nil), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	analysistest.Run(t, dir, sharedstate.Analyzer, "fixed")
}

// TestNoFix checks that the races of sharedstate/fixes/none, each
// breaking one condition of a fix, are reported with no fix.
func TestNoFix(t *testing.T) {
	for _, r := range analysistest.Run(t, atest.Testdata(), sharedstate.Analyzer, "sharedstate/fixes/none") {
		for _, d := range r.Diagnostics {
			for _, f := range d.SuggestedFixes {
				t.Errorf("%s: fix %q offered", r.Pass.Fset.Position(d.Pos), f.Message)
			}
		}
	}
}
