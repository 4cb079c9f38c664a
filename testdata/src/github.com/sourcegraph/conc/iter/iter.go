// Package iter is a stub of github.com/sourcegraph/conc/iter v0.3.0 for
// corefit's tests: the exported API with the real signatures, no behaviour.
package iter

// Iterator can be used to configure the behaviour of ForEach and ForEachIdx.
// If MaxGoroutines is unset, it defaults to runtime.GOMAXPROCS(0).
type Iterator[T any] struct {
	MaxGoroutines int
}

// ForEach executes f in parallel over each element in input.
func ForEach[T any](input []T, f func(*T)) { Iterator[T]{}.ForEach(input, f) }

// ForEach executes f in parallel over each element in input.
func (iter Iterator[T]) ForEach(input []T, f func(*T)) {}

// ForEachIdx is the same as ForEach except it also provides the index.
func ForEachIdx[T any](input []T, f func(int, *T)) { Iterator[T]{}.ForEachIdx(input, f) }

// ForEachIdx is the same as ForEach except it also provides the index.
func (iter Iterator[T]) ForEachIdx(input []T, f func(int, *T)) {}

// Mapper is an Iterator with a result type R.
type Mapper[T, R any] Iterator[T]

// Map applies f to each element of input, returning the mapped result.
func Map[T, R any](input []T, f func(*T) R) []R { return Mapper[T, R]{}.Map(input, f) }

// Map applies f to each element of input, returning the mapped result.
func (m Mapper[T, R]) Map(input []T, f func(*T) R) []R { return make([]R, len(input)) }

// MapErr applies f to each element of the input, returning the mapped result
// and a combined error of all returned errors.
func MapErr[T, R any](input []T, f func(*T) (R, error)) ([]R, error) {
	return Mapper[T, R]{}.MapErr(input, f)
}

// MapErr applies f to each element of the input, returning the mapped result
// and a combined error of all returned errors.
func (m Mapper[T, R]) MapErr(input []T, f func(*T) (R, error)) ([]R, error) {
	return make([]R, len(input)), nil
}
