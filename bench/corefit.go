package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// FindRoot returns the root of the corefit module: the first directory from
// dir upwards that holds a go.mod and bench/pairs.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if isFile(filepath.Join(d, "go.mod")) && isDir(filepath.Join(d, "bench", "pairs")) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no corefit module (a go.mod next to bench/pairs) at or above %s", dir)
		}
	}
}

func isFile(p string) bool { fi, err := os.Stat(p); return err == nil && fi.Mode().IsRegular() }
func isDir(p string) bool  { fi, err := os.Stat(p); return err == nil && fi.IsDir() }

// modulePath reads the module path from root/go.mod.
func modulePath(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`), nil
		}
	}
	return "", fmt.Errorf("%s/go.mod: no module line", root)
}

// goCommand is the go command run in the module root, with the settings of
// a reproducible build: no workspace, no toolchain switch.
func goCommand(ctx context.Context, root string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local")
	return cmd
}

// BuildCorefit builds cmd/corefit into dir and returns the binary's path.
func BuildCorefit(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "corefit")
	cmd := goCommand(ctx, root, "build", "-o", bin, "./cmd/corefit")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building corefit: %v\n%s", err, out)
	}
	return bin, nil
}

// Finding is one diagnostic corefit gave on a pair's program.
type Finding struct {
	Analyzer string `json:"analyzer"`
	Posn     string `json:"posn"` // file:line:col, relative to the module root
	Message  string `json:"message"`
}

func (f Finding) String() string { return fmt.Sprintf("%s: %s: %s", f.Analyzer, f.Posn, f.Message) }

// Agreement is what corefit said of a pair, and whether that is what the
// pair expects: bad reported by the pair's analyzer, with the expected
// message, and by no other; good quiet.
type Agreement struct {
	Pair     string    `json:"pair"`
	Flags    []string  `json:"flags,omitempty"`
	Bad      []Finding `json:"bad"`
	Good     []Finding `json:"good"`
	OK       bool      `json:"ok"`
	Problems []string  `json:"problems,omitempty"`
}

// CheckAgreement runs the corefit binary on the pairs' programs, once per
// set of flags, and judges each pair. The error is for a run that could not
// be made or read; a disagreement is in the Agreement.
//
// Pairs that share their programs and flags (poolblock/disk and
// poolblock/disk-cold) share the verdict.
func CheckAgreement(ctx context.Context, corefit, root string, pairs []Pair) ([]Agreement, error) {
	mod, err := modulePath(root)
	if err != nil {
		return nil, err
	}
	// Group the packages by flags, one corefit run per group.
	type group struct {
		flags []string
		pkgs  []string
	}
	var groups []*group
	byFlags := map[string]*group{}
	for _, p := range pairs {
		key := strings.Join(p.Flags, "\x00")
		g := byFlags[key]
		if g == nil {
			g = &group{flags: p.Flags}
			byFlags[key] = g
			groups = append(groups, g)
		}
		for _, v := range Variants {
			if pkg := p.Package(v); !slices.Contains(g.pkgs, pkg) {
				g.pkgs = append(g.pkgs, pkg)
			}
		}
	}
	findings := map[string]map[string][]Finding{} // flags key, import path
	for _, g := range groups {
		f, err := runCorefit(ctx, corefit, root, mod, g.flags, g.pkgs)
		if err != nil {
			return nil, err
		}
		findings[strings.Join(g.flags, "\x00")] = f
	}
	var out []Agreement
	for _, p := range pairs {
		f := findings[strings.Join(p.Flags, "\x00")]
		importPath := func(v Variant) string { return mod + "/" + p.Dir() + "/" + string(v) }
		a := Agreement{Pair: p.Name(), Flags: p.Flags, Bad: f[importPath(Bad)], Good: f[importPath(Good)]}
		a.Problems = judge(p, a.Bad, a.Good)
		a.OK = len(a.Problems) == 0
		out = append(out, a)
	}
	return out, nil
}

// judge lists what is wrong with corefit's findings on a pair.
func judge(p Pair, bad, good []Finding) []string {
	var problems []string
	expected := false
	for _, f := range bad {
		switch {
		case f.Analyzer != p.Analyzer:
			problems = append(problems, fmt.Sprintf("bad is reported by %s, not only %s: %s", f.Analyzer, p.Analyzer, f))
		case strings.Contains(f.Message, p.Expect):
			expected = true
		}
	}
	if !expected {
		problems = append(problems, fmt.Sprintf("bad is not reported by %s with %q (flags %q); corefit said %d things", p.Analyzer, p.Expect, p.Flags, len(bad)))
	}
	for _, f := range good {
		problems = append(problems, "good is not quiet: "+f.String())
	}
	return problems
}

// runCorefit runs corefit -json on pkgs and returns its findings by
// package import path. corefit -json prints one JSON object,
// {"import/path": {"analyzer": [diagnostics] or {"error": "..."}}}, and
// exits 0 whatever it found; an analyzer's error on a pair's package is an
// error here.
func runCorefit(ctx context.Context, corefit, root, mod string, flags, pkgs []string) (map[string][]Finding, error) {
	args := append(append([]string{"-json"}, flags...), pkgs...)
	cmd := exec.CommandContext(ctx, corefit, args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 3) {
		return nil, fmt.Errorf("corefit %s: %v\n%s%s", strings.Join(args, " "), err, stderr.Bytes(), stdout.Bytes())
	}
	type diagnostic struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	if len(bytes.TrimSpace(stdout.Bytes())) == 0 {
		// corefit -json prints {} when it finds nothing: no output at all
		// is a failure that did not change the exit status.
		return nil, fmt.Errorf("corefit %s printed nothing\n%s", strings.Join(args, " "), stderr.Bytes())
	}
	out := map[string][]Finding{}
	dec := json.NewDecoder(&stdout)
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			return nil, fmt.Errorf("corefit %s: reading its JSON: %v\n%s", strings.Join(args, " "), err, stdout.Bytes())
		}
		for pkg, byAnalyzer := range tree {
			// A package's ID may name its test variant: "p [p.test]".
			pkg, _, _ = strings.Cut(pkg, " ")
			for analyzer, raw := range byAnalyzer {
				var ds []diagnostic
				if err := json.Unmarshal(raw, &ds); err != nil {
					var e struct {
						Error string `json:"error"`
					}
					if json.Unmarshal(raw, &e) == nil && e.Error != "" {
						return nil, fmt.Errorf("corefit: %s on %s: %s", analyzer, pkg, e.Error)
					}
					return nil, fmt.Errorf("corefit: %s on %s: unexpected JSON %s", analyzer, pkg, raw)
				}
				for _, d := range ds {
					out[pkg] = append(out[pkg], Finding{Analyzer: analyzer, Posn: relPosn(root, d.Posn), Message: d.Message})
				}
			}
		}
	}
	for _, fs := range out {
		slices.SortFunc(fs, func(a, b Finding) int { return strings.Compare(a.Posn, b.Posn) })
	}
	return out, nil
}

func relPosn(root, posn string) string {
	if rel, ok := strings.CutPrefix(posn, root+string(filepath.Separator)); ok {
		return filepath.ToSlash(rel)
	}
	return posn
}
