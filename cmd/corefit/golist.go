package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// listedPkg is the part of go list -json that the language server and
// confirm need.
type listedPkg struct {
	Dir, ImportPath                              string
	GoFiles, CgoFiles, TestGoFiles, XTestGoFiles []string
	Imports, TestImports, XTestImports           []string
	Error                                        *struct{ Err string }
}

// goList runs go list -e -json on the patterns in dir ("" for the current
// directory).
func goList(dir string, patterns ...string) ([]*listedPkg, error) {
	cmd := exec.Command("go", append([]string{"list", "-e", "-json=Dir,ImportPath,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,Imports,TestImports,XTestImports,Error", "--"}, patterns...)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	var pkgs []*listedPkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		p := new(listedPkg)
		if err := dec.Decode(p); err != nil {
			return nil, fmt.Errorf("go list: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// files returns the package's Go files, tests included, as paths.
func (p *listedPkg) files() []string {
	var fs []string
	for _, l := range [][]string{p.GoFiles, p.CgoFiles, p.TestGoFiles, p.XTestGoFiles} {
		for _, f := range l {
			fs = append(fs, filepath.Join(p.Dir, f))
		}
	}
	return fs
}

func (p *listedPkg) hasTests() bool { return len(p.TestGoFiles)+len(p.XTestGoFiles) > 0 }
