package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/corefit/corefit/analyzers/all"
	"github.com/corefit/corefit/analyzers/poolblock"
)

// The end-to-end tests build the corefit binary and run it the ways users
// do: under go vet (text and -json), and standalone (text, JSON, SARIF,
// linter directives, -explain, -list-checks, -checks, the cache), on
// modules made for the test.

// cacheDir is the standalone analysis cache the tests share.
var cacheDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "corefit-e2e-cache")
	if err != nil {
		panic(err)
	}
	cacheDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var module = map[string]string{
	"go.mod": "module example.com/m\n\ngo 1.26\n",
	"store/store.go": `package store

import (
	"net/http"
	"os"
)

// Load fetches a URL: it blocks on the network.
func Load(u string) int {
	resp, err := http.Get(u)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Read reads a file: disk I/O, not reported by default.
func Read(p string) []byte {
	b, _ := os.ReadFile(p)
	return b
}
`,
	"cache/cache.go": `package cache

import "example.com/m/store"

// Get is two hops from the request.
func Get(k string) int { return store.Load(k) }

// File is two hops from the read.
func File(k string) []byte { return store.Read(k) }
`,
	"web/web.go": `package web

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"
)

func Register() {
	http.HandleFunc("/key", func(w http.ResponseWriter, r *http.Request) {
		key, _ := rsa.GenerateKey(rand.Reader, 2048)
		_ = key
	})
}
`,
	"main.go": `package main

import (
	"runtime"
	"sync"

	"example.com/m/cache"
)

func main() {
	keys := make(chan string)
	var wg sync.WaitGroup
	for i := 0; i < runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range keys {
				cache.Get(k)
				cache.File(k)
			}
		}()
	}
	close(keys)
	wg.Wait()
}
`,
}

var clean = map[string]string{
	"go.mod": "module example.com/clean\n\ngo 1.26\n",
	"main.go": `package main

import "runtime"

func main() {
	out := make(chan int)
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() { out <- i * i }()
	}
}
`,
}

const (
	want     = "cache.Get waits on the network (http.Get) in a worker of a pool sized to the CPUs (runtime.NumCPU())"
	wantDisk = "cache.File waits on disk I/O (os.ReadFile) in a worker"
	// iostall, in the same run.
	wantStall = "web/web.go:11:28: rsa.GenerateKey, CPU-heavy (RSA key generation), runs in an HTTP handler"
)

func build(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary and runs go vet")
	}
	bin := filepath.Join(t.TempDir(), "corefit")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func writeModule(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// offlineEnv is the environment the tests run corefit and go in: no
// workspace, no network, this toolchain, and the given analysis cache.
func offlineEnv(cache string) []string {
	return append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off", "GOTOOLCHAIN=local", "STATICCHECK_CACHE="+cache)
}

// run runs a command in dir and returns its combined output and exit code.
func run(t *testing.T, dir string, name string, args ...string) (string, int) {
	t.Helper()
	return runEnv(t, dir, nil, name, args...)
}

// runEnv is run with more environment variables.
func runEnv(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = offlineEnv(cacheDir)
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &ee):
		return out.String(), ee.ExitCode()
	}
	t.Fatalf("%s %v: %v", name, args, err)
	return "", -1
}

func TestGoVet(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, module)

	out, code := run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if code == 0 || !strings.Contains(out, want) {
		t.Errorf("go vet: exit %d, want non-zero and %q in:\n%s", code, want, out)
	}
	if !strings.Contains(out, "main.go:18:") {
		t.Errorf("go vet: the diagnostic should sit on the call in the worker (main.go:18):\n%s", out)
	}
	if strings.Contains(out, wantDisk) {
		t.Errorf("go vet: disk I/O is not reported by default:\n%s", out)
	}
	if !strings.Contains(out, wantStall) {
		t.Errorf("go vet: want the iostall diagnostic %q in:\n%s", wantStall, out)
	}
	// Only the main package named: go vet runs corefit on cache and store
	// for their facts alone (VetxOnly), and the chain still arrives.
	out, code = run(t, dir, "go", "vet", "-vettool="+bin, ".")
	if code == 0 || !strings.Contains(out, want) || strings.Contains(out, wantStall) {
		t.Errorf("go vet .: exit %d, want non-zero and only %q in:\n%s", code, want, out)
	}
	out, _ = run(t, dir, "go", "vet", "-vettool="+bin, "-poolblock.kinds=all", "./...")
	if !strings.Contains(out, wantDisk) || !strings.Contains(out, want) {
		t.Errorf("go vet -poolblock.kinds=all: want both diagnostics:\n%s", out)
	}

	// Flags reach the analyzer under go vet.
	out, code = run(t, dir, "go", "vet", "-vettool="+bin, "-poolblock", "-poolblock.kinds=sleep", "./...")
	if code != 0 || strings.Contains(out, "waits on") {
		t.Errorf("go vet -poolblock.kinds=sleep: exit %d, want 0 and no diagnostic:\n%s", code, out)
	}

	out, code = run(t, writeModule(t, clean), "go", "vet", "-vettool="+bin, "./...")
	if code != 0 || out != "" {
		t.Errorf("go vet on a clean module: exit %d, output:\n%s", code, out)
	}
}

func TestGoVetJSON(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, module)
	out, code := run(t, dir, "go", "vet", "-vettool="+bin, "-json", "./...")
	if code != 0 {
		t.Fatalf("go vet -json: exit %d\n%s", code, out)
	}
	// go vet -json prints one JSON object per package, after a "# pkg"
	// comment line: {"pkg": {"analyzer": [diagnostics]}}.
	type related struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	type diag struct {
		Posn    string    `json:"posn"`
		Message string    `json:"message"`
		Related []related `json:"related"`
	}
	var found *diag
	dec := json.NewDecoder(strings.NewReader(stripComments(out)))
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			t.Fatalf("decoding go vet -json output: %v\n%s", err, out)
		}
		for _, byAnalyzer := range tree {
			raw, ok := byAnalyzer["poolblock"]
			if !ok {
				continue
			}
			var ds []diag
			if err := json.Unmarshal(raw, &ds); err != nil {
				t.Fatalf("poolblock diagnostics: %v\n%s", err, raw)
			}
			for i := range ds {
				if strings.Contains(ds[i].Message, want) {
					found = &ds[i]
				}
			}
		}
	}
	if found == nil {
		t.Fatalf("no poolblock diagnostic %q in:\n%s", want, out)
	}
	if !strings.HasSuffix(found.Posn, "main.go:18:14") {
		t.Errorf("posn = %s, want main.go:18:14", found.Posn)
	}
	var sizeRel, chainRel bool
	for _, r := range found.Related {
		if strings.Contains(r.Message, "pool size: runtime.NumCPU()") && strings.Contains(r.Posn, "main.go:13") {
			sizeRel = true
		}
		if strings.Contains(r.Message, "store.Load") && strings.Contains(r.Message, "http.Get") && strings.Contains(r.Posn, "cache.go") {
			chainRel = true
		}
	}
	if !sizeRel || !chainRel {
		t.Errorf("related positions should point at the pool size (main.go:13) and the call chain (cache.go), got %+v", found.Related)
	}
}

func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// The standalone tests share one analysis cache (see TestMain), so that the
// standard library's facts are computed once for all of them; TestCache
// uses a cache of its own.

// lineShape is what editors parse (VS Code's go.lintTool=staticcheck, vim's
// errorformat...): every line of the text output is file:line:col: message.
var lineShape = regexp.MustCompile(`^[^\s:]+\.go:\d+:\d+: \t?\S`)

func TestStandalone(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, module)
	out, code := run(t, dir, bin, "./...")
	if code != 1 || !strings.Contains(out, want) {
		t.Errorf("corefit ./...: exit %d, want 1 and %q in:\n%s", code, want, out)
	}
	if !strings.Contains(out, "main.go:18:14: "+want) || !strings.Contains(out, "(poolblock)") {
		t.Errorf("corefit ./...: want the diagnostic at main.go:18:14 with its check name:\n%s", out)
	}
	if !strings.Contains(out, wantStall) {
		t.Errorf("corefit ./...: want the iostall diagnostic %q in:\n%s", wantStall, out)
	}
	if strings.Contains(out, wantDisk) {
		t.Errorf("corefit ./...: disk I/O is not reported by default:\n%s", out)
	}
	if !strings.Contains(out, "main.go:13:32: \tpool size: runtime.NumCPU()") {
		t.Errorf("corefit ./...: related positions should follow as file:line:col: \\tmessage:\n%s", out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !lineShape.MatchString(line) {
			t.Errorf("line %q is not file:line:col: message", line)
		}
	}

	// An analyzer flag, with -checks and with -NAME to select.
	for _, args := range [][]string{
		{"-checks=poolblock", "-poolblock.cpufactor=0.5", "./..."},
		{"-poolblock", "-poolblock.cpufactor=0.5", "./..."},
	} {
		out, code = run(t, dir, bin, args...)
		if code != 0 || out != "" {
			t.Errorf("corefit %v: exit %d, want 0 and nothing (NumCPU is above the factor):\n%s", args, code, out)
		}
	}

	out, code = run(t, writeModule(t, clean), bin, "./...")
	if code != 0 || out != "" {
		t.Errorf("corefit on a clean module: exit %d, output:\n%s", code, out)
	}
	out, code = run(t, dir, bin, "-poolblock.kinds=bogus", "./...")
	if code == 0 || !strings.Contains(out, `unknown kind "bogus"`) {
		t.Errorf("corefit with a bad flag value: exit %d, want an error:\n%s", code, out)
	}
	out, code = run(t, dir, bin, "-f", "bogus", "./...")
	if code != 2 {
		t.Errorf("corefit -f bogus: exit %d, want 2:\n%s", code, out)
	}
	out, code = run(t, dir, bin, "-no-such-flag", "./...")
	if code != 2 {
		t.Errorf("corefit -no-such-flag: exit %d, want 2:\n%s", code, out)
	}
}

func TestStandaloneKinds(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, module)
	out, code := run(t, dir, bin, "-poolblock.kinds=all", "./...")
	if code != 1 || !strings.Contains(out, wantDisk) || !strings.Contains(out, want) {
		t.Errorf("corefit -poolblock.kinds=all: exit %d, want 1 and both diagnostics:\n%s", code, out)
	}
	// The flags are part of what the cache is keyed by: the default run
	// after it is not served the disk read.
	out, _ = run(t, dir, bin, "./...")
	if strings.Contains(out, wantDisk) || !strings.Contains(out, want) {
		t.Errorf("corefit after -poolblock.kinds=all: want the default kinds only:\n%s", out)
	}
	out, code = run(t, dir, bin, "-checks=poolblock", "-poolblock.kinds=sleep", "./...")
	if code != 0 || out != "" {
		t.Errorf("corefit -poolblock.kinds=sleep: exit %d, want 0 and nothing:\n%s", code, out)
	}
}

func TestStandaloneChecks(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, module)
	out, code := run(t, dir, bin, "-checks=iostall", "./...")
	if code != 1 || !strings.Contains(out, wantStall) || strings.Contains(out, "(poolblock)") {
		t.Errorf("corefit -checks=iostall: exit %d, want 1 and iostall only:\n%s", code, out)
	}
	out, code = run(t, dir, bin, "-checks=all,-iostall", "./...")
	if code != 1 || !strings.Contains(out, want) || strings.Contains(out, "(iostall)") {
		t.Errorf("corefit -checks=all,-iostall: exit %d, want 1 and poolblock only:\n%s", code, out)
	}
	out, code = run(t, dir, bin, "-iostall", "./...")
	if code != 1 || !strings.Contains(out, wantStall) || strings.Contains(out, "(poolblock)") {
		t.Errorf("corefit -iostall: exit %d, want 1 and iostall only:\n%s", code, out)
	}
}

func TestStandaloneJSON(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, module)
	out, code := run(t, dir, bin, "-f", "json", "./...")
	if code != 1 {
		t.Errorf("corefit -f json: exit %d, want 1\n%s", code, out)
	}
	type location struct {
		File   string `json:"file"`
		Line   int    `json:"line"`
		Column int    `json:"column"`
	}
	type diag struct {
		Code     string   `json:"code"`
		Severity string   `json:"severity"`
		Location location `json:"location"`
		Message  string   `json:"message"`
		Related  []struct {
			Location location `json:"location"`
			Message  string   `json:"message"`
		} `json:"related"`
	}
	var found *diag
	codes := map[string]bool{}
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var d diag
		if err := dec.Decode(&d); err != nil {
			t.Fatalf("decoding corefit -f json: %v\n%s", err, out)
		}
		codes[d.Code] = true
		if d.Code == "poolblock" && strings.Contains(d.Message, want) {
			found = &d
		}
	}
	if found == nil {
		t.Fatalf("no poolblock diagnostic %q in:\n%s", want, out)
	}
	if !strings.HasSuffix(found.Location.File, "main.go") || found.Location.Line != 18 || found.Location.Column != 14 {
		t.Errorf("location = %+v, want main.go:18:14", found.Location)
	}
	var sizeRel bool
	for _, r := range found.Related {
		if strings.Contains(r.Message, "pool size: runtime.NumCPU()") && r.Location.Line == 13 {
			sizeRel = true
		}
	}
	if !sizeRel {
		t.Errorf("related should point at the pool size (main.go:13), got %+v", found.Related)
	}
	if !codes["iostall"] {
		t.Errorf("no iostall diagnostic in:\n%s", out)
	}
}

func TestStandaloneSARIF(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, module)
	out, code := run(t, dir, bin, "-f", "sarif", "./...")
	// lintcmd: with SARIF, findings are a successful run.
	if code != 0 {
		t.Errorf("corefit -f sarif: exit %d, want 0\n%s", code, out)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID  string `json:"ruleId"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine   int `json:"startLine"`
							StartColumn int `json:"startColumn"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("corefit -f sarif: %v\n%s", err, out)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "corefit" {
		t.Fatalf("SARIF version %q, %d runs, want 2.1.0, one run by corefit:\n%s", log.Version, len(log.Runs), out)
	}
	r := log.Runs[0]
	rules := map[string]string{}
	for _, rule := range r.Tool.Driver.Rules {
		rules[rule.ID] = rule.HelpURI
	}
	for _, a := range all.Analyzers() {
		if uri, ok := rules[a.Name]; !ok || uri != a.URL {
			t.Errorf("SARIF rule %s: present %v, helpUri %q, want %q", a.Name, ok, uri, a.URL)
		}
	}
	var found bool
	for _, res := range r.Results {
		if res.RuleID != "poolblock" || !strings.Contains(res.Message.Text, want) || len(res.Locations) == 0 {
			continue
		}
		loc := res.Locations[0].PhysicalLocation
		if strings.HasSuffix(loc.ArtifactLocation.URI, "main.go") && loc.Region.StartLine == 18 && loc.Region.StartColumn == 14 {
			found = true
		}
	}
	if !found {
		t.Errorf("no poolblock result at main.go:18:14 in:\n%s", out)
	}
}

// ignored is the module with linter directives in the worker: one
// silences the network wait, one has no reason, one silences nothing.
var ignored = map[string]string{
	"go.mod":         module["go.mod"],
	"store/store.go": module["store/store.go"],
	"cache/cache.go": module["cache/cache.go"],
	"main.go": strings.NewReplacer(
		"\t\twg.Add(1)\n", "\t\t//lint:ignore poolblock nothing to silence here\n\t\twg.Add(1)\n",
		"\t\t\t\tcache.Get(k)\n", "\t\t\t\t//lint:ignore poolblock the keys are served from a local cache\n\t\t\t\tcache.Get(k)\n",
		"\t\t\t\tcache.File(k)\n", "\t\t\t\t//lint:ignore poolblock\n\t\t\t\tcache.File(k)\n",
	).Replace(module["main.go"]),
}

func TestIgnore(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, ignored)
	out, code := run(t, dir, bin, "./...")
	if strings.Contains(out, "cache.Get waits") {
		t.Errorf("//lint:ignore with a reason should silence the diagnostic:\n%s", out)
	}
	if !strings.Contains(out, "main.go:22:5: malformed linter directive; missing the required reason field?") {
		t.Errorf("want the directive without a reason reported:\n%s", out)
	}
	if !strings.Contains(out, "main.go:14:3: this linter directive didn't match anything; should it be removed?") {
		t.Errorf("want the unused directive reported:\n%s", out)
	}
	if code != 1 {
		t.Errorf("exit %d, want 1 for the malformed directive", code)
	}
	out, _ = run(t, dir, bin, "-show-ignored", "./...")
	if !strings.Contains(out, "main.go:20:14: cache.Get waits") {
		t.Errorf("-show-ignored: want the silenced diagnostic:\n%s", out)
	}

	// A file-ignore silences the whole file.
	files := map[string]string{}
	for k, v := range module {
		files[k] = v
	}
	files["web/web.go"] = strings.Replace(module["web/web.go"], "package web\n", "//lint:file-ignore iostall the key server is a demo\n\npackage web\n", 1)
	out, code = run(t, writeModule(t, files), bin, "./...")
	if strings.Contains(out, "(iostall)") || !strings.Contains(out, want) || code != 1 {
		t.Errorf("//lint:file-ignore iostall: exit %d, want 1, poolblock's diagnostic and no iostall:\n%s", code, out)
	}
}

func TestExplainAndList(t *testing.T) {
	bin := build(t)
	out, code := run(t, t.TempDir(), bin, "-explain", "poolblock")
	if code != 0 || !strings.Contains(out, "report blocking I/O in the workers of a pool sized to the CPUs") ||
		!strings.Contains(out, "runtime.NumCPU()") || !strings.Contains(out, poolblock.Analyzer.URL) || strings.Contains(out, "staticcheck.dev") {
		t.Errorf("-explain poolblock: exit %d:\n%s", code, out)
	}
	if _, code = run(t, t.TempDir(), bin, "-explain", "nosuchcheck"); code == 0 {
		t.Errorf("-explain nosuchcheck: exit 0, want an error")
	}
	out, code = run(t, t.TempDir(), bin, "-list-checks")
	if code != 0 {
		t.Errorf("-list-checks: exit %d:\n%s", code, out)
	}
	for _, a := range all.Analyzers() {
		title, _, _ := strings.Cut(a.Doc, "\n\n")
		if !strings.Contains(out, a.Name+" "+title+"\n") {
			t.Errorf("-list-checks: no line for %s in:\n%s", a.Name, out)
		}
	}
	out, code = run(t, t.TempDir(), bin, "help")
	if code != 0 || !strings.Contains(out, "-poolblock.kinds") || !strings.Contains(out, "iostall") {
		t.Errorf("help: exit %d:\n%s", code, out)
	}
	out, code = run(t, t.TempDir(), bin, "help", "poolblock")
	if code != 0 || !strings.Contains(out, "-poolblock.cpufactor") || !strings.Contains(out, "runtime.NumCPU()") {
		t.Errorf("help poolblock: exit %d:\n%s", code, out)
	}
	out, code = run(t, t.TempDir(), bin, "-h")
	if code != 0 && code != 2 || !strings.Contains(out, "-poolblock.kinds") || !strings.Contains(out, "-checks") {
		t.Errorf("-h: exit %d, want the flags, the analyzers' among them:\n%s", code, out)
	}
}

// TestCache checks that a second run on unchanged code is served from the
// cache: the same output, and no analyzer runs (lintcmd's
// -debug.measure-analyzers file records every analyzer run).
func TestCache(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, module)
	env := []string{"STATICCHECK_CACHE=" + t.TempDir()}
	measure := func() string {
		p := filepath.Join(t.TempDir(), "measure")
		out, code := runEnv(t, dir, env, bin, "-debug.measure-analyzers="+p, "./...")
		if code != 1 || !strings.Contains(out, want) {
			t.Fatalf("corefit ./...: exit %d, want 1 and %q:\n%s", code, want, out)
		}
		b, _ := os.ReadFile(p)
		return out + "\x00" + string(b)
	}
	out1, runs1, _ := strings.Cut(measure(), "\x00")
	out2, runs2, _ := strings.Cut(measure(), "\x00")
	if out1 != out2 {
		t.Errorf("second run's output differs:\n%s\n---\n%s", out1, out2)
	}
	if !strings.Contains(runs1, "poolblock\texample.com/m") {
		t.Errorf("first run: poolblock should have run on example.com/m:\n%.2000s", runs1)
	}
	if runs2 != "" {
		t.Errorf("second run: analyzers ran again, want everything from the cache:\n%.2000s", runs2)
	}
	// A change to one package analyses it (and what imports it) again.
	if err := os.WriteFile(filepath.Join(dir, "cache", "cache.go"), []byte(module["cache/cache.go"]+"\nfunc Other() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, runs3, _ := strings.Cut(measure(), "\x00")
	if !strings.Contains(runs3, "poolblock\texample.com/m/cache") || strings.Contains(runs3, "\tnet/http") {
		t.Errorf("after changing cache.go: want cache re-analysed and net/http not:\n%.2000s", runs3)
	}
}

func TestVersionAndFlags(t *testing.T) {
	bin := build(t)
	out, code := run(t, t.TempDir(), bin, "-V=full")
	if code != 0 || !strings.Contains(out, "corefit version") {
		t.Errorf("-V=full: exit %d: %s", code, out)
	}
	out, code = run(t, t.TempDir(), bin, "-flags")
	if code != 0 || !strings.Contains(out, `"poolblock.kinds"`) || !strings.Contains(out, `"iostall.tests"`) {
		t.Errorf("-flags: exit %d: %s", code, out)
	}
	// go vet passes -V=full and -flags after its own flags sometimes.
	out, code = run(t, t.TempDir(), bin, "-json", "-flags")
	if code != 0 || !strings.Contains(out, `"poolblock.kinds"`) {
		t.Errorf("-json -flags: exit %d: %s", code, out)
	}
	out, code = run(t, t.TempDir(), bin, "-version")
	if code != 0 || !strings.Contains(out, "corefit") {
		t.Errorf("-version: exit %d: %s", code, out)
	}
}

// TestTypeErrors checks that a package with type errors is named, with the
// error, and that the other packages are still checked, in both modes.
func TestTypeErrors(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, map[string]string{
		"go.mod":       "module example.com/broken\n\ngo 1.26\n",
		"bad/bad.go":   "package bad\n\nfunc F() int { return \"x\" }\n",
		"good/good.go": goodPkg,
	})
	for _, args := range [][]string{{bin, "./..."}, {"go", "vet", "-vettool=" + bin, "./..."}} {
		out, code := run(t, dir, args[0], args[1:]...)
		if code == 0 || !strings.Contains(out, `cannot use "x"`) || !strings.Contains(out, goodFinding) {
			t.Errorf("%v: exit %d; want the type error and the other package's diagnostic:\n%s", args, code, out)
		}
	}
	// Standalone: exit 1, the package named as not analysed, the error as
	// a compile diagnostic at its position.
	out, code := run(t, dir, bin, "./...")
	if code != 1 ||
		!strings.Contains(out, "package example.com/broken/bad does not compile: it is not analysed") ||
		!strings.Contains(out, `bad/bad.go:3:23: cannot use "x"`) || !strings.Contains(out, "(compile)") {
		t.Errorf("corefit ./...: exit %d, want 1, the broken package named and its error:\n%s", code, out)
	}
	// Only the packages without errors: exit 1 for the finding alone.
	out, code = run(t, dir, bin, "./good")
	if code != 1 || strings.Contains(out, "compile") {
		t.Errorf("corefit ./good: exit %d, want 1 for the finding and no compile error:\n%s", code, out)
	}
}

// hidden is a module whose interface's implementation is an unexported type
// of another package that its exported API does not mention (etcd's
// auth.NewAuthStore returns the AuthStore interface): the importing package
// sees the type only through the reach pass's ImplsFact, and its heavy and
// blocking methods through the HiddenFacts of cpucost and blocking.
var hidden = map[string]string{
	"go.mod": "module example.com/hidden\n\ngo 1.26\n",
	"auth/auth.go": `package auth

import (
	"crypto/sha256"
	"net/http"
)

type Store interface {
	Check(user, pass string) bool
	Sync(user string) error
}

type store struct{ rounds int }

func New(rounds int) Store { return &store{rounds: rounds} }

func (s *store) Check(user, pass string) bool {
	sum := sha256.Sum256([]byte(pass))
	for i := 0; i < 2_000_000; i++ {
		sum = sha256.Sum256(sum[:])
	}
	return sum[0] == user[0]
}

func (s *store) Sync(user string) error {
	_, err := http.Get("http://auth/" + user)
	return err
}
`,
	"main.go": `package main

import (
	"net/http"
	"runtime"

	"example.com/hidden/auth"
)

var st = auth.New(10)

func login(w http.ResponseWriter, r *http.Request) {
	if !st.Check(r.FormValue("user"), r.FormValue("pass")) {
		w.WriteHeader(http.StatusUnauthorized)
	}
}

func syncAll(users chan string) {
	for range runtime.NumCPU() {
		go func() {
			for u := range users {
				st.Sync(u)
			}
		}()
	}
}

func main() {
	http.HandleFunc("/login", login)
	syncAll(make(chan string))
}
`,
}

func TestHiddenImplementations(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, hidden)
	wantHeavy := "(*auth.store).Check (through the interface auth.Store), CPU-heavy"
	wantBlock := "(*auth.store).Sync (through the interface auth.Store) waits on the network"
	out, _ := run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if !strings.Contains(out, wantHeavy) || !strings.Contains(out, wantBlock) {
		t.Errorf("go vet: want %q and %q in:\n%s", wantHeavy, wantBlock, out)
	}
	out, _ = run(t, dir, bin, "./...")
	if !strings.Contains(out, wantHeavy) || !strings.Contains(out, wantBlock) {
		t.Errorf("standalone: want %q and %q in:\n%s", wantHeavy, wantBlock, out)
	}
}

// TestGoVetFix applies the analyzers' suggested fixes through go vet -fix:
// the counter becomes an atomic.Int64, the code compiles, and a second go
// vet is quiet. A finding without a fix (the pool's network call) is left
// as it was, not silenced.
func TestGoVetFix(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, map[string]string{
		"go.mod":         "module example.com/fix\n\ngo 1.26\n",
		"count/count.go": lspModule["count/count.go"], // a counter
		"good/good.go":   goodPkg,
	})
	out, code := run(t, dir, "go", "vet", "-vettool="+bin, "-fix", "./...")
	t.Logf("go vet -fix: exit %d\n%s", code, out)
	fixed := readFile(t, filepath.Join(dir, "count/count.go"))
	for _, w := range []string{`"sync/atomic"`, "var n atomic.Int64", "n.Add(1)", "return int(n.Load())"} {
		if !strings.Contains(fixed, w) {
			t.Errorf("no %q in the fixed file:\n%s", w, fixed)
		}
	}
	if got := readFile(t, filepath.Join(dir, "good/good.go")); got != goodPkg {
		t.Errorf("the file without a fix changed:\n%s", got)
	}
	if out, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Fatalf("the fixed module does not compile:\n%s", out)
	}
	out, _ = run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if strings.Contains(out, "count.go") {
		t.Errorf("go vet after the fix still reports the counter:\n%s", out)
	}
	if !strings.Contains(out, "http.Get waits on the network") {
		t.Errorf("go vet after the fix lost the pool's finding:\n%s", out)
	}
}
