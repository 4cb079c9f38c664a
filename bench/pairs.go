package bench

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/corefit/corefit/analyzers/poolblock"
	"github.com/corefit/corefit/passes/catalog"
)

// A Pair is two programs under pairs/<Analyzer>/<Kind>: bad, the pattern
// the analyzer reports, and good, its fix, doing the same work. Each prints
// one JSON line of metrics (see pairs/internal/pair) and exits.
//
// Two pairs may share the programs and differ in the arguments they pass:
// poolblock/disk and poolblock/disk-cold read the same files, from the page
// cache and from the device.
type Pair struct {
	Analyzer string // the analyzer that must report bad: "poolblock"
	Kind     string // the diagnostic kind, and the directory under pairs/<Analyzer>/
	Setting  string // "" or a name for a second setting of the same programs: "cold"

	// Expect is a part of the message the analyzer must report on bad:
	// "waits for fsync". Good must get no diagnostic at all, from any
	// analyzer, and bad none from another analyzer.
	Expect string
	// Flags are the corefit flags under which bad is reported and good
	// quiet: "-poolblock.kinds=all" for the kinds off by default.
	Flags []string

	Args      []string // the programs' arguments in a full run
	QuickArgs []string // in a -quick run, which must stay short
	Metric    Metric

	// Race says to build the programs with -race too and run that build
	// after each run, with the arguments and RaceArgs last, counting the
	// data races it reports (sharedstate).
	Race     bool
	RaceArgs []string

	// Shows is a sentence for people: what the pair runs and what it shows.
	Shows string

	// Quiet says that bad is a pattern the analyzer deliberately leaves
	// alone, and the pair measures that choice: bad must be quiet like
	// good, Expect is empty, and a cost shown is a finding against the
	// rule (poolblock/pause, a short sleep every 256 items).
	Quiet bool
}

// Name is the pair's name in reports: "poolblock/network",
// "poolblock/disk-cold".
func (p Pair) Name() string {
	n := p.Analyzer + "/" + p.Kind
	if p.Setting != "" {
		n += "-" + p.Setting
	}
	return n
}

// Dir is the directory of the pair's programs, relative to the module root,
// slash-separated: "bench/pairs/poolblock/network".
func (p Pair) Dir() string { return path.Join("bench/pairs", p.Analyzer, p.Kind) }

// Variant is one of the two programs of a pair.
type Variant string

// The two programs of every pair.
const (
	Bad  Variant = "bad"
	Good Variant = "good"
)

// Variants are the two programs, in the order they are reported.
var Variants = []Variant{Bad, Good}

// Package is the directory of the pair's variant v, relative to the module
// root, in the form the go command takes: "./bench/pairs/poolblock/network/bad".
func (p Pair) Package(v Variant) string { return "./" + p.Dir() + "/" + string(v) }

// Metric is the figure a pair is judged by, read from its programs' JSON
// lines.
type Metric struct {
	Key            string `json:"key"`  // the field of the JSON line: "items_per_sec"
	Name           string `json:"name"` // "throughput"
	Unit           string `json:"unit"` // "items/s"
	HigherIsBetter bool   `json:"higher_is_better"`
	// Of, for a count of what went wrong (sharedstate's lost updates), is
	// the field of the JSON line that says out of how many: "expected".
	// Such a metric is a loss: good must show none, no crash and no race
	// report, or the run fails; bad may crash, and the crash is recorded.
	// Its cost is "lost N of M", "crashed K of R runs", "R race reports".
	Of string `json:"of,omitempty"`
}

// Loss reports whether the metric counts what went wrong, out of Of.
func (m Metric) Loss() bool { return m.Of != "" }

// Throughput is poolblock's metric: items processed per second, from the
// start of the work to its end (setup excluded).
var Throughput = Metric{Key: "items_per_sec", Name: "throughput", Unit: "items/s", HigherIsBetter: true}

// All returns every pair, in report order. Later analyzers add theirs here
// the way poolblock does.
func All() []Pair {
	var all []Pair
	all = append(all, poolblockPairs()...)
	all = append(all, iostallPairs()...)
	all = append(all, sharedstatePairs()...)
	return all
}

// Select returns the pairs whose name matches the regular expression expr
// (all of them when expr is empty).
func Select(pairs []Pair, expr string) ([]Pair, error) {
	if expr == "" {
		return pairs, nil
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("-pairs: %v", err)
	}
	var out []Pair
	for _, p := range pairs {
		if re.MatchString(p.Name()) {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("-pairs %q matches no pair", expr)
	}
	return out, nil
}

// poolblockPairs are poolblock's pairs, one per kind of wait. The bad
// programs size their pool with runtime.GOMAXPROCS(0), which poolblock
// treats like runtime.NumCPU(), so that a run at GOMAXPROCS=p stands for a
// machine of p cores: the pool shrinks and grows with -procs.
//
// The items are sized so that a full run of a bad program takes 2 to 5
// seconds at GOMAXPROCS=1 on a 2-core machine; every item costs 256 KiB of
// SHA-256 (about 0.2 ms on a current core) on top of its I/O.
func poolblockPairs() []Pair {
	kind := func(short, setting, shows string, full, quick int, extra ...string) Pair {
		k, ok := catalog.KindByShort(short)
		if !ok {
			panic("bench: poolblock has no kind " + short)
		}
		p := Pair{
			Analyzer:  "poolblock",
			Kind:      short,
			Setting:   setting,
			Expect:    k.Phrase(),
			Args:      append([]string{fmt.Sprintf("-items=%d", full)}, extra...),
			QuickArgs: append([]string{fmt.Sprintf("-items=%d", quick)}, extra...),
			Metric:    Throughput,
			Shows:     shows,
		}
		// The kinds poolblock leaves out by default are checked with
		// all kinds on: bad must then be reported, good stay quiet.
		if !slices.Contains(strings.Split(poolblock.DefaultKinds, ","), short) {
			p.Flags = []string{"-poolblock.kinds=all"}
		}
		return p
	}
	return []Pair{
		kind("network", "",
			"HTTP GETs to a loopback server that answers after 2 ms, then hashing: GOMAXPROCS workers (bad) against 128 fetchers feeding GOMAXPROCS hashers (good)",
			2000, 300),
		kind("wait", "",
			"request/reply over TCP to a loopback server that answers after 2 ms, the worker waiting for the reply: GOMAXPROCS connections (bad) against 128 (good)",
			2000, 300),
		kind("fsync", "",
			"hash, then write and fsync a 4 KiB file per item in the temporary directory: GOMAXPROCS workers (bad) against GOMAXPROCS hashers feeding 32 writers (good)",
			3000, 500),
		kind("process", "",
			"run a child process per item (the program re-executed, printing the item) and hash its output: GOMAXPROCS workers (bad) against 32 runners feeding GOMAXPROCS hashers (good)",
			120, 30),
		kind("sleep", "",
			"sleep 2 ms, then hash: GOMAXPROCS workers (bad) against 128 (good); the sleep stands for a wait set elsewhere",
			2000, 300),
		kind("disk", "",
			"read a 64 KiB file per item, from the page cache, then hash: GOMAXPROCS workers (bad) against 32 readers feeding GOMAXPROCS hashers (good)",
			2000, 600),
		kind("disk", "cold",
			"the disk pair with the files evicted from the page cache first (fadvise DONTNEED), so every read goes to the device",
			2000, 600, "-cold"),
		kind("meta", "",
			"os.Stat of a file per item, then hash: GOMAXPROCS workers (bad) against 32 (good)",
			2000, 600),
		pause("", "a 50 µs sleep once every 256 items of a CPU-bound loop, which poolblock leaves alone (bad), against the same GOMAXPROCS pool without it (good)",
			10000, 2000),
		pause("tiny", "the pause pair with -work=0: items of a few microseconds, 256 of them take about a millisecond, as long as the pause really lasts",
			200000, 50000, "-work=0"),
		{
			Analyzer:  "poolblock",
			Kind:      "pauselong",
			Expect:    catalog.Sleep.Phrase(),
			Args:      []string{"-items=4000"},
			QuickArgs: []string{"-items=1000"},
			Metric:    Throughput,
			Shows:     "a 100 ms sleep once every 256 items, the same items in both: GOMAXPROCS workers (bad) against 128 (good)",
		},
	}
}

// pause is a setting of the poolblock/pause pair, which measures a rule of
// poolblock's (a short sleep taken once every 256 or more iterations is not
// a wait): both programs must be quiet.
func pause(setting, shows string, full, quick int, extra ...string) Pair {
	return Pair{
		Analyzer:  "poolblock",
		Kind:      "pause",
		Setting:   setting,
		Quiet:     true,
		Args:      append([]string{fmt.Sprintf("-items=%d", full)}, extra...),
		QuickArgs: append([]string{fmt.Sprintf("-items=%d", quick)}, extra...),
		Metric:    Throughput,
		Shows:     shows,
	}
}
