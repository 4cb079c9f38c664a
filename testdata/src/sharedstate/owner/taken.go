package owner

// A resource handed from one holder to the next, as pgx's pool connections
// hand their puddle resource: each holder takes it out of its field before
// it uses it.
type resource struct{ status int }

func (r *resource) release() {
	if r.status == 0 {
		r.status = 1
	}
}

func (r *resource) hijack() { r.status = 2 }

// Conn holds a resource until Release or Hijack.
type Conn struct {
	res *resource
}

// Release takes the resource out of c, then hands it to a goroutine: a
// later Hijack finds c.res nil, never the goroutine's resource.
func (c *Conn) Release() {
	if c.res == nil {
		return
	}
	res := c.res
	c.res = nil
	go func() {
		res.release()
	}()
}

// Hijack takes the resource out of c too.
func (c *Conn) Hijack() *resource {
	if c.res == nil {
		panic("released")
	}
	res := c.res
	c.res = nil
	res.hijack()
	return res
}

// sharedRes is resource, for Shared.
type sharedRes struct{ status int }

func (r *sharedRes) release() {
	if r.status == 0 {
		r.status = 1
	}
}

func (r *sharedRes) hijack() {
	r.status = 2 // want `field c.res.status is written by the exported method Hijack and by the goroutine started in Release`
}

// Shared is the same holder, whose Release leaves the resource in place:
// Hijack may reach the goroutine's resource.
type Shared struct {
	res *sharedRes
}

// Release hands the resource to a goroutine and keeps it.
func (c *Shared) Release() {
	res := c.res
	go func() {
		res.release()
	}()
}

// Hijack takes the resource.
func (c *Shared) Hijack() *sharedRes {
	res := c.res
	c.res = nil
	res.hijack()
	return res
}
