package gclplugin_test

import (
	"bytes"
	"encoding/gob"
	"flag"
	"go/types"
	"reflect"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/corefit/corefit/analyzers/all"
	"github.com/corefit/corefit/analyzers/iostall"
	"github.com/corefit/corefit/analyzers/poolblock"
	"github.com/corefit/corefit/cmd/gclplugin"
	"github.com/corefit/corefit/passes/catalog"
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

	// Names match in any case (golangci-lint lowercases keys).
	build(t, map[string]any{"PoolBlock": map[string]any{"Kinds": "disk"}, "enable": []any{"POOLBLOCK"}})
	if got := flagValue(poolblock.Analyzer, "kinds"); got != "disk" {
		t.Errorf("kinds = %q", got)
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
		{map[string]any{}, names(all.Analyzers())},
		{map[string]any{"enable": []any{"iostall"}}, "iostall"},
		{map[string]any{"enable": "poolblock"}, "poolblock"},
		{map[string]any{"disable": []string{"poolblock"}}, strings.TrimPrefix(names(all.Analyzers()), "poolblock,")},
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
		{map[string]any{"sharedstat": map[string]any{}}, []string{`unknown analyzer "sharedstat"`, "analyzers: " + strings.ReplaceAll(names(all.Analyzers()), ",", ", ")}},
		{map[string]any{"poolblock": map[string]any{"kind": "all", "cpu": 2}}, []string{`flag "cpu" of analyzer poolblock`, `flag "kind" of analyzer poolblock (it has `, "kinds"}},
		{map[string]any{"enable": []any{"poolblok"}}, []string{`unknown analyzer "poolblok" in enable`}},
		{map[string]any{"disable": strings.Split(names(all.Analyzers()), ",")}, []string{"no analyzer to run"}},
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

// TestFactsGob checks what the README promises drivers that keep facts
// apart from the analysis (golangci-lint's cache, Bazel nogo, go vet): every
// fact type of every analyzer the plugin runs, and of what they require,
// travels through encoding/gob whole, with no field gob would drop.
func TestFactsGob(t *testing.T) {
	n := 0
	for _, a := range all.Graph(all.Analyzers()) {
		for _, f := range a.FactTypes {
			n++
			typ := reflect.TypeOf(f)
			checkGobType(t, a.Name+": "+typ.String(), typ, make(map[reflect.Type]bool))
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(reflect.New(typ.Elem()).Interface()); err != nil {
				t.Errorf("%s: %s: gob: %v", a.Name, typ, err)
			}
		}
	}
	if n == 0 {
		t.Error("no fact types found")
	}
}

func checkGobType(t *testing.T, where string, typ reflect.Type, seen map[reflect.Type]bool) {
	t.Helper()
	if seen[typ] {
		return
	}
	seen[typ] = true
	switch typ.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		checkGobType(t, where, typ.Elem(), seen)
	case reflect.Map:
		checkGobType(t, where, typ.Key(), seen)
		checkGobType(t, where, typ.Elem(), seen)
	case reflect.Struct:
		pt := reflect.PointerTo(typ)
		if pt.Implements(reflect.TypeFor[gob.GobEncoder]()) && pt.Implements(reflect.TypeFor[gob.GobDecoder]()) {
			return // its own encoding, tested with the type
		}
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if !f.IsExported() {
				t.Errorf("%s: field %s.%s is unexported: gob drops it", where, typ, f.Name)
				continue
			}
			checkGobType(t, where, f.Type, seen)
		}
	case reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer, reflect.Uintptr:
		t.Errorf("%s: %s cannot travel through gob", where, typ)
	}
}

// TestCatalogSettings gives the user catalog flags as golangci-lint
// settings, lists as YAML gives them, and checks that the catalog the
// passes consult has the entries, and that a later instance drops them.
func TestCatalogSettings(t *testing.T) {
	build(t, map[string]any{
		"poolblock": map[string]any{"blocking": []any{"(*example.com/db.Client).Query=network", "example.com/q.Pop=wait"}},
		"iostall":   map[string]any{"handlers": []any{"(*example.com/rt.Router).Route=handler:arg=1"}, "cpuheavy": "example.com/h.Hash=heavy"},
	})
	pkg := types.NewPackage("example.com/q", "q")
	pop := types.NewFunc(0, pkg, "Pop", types.NewSignatureType(nil, nil, nil, nil, nil, false))
	if e, ok := catalog.Lookup(pop); !ok || e.Kind != catalog.WaitForData {
		t.Errorf("example.com/q.Pop after the settings: %v, %v; want wait for data", e, ok)
	}
	if got := flagValue(iostall.Analyzer, "handlers"); got != "(*example.com/rt.Router).Route=handler:arg=1" {
		t.Errorf("handlers = %q", got)
	}
	if _, err := gclplugin.New(map[string]any{"poolblock": map[string]any{"blocking": "example.com/q.Pop=slow"}}); err == nil || !strings.Contains(err.Error(), "slow") {
		t.Errorf("a bad blocking kind: error %v, want one naming it", err)
	}
	build(t, nil)
	if _, ok := catalog.Lookup(pop); ok {
		t.Error("example.com/q.Pop still known after New(nil)")
	}
}
