package iostall_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/analyzers/iostall"
	"github.com/corefit/corefit/passes/atest"
)

func TestIostall(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), iostall.Analyzer, "iostall/basic", "iostall/heavylib", "iostall/cross", "iostall/frameworks", "iostall/reach", "iostall/growth")
}

// TestUserCatalog runs iostall with handler registrations and CPU-heavy
// functions added by flags, and without them: the same package is quiet
// when the flags are not given.
func TestUserCatalog(t *testing.T) {
	set := func(name, value string) {
		t.Helper()
		if err := iostall.Analyzer.Flags.Set(name, value); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { set("handlers", ""); set("cpuheavy", "") })
	set("handlers", "(*iostall/user.Router).Route=handler:arg=1")
	set("cpuheavy", "iostall/user.slowHash=heavy,(iostall/user.Codec).Encode=linear:input=0")
	analysistest.Run(t, atest.Testdata(), iostall.Analyzer, "iostall/user", "iostall/usergrpc")
}

func TestUserCatalogUnset(t *testing.T) {
	// With no flags, the user package is quiet: every want would fail.
	results := analysistest.Run(&quietT{T: t}, atest.Testdata(), iostall.Analyzer, "iostall/user")
	for _, r := range results {
		if len(r.Diagnostics) != 0 {
			t.Errorf("without flags: %d diagnostics, want none: %v", len(r.Diagnostics), r.Diagnostics[0].Message)
		}
	}
}

// quietT drops analysistest's complaints about unmet wants.
type quietT struct{ *testing.T }

func (q *quietT) Errorf(format string, args ...any) {}

func TestUserFlagErrors(t *testing.T) {
	for _, tc := range []struct{ flag, value string }{
		{"handlers", "example.com/m.Reg"},
		{"handlers", "example.com/m.Reg=handler"},
		{"handlers", "example.com/m.Reg=route:arg=1"},
		{"handlers", "Reg=handler:arg=1"},
		{"cpuheavy", "example.com/m.F=heavy:input=0"},
		{"cpuheavy", "example.com/m.F=slow"},
		{"cpuheavy", "(example.com/m.T.F=heavy"},
	} {
		f := iostall.Analyzer.Flags.Lookup(tc.flag)
		if err := f.Value.Set(tc.value); err == nil {
			t.Errorf("-%s=%s: no error", tc.flag, tc.value)
		}
		f.Value.Set("")
	}
}

// TestGrowthRelated checks the related positions of growth diagnostics: the
// context, the callee's work, and where the size or the page comes from.
func TestGrowthRelated(t *testing.T) {
	results := analysistest.Run(t, atest.Testdata(), iostall.Analyzer, "iostall/growth")
	want := map[string][]string{
		"in growthlib.Nearest":      {"HTTP handler: registered with http.HandleFunc", "the call does the work at growthlib/growthlib.go:", "the size comes from r here"},
		"in (*growth.Monitor).list": {"the call does the work at growth/pages.go:", "the page comes from r here"},
	}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for key, rels := range want {
				if !strings.Contains(d.Message, key) {
					continue
				}
				delete(want, key)
				for _, w := range rels {
					found := false
					for _, rel := range d.Related {
						found = found || strings.Contains(rel.Message, w)
					}
					if !found {
						t.Errorf("%s: no related %q in %+v", key, w, d.Related)
					}
				}
			}
		}
	}
	for key := range want {
		t.Errorf("no diagnostic %s", key)
	}
}
