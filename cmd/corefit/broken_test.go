package main_test

import (
	"os/exec"
	"strings"
	"testing"
)

// goodPkg is a package with a finding: it must be reported whatever is wrong
// with the packages beside it.
const goodPkg = `package good

import (
	"net/http"
	"runtime"
)

func F(urls chan string) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for u := range urls {
				http.Get(u)
			}
		}()
	}
}
`

const goodFinding = "good/good.go:12:13: http.Get waits on the network"

// TestBrokenInput runs the standalone CLI on modules with one broken package
// beside a good one: a syntax error, a missing import, a package whose files
// build tags exclude, a cgo package with cgo off (a machine without a C
// compiler), an empty module, and a go.mod that asks for a newer Go. Each
// gives one clear line about what is wrong, and the good package is still
// analysed and reported.
func TestBrokenInput(t *testing.T) {
	bin := build(t)
	mod := func(name, goVersion string, bad map[string]string) map[string]string {
		files := map[string]string{
			"go.mod":       "module example.com/" + name + "\n\ngo " + goVersion + "\n",
			"good/good.go": goodPkg,
		}
		for k, v := range bad {
			files[k] = v
		}
		return files
	}
	cases := []struct {
		name  string
		files map[string]string
		env   []string
		args  []string
		want  []string // lines or parts of lines the output must hold
		code  int
		good  bool // the good package's finding is reported
	}{
		{
			name:  "syntax error",
			files: mod("syntax", "1.26", map[string]string{"bad/bad.go": "package bad\n\nfunc F( {\n"}),
			args:  []string{"./..."},
			want:  []string{"-: package example.com/syntax/bad does not compile: it is not analysed", "bad/bad.go:3:9: syntax error"},
			code:  1, good: true,
		},
		{
			name:  "missing import",
			files: mod("missing", "1.26", map[string]string{"bad/bad.go": "package bad\n\nimport \"example.com/nowhere/x\"\n\nvar _ = x.Y\n"}),
			args:  []string{"./..."},
			want:  []string{"bad/bad.go:3:8: no required module provides package example.com/nowhere/x"},
			code:  1, good: true,
		},
		{
			name:  "build tags exclude every file",
			files: mod("tags", "1.26", map[string]string{"bad/bad.go": "//go:build never\n\npackage bad\n\nfunc F() {}\n"}),
			args:  []string{"./bad", "./good"},
			want:  []string{"-: build constraints exclude all Go files in"},
			code:  1, good: true,
		},
		{
			name:  "cgo without a C compiler",
			files: mod("cgo", "1.26", map[string]string{"bad/bad.go": "package bad\n\n// int add(int a, int b) { return a + b; }\nimport \"C\"\n\nfunc F() int { return int(C.add(1, 2)) }\n"}),
			env:   []string{"CGO_ENABLED=0"},
			args:  []string{"./bad", "./good"},
			want:  []string{"-: build constraints exclude all Go files in"},
			code:  1, good: true,
		},
		{
			// CC names a compiler that is not there: cgo is turned off,
			// as the go command does when its default compiler is
			// missing, instead of failing runtime/cgo and with it every
			// package that imports net (good does).
			name:  "CC not found",
			files: mod("nocc", "1.26", map[string]string{"bad/bad.go": "package bad\n\n// int add(int a, int b) { return a + b; }\nimport \"C\"\n\nfunc F() int { return int(C.add(1, 2)) }\n"}),
			env:   []string{"CC=/nonexistent/bin/cc", "CGO_ENABLED="},
			args:  []string{"./bad", "./good"},
			want:  []string{`corefit: C compiler "/nonexistent/bin/cc" (CC) not found: analysing with CGO_ENABLED=0`, "-: build constraints exclude all Go files in"},
			code:  1, good: true,
		},
		{
			name:  "empty module",
			files: map[string]string{"go.mod": "module example.com/empty\n\ngo 1.26\n"},
			args:  []string{"./..."},
			want:  []string{`warning: "./..." matched no packages`},
			code:  0,
		},
		{
			name:  "go.mod asks for a newer Go",
			files: mod("newer", "1.99", nil),
			args:  []string{"./..."},
			want:  []string{"corefit: go: go.mod requires go >= 1.99"},
			code:  1,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeModule(t, tc.files)
			out, code := runEnv(t, dir, tc.env, bin, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("no %q in the output:\n%s", w, out)
				}
			}
			if got := strings.Contains(out, goodFinding); got != tc.good {
				t.Errorf("good package reported: %v, want %v\n%s", got, tc.good, out)
			}
			if strings.Contains(out, "panic") || strings.Contains(out, "err: exit status") {
				t.Errorf("a raw failure in the output:\n%s", out)
			}
		})
	}
	// With a C compiler, the cgo package is analysed like the others.
	if _, err := exec.LookPath("gcc"); err == nil {
		dir := writeModule(t, mod("cgo", "1.26", map[string]string{"bad/bad.go": "package bad\n\n// int add(int a, int b) { return a + b; }\nimport \"C\"\n\nfunc F() int { return int(C.add(1, 2)) }\n"}))
		out, code := runEnv(t, dir, []string{"CGO_ENABLED=1"}, bin, "./...")
		if code != 1 || !strings.Contains(out, goodFinding) || strings.Contains(out, "compile") {
			t.Errorf("cgo with a C compiler: exit %d, want 1, the finding and no error:\n%s", code, out)
		}
	}
}
