package locks

import (
	"go/constant"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
)

func TestOverlap(t *testing.T) {
	r1 := ssa.NewConst(constant.MakeInt64(1), types.Typ[types.Int])
	r2 := ssa.NewConst(constant.MakeInt64(2), types.Typ[types.Int])
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"", "", true},
		{".f", ".f", true},
		{".f", ".g", false},
		{"", ".f", true},         // the struct and its field
		{"", "#3", true},         // the array and its element
		{"", "@.f", false},       // the pointer and its target's field
		{"@", "@[]", false},      // a map variable and its contents
		{"#1", "#1", true},       // the same element
		{"#1", "#2", false},      // distinct elements
		{"#*", "#2", true},       // every element and one
		{"#*", "#?", true},       // every element and one not known
		{"#?", "#?", false},      // two not known: taken as distinct
		{"#?", "#2", false},      // one not known and a constant
		{"#1.f", "#1.g", false},  // fields of one element
		{"#1.f", "#*.f", true},   // a field of every element
		{"#1", "#1.f", true},     // an element and its field
		{"@#1", "@#1@.f", false}, // an element that is a pointer, and its target
		{".a#1", ".b#1", false},  // elements of two fields
		{".f!", ".f!", true},     // a channel's state
		{".f", ".f!", false},     // a channel variable and the channel's state
	} {
		a, b := Term{r1, c.a}, Term{r1, c.b}
		if got := Overlap(a, b); got != c.want {
			t.Errorf("Overlap(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := Overlap(b, a); got != c.want {
			t.Errorf("Overlap(%q, %q) = %v, want %v", c.b, c.a, got, c.want)
		}
	}
	if Overlap(Term{r1, ".f"}, Term{r2, ".f"}) {
		t.Errorf("terms of two roots overlap")
	}
	for path, want := range map[string]string{".f#3": ".f[3]", "@#?.g": "[i].g", "#*": "", ".m@[]": ".m", ".c!": ".c"} {
		if got := PathString(path); got != want {
			t.Errorf("PathString(%q) = %q, want %q", path, got, want)
		}
	}
}
