package basic

import (
	"time"

	"golang.org/x/crypto/bcrypt"
)

// A select loop whose other case is a heartbeat that continues the loop is
// an event loop: the heartbeat waits behind the hash.
func heartbeatLoop(jobs <-chan []byte, ticker *time.Ticker) {
	for {
		select {
		case <-ticker.C:
			heartbeat()
		case pw := <-jobs:
			bcrypt.GenerateFromPassword(pw, 12) // want `bcrypt.GenerateFromPassword, CPU-heavy \(bcrypt password hash\), runs inline in a select loop`
		}
	}
}

// The same loop whose other case ends it is a worker: the quit channel
// fires once, and nothing queues behind the hash.
func quitLoop(jobs <-chan []byte, quit <-chan struct{}) {
	for {
		select {
		case <-quit:
			return
		case pw := <-jobs:
			bcrypt.GenerateFromPassword(pw, 12)
		}
	}
}

// A fatal error channel that returns is a termination case too.
func fatalLoop(jobs <-chan []byte, errc <-chan error) error {
	for {
		select {
		case err := <-errc:
			return err
		case pw := <-jobs:
			bcrypt.GenerateFromPassword(pw, 12)
		}
	}
}

// A labeled break out of the loop ends it as a return does.
func breakLoop(jobs <-chan []byte, done <-chan struct{}) {
loop:
	for {
		select {
		case <-done:
			break loop
		case pw := <-jobs:
			bcrypt.GenerateFromPassword(pw, 12)
		}
	}
	heartbeat()
}

// A case that returns only on some of its events is still an event source:
// its other events get back to the loop, behind the hash.
func sometimesLoop(jobs <-chan []byte, status <-chan int) {
	for {
		select {
		case s := <-status:
			if s < 0 {
				return
			}
			heartbeat()
		case pw := <-jobs:
			bcrypt.GenerateFromPassword(pw, 12) // want `bcrypt.GenerateFromPassword, CPU-heavy \(bcrypt password hash\), runs inline in a select loop`
		}
	}
}

// Two event sources and a termination case: still an event loop.
func twoSourcesAndQuit(jobs <-chan []byte, ticker *time.Ticker, quit <-chan struct{}) {
	for {
		select {
		case <-quit:
			return
		case <-ticker.C:
			heartbeat()
		case pw := <-jobs:
			bcrypt.GenerateFromPassword(pw, 12) // want `bcrypt.GenerateFromPassword, CPU-heavy \(bcrypt password hash\), runs inline in a select loop`
		}
	}
}
