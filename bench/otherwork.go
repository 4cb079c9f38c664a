package bench

import (
	"context"
	"os"
	"strconv"
	"strings"
	"time"
)

// The machines the figures come from are often shared: other sessions
// build and test on the same cores. The harness measures how much of the
// machine other work took during each run: the busy time of all cores
// (/proc/stat) minus the CPU time of the program and its children. With
// -quiet it also waits, before each run, until the machine is idle.

// clockTick is the unit of /proc/stat: USER_HZ, 100 on every Linux
// architecture Go supports.
const clockTick = 10 * time.Millisecond

// busyTime is the time all cores spent on anything but idling and waiting
// for I/O since boot, or -1 where there is no /proc/stat.
func busyTime() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return -1
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		return -1
	}
	// user nice system idle iowait irq softirq steal ...
	var ticks int64
	for i, v := range f[1:] {
		if i == 3 || i == 4 || i >= 8 { // idle, iowait; guest time is in user already
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return -1
		}
		ticks += n
	}
	return time.Duration(ticks) * clockTick
}

// otherCores is how many cores' worth of other work ran beside a run of
// wall time that used cpu itself, given the busy time before and after.
func otherCores(before, after time.Duration, cpu, wall time.Duration) float64 {
	if before < 0 || after < 0 || wall <= 0 {
		return -1
	}
	other := after - before - cpu
	if other < 0 {
		other = 0
	}
	return other.Seconds() / wall.Seconds()
}

// Quiet is how long to wait, before each run, for other work to stop.
type Quiet struct {
	// Below: the run starts once other work takes less than this many
	// cores over a quarter of a second; 0 starts at once.
	Below float64
	// PerRun and Total bound the wait, so that a machine that is never
	// quiet still gets its runs.
	PerRun, Total time.Duration

	waited time.Duration
}

// Wait waits until the machine is quiet, for PerRun at most, and returns
// how long it waited. Nothing of the harness runs meanwhile, so all the
// busy time measured is other work.
func (q *Quiet) Wait(ctx context.Context) time.Duration {
	if q == nil || q.Below <= 0 {
		return 0
	}
	start := time.Now()
	for q.waited+time.Since(start) < q.Total && time.Since(start) < q.PerRun {
		t0, b0 := time.Now(), busyTime()
		select {
		case <-ctx.Done():
			return time.Since(start)
		case <-time.After(250 * time.Millisecond):
		}
		if c := otherCores(b0, busyTime(), 0, time.Since(t0)); c < 0 || c < q.Below {
			break
		}
	}
	d := time.Since(start)
	q.waited += d
	return d
}
