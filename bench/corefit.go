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

	"github.com/corefit/corefit/analyzers/all"
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
	Pair  string   `json:"pair"`
	Flags []string `json:"flags,omitempty"`
	// Quiet is the pair's Quiet: both programs must be quiet.
	Quiet    bool      `json:"quiet,omitempty"`
	Bad      []Finding `json:"bad"`
	Good     []Finding `json:"good"`
	OK       bool      `json:"ok"`
	Problems []string  `json:"problems,omitempty"`
	// Skipped says why bad was not checked: the pair's analyzer is not
	// registered in analyzers/all yet. Good must still be quiet, and bad
	// reported by no other analyzer.
	Skipped string `json:"skipped,omitempty"`
}

// Registered reports whether corefit has the analyzer named: whether
// analyzers/all lists it.
func Registered(analyzer string) bool {
	for _, a := range all.Analyzers() {
		if a.Name == analyzer {
			return true
		}
	}
	return false
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
		a := Agreement{Pair: p.Name(), Flags: p.Flags, Quiet: p.Quiet, Bad: f[importPath(Bad)], Good: f[importPath(Good)]}
		registered := Registered(p.Analyzer)
		if !registered {
			a.Skipped = fmt.Sprintf("%s is not registered in analyzers/all: bad is checked once it is", p.Analyzer)
		}
		a.Problems = judge(p, registered, a.Bad, a.Good)
		a.OK = len(a.Problems) == 0
		out = append(out, a)
	}
	return out, nil
}

// judge lists what is wrong with corefit's findings on a pair. When the
// pair's analyzer is not registered, bad need not be reported; when the
// pair is Quiet, bad must be quiet too.
func judge(p Pair, registered bool, bad, good []Finding) []string {
	var problems []string
	if p.Quiet {
		for _, f := range bad {
			problems = append(problems, "bad is not quiet (the pair measures a pattern corefit leaves alone): "+f.String())
		}
		for _, f := range good {
			problems = append(problems, "good is not quiet: "+f.String())
		}
		return problems
	}
	expected := false
	for _, f := range bad {
		switch {
		case f.Analyzer != p.Analyzer:
			problems = append(problems, fmt.Sprintf("bad is reported by %s, not only %s: %s", f.Analyzer, p.Analyzer, f))
		case strings.Contains(f.Message, p.Expect):
			expected = true
		}
	}
	if !expected && registered {
		problems = append(problems, fmt.Sprintf("bad is not reported by %s with %q (flags %q); corefit said %d things", p.Analyzer, p.Expect, p.Flags, len(bad)))
	}
	for _, f := range good {
		problems = append(problems, "good is not quiet: "+f.String())
	}
	return problems
}

// runCorefit runs corefit -f json on pkgs and returns its findings by
// package import path. corefit (staticcheck's lintcmd) prints one JSON
// object per problem, {"code": analyzer, "location": {"file", "line",
// "column"}, "message"}, and exits 1 when it printed any, 0 when none; a
// compile or configuration error ("code": "compile" or "config") on a
// pair's package is an error here. A finding belongs to the package of the
// directory of its file.
func runCorefit(ctx context.Context, corefit, root, mod string, flags, pkgs []string) (map[string][]Finding, error) {
	args := append(append([]string{"-f", "json"}, flags...), pkgs...)
	cmd := exec.CommandContext(ctx, corefit, args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
		return nil, fmt.Errorf("corefit %s: %v\n%s%s", strings.Join(args, " "), err, stderr.Bytes(), stdout.Bytes())
	}
	type location struct {
		File   string `json:"file"`
		Line   int    `json:"line"`
		Column int    `json:"column"`
	}
	type problem struct {
		Code     string   `json:"code"`
		Location location `json:"location"`
		Message  string   `json:"message"`
	}
	out := map[string][]Finding{}
	dec := json.NewDecoder(&stdout)
	for dec.More() {
		var p problem
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("corefit %s: reading its JSON: %v\n%s", strings.Join(args, " "), err, stdout.Bytes())
		}
		if p.Code == "compile" || p.Code == "config" {
			return nil, fmt.Errorf("corefit %s: %s error at %s:%d: %s", strings.Join(args, " "), p.Code, p.Location.File, p.Location.Line, p.Message)
		}
		rel, err := filepath.Rel(root, filepath.Dir(p.Location.File))
		if err != nil || strings.HasPrefix(rel, "..") {
			return nil, fmt.Errorf("corefit: a finding outside the module: %s: %s", p.Location.File, p.Message)
		}
		pkg := mod + "/" + filepath.ToSlash(rel)
		posn := fmt.Sprintf("%s:%d:%d", p.Location.File, p.Location.Line, p.Location.Column)
		out[pkg] = append(out[pkg], Finding{Analyzer: p.Code, Posn: relPosn(root, posn), Message: p.Message})
	}
	if err != nil && len(out) == 0 {
		// Status 1 with nothing printed: a failure lintcmd did not report
		// as a problem.
		return nil, fmt.Errorf("corefit %s: %v, and no finding printed\n%s", strings.Join(args, " "), err, stderr.Bytes())
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
