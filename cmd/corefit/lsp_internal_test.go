package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// TestLSPSupersede checks the server's scheduling with a stand-in for the
// analysis (a script that logs its arguments and takes 30 s): a save of a
// package the run in progress analyses stops that run at once and starts
// one with the package and its importers again; a save of a package the
// run does not analyse waits for it.
func TestLSPSupersede(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in analysis is a shell script")
	}
	dir := t.TempDir()
	for name, src := range map[string]string{
		"go.mod": "module example.com/s\n\ngo 1.26\n",
		"a/a.go": "package a\n\nfunc A() {}\n",
		"b/b.go": "package b\n\nimport \"example.com/s/a\"\n\nfunc B() { a.A() }\n",
		"c/c.go": "package c\n\nfunc C() {}\n",
	} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(src), 0o644)
	}
	log := filepath.Join(dir, "runs.log")
	script := filepath.Join(t.TempDir(), "analyse")
	os.WriteFile(script, []byte("#!/bin/sh\necho \"$@\" >> "+log+"\nsleep 30\necho '{\"runs\":[{\"results\":[]}]}'\n"), 0o755)

	s := newLSPServer(script, nil)
	server, client := net.Pipe()
	s.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(server, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(s.handle))
	cc := jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(client, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(context.Context, *jsonrpc2.Conn, *jsonrpc2.Request) (any, error) { return nil, nil }))
	done := make(chan struct{})
	go s.worker(done)
	t.Cleanup(func() {
		close(done)
		s.mu.Lock()
		if s.cancel != nil {
			s.cancel()
		}
		s.mu.Unlock()
		cc.Close()
		s.conn.Close()
	})

	runs := func(n int) []string {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second) // the stand-in takes 30 s
		for {
			data, _ := os.ReadFile(log)
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			if len(data) > 0 && len(lines) >= n {
				return lines
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d runs started, want %d: %q", len(lines), n, data)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	s.changed(filepath.Join(dir, "a/a.go"), true)
	if got := runs(1)[0]; got != "-f sarif example.com/s/a example.com/s/b" {
		t.Errorf("first run: %q, want a and its importer b", got)
	}
	// c is not in the run: it waits.
	s.changed(filepath.Join(dir, "c/c.go"), true)
	time.Sleep(500 * time.Millisecond)
	if got := runs(1); len(got) != 1 {
		t.Errorf("a save of another package stopped the run: %q", got)
	}
	// a is in the run: it stops, and a, b and c run at once.
	s.changed(filepath.Join(dir, "a/a.go"), true)
	if got := runs(2)[1]; got != "-f sarif example.com/s/a example.com/s/b example.com/s/c" {
		t.Errorf("second run: %q, want a, b and the waiting c", got)
	}
}
