// Package lib has a launcher and a helper that runs its argument inline.
package lib

// Go starts f on a new goroutine.
func Go(f func()) { go f() }

// Do calls f.
func Do(f func()) { f() }
