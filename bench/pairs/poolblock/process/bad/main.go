// Command bad runs a child process per item with a pool of GOMAXPROCS
// workers: each starts the tool (this program, re-executed as a child that
// prints the item), waits for it to exit, then hashes its output. The pool
// is sized for the hashing, but each worker waits for fork, exec and the
// child's run. poolblock reports the wait for the child with
// -poolblock.kinds=all (process is off by default: a child that computes
// keeps the core its parent leaves busy).
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

func main() {
	pair.ServeChild()
	cfg := pair.Setup("poolblock/process", "bad", pair.Defaults{Items: 400})
	self, err := os.Executable()
	if err != nil {
		pair.Fail(err)
	}

	var sum pair.Sum
	items := pair.Feed(cfg.Items)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	cfg.Start()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range items {
				cmd := exec.Command(self, strconv.Itoa(i), strconv.Itoa(cfg.Size))
				cmd.Env = pair.ChildEnviron()
				out, err := cmd.Output() // waits for a child process
				if err != nil || len(out) != cfg.Size {
					pair.Fail(fmt.Errorf("child %d: %v (%d bytes)", i, err, len(out)))
				}
				sum.Add(pair.Work(out, cfg.WorkKiB))
			}
		}()
	}
	wg.Wait()
	cfg.Report(workers, workers, &sum)
}
