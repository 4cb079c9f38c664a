package pair

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
)

// This file is the frame of the shared-state pairs (sharedstate): workers
// hash items and record something about each in state they share, a
// counter, a map, a slice, an error. The bad programs share it with no
// synchronization; the good ones synchronize or give each goroutine its own.
// Both do the same work, item for item, and add every digest to a Sum (which
// is itself synchronized): the checksum says that the work was done, and the
// shared state says what the program knows of it afterwards.
//
// The figure is what the shared state lost: expected less observed (updates
// of a counter, entries of a map, elements of a slice, errors the caller
// should have seen). A bad program may also die of it, with the runtime's
// "fatal error: concurrent map writes" or a corrupted heap: the harness
// records the crash. Its race-detector build counts the data races.

// StateResult is the JSON line of a shared-state program.
type StateResult struct {
	Pair       string `json:"pair"`
	Variant    string `json:"variant"`
	Items      int64  `json:"items"`   // items hashed: the work done
	Workers    int    `json:"workers"` // goroutines sharing the state
	GOMAXPROCS int    `json:"gomaxprocs"`
	NumCPU     int    `json:"numcpu"`
	WorkKiB    int    `json:"work_kib"`
	// Expected is what the state should hold at the end: Items updates of a
	// counter, Items entries of a map or a slice, the errors of the failing
	// tasks; Observed what it holds; Lost is Expected - Observed.
	Expected    int64   `json:"expected"`
	Observed    int64   `json:"observed"`
	Lost        int64   `json:"lost"`
	ElapsedS    float64 `json:"elapsed_s"`
	ItemsPerSec float64 `json:"items_per_sec"`
	CoresBusy   float64 `json:"cores_busy"`
	Check       string  `json:"check"`
}

// ReportState prints the result line of a shared-state program: workers
// goroutines shared the state, which should hold expected and holds
// observed. It fails when not every item was hashed.
func (c *Config) ReportState(workers int, expected, observed int, s *Sum) {
	elapsed, cores, check := c.finish(s)
	printJSON(StateResult{
		Pair:        c.Name,
		Variant:     c.Variant,
		Items:       s.n.Load(),
		Workers:     workers,
		GOMAXPROCS:  runtime.GOMAXPROCS(0),
		NumCPU:      runtime.NumCPU(),
		WorkKiB:     c.WorkKiB,
		Expected:    int64(expected),
		Observed:    int64(observed),
		Lost:        int64(expected - observed),
		ElapsedS:    elapsed.Seconds(),
		ItemsPerSec: float64(c.Items) / elapsed.Seconds(),
		CoresBusy:   cores,
		Check:       check,
	})
}

// Name is item i's name, the key of the map pairs: "item-17".
func Name(i int) string { return "item-" + strconv.Itoa(i) }

// Found counts the items 0..Items-1 whose digest the map holds under their
// Name, right: what the map lost is the rest. It stops the clock first.
func Found(c *Config, digests map[string][32]byte) int {
	c.Stop()
	n := 0
	for i := range c.Items {
		if d, ok := digests[Name(i)]; ok && d == Work(Payload(i, c.Size), c.WorkKiB) {
			n++
		}
	}
	return n
}

// Record is what the slice pairs collect per item.
type Record struct {
	Item   int
	Digest [32]byte
}

// Distinct counts the items 0..Items-1 that have a record with their
// digest among records: what the slice lost is the rest. It stops the
// clock first.
func Distinct(c *Config, records []Record) int {
	c.Stop()
	seen := make([]bool, c.Items)
	n := 0
	for _, r := range records {
		if r.Item < 0 || r.Item >= c.Items || seen[r.Item] || r.Digest != Work(Payload(r.Item, c.Size), c.WorkKiB) {
			continue
		}
		seen[r.Item] = true
		n++
	}
	return n
}

// The captured-err pairs run a batch of tasks, TaskItems items each, one
// goroutine per task. One item in the batch is corrupt, the middle one: its
// task hashes all its items like the others, then fails with a TaskError.

// TaskItems is how many items a task of the captured-err pairs hashes.
const TaskItems = 100

// TaskError is the error of a task that met the corrupt item.
type TaskError struct{ Task, Item int }

func (e *TaskError) Error() string {
	return fmt.Sprintf("task %d: item %d is corrupt", e.Task, e.Item)
}

// Tasks is how many tasks the batch of Items items has.
func Tasks(c *Config) int { return (c.Items + TaskItems - 1) / TaskItems }

// RunTask hashes the items of task t into s and returns its error: a
// *TaskError for the task that holds the corrupt item, nil for the others.
func RunTask(c *Config, t int, s *Sum) error {
	corrupt := c.Items / 2
	var err error
	for i := t * TaskItems; i < min((t+1)*TaskItems, c.Items); i++ {
		s.Add(Work(Payload(i, c.Size), c.WorkKiB))
		if i == corrupt {
			err = &TaskError{Task: t, Item: i}
		}
	}
	return err
}

// Reported counts the failing tasks whose error err reports (it may join
// several): with one corrupt item, 1 when the batch's error names its task
// and item, 0 when it was lost. It stops the clock first.
func Reported(c *Config, err error) int {
	c.Stop()
	corrupt := c.Items / 2
	var te *TaskError
	if errors.As(err, &te) && te.Item == corrupt && te.Task == corrupt/TaskItems {
		return 1
	}
	return 0
}
