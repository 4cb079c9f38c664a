// Package errgroup is a stub of golang.org/x/sync/errgroup v0.24.0 for
// corefit's tests: the exported API with the real signatures, no behaviour.
package errgroup

import "context"

// A Group is a collection of goroutines working on subtasks that are part of
// the same overall task. A zero Group is valid and has no limit.
type Group struct {
	cancel func(error)
	sem    chan struct{}
	err    error
}

// WithContext returns a new Group and an associated Context derived from ctx.
func WithContext(ctx context.Context) (*Group, context.Context) {
	return &Group{}, ctx
}

// Wait blocks until all function calls from the Go method have returned.
func (g *Group) Wait() error { return g.err }

// Go calls the given function in a new goroutine.
func (g *Group) Go(f func() error) {}

// TryGo calls the given function in a new goroutine only if the number of
// active goroutines in the group is below the configured limit.
func (g *Group) TryGo(f func() error) bool { return false }

// SetLimit limits the number of active goroutines in this group to at most n.
func (g *Group) SetLimit(n int) {}
