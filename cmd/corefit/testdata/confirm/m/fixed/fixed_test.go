package fixed

import "testing"

func TestCounter(t *testing.T) {
	var c Counter
	if got := c.Hits(8); got != 8 {
		t.Fatal(got)
	}
}
