package defaults

import (
	"net/http"
	"os"
	"os/exec"
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

// Child processes are not reported by default: a child that computes uses
// the core its worker left (make -j$(nproc)).
func compileAll(files <-chan string) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() {
			for f := range files {
				exec.Command("cc", "-c", f).Run()
			}
		}()
	}
}
