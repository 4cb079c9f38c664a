package bench

import "fmt"

// lost is the metric of the sharedstate pairs: what the state shared
// between goroutines lost, out of what it should hold ("expected" in the
// programs' JSON lines). The unit names what was lost.
func lost(unit string) Metric {
	return Metric{Key: "lost", Name: "lost", Unit: unit, HigherIsBetter: false, Of: "expected"}
}

// SharedstateKinds are the kinds of shared state sharedstate's pairs
// cover, the directories under pairs/sharedstate.
var SharedstateKinds = []string{"counter", "map", "append", "capturederr"}

// sharedstatePairs are sharedstate's pairs, one per kind of shared state:
// 8 goroutines (a goroutine per task for the captured err) hash small items
// (64 bytes of payload, -work=0: a fraction of a microsecond each, so that
// the shared state is touched often) and record each in the shared state.
// The bad programs share it with no synchronization, the good ones
// synchronize or keep one per goroutine. Each run is followed by a run of
// the -race build with fewer items, whose data race reports are counted.
//
// A full run of a program takes about a second on a 2-core machine, a
// quick one a fraction; the race builds run 20,000 items, full or quick.
//
// Expect is the kind and the name sharedstate's message gives the shared
// memory: "counter processed", "map digests", "slice header records",
// "captured error err".
func sharedstatePairs() []Pair {
	kind := func(kind, expect, unit, shows string, full, quick int) Pair {
		return Pair{
			Analyzer:  "sharedstate",
			Kind:      kind,
			Expect:    expect,
			Args:      []string{fmt.Sprintf("-items=%d", full), "-work=0"},
			QuickArgs: []string{fmt.Sprintf("-items=%d", quick), "-work=0"},
			Metric:    lost(unit),
			Race:      true,
			RaceArgs:  []string{"-items=20000"},
			Shows:     shows,
		}
	}
	return []Pair{
		kind("counter", "counter processed", "updates lost",
			"8 workers hash 64-byte items and count them: processed++ on a shared int (bad) against an atomic.Int64 (good); lost is the items less the count",
			1_000_000, 200_000),
		kind("map", "map digests", "entries lost",
			"8 workers hash 64-byte items and index each digest by its name in a map: no lock (bad, which the runtime often ends with \"fatal error: concurrent map writes\") against a sync.Mutex around each write (good); lost is the items missing from the map",
			200_000, 100_000),
		kind("append", "slice header records", "records lost",
			"8 workers hash 64-byte items and collect a record per item: append to a captured slice (bad) against a slice per goroutine, merged after Wait (good); lost is the items missing from the slice",
			1_000_000, 200_000),
		kind("capturederr", "captured error err", "errors lost",
			"a goroutine per task of 100 items, one task failing: every goroutine assigns its result to a captured err (bad) against an error per task, joined after Wait as errgroup would (good); lost is 1 when the caller's error does not name the failing task",
			200_000, 50_000),
	}
}
