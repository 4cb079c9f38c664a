package all_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/corefit/corefit/analyzers/all"
	"github.com/corefit/corefit/passes/atest"
)

// TestAnalyzers checks that every user-facing analyzer is well formed: valid,
// documented (a lowercase title line without a period, then a body), with a
// URL and testdata.
func TestAnalyzers(t *testing.T) {
	as := all.Analyzers()
	if err := analysis.Validate(as); err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		title, body, _ := strings.Cut(a.Doc, "\n")
		if title == "" || strings.HasSuffix(title, ".") || strings.ToLower(title[:1]) != title[:1] || len(title) > 80 {
			t.Errorf("%s: title %q should be lowercase, short, without a period", a.Name, title)
		}
		if len(strings.TrimSpace(body)) < 200 {
			t.Errorf("%s: doc body too short to explain the analyzer", a.Name)
		}
		if !strings.HasPrefix(a.URL, "https://github.com/corefit/corefit/") {
			t.Errorf("%s: URL %q", a.Name, a.URL)
		}
		dir := filepath.Join(atest.Testdata(), "src", a.Name)
		if entries, err := os.ReadDir(dir); err != nil || len(entries) == 0 {
			t.Errorf("%s: no testdata in %s", a.Name, dir)
		}
	}
}
