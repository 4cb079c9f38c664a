package counter

import "testing"

func TestCounter(t *testing.T) {
	var c Counter
	if got := c.Hits(8); got < 1 {
		t.Fatal(got)
	}
}
