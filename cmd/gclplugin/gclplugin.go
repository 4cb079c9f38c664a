// Package gclplugin makes corefit a golangci-lint v2 module plugin named
// "corefit". Link it into a custom golangci-lint binary (golangci-lint
// custom, or a main module that blank-imports this package and calls
// golangci-lint's commands.Execute; see the README) and enable it in
// .golangci.yml:
//
//	version: "2"
//	linters:
//	  enable: [corefit]
//	  settings:
//	    custom:
//	      corefit:
//	        type: module
//	        settings:
//	          poolblock:
//	            kinds: all
//	            cpufactor: 1
//	          iostall:
//	            tests: true
//	          disable: [iostall]
//
// The settings are the analyzers' own flags, so there is one configuration
// surface: ANALYZER: {FLAG: VALUE} sets the flag that `corefit` and
// `go vet -vettool` take as -ANALYZER.FLAG=VALUE. A list value is joined
// with commas (kinds: [network, disk] is kinds: "network,disk"). The optional
// "enable" and "disable" lists pick analyzers by name: with enable, only
// those run; disable removes analyzers from what would run. Unknown analyzer
// or flag names, and values a flag rejects, are errors.
//
// Each diagnostic is one golangci-lint issue: its related positions (the
// pool's size, the calls on the way to the blocking one) are folded into the
// message, "... [14:32: pool size: runtime.NumCPU() (worker loop)]", since
// golangci-lint would make each an issue of its own that //nolint on the
// diagnostic's line does not suppress.
//
// The analyzers keep their flag values in package-level variables, so the
// settings are process-wide: New first resets every analyzer flag to its
// default and then applies its settings, and the last call to New wins for
// every plugin instance in the process. golangci-lint calls New once per run,
// so this only matters to programs that build several instances.
package gclplugin

import (
	"flag"
	"fmt"
	"go/token"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/corefit/corefit/analyzers/all"
)

// Name is the plugin's name: the key under linters.settings.custom, the name
// in linters.enable, the FromLinter of every issue and the name //nolint
// takes.
const Name = "corefit"

func init() {
	register.Plugin(Name, New)
}

// Plugin is a configured corefit plugin.
type Plugin struct {
	analyzers []*analysis.Analyzer
}

var _ register.LinterPlugin = (*Plugin)(nil)

// mu serializes New's writes to the analyzers' flags.
var mu sync.Mutex

// New decodes settings (see the package documentation), sets the analyzers'
// flags process-wide, and returns the plugin.
func New(settings any) (register.LinterPlugin, error) {
	raw, err := register.DecodeSettings[map[string]any](settings)
	if err != nil {
		return nil, fmt.Errorf("corefit: %w", err)
	}
	analyzers := all.Analyzers()
	var names []string
	for _, a := range analyzers {
		names = append(names, a.Name)
	}
	// golangci-lint's configuration (viper) lowercases keys, so names match
	// regardless of case.
	analyzerNamed := func(name string) *analysis.Analyzer {
		for _, a := range analyzers {
			if strings.EqualFold(a.Name, name) {
				return a
			}
		}
		return nil
	}

	var enable, disable []string
	flags := make(map[string]map[string]any)
	var unknown []string
	for key, v := range raw {
		switch key {
		case "enable", "disable":
			list, err := stringList(v)
			if err != nil {
				return nil, fmt.Errorf("corefit: settings.%s: %w", key, err)
			}
			for i, n := range list {
				if a := analyzerNamed(n); a != nil {
					list[i] = a.Name
				} else {
					unknown = append(unknown, fmt.Sprintf("analyzer %q in %s", n, key))
				}
			}
			if key == "enable" {
				enable = list
			} else {
				disable = list
			}
			continue
		}
		a := analyzerNamed(key)
		if a == nil {
			unknown = append(unknown, fmt.Sprintf("analyzer %q", key))
			continue
		}
		m, ok := v.(map[string]any)
		if !ok && v != nil {
			return nil, fmt.Errorf("corefit: settings.%s: want a map of %s's flags, got %T", key, a.Name, v)
		}
		if flags[a.Name] == nil {
			flags[a.Name] = make(map[string]any)
		}
		for f, fv := range m {
			if name := flagNamed(a, f); name != "" {
				flags[a.Name][name] = fv
			} else {
				unknown = append(unknown, fmt.Sprintf("flag %q of analyzer %s (it has %s)", f, a.Name, flagNames(a)))
			}
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("corefit: unknown %s (analyzers: %s)", strings.Join(unknown, ", unknown "), strings.Join(names, ", "))
	}

	mu.Lock()
	defer mu.Unlock()
	// Defaults first, so that an instance's configuration is its settings
	// alone and not what an earlier New left behind.
	for _, a := range analyzers {
		var err error
		a.Flags.VisitAll(func(f *flag.Flag) {
			if f.Value.String() == f.DefValue {
				return // untouched, or back at the default
			}
			if e := f.Value.Set(f.DefValue); e != nil && err == nil {
				err = fmt.Errorf("corefit: resetting -%s.%s: %w", a.Name, f.Name, e)
			}
		})
		if err != nil {
			return nil, err
		}
	}
	for _, a := range analyzers {
		m := flags[a.Name]
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			s, err := flagValue(m[k])
			if err != nil {
				return nil, fmt.Errorf("corefit: settings.%s.%s: %w", a.Name, k, err)
			}
			if err := a.Flags.Set(k, s); err != nil {
				return nil, fmt.Errorf("corefit: settings.%s.%s: invalid value %q: %w", a.Name, k, s, err)
			}
		}
	}

	run := analyzers
	if enable != nil {
		on := make(map[string]bool)
		for _, n := range enable {
			on[n] = true
		}
		run = nil
		for _, a := range analyzers {
			if on[a.Name] {
				run = append(run, a)
			}
		}
	}
	if len(disable) > 0 {
		off := make(map[string]bool)
		for _, n := range disable {
			off[n] = true
		}
		var kept []*analysis.Analyzer
		for _, a := range run {
			if !off[a.Name] {
				kept = append(kept, a)
			}
		}
		run = kept
	}
	if len(run) == 0 {
		return nil, fmt.Errorf("corefit: enable/disable leave no analyzer to run (analyzers: %s)", strings.Join(names, ", "))
	}
	for i, a := range run {
		run[i] = foldRelated(a)
	}
	return &Plugin{analyzers: run}, nil
}

// foldRelated returns a copy of a whose diagnostics carry their related
// positions in the message rather than as RelatedInformation.
//
// golangci-lint turns each related position into an issue of its own
// ("poolblock(related information): pool size: ..."), at another line:
// //nolint:corefit on the diagnostic's line leaves those behind, and each
// diagnostic becomes three or four issues in every output and editor. Folded,
// a diagnostic is one issue:
//
//	pool.go:19:26: poolblock: http.Get waits on the network ... [14:32: pool size: runtime.NumCPU() (worker loop); 16:3: workers start here]
//
// Each related position leads its message, as LINE:COL in the diagnostic's
// file and DIR/FILE:LINE:COL in others. The copy shares a's flags, requirements and fact
// types; only Run differs.
func foldRelated(a *analysis.Analyzer) *analysis.Analyzer {
	run := a.Run
	folded := *a
	folded.Run = func(pass *analysis.Pass) (any, error) {
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			if len(d.Related) > 0 {
				d.Message += " [" + relatedText(pass.Fset, d) + "]"
				d.Related = nil
			}
			report(d)
		}
		return run(pass)
	}
	return &folded
}

func relatedText(fset *token.FileSet, d analysis.Diagnostic) string {
	at := fset.Position(d.Pos)
	parts := make([]string, 0, len(d.Related))
	for _, r := range d.Related {
		p := fset.Position(r.Pos)
		switch {
		case !p.IsValid():
			parts = append(parts, r.Message)
		case p.Filename == at.Filename:
			parts = append(parts, fmt.Sprintf("%d:%d: %s", p.Line, p.Column, r.Message))
		default:
			file := filepath.Join(filepath.Base(filepath.Dir(p.Filename)), filepath.Base(p.Filename))
			parts = append(parts, fmt.Sprintf("%s:%d:%d: %s", filepath.ToSlash(file), p.Line, p.Column, r.Message))
		}
	}
	return strings.Join(parts, "; ")
}

// BuildAnalyzers returns the enabled analyzers.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return p.analyzers, nil
}

// GetLoadMode says the analyzers need type information (they build SSA).
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// flagValue turns a decoded JSON value into a flag's text.
func flagValue(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return strconv.FormatInt(int64(v), 10), nil
		}
		return strconv.FormatFloat(v, 'g', -1, 64), nil
	case []any:
		list, err := stringList(v)
		if err != nil {
			return "", err
		}
		return strings.Join(list, ","), nil
	case nil:
		return "", fmt.Errorf("no value")
	default:
		return "", fmt.Errorf("want a string, number, bool or list, got %T", v)
	}
}

// stringList reads a list of names, or one name.
func stringList(v any) ([]string, error) {
	switch v := v.(type) {
	case string:
		return []string{v}, nil
	case []any:
		list := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("want a list of strings, got an element of type %T", e)
			}
			list = append(list, s)
		}
		return list, nil
	case nil:
		return nil, nil
	default:
		return nil, fmt.Errorf("want a list of strings, got %T", v)
	}
}

// flagNamed returns the name of a's flag called name, in any case, or "".
func flagNamed(a *analysis.Analyzer, name string) string {
	if a.Flags.Lookup(name) != nil {
		return name
	}
	found := ""
	a.Flags.VisitAll(func(f *flag.Flag) {
		if strings.EqualFold(f.Name, name) {
			found = f.Name
		}
	})
	return found
}

func flagNames(a *analysis.Analyzer) string {
	var names []string
	a.Flags.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return "no flags"
	}
	return strings.Join(names, ", ")
}
