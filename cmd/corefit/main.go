// Command corefit finds concurrency shapes that do not fit the work: blocking
// I/O inside worker pools sized to the CPUs (poolblock), and more to come.
//
// It runs two ways. Standalone, it loads the packages named on the command
// line and reports like other linters, exiting with status 3 when it found
// something, 1 on errors:
//
//	corefit ./...
//
// Under go vet, it speaks vet's protocol (-flags, -V=full, a .cfg file per
// package) and facts flow between packages through the build cache:
//
//	go vet -vettool=$(which corefit) ./...
//
// Each analyzer's flags are given as -NAME.FLAG in both modes, e.g.
// -poolblock.cpufactor=1. Run `corefit help` for the list of analyzers and
// `corefit help poolblock` for one analyzer's documentation.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/corefit/corefit/analyzers/all"
)

func main() {
	multichecker.Main(all.Analyzers()...)
}
