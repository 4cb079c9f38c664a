package shared_test

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/corefit/corefit/passes/atest"
	"github.com/corefit/corefit/passes/locks"
	"github.com/corefit/corefit/passes/shared"
)

// TestFacts checks the facts: the accesses a function makes through its
// parameters, and whether it waits.
func TestFacts(t *testing.T) {
	analysistest.Run(t, atest.Testdata(), shared.Analyzer, "shared/facts")
}

// TestAccessFactGob sends a fact through encoding/gob, as the drivers do
// (go vet re-exports it in every dependent's file), and through a second
// encoding without being looked at.
func TestAccessFactGob(t *testing.T) {
	in := &shared.AccessFact{Waits: true, Accesses: []shared.FactAccess{
		{Param: 0, Name: "c", Path: ".n", Op: shared.Write, Locks: []locks.FactLock{{Param: 0, Path: ".mu"}, {Param: -1, Global: "example.com/p.mu", Read: true}}},
		{Param: -1, Global: "example.com/p.count", Name: "count", Op: shared.Read, Atomic: true, AfterWait: true},
		{Param: 2, Name: "m", Path: "[*]", Op: shared.Write, Opaque: true},
	}}
	roundTrip := func(f analysis.Fact) *shared.AccessFact {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(&f); err != nil {
			t.Fatal(err)
		}
		var out analysis.Fact
		if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out.(*shared.AccessFact)
	}
	gob.Register(in)
	once := roundTrip(in)
	twice := roundTrip(once)
	for _, got := range []*shared.AccessFact{once, twice} {
		if !reflect.DeepEqual(got.List(), in.Accesses) {
			t.Errorf("after gob: %+v\nwant %+v", got.List(), in.Accesses)
		}
		if got.Waits != in.Waits || got.String() != in.String() {
			t.Errorf("after gob: %s, want %s", got, in)
		}
	}
	if err := new(shared.AccessFact).GobDecode([]byte{99, 1, 2}); err == nil {
		t.Error("an unknown version decoded without an error")
	}
	bad := new(shared.AccessFact)
	bad.GobDecode([]byte{2, 0, 5, 0})
	if l := bad.List(); l != nil {
		t.Errorf("a truncated encoding decoded to %v", l)
	}
}

// TestMembersFactGob: a type's method facts through encoding/gob, twice, and
// each method found by name in the encoding.
func TestMembersFactGob(t *testing.T) {
	in := &shared.MembersFact{Members: map[string]*shared.AccessFact{
		"Inc":  {Accesses: []shared.FactAccess{{Param: 0, Name: "c", Path: ".n", Op: shared.Inc}}},
		"Wait": {Waits: true},
		"Put":  {Accesses: []shared.FactAccess{{Param: 0, Name: "c", Path: ".m", Op: shared.MapWrite, Locks: []locks.FactLock{{Param: 0, Path: ".mu"}}}}},
	}}
	gob.Register(in)
	var f analysis.Fact = in
	for i := 0; i < 2; i++ {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(&f); err != nil {
			t.Fatal(err)
		}
		if err := gob.NewDecoder(&buf).Decode(&f); err != nil {
			t.Fatal(err)
		}
	}
	got := f.(*shared.MembersFact)
	if got.String() != in.String() {
		t.Errorf("after gob: %s, want %s", got, in)
	}
	for name, want := range in.Members {
		m, ok := got.Member(name)
		if !ok || m.Waits != want.Waits || !reflect.DeepEqual(m.List(), want.Accesses) {
			t.Errorf("Method(%s) = %v, %v; want %v", name, m, ok, want)
		}
	}
	if m, ok := got.Member("Missing"); ok {
		t.Errorf("Method(Missing) = %v", m)
	}
}
