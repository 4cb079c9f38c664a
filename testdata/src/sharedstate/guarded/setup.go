package guarded

import "sync"

type Members struct {
	mu      sync.Mutex
	members map[int]string
	epoch   int
}

func (m *Members) Add(id int, s string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.members[id] = s
	m.epoch++
}

func (m *Members) Remove(id int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.members, id)
	m.epoch++
}

func (m *Members) Get(id int) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.members[id]
}

func (m *Members) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.members)
}

func (m *Members) Epoch() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.epoch
}

// AssignMembers is a function of the package, not a method, given the
// object by callers in other packages, which may still be setting it up
// (a cluster validated at boot): quiet.
func AssignMembers(m *Members, ids []int) {
	m.members = make(map[int]string)
	for _, id := range ids {
		m.members[id] = ""
	}
}

// BumpEpoch is the same, called in the package from a method on its own
// receiver: the object is its users', and the write is reported.
func BumpEpoch(m *Members) {
	m.epoch++ // want `field m.epoch is written without m.mu held, which guards it at 3 other accesses`
}

func (m *Members) Touch() { BumpEpoch(m) }
