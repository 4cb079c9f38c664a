package guarded

import "sync"

// Cluster declares id above the mutex that says it guards the fields
// below: id is not the mutex's.
type Cluster struct {
	id int

	sync.Mutex // guards the fields below
	members    map[int]string
}

func (c *Cluster) Add(k int, v string) {
	c.Lock()
	defer c.Unlock()
	c.members[k] = v + string(rune(c.id))
}

func (c *Cluster) Remove(k int) {
	c.Lock()
	defer c.Unlock()
	delete(c.members, k)
	_ = c.id
}

func (c *Cluster) Name() int {
	c.Lock()
	defer c.Unlock()
	return c.id + len(c.members)
}

// SetID writes id without the mutex, as its author means.
func (c *Cluster) SetID(id int) { c.id = id }

// Group is the same without the comment: id looks guarded.
type Group struct {
	id int

	sync.Mutex
	members map[int]string
}

func (g *Group) Add(k int, v string) {
	g.Lock()
	defer g.Unlock()
	g.members[k] = v + string(rune(g.id))
}

func (g *Group) Remove(k int) {
	g.Lock()
	defer g.Unlock()
	delete(g.members, k)
	_ = g.id
}

func (g *Group) Name() int {
	g.Lock()
	defer g.Unlock()
	return g.id + len(g.members)
}

func (g *Group) SetID(id int) {
	g.id = id // want `field g.id is written without g.Mutex held, which guards it at 3 other accesses`
}
