// Package sharedstate defines an Analyzer that reports memory shared between
// goroutines with no synchronization.
//
// # Analyzer sharedstate
//
// sharedstate: report variables and fields goroutines share with no synchronization
//
// Two goroutines that access the same variable, field or map at the same
// time, one of them writing, with no lock, channel operation or wait
// ordering the accesses, race: counters lose updates, appends lose elements,
// a map written during a read crashes the program, and a captured err set by
// one goroutine overwrites another's.
//
//	count := 0
//	for _, item := range items {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			count++ // sharedstate: incremented by goroutines started in a loop
//		}()
//	}
//	wg.Wait()
//
// The fix is one of: guard the variable with a sync.Mutex held at every
// access; use an atomic type (atomic.Int64) for every access; have each
// goroutine write its own element of a slice made beforehand; send the
// values over a channel; use errgroup for errors.
//
// sharedstate reports a pair of accesses only when it can show that they run
// at the same time:
//
//   - a goroutine and the function that starts it, between the launch and
//     the next join of that function or a Lock: a wait that may wait for the
//     goroutine (WaitGroup.Wait, errgroup.Wait, a receive from a channel
//     the goroutine sends on or closes, a send on a channel it receives
//     from, a call given a channel or synchroniser, a call that does any
//     of these or of an unknown function value). A receive from another
//     channel or a timer, or a call that waits on its own things (an HTTP
//     request), is no join; in a select, only the branches of the cases that
//     receive from the goroutine's channels are joined (the timeout's and
//     the context's are not). A send or close the goroutine defers
//     (defer close(done)) runs after all of its accesses and counts as
//     its own. The goroutine's accesses count until its first wait, but a
//     send on a buffered channel is no wait for it. A time.AfterFunc whose
//     timer is stopped right after it is made (t = time.AfterFunc(d, f);
//     t.Stop()) starts nothing until a Reset of that timer: the starter's
//     accesses count from the Reset on;
//   - two instances of a function started in a loop (go, errgroup.Group.Go
//     without SetLimit, WaitGroup.Go, parallel subtests), on memory made
//     outside the loop;
//   - two goroutines started one after the other with no wait between the
//     launches, and parallel subtests of one test;
//   - two requests served by one HTTP handler function (given to
//     http.HandleFunc or a ServeMux), on the variables it captures and
//     package variables;
//   - a type with a goroutine of its own: a goroutine that a constructor
//     (NewC) or a method (Start, Run) starts on the object and does not
//     join before returning (`go c.loop()`, `go func() { c.run() }()`,
//     a launcher's) runs for the object's life, at the same time as the
//     type's exported methods, which its users call from their own
//     goroutines; a field of the object (c.count, c.m[k], c.cfg.n) that
//     the goroutine and an exported method access is reported.
//
// For example, a type with a goroutine of its own:
//
//	func NewC() *C {
//		c := &C{tick: make(chan struct{})}
//		go c.loop()
//		return c
//	}
//
//	func (c *C) loop() {
//		for range c.tick {
//			c.count++ // sharedstate: read by the exported method Count
//		}
//	}
//
//	func (c *C) Count() int { return c.count }
//
// Quiet for such a type, besides a common lock and atomic access on both
// sides: the method's accesses after a wait (it asked the goroutine and
// received the reply, or waited for it to stop: Close, Stop, Done) or
// before it hands over to the goroutine (a write, then a send); the
// goroutine's set-up, before its first wait; methods the goroutine calls
// itself, methods that lead to the start, unexported methods, and methods
// whose name says set-up or locking (as below) or whose doc comment speaks
// of locking or call order, or that write two or more of the object's
// fields with no lock at all (set-up: a framework's Provision); fields
// written only before the start, or only
// read; fields of sync and atomic types and channels; two accesses in one
// function (a helper called from both); an access where a lock may be held
// on some paths (if doLock { s.RLock() }), locks of any type with Lock and
// Unlock methods counted; and the goroutine's writes read by a method when
// the goroutine closes a channel of the object that an exported method
// waits on (AwaitStartup): callers wait for it before they read; and the
// goroutine's accesses to an object its starter took out of a field
// before the launch (res := c.res; c.res = nil, the last store to c.res on
// every path to the go statement): the methods that reach c.res later
// find another object, or none.
//
// Launches are go statements, errgroup.Group.Go and TryGo, sync.WaitGroup.Go,
// conc's WaitGroup.Go, time.AfterFunc, testing.T.Run with t.Parallel, and the
// submit calls of the pool libraries corefit knows (whose tasks are paired
// with the submitter only, as a pool may run them one at a time). The memory
// is what both sides reach: a closure's free variables, the pointers and
// receivers passed to the goroutine, package variables, and fields reached
// from those. Accesses in called functions count: in the package directly,
// in other packages through facts (a method that writes its receiver's
// field, called from goroutines, is reported at the write).
//
// Quiet: accesses under a common lock (sync.Mutex, the write lock of a
// sync.RWMutex, lock helpers that return with the lock held, deferred
// unlocks, and the lock a function's callers hold: every call in the
// package holds it, or the doc comment says so, "must be called with c.mu
// held", "+checklocks:mu", fooLocked; an interface with Lock and Unlock
// methods is a lock; a lock the starter holds at a go statement and the
// goroutine unlocks without taking it, handed over: the goroutine holds it
// until its Unlock, the starter no longer does); both atomic; an access in the goroutine after it
// waits (a receive, Once.Do, ...); the function's accesses before the
// launch or after a join, or after a call of the program's launcher that
// itself waits (a CallWithContext that returns when its function does); a
// write made only when the memory is nil (if t.wg == nil { t.wg = ... })
// against a goroutine that reads it; distinct elements (out[i] = v); per-iteration loop variables (Go
// 1.22 and later, by each file's version); memory only read once shared;
// objects the goroutine makes itself. A write under RLock is not guarded: it
// is reported when the other access holds the same read lock. Mixing atomic
// and plain access to one variable is reported.
//
// A field or package variable that sync/atomic functions update
// (atomic.AddInt64(&s.n, 1)) is reported where it is read or written
// plainly, goroutines in sight or not: the atomic says others run. Not
// reported there: set-up functions (by name, as below), objects the
// function made, accesses under a lock (the object may be kept another
// way: one struct type, atomic in one owner and locked in another), test
// files, and the synchronisers' own packages, nor accesses of the same
// field of a struct held by value in another place: the field of a
// Stats' embedded BigStats is not that of a Cache's bigStats field. Where
// the struct is reached through a pointer (a *BigStats parameter), it may
// be in any place. Nor an access outside the run of the goroutines that
// make every atomic update, in the function that starts them: before their
// launch, or after the wait that joins them (workers count with
// atomic.AddInt64, the total is printed after wg.Wait()). The functions
// that update it must run only on those goroutines: called from them
// alone, none exported or used as a value.
//
// A field that is accessed with a sibling mutex field held at most sites (at
// least three lines, and at most half as many without it) is reported where
// it is accessed without the mutex, as gVisor's checklocks and GCatch do,
// unless the field is declared above a mutex whose comment says it guards
// the fields below it. Accesses in test files count neither way for the
// package's own types (a test reads internal state once the work is done);
// with -tests, a type a test file declares (a fake, a recorder) counts like
// the package's.
// Only the accesses where the function takes the mutex itself count as its
// evidence. Not reported: accesses on an object the function made, in
// functions whose callers in the package all hold the lock (three calls
// deep, or passing an object they made) or whose name or doc comment says
// so (fooLocked, newFoo, init, reset, close, stop), in exported functions
// that are not methods, have no caller in the package and are given the
// object as an argument (their callers, in other packages, may still be
// setting it up: a cluster validated at boot), unless the function
// released the lock its callers hold before the access, in closures, under
// another lock, in functions that touch two or more of the struct's fields
// with no lock at all (setup code, a single owner), reads of a field
// written under the lock by one function only (a lazy init behind a locked
// check) or made in that writer itself, and reads after a receive from a
// channel of the same object that the package only closes, never sends
// on, when every write of the field comes before a close of that channel,
// in the writer or in a function it then calls (the close publishes the
// writes: `case <-s.shutdownCh: return s.shutdownErr`).
//
// The message names the memory and its kind (counter, map, slice header,
// captured error, field, variable, package variable), says what goes wrong
// and what would guard it; related positions point at the other access and
// at the launch.
//
// Suggested fixes, offered only where they are correct by construction
// (the fixed code compiles and leaves no plain access of the memory to
// race), one per diagnostic:
//
//   - "make n an atomic.Int64": a local counter (int, int32, int64, uint,
//     uint32, uint64, uintptr) declared alone with no value or zero, whose
//     every use is n++, n--, n += k, n -= k or a read, takes the sync/atomic
//     type (atomic.Int64 for an int, read as int(n.Load()));
//   - "update and read n with atomic.AddInt64 and atomic.LoadInt64": the same
//     uses of an unexported package variable or a local of type int32, int64,
//     uint32 or uint64, or of an unexported int32 or uint32 field, are
//     rewritten into sync/atomic's functions (a field's key in a composite
//     literal stays);
//   - "hold mu around the append": s = append(s, v) run by goroutines with
//     no lock on either side gets mu.Lock() and mu.Unlock() around it, where
//     one sync.Mutex or RWMutex is declared beside s (in its scope, or a
//     field of its struct, reached through a pointer) and locks something
//     elsewhere in the package.
//
// sync/atomic is imported where missing. No fix is offered where a use of
// the counter assigns it or takes its address, for exported variables and
// fields, named types, 64-bit fields (sync/atomic's functions need an
// alignment a field does not have on 32-bit platforms), unsigned
// decrements, where the name atomic means something else, when the
// append races with a read rather than another append, nor for a captured
// err (returning it from an errgroup closure moves it into Wait's result,
// which the code reading the variable does not look at). Silencing with
// //lint:ignore is no suggested fix, as go vet -fix applies a diagnostic's
// first fix: corefit lsp offers it as a code action of its own.
//
// Flags:
//
//	-tests   also report in _test.go files
//
// Measured cost (corefit's bench harness, bench/results/sharedstate-2core.md:
// 2 cores, Intel Xeon, go1.26.8, Linux; 5 runs each at GOMAXPROCS 1, 2 and 4,
// 8 workers over 1,000,000 items): appending to a captured slice lost a
// median of 304,000 records at GOMAXPROCS=2 (272,000 at 4; at 1, two runs
// of five lost up to 255,000); an unguarded map ended every run with "fatal
// error: concurrent map writes", at every GOMAXPROCS; a captured err lost
// the failing task's error in every run; a shared counter lost updates in
// one or two runs of five at GOMAXPROCS 2 and 4 (up to 5,917) and none at 1,
// where n++ is one instruction. The race detector reported every flagged
// program in every run, and none of the fixes. Reproduce, from a checkout
// of corefit:
//
//	go run ./cmd/corefit-bench -pairs '^sharedstate/' -procs 1,2,4
//
// Memory includes elements: a[1] and a[1] overlap, a[0] and a[1] do not,
// and a range over a slice, copy into or out of it, a conversion to string
// and a copy of a whole array or struct touch every element and field;
// two elements at indices not known (out[i] written by each goroutine) are
// taken as distinct. Closing a channel writes it and sending on it reads
// it: a close that may run with a send is reported (a send on a closed
// channel panics). The spawner's code that never runs (a branch on a
// constant, a loop whose test fails on entry) is not paired, and the
// goroutine that acts on the count an atomic add returned (the last one
// out) acts after the others.
//
// Limitations, chosen to stay quiet when unsure: a receive from a channel
// a call returns (ctx.Done()) counts as a join, but in a select with a
// case on the goroutine's own channel, and so does a send on a
// buffered channel the goroutine receives from (a semaphore); in the
// goroutine, every wait but a buffered send counts as ordering what
// follows, whatever it waits for; a goroutine's accesses count only through the functions it calls
// statically (not through interfaces or function values it is given), but
// the goroutine itself may be started by a launcher of the program (a
// function that starts its function-typed argument, s.startGoRoutine(f), in
// this package or another) or by `go until(c.worker, ...)` where until calls
// its argument; facts
// carry the accesses a function makes through its parameters, not through
// package variables of its own package; a function started in a loop of its
// caller, rather than in a loop of its own, counts as one goroutine; a
// handler given as an http.Handler value (its ServeHTTP method) and the
// handlers of other frameworks are not paired with themselves; the tasks of
// a pool library are not paired with each other; two accesses that both
// hold locks, none in common, are taken as guarded (the same mutex may be
// reached by two paths); a goroutine's access after any wait of its own is
// taken as ordered, except that between two runs of one goroutine a
// worker's receive from a channel it never sends on and a call of another
// package's function that waits on its own things (an HTTP request) do not
// count; parallel subtests are paired on the test's own accesses, not on
// those of the package code they call; handlers registered in test files
// are not paired (a test makes its requests one at a time); the go statement
// must run again with no wait in between for a loop's goroutines to count
// as many; a goroutine of a type's own is paired with the exported methods
// of the type only, not with other code that reaches the object, and only
// when started by a go statement (or a launcher of the program) in a
// function that may return after it with no receive, blocking select or
// Wait call; only the launched function's own deferred sends and closes
// count, not those of the functions it calls; a close that follows a
// write on some path only, or that the closing function may skip (Close
// returns early once shut down), is taken as publishing the write, and a
// send on a copy of the channel handed out of the package is not seen.
// WaitGroup.Add misplaced inside the goroutine and copies of
// mutexes (vet's copylocks) are not this analyzer's business.
package sharedstate
