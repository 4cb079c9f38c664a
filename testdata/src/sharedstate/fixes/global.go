package fixes

import (
	"sync"
	"sync/atomic"
)

// A package variable is updated and read by sync/atomic's functions.
var served int64

func serve(reqs []string) int64 {
	var wg sync.WaitGroup
	for range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			served++ // want `counter served is incremented`
		}()
	}
	wg.Wait()
	return served
}

// A 32-bit field too; its key in a composite literal stays.
type meter struct {
	ticks int32
	done  atomic.Bool
}

func newMeter() *meter { return &meter{ticks: 0} }

func (m *meter) run(k int) int32 {
	var wg sync.WaitGroup
	for i := 0; i < k; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.ticks += 2 // want `counter m.ticks is incremented`
		}()
	}
	wg.Wait()
	return m.ticks
}
