// Command good does the work of ../bad and keeps each task's error in its
// own element of errs (disjoint index writes), joined after Wait, as an
// errgroup would hand them back: no variable is written by two goroutines,
// and no error is overwritten.
package main

import (
	"errors"
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

func main() {
	cfg := pair.Setup("sharedstate/capturederr", "good", pair.Defaults{Items: 200_000, Size: 64})

	var sum pair.Sum
	tasks := pair.Tasks(cfg)
	errs := make([]error, tasks)
	var wg sync.WaitGroup
	cfg.Start()
	for t := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[t] = pair.RunTask(cfg, t, &sum)
		}()
	}
	wg.Wait()
	err := errors.Join(errs...)
	cfg.ReportState(tasks, 1, pair.Reported(cfg, err), &sum)
}
