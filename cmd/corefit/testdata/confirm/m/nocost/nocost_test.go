package nocost

import "testing"

func TestSum(t *testing.T) {
	blocks := make([][]byte, 16)
	for i := range blocks {
		blocks[i] = []byte{byte(i)}
	}
	if got := Sum(blocks); len(got) != len(blocks) {
		t.Fatal(len(got))
	}
}
