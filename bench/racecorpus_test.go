package bench_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/corefit/corefit/bench"
)

var raceCorpusOut = flag.String("racecorpus.out", "", "write the race corpus's figures and lists to this file")

// The floors the race corpus must hold: recall may only go up, false
// alarms only down. Raise them when sharedstate improves.
const (
	raceCorpusMinFound      = 187
	raceCorpusMaxFalseAlarm = 3
)

// TestRaceCorpus runs sharedstate on the race detector's own labelled tests
// (GOROOT/src/runtime/race/testdata, copied at run time) and checks the
// figures against the floors above. Run with -v for the figures,
// -racecorpus.out FILE for every function's verdict.
func TestRaceCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds corefit and runs it on the race corpus")
	}
	t.Parallel()
	if _, err := os.Stat(bench.RaceCorpusDir()); err != nil {
		t.Skipf("no race corpus in this Go installation: %v", err)
	}
	root := moduleRoot(t)
	corefit, err := bench.BuildCorefit(t.Context(), root, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	score, err := bench.RaceCorpus(t.Context(), corefit, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Log(score)
	if *raceCorpusOut != "" {
		var b strings.Builder
		fmt.Fprintf(&b, "%s\n\nfalse alarms:\n", score)
		for _, n := range score.FalseAlarms {
			fmt.Fprintf(&b, "  %s\n", n)
			for _, f := range score.Findings[n] {
				fmt.Fprintf(&b, "    %s: %s\n", f.Posn, f.Message)
			}
		}
		fmt.Fprintf(&b, "\nmissed:\n")
		for _, n := range score.Missed {
			fmt.Fprintf(&b, "  %s\n", n)
		}
		fmt.Fprintf(&b, "\nfound:\n")
		for _, n := range score.Found {
			fmt.Fprintf(&b, "  %s\n", n)
		}
		if err := os.WriteFile(*raceCorpusOut, []byte(b.String()), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	if len(score.Found) < raceCorpusMinFound {
		t.Errorf("%d races reported, want at least %d", len(score.Found), raceCorpusMinFound)
	}
	if len(score.FalseAlarms) > raceCorpusMaxFalseAlarm {
		t.Errorf("false alarms on %v: %d, want at most %d", score.FalseAlarms, len(score.FalseAlarms), raceCorpusMaxFalseAlarm)
	}
}
