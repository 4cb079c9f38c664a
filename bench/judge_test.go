package bench

import (
	"strings"
	"testing"
)

// TestJudgeUnregistered checks the agreement of a pair whose analyzer is
// not registered yet: bad need not be reported, but good must be quiet and
// bad reported by no other analyzer.
func TestJudgeUnregistered(t *testing.T) {
	p := Pair{Analyzer: "sharedstate", Kind: "counter", Expect: "counter processed"}
	if problems := judge(p, false, nil, nil); len(problems) != 0 {
		t.Errorf("unregistered, nothing reported: problems %q, want none", problems)
	}
	if problems := judge(p, true, nil, nil); len(problems) != 1 || !strings.Contains(problems[0], "not reported") {
		t.Errorf("registered, bad not reported: problems %q, want one", problems)
	}
	other := []Finding{{Analyzer: "poolblock", Posn: "x.go:1:1", Message: "m"}}
	if problems := judge(p, false, other, other); len(problems) != 2 {
		t.Errorf("unregistered, another analyzer on bad and good: problems %q, want two", problems)
	}
}

// TestJudgeQuiet checks a pair that measures a pattern the analyzer leaves
// alone: both programs must be quiet.
func TestJudgeQuiet(t *testing.T) {
	p := Pair{Analyzer: "poolblock", Kind: "pause", Quiet: true}
	if problems := judge(p, true, nil, nil); len(problems) != 0 {
		t.Errorf("quiet pair, nothing reported: problems %q, want none", problems)
	}
	f := []Finding{{Analyzer: "poolblock", Posn: "x.go:1:1", Message: "time.Sleep sleeps"}}
	if problems := judge(p, true, f, nil); len(problems) != 1 || !strings.Contains(problems[0], "bad is not quiet") {
		t.Errorf("quiet pair, bad reported: problems %q, want one", problems)
	}
}
