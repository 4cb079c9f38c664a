package bench_test

import (
	"strings"
	"testing"

	"github.com/corefit/corefit/bench"
)

// TestAgreement checks that corefit agrees with every pair: each bad
// program reported by its analyzer with the expected message, and by no
// other, each good program quiet. It builds corefit once and runs it once
// per set of flags over all the pairs' packages. The pairs of an analyzer
// not registered in analyzers/all yet are skipped (their good programs must
// still be quiet).
func TestAgreement(t *testing.T) {
	if testing.Short() {
		t.Skip("builds corefit and runs it on every pair")
	}
	t.Parallel()
	root := moduleRoot(t)
	corefit, err := bench.BuildCorefit(t.Context(), root, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	agreement, err := bench.CheckAgreement(t.Context(), corefit, root, bench.All())
	if err != nil {
		t.Fatal(err)
	}
	if len(agreement) != len(bench.All()) {
		t.Fatalf("%d verdicts for %d pairs", len(agreement), len(bench.All()))
	}
	for _, a := range agreement {
		t.Run(a.Pair, func(t *testing.T) {
			if !a.OK {
				t.Errorf("corefit %s disagrees with the pair:\n%s", strings.Join(a.Flags, " "), strings.Join(a.Problems, "\n"))
			}
			if a.Skipped != "" {
				t.Skip(a.Skipped)
			}
			if len(a.Bad) > 0 {
				t.Logf("bad: %s", a.Bad[0])
			}
		})
	}
}

func moduleRoot(t testing.TB) string {
	t.Helper()
	root, err := bench.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	return root
}
