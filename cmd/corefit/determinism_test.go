package main_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
)

// detModule is the e2e module with a goroutine race added: diagnostics of
// every analyzer, with related positions.
func detModule() map[string]string {
	m := maps.Clone(module)
	m["race/race.go"] = `package race

import "sync"

func Count(items []string) int {
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
`
	return m
}

// TestDeterministic runs the standalone CLI on one module with a cold cache
// at GOMAXPROCS=1 and at GOMAXPROCS=4, and once more on the warm cache, and
// asserts byte-identical JSON, related positions and their order included.
func TestDeterministic(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, detModule())
	runs := []struct {
		name  string
		cache string
		procs string
	}{
		{"cold, GOMAXPROCS=1", t.TempDir(), "1"},
		{"cold, GOMAXPROCS=4", t.TempDir(), "4"},
	}
	runs = append(runs, struct{ name, cache, procs string }{"warm, GOMAXPROCS=4", runs[0].cache, "4"})
	var first string
	for i, r := range runs {
		out, code := runEnv(t, dir, []string{"STATICCHECK_CACHE=" + r.cache, "GOMAXPROCS=" + r.procs}, bin, "-f", "json", "./...")
		if code != 1 {
			t.Fatalf("%s: exit %d, want 1\n%s", r.name, code, out)
		}
		if i == 0 {
			first = out
			for _, code := range []string{`"code":"poolblock"`, `"code":"iostall"`, `"code":"sharedstate"`, `"related":[{`} {
				if !strings.Contains(out, code) {
					t.Errorf("no %s in the output:\n%s", code, out)
				}
			}
			continue
		}
		if out != first {
			t.Errorf("%s differs from %s:\n%s\n---\n%s", r.name, runs[0].name, out, first)
		}
	}
}

// TestDeterministicVet runs go vet -vettool -json with -p 1 and -p 4 and
// asserts that every package's JSON is byte-identical. go vet prints the
// packages in the order they finish, which is go vet's, not corefit's; the
// second run gives an analyzer flag its default value explicitly, so that
// go vet runs the analysis again instead of replaying its cache.
func TestDeterministicVet(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, detModule())
	perPackage := func(out string) map[string]string {
		t.Helper()
		pkgs := make(map[string]string)
		dec := json.NewDecoder(strings.NewReader(stripComments(out)))
		for dec.More() {
			var tree map[string]json.RawMessage
			if err := dec.Decode(&tree); err != nil {
				t.Fatalf("decoding go vet -json output: %v\n%s", err, out)
			}
			for pkg, raw := range tree {
				var b bytes.Buffer
				json.Compact(&b, raw)
				pkgs[pkg] = b.String()
			}
		}
		return pkgs
	}
	out1, code := run(t, dir, "go", "vet", "-p", "1", "-vettool="+bin, "-json", "./...")
	if code != 0 {
		t.Fatalf("go vet -p 1: exit %d\n%s", code, out1)
	}
	out2, code := runEnv(t, dir, []string{"GOMAXPROCS=4"}, "go", "vet", "-p", "4", "-vettool="+bin, "-poolblock.tests=false", "-json", "./...")
	if code != 0 {
		t.Fatalf("go vet -p 4: exit %d\n%s", code, out2)
	}
	a, b := perPackage(out1), perPackage(out2)
	if len(a) == 0 {
		t.Fatalf("no package in go vet's output:\n%s", out1)
	}
	for _, want := range []string{"poolblock", "iostall", "sharedstate"} {
		if !strings.Contains(out1, `"`+want+`"`) {
			t.Errorf("no %s diagnostic under go vet:\n%s", want, out1)
		}
	}
	for _, pkg := range slices.Sorted(maps.Keys(a)) {
		if a[pkg] != b[pkg] {
			t.Errorf("package %s differs between -p 1 and -p 4:\n%s\n---\n%s", pkg, a[pkg], b[pkg])
		}
	}
	if len(a) != len(b) {
		t.Errorf("-p 1 reported %d packages, -p 4 %d", len(a), len(b))
	}
}
