//go:build go1.21

// Before Go 1.22 a loop variable is one variable for the whole loop.
package oldloop

import "sync"

func use(int) {}

func captured(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(i) // want `loop variable i is read in a goroutine and incremented by the loop that starts it, which before Go 1.22 has one i for all iterations: the goroutine sees a later iteration's value; pass i to the goroutine as an argument`
		}()
	}
	wg.Wait()
}

func passed(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			use(i)
		}(i)
	}
	wg.Wait()
}
