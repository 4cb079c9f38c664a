package defaults

import (
	"runtime"
	"testing"
	"time"
)

// Test files are skipped by default: stress tests size pools to the CPUs on
// purpose.
func TestStress(t *testing.T) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			time.Sleep(time.Millisecond)
		}()
	}
}
