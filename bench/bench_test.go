package bench_test

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/corefit/corefit/bench"
)

// BenchmarkPoolblock runs poolblock's pairs, for benchstat:
//
//	go test ./bench -run '^$' -bench Poolblock -count 5 -cpu 1,2 | tee new.txt
//
// Each iteration runs the program once with the pair's -quick arguments at
// GOMAXPROCS of the benchmark (-cpu), and items/s is the program's own
// figure, from the start of its work to its end; ns/op is the whole
// process, startup and setup included.
func BenchmarkPoolblock(b *testing.B) { benchmarkPairs(b, "poolblock") }

// BenchmarkSharedstate runs sharedstate's pairs, for benchstat:
//
//	go test ./bench -run '^$' -bench Sharedstate -count 5 -cpu 1,2
//
// The metric is what the shared state lost per run (the -race builds are
// not run here), and crashes/op the share of runs that died of it.
func BenchmarkSharedstate(b *testing.B) { benchmarkPairs(b, "sharedstate") }

// benchmarkPairs runs the pairs of one analyzer as sub-benchmarks
// <kind>/bad and <kind>/good. Later analyzers get a Benchmark<Name> of
// their own that calls it.
func benchmarkPairs(b *testing.B, analyzer string) {
	var pairs []bench.Pair
	for _, p := range bench.All() {
		if p.Analyzer == analyzer {
			pairs = append(pairs, p)
		}
	}
	root := moduleRoot(b)
	progs, err := bench.BuildPrograms(b.Context(), root, b.TempDir(), pairs)
	if err != nil {
		b.Fatal(err)
	}
	tmp := b.TempDir()
	for _, p := range pairs {
		for _, v := range bench.Variants {
			name := strings.TrimPrefix(p.Name(), analyzer+"/") + "/" + string(v)
			b.Run(name, func(b *testing.B) {
				args := p.ProgramArgs(true, tmp, nil)
				var sum float64
				n, crashes := 0, 0
				for b.Loop() {
					run, err := bench.RunProgram(b.Context(), progs.Path(p, v), args, runtime.GOMAXPROCS(0), 5*time.Minute)
					var crash *bench.CrashError
					if errors.As(err, &crash) && v == bench.Bad && p.Metric.Loss() {
						crashes++
						continue
					}
					if err != nil {
						b.Fatal(err)
					}
					sum += run.Metrics[p.Metric.Key]
					n++
				}
				if n > 0 {
					b.ReportMetric(sum/float64(n), strings.ReplaceAll(p.Metric.Unit, " ", "-"))
				}
				if p.Metric.Loss() {
					b.ReportMetric(float64(crashes)/float64(n+crashes), "crashes/op")
				}
			})
		}
	}
}
