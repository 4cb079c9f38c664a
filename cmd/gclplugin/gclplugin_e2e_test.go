package gclplugin_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestGolangciLint builds a real golangci-lint v2.15.0 with the plugin linked
// in, from the Go module proxy, and runs it the ways users and editors do.
//
// `golangci-lint custom` clones golangci-lint from GitHub; the test instead
// generates the main module that `custom` would build: it requires
// golangci-lint and corefit (replaced by this checkout), blank-imports
// cmd/gclplugin, and calls golangci-lint's own entry point. It builds with
// the user's GOCACHE and GOMODCACHE, so only the first run pays for
// compiling golangci-lint (minutes on two cores); there is one build per
// test run.
func TestGolangciLint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds golangci-lint: skipped under -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	if out, err := exec.Command(goTool, "env", "GOPROXY").Output(); err != nil || strings.TrimSpace(string(out)) == "off" {
		t.Skip("GOPROXY=off: golangci-lint cannot be fetched from the module proxy")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	rootMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !bytes.Contains(rootMod, []byte("module github.com/corefit/corefit\n")) {
		t.Fatalf("repository root %s: no corefit go.mod (%v)", root, err)
	}

	bin := buildGolangciLint(t, goTool, root, goDirective(t, rootMod))
	// A cache of golangci-lint's own, shared by the runs below (the second
	// default run is served from it, facts included), apart from the user's.
	lintCache := t.TempDir()

	t.Run("default", func(t *testing.T) {
		for _, pass := range []string{"cold", "cached"} {
			res := lint(t, bin, lintCache, ``, "--output.text.path=stdout")
			if res.code != 1 {
				t.Fatalf("%s: exit code %d, want 1 (issues found)\n%s", pass, res.code, res)
			}
			for _, want := range []string{
				"pool/pool.go:19:26: poolblock: http.Get waits on the network in a worker of a pool sized to the CPUs (runtime.NumCPU())",
				"[14:32: pool size: runtime.NumCPU() (worker loop); 16:3: workers start here] (corefit)\n",
				"web/web.go:12:28: iostall: rsa.GenerateKey, CPU-heavy (RSA key generation), runs in an HTTP handler",
				"[11:17: HTTP handler: registered with http.HandleFunc] (corefit)\n",
			} {
				if !strings.Contains(res.stdout, want) {
					t.Errorf("%s: output lacks %q\n%s", pass, want, res)
				}
			}
			// Quiet's lines are 29 to 44: its diagnostic has //nolint, and
			// its related positions are folded into it, so nothing of it
			// remains.
			for _, bad := range []string{"pool/pool.go:3", "pool/pool.go:4", "store.Read", "web_test.go", "related information"} {
				if strings.Contains(res.stdout, bad) {
					t.Errorf("%s: output has %q (nolint'ed, or off by default)\n%s", pass, bad, res)
				}
			}
		}
	})

	// --fix applies the analyzers' suggested fixes: the counter becomes
	// an atomic.Int64 and the fixed module compiles.
	t.Run("fix", func(t *testing.T) {
		dir := t.TempDir()
		write(t, dir, map[string]string{
			"go.mod":        module["go.mod"],
			".golangci.yml": config(""),
			"count/count.go": `package count

import "sync"

func Count(items []int) int {
	var wg sync.WaitGroup
	n := 0
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n++
		}()
	}
	wg.Wait()
	return n
}
`,
		})
		cmd := exec.Command(bin, "run", "--show-stats=false", "--fix", "./...")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+lintCache)
		out, _ := cmd.CombinedOutput()
		fixed, err := os.ReadFile(filepath.Join(dir, "count/count.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{`"sync/atomic"`, "var n atomic.Int64", "n.Add(1)", "return int(n.Load())"} {
			if !bytes.Contains(fixed, []byte(w)) {
				t.Errorf("no %q in the file golangci-lint --fix wrote:\n%s\noutput:\n%s", w, fixed, out)
			}
		}
		build := exec.Command(goTool, "build", "./...")
		build.Dir = dir
		if out, err := build.CombinedOutput(); err != nil {
			t.Errorf("the fixed module does not compile: %v\n%s", err, out)
		}
	})

	t.Run("settings", func(t *testing.T) {
		// The analyzers' flags: disk waits and test files are reported only
		// when the settings say so.
		res := lint(t, bin, lintCache, `
          poolblock:
            kinds: all
            cpufactor: 1
          iostall:
            tests: true
`, "--output.json.path=stdout")
		if res.code != 1 {
			t.Fatalf("exit code %d, want 1\n%s", res.code, res)
		}
		got := issueLines(t, res.stdout)
		want := []string{
			"pool/pool.go:19:26 corefit poolblock: http.Get waits on the network",
			"pool/pool.go:56:20 corefit poolblock: store.Read waits on disk I/O (os.ReadFile)",
			"web/web.go:12:28 corefit iostall: rsa.GenerateKey, CPU-heavy",
			"web/web_test.go:12:28 corefit iostall: rsa.GenerateKey, CPU-heavy",
		}
		checkIssues(t, got, want, "pool/pool.go:3")
		// Facts carry the chain across packages, and the position in the
		// other package is named with its directory.
		if !strings.Contains(strings.Join(got, "\n"), "; store/store.go:6:6: which calls os.ReadFile") {
			t.Errorf("the disk diagnostic does not point into store/store.go:\n%s", strings.Join(got, "\n"))
		}
	})

	t.Run("enable", func(t *testing.T) {
		const settings = `
          enable: [iostall]
`
		res := lint(t, bin, lintCache, settings, "--output.json.path=stdout")
		if res.code != 1 {
			t.Fatalf("exit code %d, want 1\n%s", res.code, res)
		}
		checkIssues(t, issueLines(t, res.stdout), []string{"web/web.go:12:28 corefit iostall:"}, "poolblock")
		// Nothing left to report (the same settings, so mostly from the
		// cache): exit code 0.
		res = lint(t, bin, lintCache, settings, "--output.json.path=stdout", "./pool/...")
		if res.code != 0 || len(issueLines(t, res.stdout)) != 0 {
			t.Errorf("iostall only, linting only ./pool/...: exit code %d, want 0 and no issue\n%s", res.code, res)
		}
	})

	t.Run("unknown", func(t *testing.T) {
		res := lint(t, bin, lintCache, `
          poolblock:
            kind: all
          poolblok:
            tests: true
`, "--output.json.path=stdout")
		if res.code != 3 {
			t.Errorf("exit code %d, want 3 (failure)\n%s", res.code, res)
		}
		for _, want := range []string{`unknown analyzer "poolblok"`, `flag "kind" of analyzer poolblock`} {
			if !strings.Contains(res.stderr, want) {
				t.Errorf("stderr lacks %q\n%s", want, res)
			}
		}
		res = lint(t, bin, lintCache, `
          enable: [iostall]
          disable: [iostall]
`, "--output.json.path=stdout")
		if res.code != 3 || !strings.Contains(res.stderr, "no analyzer to run") {
			t.Errorf("enable and disable of the same analyzer: exit code %d, want 3 with an error\n%s", res.code, res)
		}
	})

	t.Run("langserver", func(t *testing.T) {
		// golangci-lint-langserver runs the configured command with the
		// directory of the saved file appended (with its trailing slash),
		// from the workspace root; it needs a failing exit status to read
		// stdout, decodes it into the struct below, and keeps the issues
		// whose Pos.Filename is the file's path relative to the root.
		dir := writeModule(t, ``)
		cmd := exec.Command(bin, "run", "--output.json.path=stdout", "--show-stats=false", "--issues-exit-code=1", filepath.Join(dir, "pool")+string(filepath.Separator))
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+lintCache)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 || len(out) == 0 {
			t.Fatalf("want exit code 1 with output, got %v\nstdout:\n%s\nstderr:\n%s", err, out, stderr.String())
		}
		var result struct {
			Issues []struct {
				FromLinter  string   `json:"FromLinter"`
				Text        string   `json:"Text"`
				Severity    string   `json:"Severity"`
				SourceLines []string `json:"SourceLines"`
				Pos         struct {
					Filename string `json:"Filename"`
					Offset   int    `json:"Offset"`
					Line     int    `json:"Line"`
					Column   int    `json:"Column"`
				} `json:"Pos"`
			} `json:"Issues"`
			Report struct {
				Linters []struct {
					Name    string `json:"Name"`
					Enabled bool   `json:"Enabled"`
				} `json:"Linters"`
				Error string `json:"Error"`
			} `json:"Report"`
		}
		if err := json.Unmarshal(out, &result); err != nil {
			t.Fatalf("stdout is not one JSON document: %v\n%s", err, out)
		}
		found := false
		for _, is := range result.Issues {
			if is.Pos.Filename != "pool/pool.go" {
				t.Errorf("issue in %q, want pool/pool.go (relative to the root, as the langserver matches it): %+v", is.Pos.Filename, is)
				continue
			}
			if is.Pos.Line == 19 && is.Pos.Column == 26 && is.FromLinter == "corefit" && strings.HasPrefix(is.Text, "poolblock: http.Get waits on the network") &&
				len(is.SourceLines) == 1 && strings.Contains(is.SourceLines[0], "http.Get(u)") {
				found = true
			}
		}
		if !found {
			t.Errorf("no poolblock issue at pool/pool.go:19:26 with its source line\n%s", out)
		}
		if result.Report.Error != "" {
			t.Errorf("report error: %s", result.Report.Error)
		}
		enabled := false
		for _, l := range result.Report.Linters {
			if l.Name == "corefit" {
				enabled = l.Enabled
			}
		}
		if !enabled {
			t.Errorf("report does not list corefit as enabled\n%s", out)
		}
	})
}

// buildGolangciLint generates and builds the custom golangci-lint main
// module, returning the binary's path.
func buildGolangciLint(t *testing.T, goTool, root, goVersion string) string {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"go.mod": "module corefit.test/golangci-lint\n\ngo " + goVersion + "\n\n" +
			"require (\n\tgithub.com/corefit/corefit v0.0.0\n\tgithub.com/golangci/golangci-lint/v2 " + golangciVersion + "\n)\n\n" +
			"replace github.com/corefit/corefit => " + root + "\n",
		"main.go": customMain,
	})
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	run := func(args ...string) {
		t.Helper()
		start := time.Now()
		cmd := exec.Command(goTool, args...)
		cmd.Dir = dir
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		t.Logf("go %s: %v", strings.Join(args, " "), time.Since(start).Round(100*time.Millisecond))
	}
	run("mod", "tidy")
	// The binary links what golangci-lint releases with: corefit's
	// requirements move none of these.
	cmd := exec.Command(goTool, "list", "-m", "-f", "{{.Path}} {{.Version}}",
		"github.com/golangci/golangci-lint/v2", "github.com/golangci/plugin-module-register", "golang.org/x/tools", "honnef.co/go/tools")
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	if got, want := string(out), "github.com/golangci/golangci-lint/v2 "+golangciVersion+"\ngithub.com/golangci/plugin-module-register v0.1.2\ngolang.org/x/tools v0.52.0\nhonnef.co/go/tools v0.8.2\n"; got != want {
		t.Errorf("the custom golangci-lint links\n%s\nwant (golangci-lint %s's own)\n%s", got, golangciVersion, want)
	}
	bin := filepath.Join(dir, "golangci-lint")
	// As golangci-lint custom builds it, less its version stamp.
	run("build", "-ldflags=-s -w", "-o", bin, ".")
	return bin
}

const golangciVersion = "v2.15.0"

// customMain mirrors golangci-lint's cmd/golangci-lint/main.go at v2.15.0,
// with the plugin linked in.
const customMain = `// Command golangci-lint is golangci-lint with the corefit plugin linked in.
package main

import (
	"cmp"
	"fmt"
	"os"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/corefit/corefit/cmd/gclplugin"
)

func main() {
	if err := commands.Execute(buildInfo()); err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}

func buildInfo() commands.BuildInfo {
	info := commands.BuildInfo{Commit: "?", Version: "unknown", GoVersion: "unknown"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	info.GoVersion = bi.GoVersion
	for _, dep := range bi.Deps {
		if dep.Path == "github.com/golangci/golangci-lint/v2" {
			info.Version = dep.Version
		}
	}
	if regexp.MustCompile(` + "`" + `^v\d+\.\d+\.\d+` + "`" + `).MatchString(info.Version) {
		info.Version = strings.TrimPrefix(info.Version, "v") + "-custom-gcl"
	}
	var revision, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.time":
			info.Date = s.Value
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	info.Date = cmp.Or(info.Date, "(unknown)")
	info.Commit = fmt.Sprintf("(%s, modified: %s, mod sum: %q)", cmp.Or(revision, "unknown"), cmp.Or(modified, "?"), bi.Main.Sum)
	return info
}
`

// module is the code the custom binary lints. Line and column numbers are
// checked above: edit both together.
var module = map[string]string{
	"go.mod": "module example.com/m\n\ngo 1.26\n",
	"pool/pool.go": `package pool

import (
	"net/http"
	"runtime"
	"sync"

	"example.com/m/store"
)

// Fetch runs a CPU-sized pool whose workers wait on the network.
func Fetch(urls <-chan string) {
	var wg sync.WaitGroup
	for i := 0; i < runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range urls {
				resp, err := http.Get(u)
				if err == nil {
					resp.Body.Close()
				}
			}
		}()
	}
	wg.Wait()
}

// Quiet does the same, with the report suppressed.
func Quiet(urls <-chan string) {
	var wg sync.WaitGroup
	for i := 0; i < runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range urls {
				resp, err := http.Get(u) //nolint:corefit // sized on purpose
				if err == nil {
					resp.Body.Close()
				}
			}
		}()
	}
	wg.Wait()
}

// Read reads files in a CPU-sized pool, through another package: reported
// only with kinds "all".
func Read(paths <-chan string) {
	var wg sync.WaitGroup
	for i := 0; i < runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range paths {
				b := store.Read(p)
				_ = b
			}
		}()
	}
	wg.Wait()
}
`,
	"store/store.go": `package store

import "os"

// Read reads a file: disk I/O, not reported by default.
func Read(p string) []byte {
	b, _ := os.ReadFile(p)
	return b
}
`,
	"web/web.go": `package web

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"
)

// Register makes a key per request, with no bound.
func Register() {
	http.HandleFunc("/key", func(w http.ResponseWriter, r *http.Request) {
		key, _ := rsa.GenerateKey(rand.Reader, 2048)
		_ = key
	})
}
`,
	"web/web_test.go": `package web

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"testing"
)

func TestKey(t *testing.T) {
	http.HandleFunc("/t", func(w http.ResponseWriter, r *http.Request) {
		key, _ := rsa.GenerateKey(rand.Reader, 2048)
		_ = key
	})
}
`,
}

// config is a .golangci.yml that runs only corefit, with settings (YAML
// indented under corefit's settings:) if any.
func config(settings string) string {
	c := `version: "2"
linters:
  default: none
  enable:
    - corefit
  settings:
    custom:
      corefit:
        type: module
        description: concurrency shapes that do not fit the work
        original-url: https://github.com/corefit/corefit
`
	if strings.TrimSpace(settings) != "" {
		c += "        settings:\n" + strings.TrimLeft(settings, "\n")
	}
	return c
}

func writeModule(t *testing.T, settings string) string {
	dir := t.TempDir()
	write(t, dir, module)
	write(t, dir, map[string]string{".golangci.yml": config(settings)})
	return dir
}

type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return "stdout:\n" + r.stdout + "\nstderr:\n" + r.stderr
}

// lint runs `golangci-lint run ARGS` in a fresh copy of the module, whose
// .golangci.yml has the settings; ARGS default to ./... at the end.
func lint(t *testing.T, bin, cache, settings string, args ...string) result {
	t.Helper()
	dir := writeModule(t, settings)
	if len(args) == 0 || strings.HasPrefix(args[len(args)-1], "-") {
		args = append(args, "./...")
	}
	cmd := exec.Command(bin, append([]string{"run", "--show-stats=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+cache)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	default:
		t.Fatal(err)
	}
	return res
}

// issueLines decodes --output.json.path=stdout into "FILE:LINE:COL LINTER
// TEXT" lines, sorted.
func issueLines(t *testing.T, stdout string) []string {
	t.Helper()
	var res struct {
		Issues []struct {
			FromLinter string
			Text       string
			Pos        struct {
				Filename     string
				Line, Column int
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	var lines []string
	for _, is := range res.Issues {
		lines = append(lines, is.Pos.Filename+":"+strconv.Itoa(is.Pos.Line)+":"+strconv.Itoa(is.Pos.Column)+" "+is.FromLinter+" "+is.Text)
	}
	sort.Strings(lines)
	return lines
}

// checkIssues checks that got has one issue for each want, which is its
// prefix, in order, and that no issue has bad.
func checkIssues(t *testing.T, got, want []string, bad string) {
	t.Helper()
	for _, g := range got {
		if strings.Contains(g, bad) {
			t.Errorf("unexpected issue %q", g)
		}
	}
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		t.Errorf("issues:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// goDirective is the go version corefit's go.mod requires: the generated
// main module needs at least as much.
func goDirective(t *testing.T, gomod []byte) string {
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(gomod)
	if m == nil {
		t.Fatal("corefit's go.mod has no go directive")
	}
	return string(m[1])
}
