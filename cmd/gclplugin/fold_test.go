package gclplugin

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestFoldRelated(t *testing.T) {
	fset := token.NewFileSet()
	f := fset.AddFile("/src/m/pool/pool.go", -1, 1000)
	g := fset.AddFile("/src/m/store/store.go", -1, 1000)
	for _, file := range []*token.File{f, g} {
		lines := make([]int, 100)
		for i := range lines {
			lines[i] = i * 10
		}
		file.SetLines(lines)
	}
	orig := &analysis.Analyzer{
		Name: "fake",
		Doc:  "fake",
		Run: func(pass *analysis.Pass) (any, error) {
			pass.Report(analysis.Diagnostic{Pos: f.Pos(175), Message: "blocks", Related: []analysis.RelatedInformation{
				{Pos: f.Pos(121), Message: "pool size: runtime.NumCPU()"},
				{Pos: g.Pos(53), Message: "calls http.Get"},
				{Pos: token.NoPos, Message: "somewhere"},
			}})
			pass.Reportf(f.Pos(200), "plain")
			return "result", nil
		},
	}
	var got []analysis.Diagnostic
	pass := &analysis.Pass{Fset: fset, Report: func(d analysis.Diagnostic) { got = append(got, d) }}
	folded := foldRelated(orig)
	if folded == orig || folded.Name != "fake" {
		t.Fatal("foldRelated should return a copy with the same name")
	}
	res, err := folded.Run(pass)
	if res != "result" || err != nil {
		t.Errorf("Run returned %v, %v", res, err)
	}
	if len(got) != 2 {
		t.Fatalf("%d diagnostics, want 2", len(got))
	}
	if want := "blocks [13:2: pool size: runtime.NumCPU(); store/store.go:6:4: calls http.Get; somewhere]"; got[0].Message != want || got[0].Related != nil {
		t.Errorf("folded diagnostic %q (related %v), want %q", got[0].Message, got[0].Related, want)
	}
	if got[1].Message != "plain" {
		t.Errorf("plain diagnostic %q", got[1].Message)
	}
}
