package bench_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/corefit/corefit/analyzers/all"
	"github.com/corefit/corefit/bench"
	"github.com/corefit/corefit/passes/catalog"
)

// TestPairsOnDisk checks that the table of pairs and the directories agree:
// every pairs/<analyzer>/<kind> has bad and good programs and an entry, and
// every entry has its directory.
func TestPairsOnDisk(t *testing.T) {
	root := moduleRoot(t)
	onDisk := map[string]bool{}
	pairsDir := filepath.Join(root, "bench", "pairs")
	err := filepath.WalkDir(pairsDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "internal" {
			return filepath.SkipDir
		}
		if d.IsDir() || d.Name() != "main.go" {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(filepath.Dir(path)))
		onDisk[filepath.ToSlash(rel)] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	inTable := map[string]bool{}
	names := map[string]bool{}
	for _, p := range bench.All() {
		inTable[p.Dir()] = true
		if names[p.Name()] {
			t.Errorf("two pairs named %s", p.Name())
		}
		names[p.Name()] = true
		for _, v := range bench.Variants {
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(p.Package(v)), "main.go")); err != nil {
				t.Errorf("pair %s: %v", p.Name(), err)
			}
		}
		if (p.Expect == "") != p.Quiet || p.Metric.Key == "" || p.Shows == "" || len(p.Args) == 0 || len(p.QuickArgs) == 0 {
			t.Errorf("pair %s: Expect (unless Quiet, and only then), Metric, Shows, Args and QuickArgs must be set: %+v", p.Name(), p)
		}
	}
	for dir := range onDisk {
		if !inTable[dir] {
			t.Errorf("%s has programs but no entry in bench.All", dir)
		}
	}
}

// pairsPending are the analyzers that may land before their pairs: add one
// here while its pairs are being written, and remove it when they are in.
var pairsPending = map[string]bool{}

// TestEveryKindHasAPair checks that every diagnostic kind of the analyzers
// that have landed has a pair: poolblock's kinds of wait, sharedstate's
// kinds of shared state (counter, map, append, captured err; its pairs may
// come before the analyzer), and at least one pair for every other analyzer
// not pending.
func TestEveryKindHasAPair(t *testing.T) {
	have := map[string]bool{}
	analyzers := map[string]bool{}
	for _, p := range bench.All() {
		have[p.Analyzer+"/"+p.Kind] = true
		analyzers[p.Analyzer] = true
	}
	for k := catalog.Network; k <= catalog.Sleep; k++ {
		if !have["poolblock/"+k.Short()] {
			t.Errorf("poolblock reports %s (%s) but bench has no pair poolblock/%s", k.Short(), k, k.Short())
		}
	}
	for _, k := range []string{"counter", "map", "append", "capturederr"} {
		if !have["sharedstate/"+k] {
			t.Errorf("sharedstate reports shared state of kind %s but bench has no pair sharedstate/%s", k, k)
		}
	}
	if !bench.Registered("sharedstate") {
		t.Logf("sharedstate has pairs but is not registered in analyzers/all yet: TestAgreement skips its pairs")
	}
	for _, a := range all.Analyzers() {
		switch {
		case !analyzers[a.Name] && pairsPending[a.Name]:
			t.Logf("analyzer %s has no pairs yet (pending)", a.Name)
		case !analyzers[a.Name]:
			t.Errorf("analyzer %s has no pair under bench/pairs/%s", a.Name, a.Name)
		case pairsPending[a.Name]:
			t.Errorf("analyzer %s has pairs: remove it from pairsPending", a.Name)
		}
	}
}

func TestSelect(t *testing.T) {
	ps, err := bench.Select(bench.All(), "poolblock/(network|sleep)$")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Name())
	}
	if want := []string{"poolblock/network", "poolblock/sleep"}; !slices.Equal(got, want) {
		t.Errorf("Select = %v, want %v", got, want)
	}
	if _, err := bench.Select(bench.All(), "nothing-matches"); err == nil {
		t.Error("Select with no match: want an error")
	}
}

// TestPairsRun runs every program once with a handful of items and little
// work, and checks that it prints its line and that bad and good report the
// same checksum: they do the same work. The figures are not looked at.
func TestPairsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every pair's programs")
	}
	t.Parallel()
	root := moduleRoot(t)
	pairs := bench.All()
	progs, err := bench.BuildPrograms(t.Context(), root, t.TempDir(), pairs)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	for _, p := range pairs {
		t.Run(p.Name(), func(t *testing.T) {
			items := 40
			if p.Kind == "process" {
				items = 8
			}
			args := p.ProgramArgs(true, tmp, []string{fmt.Sprintf("-items=%d", items), "-work=1"})
			var checks []string
			for _, v := range bench.Variants {
				run, err := bench.RunProgram(t.Context(), progs.Path(p, v), args, 2, 2*time.Minute)
				var crash *bench.CrashError
				if errors.As(err, &crash) && v == bench.Bad && p.Metric.Loss() {
					// The bad programs of a loss may die of it.
					t.Logf("%s: %s", v, crash.Line)
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", v, err)
				}
				if _, ok := run.Metrics[p.Metric.Key]; !ok {
					t.Errorf("%s: no %s in %v", v, p.Metric.Key, run.Metrics)
				}
				if got := run.Metrics["items"]; got != float64(items) {
					t.Errorf("%s: %v items, want %d", v, got, items)
				}
				if p.Metric.Loss() && v == bench.Good && run.Metrics[p.Metric.Key] != 0 {
					t.Errorf("good lost %v of %v: the fix must lose nothing", run.Metrics[p.Metric.Key], run.Metrics[p.Metric.Of])
				}
				checks = append(checks, run.Check)
			}
			if len(checks) == 1 {
				return // bad crashed
			}
			if checks[0] == "" || checks[0] != checks[1] {
				t.Errorf("checksums %s: bad and good must do the same work", strings.Join(checks, ", "))
			}
			if !p.Race {
				return
			}
			// The fix must hold under the race detector: no report.
			run, err := bench.RunRace(t.Context(), progs.RacePath(p, bench.Good), append(args, p.RaceArgs...), 2, 2*time.Minute)
			if err != nil {
				t.Fatalf("good -race: %v", err)
			}
			if run.RaceReports > 0 {
				t.Errorf("good -race: %d data races reported", run.RaceReports)
			}
		})
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("a program left %s behind in its -dir", e.Name())
	}
}
