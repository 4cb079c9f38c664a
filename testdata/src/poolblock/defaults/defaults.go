package defaults

import (
	"net/http"
	"os"
	"runtime"
)

// With the default kinds, local file reads in a CPU pool are not reported:
// served from the page cache they cost little, and reading inputs in the
// CPU stage is the usual design.
func readInputs(paths <-chan string) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for p := range paths {
				os.ReadFile(p)
				os.Stat(p)
			}
		}()
	}
}

func fetch(urls <-chan string) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for u := range urls {
				http.Get(u) // want `http.Get waits on the network`
			}
		}()
	}
}
