package bench

import (
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
