// Command good does the work of ../bad in two stages: an I/O stage of
// ioConc goroutines runs the child processes and hands their output to a
// CPU stage of GOMAXPROCS workers that hash it. While children start and
// run, the cores go on hashing.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

// ioConc is how many children run at once.
const ioConc = 32

func main() {
	pair.ServeChild()
	cfg := pair.Setup("poolblock/process", "good", pair.Defaults{Items: 400})
	self, err := os.Executable()
	if err != nil {
		pair.Fail(err)
	}

	var sum pair.Sum
	items := pair.Feed(cfg.Items)
	outputs := make(chan []byte, ioConc)
	cfg.Start()

	// The I/O stage.
	var runners sync.WaitGroup
	for r := 0; r < ioConc; r++ {
		runners.Add(1)
		go func() {
			defer runners.Done()
			for i := range items {
				cmd := exec.Command(self, strconv.Itoa(i), strconv.Itoa(cfg.Size))
				cmd.Env = pair.ChildEnviron()
				out, err := cmd.Output()
				if err != nil || len(out) != cfg.Size {
					pair.Fail(fmt.Errorf("child %d: %v (%d bytes)", i, err, len(out)))
				}
				outputs <- out
			}
		}()
	}
	go func() {
		runners.Wait()
		close(outputs)
	}()

	// The CPU stage.
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for out := range outputs {
				sum.Add(pair.Work(out, cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(workers, ioConc, &sum)
}
