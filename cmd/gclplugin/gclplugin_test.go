package gclplugin_test

import (
	"flag"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/corefit/corefit/analyzers/all"
	"github.com/corefit/corefit/analyzers/iostall"
	"github.com/corefit/corefit/analyzers/poolblock"
	"github.com/corefit/corefit/cmd/gclplugin"
)

func build(t *testing.T, settings any) []*analysis.Analyzer {
	t.Helper()
	p, err := gclplugin.New(settings)
	if err != nil {
		t.Fatal(err)
	}
	if m := p.GetLoadMode(); m != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", m, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if err := analysis.Validate(as); err != nil {
		t.Fatal(err)
	}
	return as
}

func names(as []*analysis.Analyzer) string {
	var s []string
	for _, a := range as {
		s = append(s, a.Name)
	}
	return strings.Join(s, ",")
}

func flagValue(a *analysis.Analyzer, name string) string {
	return a.Flags.Lookup(name).Value.String()
}

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("corefit")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatal(err)
	}
	as, _ := p.BuildAnalyzers()
	if got, want := names(as), names(all.Analyzers()); got != want {
		t.Errorf("analyzers %s, want %s", got, want)
	}
}

func TestSettingsSetFlags(t *testing.T) {
	// As golangci-lint passes them: decoded YAML, with ints.
	build(t, map[string]any{
		"poolblock": map[string]any{"kinds": "all", "cpufactor": 1, "tests": true},
		"iostall":   map[string]any{"tests": true},
	})
	for _, c := range []struct {
		a          *analysis.Analyzer
		flag, want string
	}{
		{poolblock.Analyzer, "kinds", "all"},
		{poolblock.Analyzer, "cpufactor", "1"},
		{poolblock.Analyzer, "tests", "true"},
		{iostall.Analyzer, "tests", "true"},
	} {
		if got := flagValue(c.a, c.flag); got != c.want {
			t.Errorf("-%s.%s = %q, want %q", c.a.Name, c.flag, got, c.want)
		}
	}

	// A list is joined with commas; fractional numbers stay fractional.
	build(t, map[string]any{"poolblock": map[string]any{"kinds": []any{"network", "disk"}, "cpufactor": 1.5}})
	if got := flagValue(poolblock.Analyzer, "kinds"); got != "network,disk" {
		t.Errorf("kinds = %q", got)
	}
	if got := flagValue(poolblock.Analyzer, "cpufactor"); got != "1.5" {
		t.Errorf("cpufactor = %q", got)
	}

	// A later instance starts from the defaults, not from what the last one
	// set.
	build(t, nil)
	for _, a := range all.Analyzers() {
		a.Flags.VisitAll(func(f *flag.Flag) {
			if f.Value.String() != f.DefValue {
				t.Errorf("-%s.%s = %q after New(nil), want the default %q", a.Name, f.Name, f.Value, f.DefValue)
			}
		})
	}
}

func TestEnableDisable(t *testing.T) {
	for _, c := range []struct {
		settings map[string]any
		want     string
	}{
		{map[string]any{}, "poolblock,iostall"},
		{map[string]any{"enable": []any{"iostall"}}, "iostall"},
		{map[string]any{"enable": "poolblock"}, "poolblock"},
		{map[string]any{"disable": []string{"poolblock"}}, "iostall"},
		{map[string]any{"enable": []any{"iostall", "poolblock"}, "disable": []any{"iostall"}}, "poolblock"},
	} {
		if got := names(build(t, c.settings)); got != c.want {
			t.Errorf("%v: analyzers %s, want %s", c.settings, got, c.want)
		}
	}
}

func TestSettingsErrors(t *testing.T) {
	for _, c := range []struct {
		settings any
		want     []string
	}{
		{map[string]any{"sharedstat": map[string]any{}}, []string{`unknown analyzer "sharedstat"`, "analyzers: poolblock, iostall"}},
		{map[string]any{"poolblock": map[string]any{"kind": "all", "cpu": 2}}, []string{`flag "cpu" of analyzer poolblock`, `flag "kind" of analyzer poolblock (it has cpufactor, kinds, tests)`}},
		{map[string]any{"enable": []any{"poolblok"}}, []string{`unknown analyzer "poolblok" in enable`}},
		{map[string]any{"disable": []any{"poolblock", "iostall"}}, []string{"no analyzer to run"}},
		{map[string]any{"poolblock": map[string]any{"cpufactor": "lots"}}, []string{"settings.poolblock.cpufactor", "invalid"}},
		{map[string]any{"poolblock": "all"}, []string{"settings.poolblock: want a map of poolblock's flags"}},
		{map[string]any{"iostall": map[string]any{"tests": map[string]any{}}}, []string{"settings.iostall.tests: want a string, number, bool or list"}},
		{[]any{"poolblock"}, []string{"corefit: decoding settings"}},
	} {
		_, err := gclplugin.New(c.settings)
		if err == nil {
			t.Errorf("%v: no error", c.settings)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: error %q lacks %q", c.settings, err, w)
			}
		}
	}
	build(t, nil) // leave the defaults
}
