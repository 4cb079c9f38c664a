package subtests

import "sync"

func Check(s string) error { return nil }

type Config struct{ Title string }

var Default = Config{Title: "x"}

// Configure writes the default only when a user has changed it.
func Configure() Config {
	if Default.Title != "x" {
		Default.Title = "x"
	}
	return Default
}

type counter struct {
	mu sync.Mutex
	n  int
}

func newCounter() *counter { return &counter{} }

func (c *counter) Inc() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

func (c *counter) Dec() {
	c.mu.Lock()
	c.n--
	c.mu.Unlock()
}

func (c *counter) Value() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
