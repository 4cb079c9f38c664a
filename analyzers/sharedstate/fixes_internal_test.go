package sharedstate

import (
	"go/parser"
	"go/token"
	"golang.org/x/tools/go/analysis"
	"slices"
	"testing"
)

// TestAddImportCgo: the import of sync/atomic that a fix adds never joins
// an import "C" declaration, whose doc comment is cgo's preamble only while
// it imports "C" alone.
func TestAddImportCgo(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"C alone": {
			"package p\n\n// #include <stdlib.h>\nimport \"C\"\n\nvar x int\n",
			"package p\n\n// #include <stdlib.h>\nimport \"C\"\n\nimport \"sync/atomic\"\n\nvar x int\n",
		},
		"C, then another": {
			"package p\n\n// #include <stdlib.h>\nimport \"C\"\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n",
			"package p\n\n// #include <stdlib.h>\nimport \"C\"\n\nimport (\n\t\"fmt\"\n\t\"sync/atomic\"\n)\n\nvar _ = fmt.Sprint\n",
		},
		"no C": {
			"package p\n\nimport \"os\"\n\nvar _ = os.Args\n",
			"package p\n\nimport (\n\t\"os\"\n\t\"sync/atomic\"\n)\n\nvar _ = os.Args\n",
		},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p.go", tc.src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		e := &editor{}
		if !e.addImport(f, "sync/atomic") {
			t.Fatalf("%s: addImport failed", name)
		}
		got := []byte(tc.src)
		slices.SortFunc(e.edits, func(a, b analysis.TextEdit) int { return int(b.Pos - a.Pos) })
		for _, ed := range e.edits {
			start, end := fset.Position(ed.Pos).Offset, fset.Position(ed.End).Offset
			got = append(got[:start:start], append(ed.NewText, got[end:]...)...)
		}
		if string(got) != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", name, got, tc.want)
		}
	}
}
