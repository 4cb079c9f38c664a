package mixed

import "sync/atomic"

// BigStats, Stats and Cache have fastcache's shape: a cache keeps its
// counters in a BigStats field and updates them atomically, and adds them
// into the caller's Stats, which embeds a BigStats of its own.
type BigStats struct {
	GetBigCalls uint64
	SetBigCalls uint64
}

type Stats struct {
	GetCalls uint64
	BigStats
}

type Cache struct {
	bigStats BigStats
}

func (c *Cache) GetBig() { atomic.AddUint64(&c.bigStats.GetBigCalls, 1) }

// reset updates through its receiver, which the package's only call makes
// the Cache's bigStats.
func (bs *BigStats) reset() {
	atomic.StoreUint64(&bs.GetBigCalls, 0)
	atomic.StoreUint64(&bs.SetBigCalls, 0)
}

func (c *Cache) Reset() { c.bigStats.reset() }

func (c *Cache) SetBig() { atomic.AddUint64(&c.bigStats.SetBigCalls, 1) }

// UpdateStats adds the counters into s: s.GetBigCalls is the field of the
// Stats' own BigStats, never the cache's bigStats, so its plain update is
// not the atomically updated memory.
func (c *Cache) UpdateStats(s *Stats) {
	s.GetBigCalls += atomic.LoadUint64(&c.bigStats.GetBigCalls)
	s.SetBigCalls += atomic.LoadUint64(&c.bigStats.SetBigCalls)
}

// BigCalls reads the cache's own counter plainly: the same field of the
// same container as the atomic update.
func (c *Cache) BigCalls() uint64 {
	return c.bigStats.GetBigCalls // want `field GetBigCalls is read plainly but updated with sync/atomic elsewhere`
}

// Calls reads through a pointer to a BigStats, which may be the cache's.
func (b *BigStats) Calls() uint64 {
	return b.SetBigCalls // want `field SetBigCalls is read plainly but updated with sync/atomic elsewhere`
}

// bigOf takes the address of the cache's BigStats: the plain read is of the
// atomically updated memory.
func bigOf(c *Cache) uint64 {
	p := &c.bigStats
	return p.SetBigCalls // want `field SetBigCalls is read plainly but updated with sync/atomic elsewhere`
}

// LoadStats, TotalStats and Loader have the same shape, but the helper that
// updates atomically is also called on a TotalStats' own LoadStats: the
// plain update in AddTo is of atomically updated memory.
type LoadStats struct {
	Loads uint64
}

type TotalStats struct {
	LoadStats
}

type Loader struct {
	stats LoadStats
}

func (ls *LoadStats) inc() { atomic.AddUint64(&ls.Loads, 1) }

func (l *Loader) Load() { l.stats.inc() }

func (t *TotalStats) Count() { t.LoadStats.inc() }

func (l *Loader) AddTo(t *TotalStats) {
	t.Loads += atomic.LoadUint64(&l.stats.Loads) // want `field Loads is read plainly but updated with sync/atomic elsewhere`
}
