// Package mock is a stub of github.com/stretchr/testify/mock v1.11.1: the
// signatures are the real ones; Called waits as the real one does when a
// call is set up to wait (Call.WaitFor, Call.After).
package mock

import "time"

// Mock is the workhorse used to track activity on another object.
type Mock struct {
	waitTime time.Duration
}

// Arguments holds an array of method arguments or return values.
type Arguments []interface{}

// Called tells the mock object that a method has been called, and gets an
// array of arguments to return.
func (m *Mock) Called(arguments ...interface{}) Arguments {
	return m.MethodCalled("", arguments...)
}

// MethodCalled tells the mock object that the given method has been called.
func (m *Mock) MethodCalled(methodName string, arguments ...interface{}) Arguments {
	if m.waitTime > 0 {
		time.Sleep(m.waitTime)
	}
	return nil
}
