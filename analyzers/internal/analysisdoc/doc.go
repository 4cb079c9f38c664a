// Package analysisdoc extracts an analyzer's documentation from its doc.go,
// so that the package comment is the one source of the text that go doc,
// `corefit help NAME` and the README show.
package analysisdoc

import (
	"go/parser"
	"go/token"
	"strings"
)

// MustExtract returns the package comment of the Go source in content from
// the line that starts with "name:" on. It panics if there is none: that is a
// bug in the analyzer's doc.go, caught by its tests.
func MustExtract(content, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		panic("analysisdoc: no package comment in doc.go of " + name)
	}
	text := f.Doc.Text()
	prefix := name + ":"
	for i, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, prefix) {
			rest := strings.Split(text, "\n")[i:]
			rest[0] = strings.TrimSpace(strings.TrimPrefix(rest[0], prefix))
			return strings.TrimSpace(strings.Join(rest, "\n"))
		}
	}
	panic("analysisdoc: no line starting with " + prefix + " in doc.go")
}
