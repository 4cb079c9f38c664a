package poolblock_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/analyzers/poolblock"
	"github.com/corefit/corefit/passes/atest"
)

// setFlag sets an analyzer flag for the duration of a test.
func setFlag(t *testing.T, name, value string) {
	t.Helper()
	f := poolblock.Analyzer.Flags.Lookup(name)
	old := f.Value.String()
	if err := f.Value.Set(value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Value.Set(old) })
}

func TestPoolblock(t *testing.T) {
	setFlag(t, "kinds", "all")
	analysistest.Run(t, atest.Testdata(), poolblock.Analyzer,
		"poolblock/basic", "poolblock/libs", "poolblock/sizes",
		"poolblock/hop2", "poolblock/hop1", "poolblock/runner", "poolblock/cross", "poolblock/modern", "poolblock/reach")
}

// TestDefaults runs with the default flags: local file I/O and test files
// are not reported.
func TestDefaults(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), poolblock.Analyzer, "poolblock/defaults")
}

// TestPause checks that a short sleep once every 256 or more iterations of
// a worker's loop is not a wait, and that a sleep every item, a long one, a
// frequent one or one not guarded by the loop's counter is
// (bench/results/pause-2core.md).
func TestPause(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), poolblock.Analyzer, "poolblock/pause")
}

// TestRelated checks the related positions: the pool's size, where the
// workers start, and each call on the way to the blocking operation.
func TestRelated(t *testing.T) {
	setFlag(t, "kinds", "all")
	results := analysistest.Run(t, atest.Testdata(), poolblock.Analyzer, "poolblock/basic")
	var found *analysis.Diagnostic
	for _, r := range results {
		for i, d := range r.Diagnostics {
			if strings.HasPrefix(d.Message, "basic.load waits on disk I/O") {
				found = &r.Diagnostics[i]
			}
		}
		if found == nil {
			t.Fatal("no diagnostic for basic.load")
		}
		var msgs []string
		for _, rel := range found.Related {
			msgs = append(msgs, r.Pass.Fset.Position(rel.Pos).String()+": "+rel.Message)
		}
		got := strings.Join(msgs, "\n")
		for _, want := range []string{
			"basic.go:122:32: pool size: runtime.NumCPU() (worker loop)",
			"basic.go:123:3: workers start here",
			"basic.go:132:21: calls os.ReadFile",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("related positions lack %q; got:\n%s", want, got)
			}
		}
	}
}

func TestBadFlag(t *testing.T) {
	setFlag(t, "kinds", "network,bogus")
	// analysistest reports the analyzer's error through t; use a
	// recorder to see it.
	rec := &errRecorder{}
	analysistest.Run(rec, atest.Testdata(), poolblock.Analyzer, "poolblock/defaults")
	// The first package to fail is a dependency; the others report
	// failed prerequisites. The CLI test checks the message itself.
	if !strings.Contains(rec.msg, "error analyzing poolblock@") {
		t.Errorf("want the analysis to fail on a bad -kinds, got %q", rec.msg)
	}
}

type errRecorder struct{ msg string }

func (r *errRecorder) Errorf(format string, args ...any) {
	r.msg += strings.TrimSpace(fmt.Sprintf(format, args...)) + "\n"
}

// TestUserCatalog runs poolblock with blocking functions and a pool library
// added by flags.
func TestUserCatalog(t *testing.T) {
	setFlag(t, "blocking", "(*poolblock/user.Client).Query=network,(*poolblock/user.Client).Cached=none")
	setFlag(t, "pools", "poolblock/user.NewPool=new:size=0,(*poolblock/user.Pool).Go=submit:work=0")
	analysistest.Run(t, atest.Testdata(), poolblock.Analyzer, "poolblock/user")
}

func TestUserFlagErrors(t *testing.T) {
	for _, tc := range []struct{ flag, value string }{
		{"blocking", "example.com/m.F"},
		{"blocking", "example.com/m.F=slow"},
		{"blocking", "F=network"},
		{"pools", "example.com/m.New=new"},
		{"pools", "example.com/m.New=new:size=x"},
		{"pools", "example.com/m.New=make:size=0"},
		{"pools", "example.com/m.New=new:width=0"},
	} {
		f := poolblock.Analyzer.Flags.Lookup(tc.flag)
		if err := f.Value.Set(tc.value); err == nil {
			t.Errorf("-%s=%s: no error", tc.flag, tc.value)
		}
		f.Value.Set("")
	}
}
