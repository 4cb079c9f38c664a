package catalog

import "go/types"

// LaunchRole is how a launcher runs the function it is given.
type LaunchRole uint8

const (
	// LaunchGroup runs the function on a goroutine of its own per call,
	// joined by the group's Wait.
	LaunchGroup LaunchRole = iota + 1
	// LaunchTimer runs the function later, on a goroutine of its own.
	LaunchTimer
	// LaunchSubtest runs a subtest, in parallel with its parallel siblings
	// once it calls t.Parallel.
	LaunchSubtest
)

// Launcher is a call that runs its function argument WorkArg (receiver not
// counted) on another goroutine. Pool libraries' submit calls are in
// poolAPIs and handler registrations in handlerRegs; these are the rest.
type Launcher struct {
	Role    LaunchRole
	WorkArg int
	Desc    string // how a diagnostic names the launch
}

// launchers, keyed by FullName of the generic origin. Checked against Go
// 1.26.8 (sync.WaitGroup.Go, time.AfterFunc, testing.T.Run), golang.org/x/sync
// v0.24.0 and github.com/sourcegraph/conc v0.3.0.
var launchers = map[string]Launcher{
	"(*golang.org/x/sync/errgroup.Group).Go":      {LaunchGroup, 0, "errgroup.Group.Go"},
	"(*golang.org/x/sync/errgroup.Group).TryGo":   {LaunchGroup, 0, "errgroup.Group.TryGo"},
	"(*sync.WaitGroup).Go":                        {LaunchGroup, 0, "WaitGroup.Go"},
	"(*github.com/sourcegraph/conc.WaitGroup).Go": {LaunchGroup, 0, "WaitGroup.Go"},
	"time.AfterFunc":                              {LaunchTimer, 1, "time.AfterFunc"},
	"(*testing.T).Run":                            {LaunchSubtest, 1, "t.Run"},
}

// LookupLauncher returns the launcher entry of fn, or false.
func LookupLauncher(fn *types.Func) (Launcher, bool) {
	if fn == nil {
		return Launcher{}, false
	}
	l, ok := launchers[FullName(fn)]
	return l, ok
}
