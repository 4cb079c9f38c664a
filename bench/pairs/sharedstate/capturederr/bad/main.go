// Command bad runs a batch of tasks, a goroutine per task, each hashing
// its items, and keeps their error in one err variable that every
// goroutine assigns: err = pair.RunTask(...) from all of them, with no
// synchronization. One task fails; the tasks that finish after it assign
// their nil over its error, so the caller sees a batch that succeeded.
// And the writes race: an error is two words, and two goroutines that store
// at once can leave a type of one with the value of the other. sharedstate
// reports the assignment.
//
// The figure is the errors lost: 1 when the error the caller gets does not
// name the failing task, 0 when it does.
package main

import (
	"sync"

	"github.com/corefit/corefit/bench/pairs/internal/pair"
)

func main() {
	cfg := pair.Setup("sharedstate/capturederr", "bad", pair.Defaults{Items: 200_000, Size: 64})

	var sum pair.Sum
	tasks := pair.Tasks(cfg)
	var err error
	var wg sync.WaitGroup
	cfg.Start()
	for t := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err = pair.RunTask(cfg, t, &sum)
		}()
	}
	wg.Wait()
	cfg.ReportState(tasks, 1, pair.Reported(cfg, err), &sum)
}
