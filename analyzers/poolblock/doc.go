// Package poolblock defines an Analyzer that reports blocking I/O inside
// worker pools sized to the number of CPUs.
//
// # Analyzer poolblock
//
// poolblock: report blocking I/O in the workers of a pool sized to the CPUs
//
// A pool of runtime.NumCPU() or runtime.GOMAXPROCS(0) workers is sized for
// work that keeps a core busy. When its workers wait on the network, the
// disk, a database, a child process or a timer, the goroutine parks and its
// core has nothing to run: with NumCPU workers all waiting, the machine idles
// while the queue grows. The pool's throughput is capped at
// workers/latency, whatever the number of cores.
//
//	workers := runtime.NumCPU()
//	for i := 0; i < workers; i++ {
//		go func() {
//			for url := range urls {
//				resp, err := http.Get(url) // poolblock: waits on the network
//				...
//				results <- parse(body)
//			}
//		}()
//	}
//
// The fix is one of:
//
//   - size the pool for the I/O: the number of requests the remote side
//     can take at once, not the number of cores;
//   - split the pipeline: an I/O stage with enough goroutines to cover
//     the latency feeds a CPU stage of NumCPU workers over a channel.
//
// Pools are found as worker loops (`for i := 0; i < n; i++ { go ... }`),
// channel semaphores, semaphore.Weighted, errgroup.Group.SetLimit, and the
// pool libraries ants, pond, conc, workerpool, tunny and minio's workers; a
// function that takes the pool size (and the work) as parameters makes each
// of its call sites a pool. The workers may be started by a launcher rather
// than a go statement: sync.WaitGroup.Go, errgroup.Group.Go, or a function
// of the program that starts its function-typed argument on a new goroutine
// (nats-server's s.startGoRoutine(f)), in this package or another; and `go
// until(c.worker, ...)` starts c.worker when until calls its argument. The
// size is followed through struct fields set in the package
// (`f.copiers = min(cfg.Copiers, 2*runtime.NumCPU())`, then
// `for range f.copiers { wg.Go(f.copierRoutine) }`). A pool is sized to the CPUs when its bound is at most
// -cpufactor (default 2) times runtime.NumCPU() or runtime.GOMAXPROCS(0):
// 4×NumCPU and more is taken as a deliberate sizing for I/O.
//
// What blocks is decided by corefit's catalog of APIs (net, net/http,
// crypto/tls, database/sql, os, os/exec, time, and the common clients:
// go-redis, pgx, mongo, grpc, aws-sdk-go-v2, ...), followed through calls
// across packages, through interface methods (to the concrete type when the
// value's origin is in sight, else to the implementations in the
// interface's repository, at most 8, unexported ones of other packages
// included), through function values kept in struct fields and package
// variables, and into the function arguments of helpers that call them. A
// call through an interface blocks when one of its implementations does;
// the diagnostic names the implementation and why the call reaches it
// ("(*store.diskStore).Put (through the interface Store)"). Reads and
// writes through io.Reader and io.Writer count when the value comes from a
// file, a connection, an HTTP response body or a child process's pipe, and
// not when it is an in-memory buffer or unknown. Waits on mutexes, channels,
// WaitGroups and contexts are the pool's own plumbing and are not reported;
// neither is logging (a syslog.Writer reached through a program's Logger
// interface included). Nor is a short pause
// taken once every so many iterations of a CPU-bound loop, for lock
// fairness or to yield: a time.Sleep of a constant of at most 1 ms, run
// only when counter%K or counter&M (K = 2^bits of M) of the loop's counter
// equals a constant, with K at least 256. Measured
// (bench/results/pause-2core.md), a 50 µs pause every 256 items of 0.25 ms
// showed no cost at GOMAXPROCS=1, while a 100 ms one every 256 items cost
// 3.0× and is reported; over items of a few microseconds the same short
// pause cost 2.3×, so the rule assumes iterations that do real work.
//
// The diagnostic sits on the call in the work function that leads to the
// blocking operation; related positions point at the pool's size and at each
// call on the way. One diagnostic is given per work function and kind of
// wait; further waits of the same kind are listed as related positions.
//
// By default the waits reported are the network (network), waiting for
// data from a peer (wait), fsync and sleeps (sleep). Left out unless asked
// for: reads and writes of local files (disk) and file-system metadata
// (meta), because served from the page cache they cost a CPU pool little
// and a CPU stage that reads its input files is the usual, sound design of
// build tools and indexers; and child processes (process), because a worker
// that waits for a child leaves its core to the child, and for children
// that compute (compilers, test binaries, encoders) NumCPU at once is the
// right size, as in make -j$(nproc). Add them for code whose files live on
// slow storage or whose children wait on I/O themselves. Test files are skipped unless -tests is set: tests
// and benchmarks often size stress pools to the CPUs on purpose.
//
// Measured cost (corefit's bench harness, bench/results/results-2core.md: 2
// cores, AMD EPYC, go1.26.8, Linux; 5 runs each, median): a pool of
// GOMAXPROCS=2 workers against the split fix doing the same work processed
// 10× fewer items per second when its workers waited 2 ms on a loopback
// HTTP server (730 against 7,300 items/s), 13× fewer waiting for a TCP
// peer's reply, 7.6× fewer sleeping 2 ms, 1.3× fewer writing and fsyncing a
// file per item, and 1.1× fewer running a child process per item; its cores
// were 0.2 busy against 1.9 in the network pair. Reading files from the page
// cache and os.Stat showed no cost (the kinds left out by default). Reproduce,
// from a checkout of corefit:
//
//	go run ./cmd/corefit-bench -pairs '^poolblock/' -procs 1,2
//
// Flags:
//
//	-cpufactor float   largest multiple of the CPU count that is still CPU-sized (default 2)
//	-kinds string      kinds of wait to report, from network,wait,disk,fsync,meta,process,sleep,
//	                   or all (default network,wait,fsync,sleep)
//	-tests             also report in _test.go files
//	-blocking list     more blocking functions: NAME=KIND,... with KIND one of the
//	                   kinds above or none (known not to block), e.g.
//	                   (*example.com/db.Client).Query=network,example.com/q.Pop=wait
//	-pools list        more pool APIs: NAME=ROLE[:size=N][:work=M],... with ROLE
//	                   new (creates a pool of argument N workers), unbounded, limit,
//	                   submit (hands function M to the pool it is called on), run,
//	                   sem or acquire, e.g.
//	                   example.com/wp.New=new:size=0,(*example.com/wp.Pool).Go=submit:work=0
//
// NAME is the fully qualified name of a function or method as
// types.Func.FullName writes it, (*pkg/path.Type).Method for a pointer
// receiver; a generic type's parameters may be left out. A user entry takes
// precedence over corefit's own.
//
// Limitations: interfaces of the standard library are followed only to a
// concrete value in sight (an io.Reader parameter is not followed into the
// callee); implementations outside the interface's repository, and
// interfaces or function values with more than 8 candidates, are not
// followed; nor are
// function values kept in maps or slices, or a function-typed
// parameter inside its own function (the call site that passes it is
// followed instead). A pool whose size is read from configuration at run
// time is judged by its default.
package poolblock
