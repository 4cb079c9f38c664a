// Package iostall defines an Analyzer that reports CPU-heavy work running
// inline in I/O-oriented goroutines.
//
// # Analyzer iostall
//
// iostall: report CPU-heavy work inline in event loops, handlers and connection goroutines
//
// Since Go 1.14 goroutines are preempted, so a heavy computation does not
// freeze the process. What it costs depends on where it runs:
//
// In a serial context — a `for { select { ... } }` loop over channels,
// tickers and timers, or a loop that reads a connection message by message —
// heavy work inline delays every event behind it: heartbeats, cancellation,
// the next message.
//
//	for {
//		select {
//		case <-ticker.C:
//			sendHeartbeat()
//		case req := <-requests:
//			hash, _ := bcrypt.GenerateFromPassword(req.pw, 12) // iostall
//			req.reply <- hash
//		}
//	}
//
// The fix: run it in a goroutine that sends the result back as an event, or
// hand it to a pool of runtime.NumCPU() workers.
//
// In an unbounded parallel context — an HTTP handler, or the goroutine an
// Accept loop starts for each connection — heavy work runs once per request
// in flight with no limit: under load the requests oversubscribe the cores,
// cheap requests' tail latency grows with the backlog, and so does memory.
// The fix: bound the CPU part with a semaphore of runtime.NumCPU() slots held
// around it, or hand it to a CPU-sized pool.
//
// CPU-heavy means, as corefit's cpucost pass finds it: calls that are heavy
// on every call (bcrypt, scrypt, argon2, pbkdf2, RSA key generation and
// private-key operations, big.Int exponentiation, certificate
// verification), image decoding, encoding and scaling, loops of a million or
// more iterations, loops counted by a number parsed from the input, and
// linear-cost calls (hashing, encoding, compression, regexp compilation)
// inside such loops or inside two nested loops over data — followed through
// calls across packages. A single loop over a slice, a retry loop with a
// constant bound, and a loop that waits on I/O in every iteration are not
// heavy.
//
// Work that grows with what the context serves counts too, from a symbolic
// cost that cpucost gives each function (and carries across packages as a
// fact): for each nest of loops, what each trip count comes from (the
// request, a parameter, the state the program keeps; a size or a count;
// and how many elements deep, the d of O(n²·d)), with calls' costs
// substituted by their arguments. In a handler or a connection's goroutine,
// nested loops whose counts all come from the request are reported with
// their growth and its source ("O(n²) work in the size of r (from the
// request at h.go:12)"), plain arithmetic included: an all-pairs
// comparison of decoded vectors, an edit distance over two query strings,
// a helper of another package that is quadratic in its argument. In a
// serial context, linear work (a hash) repeated by a count that is not a
// constant (a key derivation's rounds kept in a field) is reported. A loop
// clamped by a constant (min(len(vs), 64)), one loop over the request, and
// the request against the state the server keeps (its routes) are not; the
// standard library's own loops are the catalog's business, not followed.
// Where a size may come from several sources (a value made from a whole
// and from one element of another, a map's keys and values, a helper's
// result made from the request and the server's configuration), the model
// takes the reading that claims the least growth: every value of every
// header is n·d, linear in the request, and the configured paths filled
// with the request's placeholders are the configuration's size.
// Sorting the whole state to return a page the request picks (a monitoring
// endpoint that collects every connection, sorts them and keeps
// offset..offset+limit) is reported: the sort is O(n log n) in the state
// on every request, whatever the page. A sort whose whole result is
// returned (the response costs as much) and a page not chosen by the
// request (a fixed top ten) are not. Quiet by design, where the work costs
// about what the response or the event does anyway, so that bounding the
// CPU part does not change what the clients wait for: a directory listing
// sorted and written whole, a template parsed and executed per request
// (cache it all the same), a payload marshalled or compressed once per
// message in a send loop (linear in what the loop writes). Not modelled:
// rendering the whole state per request, where whether the state is large
// is not known.
//
// Not reported: heavy work behind a CPU-sized semaphore acquired in the same
// function (a buffered channel of empty structs or a semaphore.Weighted of
// runtime.NumCPU() or GOMAXPROCS slots), heavy work handed to a goroutine or
// a pool, and code that no I/O-oriented context runs. A loop that receives
// jobs from one channel is a worker, not an event loop, with or without
// ctx.Done() and with any number of cases whose body leaves the loop
// (`case <-quit: return`, `case err := <-errc: return err`, a break out of
// the loop): such a case ends the loop once rather than bringing events that
// wait behind the heavy one, so only cases whose body can get back to the
// loop count as event sources.
//
// The diagnostic sits on the heavy call or loop in the context's code;
// related positions point at what makes the context (the select, the read,
// the handler's registration, the Accept) and at each call on the way.
//
// Measured cost (corefit's bench harness, bench/results/iostall-2core.md: 2
// cores, AMD EPYC, go1.26.8, Linux; 5 runs each, median, GOMAXPROCS=2):
// with a 20 ms key derivation per heavy request, an HTTP server whose handler
// derives inline answered its cheap /ping requests with a p99 latency of
// 228 ms against 68 ms when the derivation holds a semaphore of GOMAXPROCS
// slots (3.4×; p50 104 against 31 ms); a select loop that derives inline
// answered its cheap events with a median latency of 167 ms against 21 ms
// when the derivation runs in a goroutine that sends the key back (8.1×; the
// p99, 180 against 140 ms, was within the noise of a shared 2-core machine).
// At GOMAXPROCS=2 (bench/results/iostall-growth-2core.md), a handler
// comparing every number of a decoded JSON array of about 4,000 with every
// other (plain arithmetic, about 20 ms) answered its pings with a p99 of
// 150 ms against 78 ms under a GOMAXPROCS semaphore (1.9×; p50 70 against
// 33 ms); a monitoring endpoint sorting a table of 131,072 connections to
// return a page of 10 answered them with a p99 of 190 ms against 39 ms when
// it keeps the best offset+limit in a bounded heap instead (4.8×; p50 70
// against 7 ms).
// Reproduce, from a checkout of corefit:
//
//	go run ./cmd/corefit-bench -pairs '^iostall/' -procs 1,2
//
// Flags:
//
//	-tests          also report in _test.go files
//	-handlers list  more handler registrations: NAME=handler:arg=N (argument N,
//	                not counting the receiver, is a handler function or a
//	                variadic list of them) or NAME=methods:arg=N (argument N is a
//	                service whose methods of the parameter's interface serve
//	                requests), e.g.
//	                -iostall.handlers=(*example.com/rt.Router).Route=handler:arg=1
//	-cpuheavy list  more CPU-heavy functions: NAME=heavy (on every call),
//	                NAME=linear[:input=N], NAME=nlogn[:input=N] (in the size of
//	                argument N) or NAME=compile, e.g.
//	                -iostall.cpuheavy=example.com/img.Resize=linear:input=0
//
// NAME is a fully qualified name as types.Func.FullName writes it, as for
// poolblock's -blocking.
//
// Known without a flag: the route registrations of gin (v1.12), echo (v4.16)
// and fiber (v2.52), and gRPC services, whose methods, given to a generated
// RegisterXxxServer(grpc.ServiceRegistrar, XxxServer) function, run once per
// RPC in flight.
//
// The heavy work is followed through calls across packages, through
// interface methods (to the concrete type when the value's origin is in
// sight, else to the implementations in the interface's repository, at most
// 8, unexported ones of other packages included),
// through function values kept in struct fields and package variables, and
// into the function arguments of helpers that call them (retry(3, func()
// error { ... })); the diagnostic names the function chosen and why
// ("BcryptHash.Compare (through the interface Comparer)"). A ServeHTTP
// method that takes the request first is a handler whatever else it takes
// (caddy's middleware ServeHTTP(w, r, next) error).
//
// Limitations: handlers are found through net/http's registration
// functions, ServeHTTP methods, the frameworks above, generated gRPC
// Register functions, the registrations given with -handlers, and exported
// functions and methods with the http.HandlerFunc signature that the
// package does not register (another package or an unknown router serves
// requests with them; an unexported one is not taken as a handler); a handler
// made by a function that returns a closure (wrap(api.query)) is not. As for
// poolblock, interfaces of the standard library are followed only to a
// concrete value in sight, and implementations outside the interface's
// repository, function values kept in maps or slices, and a
// function-typed parameter inside its own function are not followed.
package iostall
