package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/corefit/corefit/analyzers/all"
)

// measureVet, when COREFIT_MEASURE names a file, appends to it one line per
// analyzer run under go vet ("PKG ANALYZER SECONDS"), for every analyzer in
// the graph, required passes included; when COREFIT_CPUPROFILE names a
// directory, it writes a CPU profile of the analysis of each package there,
// and COREFIT_MEMPROFILE a heap profile taken when the last analyzer is done
// (every pass's result is still held then).
// They are tools for finding where corefit's time goes under go vet (see
// bench/perf/README.md); standalone mode has lintcmd's -debug.* flags.
//
// The analyzers' Run functions are replaced in place: this process runs
// each once, on one package, and then exits.
func measureVet(analyzers []*analysis.Analyzer) {
	if dir := os.Getenv("COREFIT_CPUPROFILE"); dir != "" {
		f, err := os.CreateTemp(dir, "cpu-*.prof")
		if err == nil && pprof.StartCPUProfile(f) == nil {
			// unitchecker exits the process itself: the profile stops
			// when the last analyzer is done (all of them run unless
			// some are deselected, which leaves the profile empty).
			profileStop = func() { pprof.StopCPUProfile(); f.Close() }
		}
	}
	if dir := os.Getenv("COREFIT_MEMPROFILE"); dir != "" {
		stop := profileStop
		profileStop = func() {
			if stop != nil {
				stop()
			}
			if f, err := os.CreateTemp(dir, "mem-*.prof"); err == nil {
				runtime.GC()
				pprof.WriteHeapProfile(f)
				f.Close()
			}
		}
	}
	file := os.Getenv("COREFIT_MEASURE")
	if file == "" && profileStop == nil {
		return
	}
	for _, a := range all.Graph(analyzers) {
		run := a.Run
		a.Run = func(pass *analysis.Pass) (any, error) {
			start := time.Now()
			res, err := run(pass)
			if file != "" {
				measureLog(file, fmt.Sprintf("%s %s %.4f\n", pass.Pkg.Path(), a.Name, time.Since(start).Seconds()))
			}
			return res, err
		}
	}
	// The user-facing analyzers are the last to run: stop the profile
	// after each (the last stop wins).
	for _, a := range analyzers {
		run := a.Run
		a.Run = func(pass *analysis.Pass) (any, error) {
			res, err := run(pass)
			profileDone.Lock()
			profileLeft--
			if profileLeft == 0 && profileStop != nil {
				profileStop()
			}
			profileDone.Unlock()
			return res, err
		}
	}
	profileLeft = len(analyzers)
}

var (
	profileDone sync.Mutex
	profileLeft int
	profileStop func()
	logMu       sync.Mutex
)

func measureLog(file, line string) {
	logMu.Lock()
	defer logMu.Unlock()
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	f.WriteString(line)
	f.Close()
}
