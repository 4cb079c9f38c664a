// Package atest helps the analyzers' and passes' tests find corefit's shared
// testdata tree.
package atest

import (
	"path/filepath"
	"runtime"
)

// Testdata returns the absolute path of the repository's top-level testdata
// directory, whose src/ holds the analysistest packages and the stubs of
// third-party APIs they import.
func Testdata() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata")
}
