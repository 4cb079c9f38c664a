package main_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// BenchmarkLSPSave measures corefit lsp as an editor sees it: the time from
// didSave of a one-file change to the published diagnostics of that file,
// on a warm cache (each op is one save), and the server's resident memory
// after the saves (server-MiB).
//
//   - xtools: a file of golang.org/x/tools (the copy in the module cache,
//     made writable), go/analysis/passes/printf/printf.go, which the
//     module's other packages import; the first analysis (cold) is not
//     timed. It needs the module's dependencies (GOFLAGS=-mod=mod, the
//     module proxy or a filled module cache).
//
//   - small: the TestLSP module; an hour of saves is -benchtime=360x (one
//     save every ten seconds), for the memory figure.
//
//     go test ./cmd/corefit -run '^$' -bench LSPSave -benchtime 20x
//     go test ./cmd/corefit -run '^$' -bench LSPSave/small -benchtime 360x
func BenchmarkLSPSave(b *testing.B) {
	bin := build(b)
	b.Run("xtools", func(b *testing.B) {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "golang.org/x/tools").Output()
		if err != nil {
			b.Skipf("golang.org/x/tools is not in the module cache: %v", err)
		}
		dir := filepath.Join(b.TempDir(), "tools")
		if out, err := exec.Command("cp", "-r", strings.TrimSpace(string(out)), dir).CombinedOutput(); err != nil {
			b.Fatalf("cp: %v\n%s", err, out)
		}
		exec.Command("chmod", "-R", "u+w", dir).Run()
		benchSaves(b, bin, dir, filepath.Join(dir, "go/analysis/passes/printf/printf.go"))
	})
	b.Run("small", func(b *testing.B) {
		dir := writeModule(b, lspModule)
		benchSaves(b, bin, dir, filepath.Join(dir, "count/count.go"))
	})
}

// benchSaves opens file in a server started in dir, waits for its first
// analysis, then times b.N saves of one-line changes.
func benchSaves(b *testing.B, bin, dir, file string) {
	dir, _ = filepath.EvalSymlinks(dir)
	file, _ = filepath.EvalSymlinks(file)
	cache := filepath.Join(os.TempDir(), "corefit-lsp-bench-cache")
	c := startLSPEnv(b, bin, dir, append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "STATICCHECK_CACHE="+cache))
	var init protocol.InitializeResult
	c.call("initialize", protocol.InitializeParams{RootURI: ptr(uri(dir))}, &init)
	c.notify("initialized", protocol.InitializedParams{})
	orig := readFile(b, file)
	c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: uri(file), LanguageID: "go", Version: 1, Text: orig}})
	c.waitFor("the first analysis", 30*time.Minute, func() bool { return c.pubs[file] > 0 })
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// A change that alters the file (and so the cache key) but not
		// what is found, as most saves are.
		os.WriteFile(file, []byte(orig+fmt.Sprintf("\n// save %d\n", i)), 0o644)
		c.mu.Lock()
		before := c.pubs[file]
		c.mu.Unlock()
		c.notify("textDocument/didSave", protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri(file)}})
		c.waitFor("the save's diagnostics", 10*time.Minute, func() bool { return c.pubs[file] > before })
	}
	b.StopTimer()
	b.ReportMetric(float64(rssKiB(c.cmd.Process.Pid))/1024, "server-MiB")
}

// rssKiB returns a process's resident set size in KiB, 0 where /proc is
// not there.
func rssKiB(pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return n
		}
	}
	return 0
}
