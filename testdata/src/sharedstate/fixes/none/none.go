// Package none holds races that sharedstate reports with no suggested fix:
// each case breaks one condition of a fix being correct by construction.
package none

import (
	"fmt"
	"sync"
)

func addTo(p *int64) { *p++ }

// The counter's address is taken: the code behind the pointer would not
// be rewritten.
func addressTaken(items []int) int64 {
	var wg sync.WaitGroup
	var n int64
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n++ // want `counter n is incremented`
		}()
	}
	wg.Wait()
	addTo(&n)
	return n
}

// A plain assignment is neither an update nor a read.
func reset(items []int) int {
	var wg sync.WaitGroup
	n := 0
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n++ // want `counter n is incremented`
		}()
	}
	wg.Wait()
	total := n
	n = 0
	return total
}

// The name atomic means something else where the declaration is.
func nameTaken(items []int) int {
	atomic := "atomic"
	var wg sync.WaitGroup
	n := 0
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n++ // want `counter n is incremented`
		}()
	}
	wg.Wait()
	fmt.Println(atomic)
	return n
}

// A named type: n.Load() would not be a count.
type count int64

func named(items []int) count {
	var wg sync.WaitGroup
	var n count
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n++ // want `counter n is incremented`
		}()
	}
	wg.Wait()
	return n
}

// A decrement of an unsigned counter would need an add of ^uint64(0).
func unsignedDown(items []int) uint64 {
	var wg sync.WaitGroup
	var n uint64
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n-- // want `counter n is incremented`
		}()
	}
	wg.Wait()
	return n
}

// An int that does not start at zero has no atomic function.
func fromOne(items []int) int {
	var wg sync.WaitGroup
	n := 1
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n++ // want `counter n is incremented`
		}()
	}
	wg.Wait()
	return n
}

// Other packages may use an exported package variable.
var Served int64

func serve(items []int) {
	var wg sync.WaitGroup
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Served++ // want `counter Served is incremented`
		}()
	}
	wg.Wait()
}

// A 64-bit field may be misaligned for sync/atomic's functions on 32-bit
// platforms, and its type cannot change while other code may copy it.
type meter struct{ total int64 }

func (m *meter) run(items []int) {
	var wg sync.WaitGroup
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.total++ // want `counter m.total is incremented`
		}()
	}
	wg.Wait()
}
