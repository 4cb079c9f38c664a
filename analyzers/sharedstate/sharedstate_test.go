package sharedstate_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/analyzers/sharedstate"
	"github.com/corefit/corefit/passes/atest"
)

func TestSharedstate(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), sharedstate.Analyzer, "sharedstate/basic", "sharedstate/groups", "sharedstate/oldloop", "sharedstate/cross", "sharedstate/guarded", "sharedstate/handlers", "sharedstate/launchers", "sharedstate/elements", "sharedstate/joins", "sharedstate/callerlocks", "sharedstate/owner", "sharedstate/mixed")
}

// TestSubtests runs on test files: parallel subtests.
func TestSubtests(t *testing.T) {
	f := sharedstate.Analyzer.Flags.Lookup("tests")
	f.Value.Set("true")
	defer f.Value.Set("false")
	analysistest.Run(t, atest.Testdata(), sharedstate.Analyzer, "sharedstate/subtests")
}

// TestRelated checks the related positions: the other access and the launch.
func TestRelated(t *testing.T) {
	checkRelated(t, "sharedstate/basic", map[string][]string{
		"basic.go:19:4":  {"basic.go:19:4: the other access (incremented), by another instance of the goroutine", "basic.go:17:3: goroutine started here"},
		"basic.go:270:3": {"basic.go:272:2: the other access (written)", "basic.go:268:2: goroutine started here"},
	})
}

// TestOwnerRelated checks the related positions of a diagnostic of a type
// with a goroutine of its own: the other access, the calls on its way, and
// the launch.
func TestOwnerRelated(t *testing.T) {
	checkRelated(t, "sharedstate/owner", map[string][]string{
		"owner.go:27:5":  {"owner.go:31:42: the other access (read), by the exported method Count", "owner.go:21:2: goroutine started here"},
		"owner.go:177:6": {"owner.go:170:8: called here", "owner.go:181:47: the other access (read), by the exported method Get", "owner.go:169:2: goroutine started here"},
		"owner.go:273:4": {"owner.go:266:12: the other access (read), by the goroutine", "owner.go:260:12: goroutine started here"},
	})
}

// checkRelated runs sharedstate on pkg and checks the related positions of
// the diagnostics at the keys of want (file:line:col), each rendered as
// file:line:col: message.
func checkRelated(t *testing.T, pkg string, want map[string][]string) {
	t.Helper()
	results := analysistest.Run(t, atest.Testdata(), sharedstate.Analyzer, pkg)
	for _, r := range results {
		for _, d := range r.Diagnostics {
			pos := r.Pass.Fset.Position(d.Pos)
			key := fmt.Sprintf("%s:%d:%d", filepath.Base(pos.Filename), pos.Line, pos.Column)
			exp, ok := want[key]
			if !ok {
				continue
			}
			delete(want, key)
			var got []string
			for _, rel := range d.Related {
				p := r.Pass.Fset.Position(rel.Pos)
				got = append(got, fmt.Sprintf("%s:%d:%d: %s", filepath.Base(p.Filename), p.Line, p.Column, rel.Message))
			}
			if strings.Join(got, "\n") != strings.Join(exp, "\n") {
				t.Errorf("%s: related positions\n%s\nwant\n%s", key, strings.Join(got, "\n"), strings.Join(exp, "\n"))
			}
		}
	}
	for key := range want {
		t.Errorf("no diagnostic at %s", key)
	}
}
