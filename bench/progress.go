package bench

import (
	"fmt"
	"io"
	"os"
	"time"
)

// Progress prints where a long run stands: on a terminal, one line
// rewritten in place before every program run; elsewhere (a log, CI), a line
// every few seconds at most.
type Progress struct {
	w     io.Writer
	tty   bool
	total int
	done  int
	start time.Time // when the first run began
	last  time.Time // when a line was last printed, off a terminal
	shown bool      // a line is on the terminal, to be rewritten
}

// NewProgress reports to w; it rewrites its line in place when w is a
// terminal.
func NewProgress(w io.Writer) *Progress {
	p := &Progress{w: w}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

// Start says that the run described by what begins.
func (p *Progress) Start(what string) {
	now := time.Now()
	if p.start.IsZero() {
		p.start = now
	}
	elapsed := now.Sub(p.start)
	line := fmt.Sprintf("[%*d/%d] %s  %s", len(fmt.Sprint(p.total)), p.done+1, p.total, what, round(elapsed))
	if p.done > 0 && p.total > p.done {
		left := time.Duration(float64(elapsed) / float64(p.done) * float64(p.total-p.done))
		line += fmt.Sprintf(", ~%s left", round(left))
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		p.shown = true
		return
	}
	if p.done == 0 || now.Sub(p.last) >= 10*time.Second {
		fmt.Fprintln(p.w, line)
		p.last = now
	}
}

// Done says that the run begun last is over.
func (p *Progress) Done() { p.done++ }

// Printf prints a line that stays, above the progress line.
func (p *Progress) Printf(format string, args ...any) {
	p.clear()
	fmt.Fprintf(p.w, format+"\n", args...)
}

// Finish clears the progress line.
func (p *Progress) Finish() { p.clear() }

func (p *Progress) clear() {
	if p.tty && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

func round(d time.Duration) time.Duration {
	if d < time.Minute {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}
