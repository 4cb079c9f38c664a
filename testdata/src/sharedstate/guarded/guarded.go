// Fields guarded by a sibling mutex at most of their accesses.
package guarded

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]string
	hits  int
	name  string
}

func NewCache(name string) *Cache {
	c := &Cache{items: map[string]string{}}
	c.name = name
	c.hits = 0
	return c
}

func (c *Cache) Get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hits++
	return c.items[k]
}

func (c *Cache) Put(k, v string) {
	c.mu.Lock()
	c.items[k] = v
	c.mu.Unlock()
}

func (c *Cache) Delete(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, k)
	c.hits--
}

func (c *Cache) Hits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits
}

// Peek forgets the lock.
func (c *Cache) Peek(k string) string {
	return c.items[k] // want `field c.items is read without c.mu held, which guards it at 3 other accesses: guard this access with c.mu too`
}

// Reset forgets the lock, but its name says it is part of the setup.
func (c *Cache) Reset() {
	c.hits = 0
}

// Bump forgets the lock.
func (c *Cache) Bump() {
	c.hits++ // want `field c.hits is written without c.mu held, which guards it at 5 other accesses: guard this access with c.mu too`
}

// getLocked runs with c.mu held by its callers.
func (c *Cache) getLocked(k string) string {
	return c.items[k]
}

// lookup runs with c.mu held by every caller in the package.
func (c *Cache) lookup(k string) string {
	return c.items[k]
}

func (c *Cache) GetTwice(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lookup(k) + c.getLocked(k)
}

// name is written only before the cache is shared: reads need no lock.
func (c *Cache) Name() string {
	return c.name
}

// Config has a mutex but its fields are read and written under it only
// twice: too few to say that the mutex guards them.
type Config struct {
	mu   sync.Mutex
	path string
}

func (c *Config) Set(p string) {
	c.mu.Lock()
	c.path = p
	c.mu.Unlock()
}

func (c *Config) Path() string {
	return c.path
}

// Table is parsed once under its lock and read freely after: the fields are
// written under the lock by one function only.
type Table struct {
	mu     sync.Mutex
	parsed bool
	n      int
}

func (t *Table) init() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.parsed {
		return
	}
	t.n = 3
	t.parsed = true
}

func (t *Table) Len() int {
	t.init()
	return t.n
}

func (t *Table) Cap() int {
	t.init()
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n + t.n
}

func (t *Table) Get() int {
	t.init()
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

// Upgrade drops its read lock for the write lock and takes it again with a
// deferred RLock; its caller still holds the read lock after the call.
func (c *Cache) upgradeRLocked() {
	c.mu.Unlock()
	defer c.mu.Lock()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hits++
}

func (c *Cache) Upgrade() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.upgradeRLocked()
	return c.hits
}

// Refresh is the only updater (a semaphore keeps it single) and reads its own
// state without the lock (net's nsswitch config).
type NSS struct {
	mu   sync.Mutex
	sema chan struct{}
	conf *string
}

func (n *NSS) Get() *string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.conf
}

func (n *NSS) Refresh(s string) {
	select {
	case n.sema <- struct{}{}:
	default:
		return
	}
	defer func() { <-n.sema }()
	if n.conf != nil && *n.conf == s {
		return
	}
	n.mu.Lock()
	n.conf = &s
	n.mu.Unlock()
}

func (n *NSS) Set(s string) {
	n.mu.Lock()
	n.conf = &s
	n.mu.Unlock()
}

// Setup writes several guarded fields without the lock: it runs before the
// cache is shared (nats' ordered consumer sets itself up so).
func (c *Cache) Setup(name string) {
	c.items = map[string]string{}
	c.hits = 0
}

// Dump is for debugging and must not be called concurrently with Put (x/tools'
// facts.Set.String).
func (c *Cache) Dump() int {
	return len(c.items)
}

// Header reads what Put writes under the lock, and says when it may be
// called (grpc's ServerStream.Header: "must not be called until after
// WriteHeader").
func (c *Cache) Header() int {
	// It must not be called until after Setup.
	return c.hits
}

// Header2 states the same contract in its doc comment: it must not be
// called until after Setup.
func (c *Cache) Header2() int {
	return c.hits
}

// Server's exported fields are its user's configuration: fasthttp's
// Server.TLSConfig is set by AppendCert without the lock ServeTLS takes.
type Server struct {
	mu     sync.Mutex
	Config *string
}

func (s *Server) Serve() {
	s.mu.Lock()
	defer s.mu.Unlock()
	_ = *s.Config
}

func (s *Server) ServeTLS() {
	s.mu.Lock()
	defer s.mu.Unlock()
	_ = *s.Config
	s.Config = nil
}

func (s *Server) Reload() {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := "x"
	s.Config = &v
}

func (s *Server) Configure(c string) {
	s.Config = &c
}
