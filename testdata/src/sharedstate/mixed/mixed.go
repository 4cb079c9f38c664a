// Package mixed updates memory with sync/atomic and reads it plainly
// elsewhere, with no goroutine in sight: the atomic says others run.
package mixed

import "sync/atomic"

type stats struct {
	served int64
	failed int64
	name   string
}

func (s *stats) serve() { atomic.AddInt64(&s.served, 1) }

func (s *stats) fail() { atomic.AddInt64(&s.failed, 1) }

// Served reads the counter plainly.
func (s *stats) Served() int64 {
	return s.served // want `field served is read plainly but updated with sync/atomic elsewhere`
}

// Failed reads it atomically.
func (s *stats) Failed() int64 {
	return atomic.LoadInt64(&s.failed)
}

// Name reads a field no atomic touches.
func (s *stats) Name() string { return s.name }

// ResetServed writes it plainly: a set-up name, left alone.
func (s *stats) reset() { s.served = 0 }

// A constructor fills the object it made.
func newStats(name string) *stats {
	s := &stats{name: name}
	s.served = 0
	return s
}

// A function that makes its own object and writes it.
func fresh() int64 {
	s := new(stats)
	s.failed = 1
	return s.failed
}

var hits int64

func hit() { atomic.AddInt64(&hits, 1) }

// Hits reads the package variable plainly.
func Hits() int64 {
	return hits // want `package variable hits is read plainly but updated with sync/atomic elsewhere`
}

var misses int64

func miss() { atomic.AddInt64(&misses, 1) }

// Misses loads it.
func Misses() int64 { return atomic.LoadInt64(&misses) }

// SetServed stores plainly.
func (s *stats) SetServed(n int64) {
	s.served = n // want `field served is written plainly but updated with sync/atomic elsewhere`
}

// A buffer that loads its offset atomically but only ever writes it
// plainly (ristretto's z.Buffer, documented as not safe for concurrent
// use): no atomic update, so no sign that others write at once.
type buffer struct {
	offset uint64
	buf    []byte
}

func (b *buffer) Len() int { return int(atomic.LoadUint64(&b.offset)) }

func (b *buffer) Allocate(n int) []byte {
	off := b.offset
	b.offset += uint64(n)
	return b.buf[off:b.offset]
}
