package exits

import (
	"os"
	"testing"
)

func TestDial(t *testing.T) {
	Dial("127.0.0.1:1")
	os.Exit(3) // the trace is never finished
}
