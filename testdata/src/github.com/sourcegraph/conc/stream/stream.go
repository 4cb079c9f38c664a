// Package stream is a stub of github.com/sourcegraph/conc/stream v0.3.0 for
// corefit's tests: the exported API with the real signatures, no behaviour.
package stream

import "github.com/sourcegraph/conc/pool"

// New creates a new Stream with default settings.
func New() *Stream { return &Stream{pool: *pool.New()} }

// Stream is used to execute a stream of tasks concurrently while maintaining
// the order of the results.
type Stream struct {
	pool pool.Pool
}

// Task is a task that is submitted to the stream.
type Task func() Callback

// Callback is a function that is returned by a Task.
type Callback func()

// Go schedules a task to be run in the stream's pool.
func (s *Stream) Go(f Task) {}

// Wait signals to the stream that all tasks have been submitted.
func (s *Stream) Wait() {}

// WithMaxGoroutines limits the number of goroutines of the stream's pool.
func (s *Stream) WithMaxGoroutines(n int) *Stream { return s }
