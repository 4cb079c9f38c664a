package bench

import "fmt"

// The metrics of the iostall pairs: the latency of the cheap requests, from
// the time each was due to its reply, in milliseconds. Each program prints
// both quantiles; a pair is judged by one, so every iostall kind has two
// pairs, the same programs with the same arguments: <kind> by the p99 and
// <kind>-p50 by the median.
var (
	LatencyP99 = Metric{Key: "p99_ms", Name: "latency", Unit: "p99 ms", HigherIsBetter: false}
	LatencyP50 = Metric{Key: "p50_ms", Name: "latency", Unit: "p50 ms", HigherIsBetter: false}
)

// iostallPairs are iostall's pairs, one per kind of I/O-oriented context:
// a serial event loop and an HTTP handler, each under the same load of heavy
// requests (a PBKDF2-HMAC-SHA256 key derivation of 131,072 iterations,
// -work=16384, about 20 ms of one core) from 4 clients per GOMAXPROCS, and
// cheap requests every 2 ms whose latency is the metric.
//
// The heavy requests are sized above the Go scheduler's time slice (10 ms):
// below it a handler's derivation runs to its end once started, and
// bounding the handlers changes little (see README.md). A full run of a bad
// program takes 2 to 3 seconds on a 2-core machine, a quick one under 1.
func iostallPairs() []Pair {
	kind := func(kind, expect, shows string, full, quick int) []Pair {
		p := Pair{
			Analyzer:  "iostall",
			Kind:      kind,
			Expect:    expect,
			Args:      []string{fmt.Sprintf("-items=%d", full)},
			QuickArgs: []string{fmt.Sprintf("-items=%d", quick)},
			Metric:    LatencyP99,
			Shows:     shows + "; the metric is the p99 latency of the cheap requests",
		}
		p50 := p
		p50.Setting = "p50"
		p50.Metric = LatencyP50
		p50.Shows = shows + "; the metric is the median latency of the cheap requests"
		return []Pair{p, p50}
	}
	var out []Pair
	out = append(out, kind("selectloop", "runs inline in a select loop",
		"an event loop, `for { select }` over a 1 ms heartbeat ticker and a request channel, derives a key (PBKDF2, about 20 ms) for each heavy request inline (bad) or in a goroutine that sends it back as an event (good); 4 clients per GOMAXPROCS send heavy requests, a probe a cheap one every 2 ms",
		100, 30)...)
	out = append(out, kind("handler", "runs in an HTTP handler",
		"a loopback HTTP server's /heavy handler derives a key (PBKDF2, about 20 ms) per request with no bound (bad) or holding a semaphore of GOMAXPROCS slots (good); 4 clients per GOMAXPROCS send heavy requests, a probe GETs /ping every 2 ms",
		100, 30)...)
	out = append(out, kind("quadratic", "work in the size of r",
		"a loopback HTTP server's /heavy handler decodes a JSON array of about 4,000 numbers and compares every number with every other, plain arithmetic with no call (O(n²), about 20 ms), with no bound (bad) or holding a semaphore of GOMAXPROCS slots (good); 4 clients per GOMAXPROCS post heavy requests, a probe GETs /ping every 2 ms",
		100, 30)...)
	out = append(out, kind("sortpage", "sorting every entry of m.conns",
		"a loopback HTTP server keeps a table of 131,072 connections; its /heavy monitoring endpoint collects and sorts them all by bytes sent to return the 10 the request's offset asks for (bad, about 20 ms a request) or keeps only the best offset+limit in a bounded heap (good); 4 clients per GOMAXPROCS send heavy requests, a probe GETs /ping every 2 ms",
		100, 30)...)
	return out
}
