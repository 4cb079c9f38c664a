package main_test

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// lspModule has a finding of each analyzer, one per package; web imports
// count, so a save of count analyses web too.
var lspModule = map[string]string{
	"go.mod": "module example.com/lsp\n\ngo 1.26\n",
	"pool/pool.go": `package pool

import (
	"net/http"
	"runtime"
	"sync"
)

func Fetch(urls chan string) {
	var wg sync.WaitGroup
	for i := 0; i < runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range urls {
				http.Get(u)
			}
		}()
	}
	wg.Wait()
}
`,
	"web/web.go": `package web

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"

	"example.com/lsp/count"
)

func Register() {
	http.HandleFunc("/key", func(w http.ResponseWriter, r *http.Request) {
		key, _ := rsa.GenerateKey(rand.Reader, 2048)
		_ = key
		_ = count.Count(nil)
	})
}
`,
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
}

// lspClient drives corefit lsp as an editor does, and records what the
// server sends.
type lspClient struct {
	t    testing.TB
	conn *jsonrpc2.Conn
	cmd  *exec.Cmd

	mu    sync.Mutex
	diags map[string][]protocol.Diagnostic // last published, by path
	pubs  map[string]int                   // publications, by path
	logs  []string
	note  chan struct{}
}

type pipes struct {
	io.Reader
	io.WriteCloser
}

func startLSP(t *testing.T, bin, dir string) *lspClient {
	t.Helper()
	return startLSPEnv(t, bin, dir, offlineEnv(cacheDir))
}

// startLSPEnv starts corefit lsp in dir with the environment env.
func startLSPEnv(t testing.TB, bin, dir string, env []string) *lspClient {
	t.Helper()
	cmd := exec.Command(bin, "lsp")
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &lspClient{t: t, cmd: cmd, diags: map[string][]protocol.Diagnostic{}, pubs: map[string]int{}, note: make(chan struct{}, 100)}
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(pipes{out, in}, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(c.handle))
	t.Cleanup(func() {
		c.conn.Close()
		cmd.Process.Kill()
		cmd.Wait()
	})
	return c
}

func (c *lspClient) handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p protocol.PublishDiagnosticsParams
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			c.t.Errorf("publishDiagnostics: %v", err)
		}
		// glsp's IntegerOrString cannot be decoded (its UnmarshalJSON
		// has a value receiver): read the codes on their own.
		var codes struct {
			Diagnostics []struct{ Code any }
		}
		json.Unmarshal(*req.Params, &codes)
		for i := range p.Diagnostics {
			if i < len(codes.Diagnostics) && codes.Diagnostics[i].Code != nil {
				p.Diagnostics[i].Code = &protocol.IntegerOrString{Value: codes.Diagnostics[i].Code}
			}
		}
		path := strings.TrimPrefix(string(p.URI), "file://")
		c.diags[path] = p.Diagnostics
		c.pubs[path]++
	case "window/logMessage":
		var p protocol.LogMessageParams
		json.Unmarshal(*req.Params, &p)
		c.logs = append(c.logs, p.Message)
	}
	select {
	case c.note <- struct{}{}:
	default:
	}
	return nil, nil
}

func (c *lspClient) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *lspClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// wait waits until cond holds of what the server sent, for at most two
// minutes (the first analysis computes the standard library's facts).
func (c *lspClient) wait(what string, cond func() bool) {
	c.t.Helper()
	c.waitFor(what, 2*time.Minute, cond)
}

// waitFor is wait with a limit.
func (c *lspClient) waitFor(what string, limit time.Duration, cond func() bool) {
	c.t.Helper()
	deadline := time.After(limit)
	for {
		c.mu.Lock()
		ok := cond()
		c.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-c.note:
		case <-deadline:
			c.mu.Lock()
			defer c.mu.Unlock()
			c.t.Fatalf("timed out waiting for %s; diagnostics %v; logs %q", what, c.diags, c.logs)
		}
	}
}

func uri(path string) protocol.DocumentUri { return protocol.DocumentUri("file://" + path) }

// TestLSP starts corefit lsp as a process and drives it as an editor does:
// initialize, didOpen, codeAction, a save of the fixed file, a save that
// breaks a package, shutdown and exit.
func TestLSP(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, lspModule)
	dir, _ = filepath.EvalSymlinks(dir)
	c := startLSP(t, bin, dir)
	var init protocol.InitializeResult
	c.call("initialize", protocol.InitializeParams{RootURI: ptr(uri(dir))}, &init)
	if init.ServerInfo == nil || init.ServerInfo.Name != "corefit" {
		t.Errorf("initialize: server info %+v", init.ServerInfo)
	}
	c.notify("initialized", protocol.InitializedParams{})

	files := map[string]string{ // analyzer -> file
		"poolblock":   filepath.Join(dir, "pool/pool.go"),
		"iostall":     filepath.Join(dir, "web/web.go"),
		"sharedstate": filepath.Join(dir, "count/count.go"),
	}
	for _, f := range files {
		c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: uri(f), LanguageID: "go", Version: 1, Text: readFile(t, f)}})
	}
	// Every analyzer's diagnostic arrives, with its code, documentation
	// link and related positions.
	for name, f := range files {
		c.wait(name+" diagnostics", func() bool { return len(c.diags[f]) > 0 })
		c.mu.Lock()
		d := c.diags[f][0]
		c.mu.Unlock()
		if d.Code == nil || d.Code.Value != name {
			t.Errorf("%s: code %v, want %s", f, d.Code, name)
		}
		if d.CodeDescription == nil || !strings.Contains(string(d.CodeDescription.HRef), name) {
			t.Errorf("%s: code description %v, want a link to %s's documentation", f, d.CodeDescription, name)
		}
		if d.Range.End == d.Range.Start {
			t.Errorf("%s: an empty range %+v", f, d.Range)
		}
		if len(d.RelatedInformation) == 0 {
			t.Errorf("%s: %s diagnostic without related information: %+v", f, name, d)
		}
		for _, r := range d.RelatedInformation {
			if !strings.HasPrefix(string(r.Location.URI), "file:///") || r.Message == "" {
				t.Errorf("%s: related information %+v", f, r)
			}
		}
		if strings.Contains(d.Message, "\n") {
			t.Errorf("%s: the message holds the related lines: %q", f, d.Message)
		}
	}

	// A code action on the sharedstate finding applies the analyzer's
	// fix (not the silencing one); the fixed file compiles and its
	// diagnostics are cleared on save.
	cf := files["sharedstate"]
	c.applyAction(dir, cf, func(a protocol.CodeAction) bool { return !strings.Contains(a.Title, "lint:ignore") })
	c.saveAndWaitClear(cf)

	// A save that removes the blocking call clears poolblock's finding.
	pf := files["poolblock"]
	src := strings.Replace(readFile(t, pf), "http.Get(u)", "_ = len(u)", 1)
	src = strings.Replace(src, "\t\"net/http\"\n", "", 1)
	os.WriteFile(pf, []byte(src), 0o644)
	c.notify("textDocument/didSave", protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri(pf)}})
	c.wait("poolblock's finding cleared", func() bool { return len(c.diags[pf]) == 0 })

	// A package that does not compile keeps its diagnostics; the log
	// says why.
	wf := files["iostall"]
	c.mu.Lock()
	stall := len(c.diags[wf])
	c.mu.Unlock()
	os.WriteFile(wf, []byte(readFile(t, wf)+"\nfunc broken( {\n"), 0o644)
	c.notify("textDocument/didSave", protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri(wf)}})
	c.wait("a log message on the broken package", func() bool {
		for _, l := range c.logs {
			if strings.Contains(l, "do not compile") && strings.Contains(l, "web.go") {
				return true
			}
		}
		return false
	})
	c.mu.Lock()
	if len(c.diags[wf]) != stall {
		t.Errorf("the broken package's diagnostics changed: %d, want %d kept", len(c.diags[wf]), stall)
	}
	c.mu.Unlock()

	// Fixed again, the package is analysed again; the silencing code
	// action inserts a //lint:ignore directive above the finding, which
	// the next save honours.
	os.WriteFile(wf, []byte(lspModule["web/web.go"]), 0o644)
	c.notify("textDocument/didSave", protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri(wf)}})
	c.wait("the repaired package's diagnostics", func() bool { return c.pubs[wf] > 1 && len(c.diags[wf]) > 0 })
	c.applyAction(dir, wf, func(a protocol.CodeAction) bool { return a.Title == "silence with //lint:ignore iostall" })
	if !strings.Contains(readFile(t, wf), "\t\t//lint:ignore iostall TODO: say why this is safe\n\t\tkey, _ := rsa.GenerateKey") {
		t.Errorf("the directive is not above the finding, indented as it:\n%s", readFile(t, wf))
	}
	c.saveAndWaitClear(wf)

	var res any
	c.call("shutdown", nil, &res)
	c.notify("exit", nil)
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after shutdown: %v, want status 0", err)
		}
	case <-time.After(30 * time.Second):
		t.Errorf("the server did not exit")
	}
}

// applyAction asks for the code actions at the file's first diagnostic,
// applies the first that pick accepts to the file on disk and checks that
// the module still compiles.
func (c *lspClient) applyAction(dir, file string, pick func(protocol.CodeAction) bool) {
	t := c.t
	t.Helper()
	c.mu.Lock()
	d := c.diags[file][0]
	c.mu.Unlock()
	var actions []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri(file)},
		Range:        d.Range,
		Context:      protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{d}},
	}, &actions)
	var titles []string
	var act *protocol.CodeAction
	for i, a := range actions {
		titles = append(titles, a.Title)
		if act == nil && pick(a) {
			act = &actions[i]
		}
	}
	if act == nil {
		t.Fatalf("%s: no such code action among %q for %q", file, titles, d.Message)
	}
	t.Logf("code actions: %q; applying %q", titles, act.Title)
	if act.Edit == nil || len(act.Edit.Changes[uri(file)]) == 0 {
		t.Fatalf("code action %q has no edit of %s", act.Title, file)
	}
	fixed := applyLSPEdits(t, readFile(t, file), act.Edit.Changes[uri(file)])
	os.WriteFile(file, []byte(fixed), 0o644)
	if out, code := runEnv(t.(*testing.T), dir, nil, "go", "build", "./..."); code != 0 {
		t.Fatalf("the fixed code does not compile:\n%s\n%s", out, fixed)
	}
}

// saveAndWaitClear saves file and waits for its diagnostics to be cleared.
func (c *lspClient) saveAndWaitClear(file string) {
	c.t.Helper()
	c.mu.Lock()
	before := c.pubs[file]
	c.mu.Unlock()
	c.notify("textDocument/didSave", protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri(file)}})
	c.wait(filepath.Base(file)+"'s diagnostics cleared", func() bool { return c.pubs[file] > before && len(c.diags[file]) == 0 })
}

func ptr[T any](v T) *T { return &v }

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// applyLSPEdits applies edits to an ASCII file (the protocol's UTF-16
// characters are bytes there), last first.
func applyLSPEdits(t testing.TB, src string, edits []protocol.TextEdit) string {
	t.Helper()
	var lines []int // offsets of line starts
	lines = append(lines, 0)
	for i, r := range src {
		if r == '\n' {
			lines = append(lines, i+1)
		}
	}
	off := func(p protocol.Position) int {
		if int(p.Line) >= len(lines) {
			return len(src)
		}
		return lines[p.Line] + int(p.Character)
	}
	sort.Slice(edits, func(i, j int) bool { return off(edits[i].Range.Start) > off(edits[j].Range.Start) })
	for _, e := range edits {
		src = src[:off(e.Range.Start)] + e.NewText + src[off(e.Range.End):]
	}
	return src
}

// TestNeovim runs headless Neovim with its built-in LSP client attached to
// gopls and corefit lsp on one file (testdata/nvim.lua): corefit's
// diagnostic arrives with its code and related information, gopls answers
// a hover beside it, and a save that fixes the code clears the diagnostic.
// It is skipped where nvim or gopls is not installed (.ci/run installs
// both where it can).
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim is not installed")
	}
	gopls, err := exec.LookPath("gopls")
	if err != nil {
		if gp, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
			gopls = filepath.Join(strings.TrimSpace(string(gp)), "bin", "gopls")
		}
		if _, err := os.Stat(gopls); err != nil {
			t.Skip("gopls is not installed")
		}
	}
	bin := build(t)
	dir := writeModule(t, lspModule)
	dir, _ = filepath.EvalSymlinks(dir)
	script, err := filepath.Abs("testdata/nvim.lua")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	// gopls may still write its caches under HOME as nvim exits: not a
	// t.TempDir, whose removal would fail the test.
	home, err := os.MkdirTemp("", "corefit-nvim-home")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { time.Sleep(time.Second); os.RemoveAll(home) })
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-u", "NONE", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(offlineEnv(cacheDir), "LSP_FILE="+filepath.Join(dir, "pool/pool.go"), "LSP_DIR="+dir, "LSP_OUT="+out,
		"GOPLS="+gopls, "COREFIT="+bin, "HOME="+home, "XDG_CACHE_HOME="+filepath.Join(home, ".cache"), "XDG_STATE_HOME="+filepath.Join(home, ".state"))
	msg, err := cmd.CombinedOutput()
	got, rerr := os.ReadFile(out)
	if err != nil || rerr != nil {
		t.Fatalf("nvim: %v %v\n%s\n%s", err, rerr, msg, got)
	}
	t.Logf("neovim saw:\n%s", got)
	for _, w := range []string{"corefit poolblock line 16 related 2: http.Get waits on the network", "gopls hover ok", "corefit attached", "cleared on save"} {
		if !strings.Contains(string(got), w) {
			t.Errorf("no %q in what neovim saw:\n%s", w, got)
		}
	}
}
