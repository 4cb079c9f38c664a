package bench

import (
	"encoding/json"
	"math"
	"slices"
)

// Summary is the spread of one metric over the repeats of a run.
type Summary struct {
	N      int       `json:"n"`
	Median float64   `json:"median"`
	Min    float64   `json:"min"`
	Max    float64   `json:"max"`
	Q1     float64   `json:"q1"` // first quartile
	Q3     float64   `json:"q3"` // third quartile
	Values []float64 `json:"values"`
}

// Summarize computes the median, extremes and quartiles of values, in the
// order measured (the order is kept in Values).
func Summarize(values []float64) Summary {
	s := Summary{N: len(values), Values: values}
	if len(values) == 0 {
		nan := math.NaN()
		s.Median, s.Min, s.Max, s.Q1, s.Q3 = nan, nan, nan, nan, nan
		return s
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	s.Min, s.Max = sorted[0], sorted[len(sorted)-1]
	s.Median = quantile(sorted, 0.5)
	s.Q1 = quantile(sorted, 0.25)
	s.Q3 = quantile(sorted, 0.75)
	return s
}

// quantile interpolates linearly between the closest ranks of sorted (the
// method R and NumPy use by default).
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 1 {
		return sorted[0]
	}
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	frac := pos - float64(lo)
	return sorted[lo] + (sorted[hi]-sorted[lo])*frac
}

// MannWhitney is the two-sided p-value of a Mann–Whitney U test of a
// against b, the test benchstat uses: the chance that two sets of repeats
// drawn from one distribution would be at least as far apart. Ties count
// half. The distribution of U is computed exactly, which is cheap for the
// handfuls of repeats a benchmark makes; with 5 repeats each, p is 0.008
// when the ranges do not overlap, 0.016 when one pair of values is out of
// order, 0.032 with two, and 0.056 with three.
func MannWhitney(a, b []float64) float64 {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return 1
	}
	u := 0.0
	for _, x := range a {
		for _, y := range b {
			switch {
			case x > y:
				u++
			case x == y:
				u += 0.5
			}
		}
	}
	u = math.Min(u, float64(n*m)-u)
	// count[k] is the number of orderings of n a's and m b's with U = k:
	// built up one sample at a time.
	counts := uCounts(n, m)
	total, below := 0.0, 0.0
	for k, c := range counts {
		total += c
		if float64(k) <= u {
			below += c
		}
	}
	return math.Min(1, 2*below/total)
}

// uCounts returns, for k in 0..n*m, how many orderings of n and m samples
// give U = k: f(n, m, k) = f(n-1, m, k-m) + f(n, m-1, k).
func uCounts(n, m int) []float64 {
	// f[i][j] is the distribution for i and j samples.
	f := make([][][]float64, n+1)
	for i := range f {
		f[i] = make([][]float64, m+1)
		for j := range f[i] {
			d := make([]float64, i*j+1)
			if i == 0 || j == 0 {
				d[0] = 1
			} else {
				for k := range d {
					if k-j >= 0 && k-j < len(f[i-1][j]) {
						d[k] += f[i-1][j][k-j]
					}
					if k < len(f[i][j-1]) {
						d[k] += f[i][j-1][k]
					}
				}
			}
			f[i][j] = d
		}
	}
	return f[n][m]
}

// MarshalJSON writes an empty summary's figures, which are NaN, as null:
// JSON has no NaN. They read back as 0, with N 0.
func (s Summary) MarshalJSON() ([]byte, error) {
	type plain Summary
	if s.N > 0 {
		return json.Marshal(plain(s))
	}
	return json.Marshal(struct {
		N      int       `json:"n"`
		Median *float64  `json:"median"`
		Min    *float64  `json:"min"`
		Max    *float64  `json:"max"`
		Q1     *float64  `json:"q1"`
		Q3     *float64  `json:"q3"`
		Values []float64 `json:"values"`
	}{Values: []float64{}})
}
