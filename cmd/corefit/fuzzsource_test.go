package main_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// FuzzSource mutates the analyzers' own testdata: its seeds are the files
// of testdata/src that type-check on their own (one file, standard imports
// only), and each input that still parses and type-checks after the
// fuzzer's changes is run through the corefit binary with FuzzAnalyzers'
// checks: no panic, no analyzer error, no diagnostic outside the file.
// Inputs that do not type-check are skipped (the check is in process, so
// they cost little). Without -fuzz, `go test` runs the seeds: corefit on
// every such testdata file alone, outside analysistest.
//
//	go test ./cmd/corefit -run '^$' -fuzz FuzzSource -fuzztime 1h
func FuzzSource(f *testing.F) {
	seeds := 0
	root := filepath.Join("..", "..", "testdata", "src")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if typeChecks(string(src)) {
			f.Add(string(src))
			seeds++
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	// The seeds must not rot away: most analyzers' testdata is one file
	// of standard imports.
	if seeds < 30 {
		f.Fatalf("%d testdata files type-check on their own, want at least 30", seeds)
	}
	bin := fuzzBinary(f)
	cache := filepath.Join(os.TempDir(), "corefit-fuzz-cache")
	f.Fuzz(func(t *testing.T, src string) {
		if !typeChecks(src) {
			t.Skip("does not type-check")
		}
		checkRun(t, bin, cache, src)
	})
}

var (
	checkMu  sync.Mutex
	checkSet = token.NewFileSet()
	// One importer for the process: it reads each standard package's
	// export data once.
	checkImp = importer.ForCompiler(checkSet, "gc", nil)
)

// typeChecks reports whether src is a package of its own that type-checks
// at go1.26 with standard imports only, without cgo and build constraints.
func typeChecks(src string) bool {
	checkMu.Lock()
	defer checkMu.Unlock()
	file, err := parser.ParseFile(checkSet, "p.go", src, parser.ParseComments)
	if err != nil || file.Name.Name == "main" && !hasMain(file) {
		return false
	}
	for _, c := range file.Comments {
		for _, l := range c.List {
			if strings.HasPrefix(l.Text, "//go:build") || strings.HasPrefix(l.Text, "// +build") {
				return false
			}
		}
	}
	for _, imp := range file.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || p == "C" || p == "unsafe" || strings.Contains(strings.Split(p, "/")[0], ".") {
			return false
		}
	}
	conf := types.Config{Importer: checkImp, GoVersion: "go1.26", Error: func(error) {}}
	_, err = conf.Check("example.com/fz", checkSet, []*ast.File{file}, nil)
	return err == nil
}

func hasMain(f *ast.File) bool {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			return true
		}
	}
	return false
}
