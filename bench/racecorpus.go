package bench

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// The race corpus is the Go race detector's own labelled tests, in
// GOROOT/src/runtime/race/testdata: each TestRace* function holds a data
// race the detector must report, each TestNoRace* function holds none.
// RaceCorpus copies them into a module of their own (they stay in GOROOT;
// nothing is vendored), runs corefit's sharedstate on it with its tests
// flag, and counts a function as reported when a sharedstate diagnostic
// falls inside it.
//
// The corpus is type-checked with the race build tag (it calls
// runtime.RaceDisable). cgo_test.go needs cgo and synctest_test.go imports internal/synctest;
// both are left out.

// RaceScore is what sharedstate said of the race corpus.
type RaceScore struct {
	Races, NoRaces int // labelled functions
	// Found lists the TestRace* functions reported; Missed the others.
	Found, Missed []string
	// FalseAlarms lists the TestNoRace* functions reported.
	FalseAlarms []string
	// Outside counts diagnostics in no labelled function.
	Outside int
	// Findings are the diagnostics, by function ("" for none).
	Findings map[string][]Finding
}

// Recall is the fraction of the races reported.
func (s RaceScore) Recall() float64 {
	if s.Races == 0 {
		return 0
	}
	return float64(len(s.Found)) / float64(s.Races)
}

func (s RaceScore) String() string {
	return fmt.Sprintf("races reported %d/%d (%.2f), false alarms %d/%d, outside labelled functions %d",
		len(s.Found), s.Races, s.Recall(), len(s.FalseAlarms), s.NoRaces, s.Outside)
}

// raceCorpusSkip are the files of the corpus left out.
var raceCorpusSkip = map[string]bool{"cgo_test.go": true, "synctest_test.go": true}

// RaceCorpusDir is where the corpus is in the Go installation that runs
// this code.
func RaceCorpusDir() string {
	return filepath.Join(runtime.GOROOT(), "src", "runtime", "race", "testdata")
}

// RaceCorpus runs corefit (a binary built by BuildCorefit) on a copy of
// the race corpus made in dir, and scores sharedstate's diagnostics.
func RaceCorpus(ctx context.Context, corefit, dir string) (RaceScore, error) {
	src := RaceCorpusDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		return RaceScore{}, fmt.Errorf("race corpus: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module racecorpus\n\ngo 1.26\n"), 0o666); err != nil {
		return RaceScore{}, err
	}
	type span struct {
		name       string
		start, end int
	}
	spans := map[string][]span{} // by file base name
	var score RaceScore
	fset := token.NewFileSet()
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, "_test.go") || raceCorpusSkip[name] {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			return RaceScore{}, err
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o666); err != nil {
			return RaceScore{}, err
		}
		f, err := parser.ParseFile(fset, name, data, parser.SkipObjectResolution)
		if err != nil {
			return RaceScore{}, err
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil {
				continue
			}
			n := fd.Name.Name
			switch {
			case strings.HasPrefix(n, "TestRace"):
				score.Races++
			case strings.HasPrefix(n, "TestNoRace"):
				score.NoRaces++
			default:
				continue
			}
			spans[name] = append(spans[name], span{n, fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line})
		}
	}
	if score.Races == 0 {
		return RaceScore{}, fmt.Errorf("race corpus: no TestRace functions in %s", src)
	}
	found, err := runCorefit(ctx, corefit, dir, "racecorpus", []string{"-checks", "sharedstate", "-sharedstate.tests", "-tags", "race"}, []string{"./..."})
	if err != nil {
		return RaceScore{}, err
	}
	score.Findings = map[string][]Finding{}
	reported := map[string]bool{}
	for _, fs := range found {
		for _, f := range fs {
			if f.Analyzer != "sharedstate" {
				continue
			}
			file, line := posnFileLine(f.Posn)
			fn := ""
			for _, s := range spans[filepath.Base(file)] {
				if s.start <= line && line <= s.end {
					fn = s.name
				}
			}
			if fn == "" {
				score.Outside++
			}
			reported[fn] = true
			score.Findings[fn] = append(score.Findings[fn], f)
		}
	}
	for _, ss := range spans {
		for _, s := range ss {
			switch {
			case strings.HasPrefix(s.name, "TestNoRace"):
				if reported[s.name] {
					score.FalseAlarms = append(score.FalseAlarms, s.name)
				}
			case reported[s.name]:
				score.Found = append(score.Found, s.name)
			default:
				score.Missed = append(score.Missed, s.name)
			}
		}
	}
	slices.Sort(score.Found)
	slices.Sort(score.Missed)
	slices.Sort(score.FalseAlarms)
	return score, nil
}

// posnFileLine splits file:line:col.
func posnFileLine(posn string) (string, int) {
	parts := strings.Split(posn, ":")
	if len(parts) < 3 {
		return posn, 0
	}
	var line int
	fmt.Sscan(parts[len(parts)-2], &line)
	return strings.Join(parts[:len(parts)-2], ":"), line
}
