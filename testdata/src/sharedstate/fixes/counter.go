package fixes

import (
	"fmt"
	"sync"
)

// A local int counter becomes an atomic.Int64: reads convert back to int,
// and a non-constant operand of += to int64.
func countInt(items []int) int {
	var wg sync.WaitGroup
	n := 0
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n += it // want `counter n is incremented`
		}()
	}
	wg.Wait()
	fmt.Println("total", n)
	return n
}

// An int64 counter keeps its type's Load; -- and -= become negative adds.
func countDown(items []string) int64 {
	var wg sync.WaitGroup
	var left int64 = 0
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			left-- // want `counter left is incremented`
			left -= 2
		}()
	}
	wg.Wait()
	return left
}

// A uint32 counter declared in a var block.
func hits(items []string) uint32 {
	var (
		wg   sync.WaitGroup
		hits uint32
	)
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hits++ // want `counter hits is incremented`
		}()
	}
	wg.Wait()
	return hits
}

// A local int64 whose initial value is not zero cannot become an
// atomic.Int64 in one declaration: sync/atomic's functions update it.
func fromFive(items []string) int64 {
	var wg sync.WaitGroup
	n := int64(5)
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
