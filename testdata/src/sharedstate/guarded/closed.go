package guarded

import (
	"errors"
	"sync"
)

var errShutdown = errors.New("session shutdown")

// Session has yamux's shape: the shutdown error is written under its lock
// before the shutdown channel is closed, and read without the lock once a
// receive from that channel has returned. The channel is only ever closed:
// the close happens before the receive, which publishes the error (as
// ctx.Err() after <-ctx.Done()).
type Session struct {
	shutdownLock    sync.Mutex
	shutdown        bool
	shutdownErr     error
	shutdownErrLock sync.Mutex
	shutdownCh      chan struct{}
	acceptCh        chan int
}

func (s *Session) Accept() (int, error) {
	select {
	case n := <-s.acceptCh:
		return n, nil
	case <-s.shutdownCh:
		return 0, s.shutdownErr
	}
}

func (s *Session) Wait() error {
	<-s.shutdownCh
	return s.shutdownErr
}

func (s *Session) Close() error {
	s.shutdownLock.Lock()
	defer s.shutdownLock.Unlock()
	if s.shutdown {
		return nil
	}
	s.shutdown = true
	s.shutdownErrLock.Lock()
	if s.shutdownErr == nil {
		s.shutdownErr = errShutdown
	}
	s.shutdownErrLock.Unlock()
	close(s.shutdownCh)
	return nil
}

// exitErr writes the error, then calls Close, which closes the channel.
func (s *Session) exitErr(err error) {
	s.shutdownErrLock.Lock()
	if s.shutdownErr == nil {
		s.shutdownErr = err
	}
	s.shutdownErrLock.Unlock()
	s.Close()
}

// EarlySession reads the error before the receive, and in a select's
// default case: nothing orders the read after the writes.
type EarlySession struct {
	shutdownLock    sync.Mutex
	shutdown        bool
	shutdownErr     error
	shutdownErrLock sync.Mutex
	shutdownCh      chan struct{}
	acceptCh        chan int
}

func (s *EarlySession) Accept() (int, error) {
	err := s.shutdownErr // want `field s.shutdownErr is read without s.shutdownErrLock held, which guards it at 4 other accesses`
	select {
	case n := <-s.acceptCh:
		return n, nil
	case <-s.shutdownCh:
		return 0, err
	}
}

func (s *EarlySession) Err() error {
	select {
	case <-s.shutdownCh:
		return nil
	default:
		return s.shutdownErr // want `field s.shutdownErr is read without s.shutdownErrLock held, which guards it at 4 other accesses`
	}
}

func (s *EarlySession) Close() error {
	s.shutdownLock.Lock()
	defer s.shutdownLock.Unlock()
	if s.shutdown {
		return nil
	}
	s.shutdown = true
	s.shutdownErrLock.Lock()
	if s.shutdownErr == nil {
		s.shutdownErr = errShutdown
	}
	s.shutdownErrLock.Unlock()
	close(s.shutdownCh)
	return nil
}

func (s *EarlySession) exitErr(err error) {
	s.shutdownErrLock.Lock()
	if s.shutdownErr == nil {
		s.shutdownErr = err
	}
	s.shutdownErrLock.Unlock()
	s.Close()
}

// SentSession also sends on its shutdown channel: a receive may take the
// send, made before any write of the error.
type SentSession struct {
	shutdownLock    sync.Mutex
	shutdown        bool
	shutdownErr     error
	shutdownErrLock sync.Mutex
	shutdownCh      chan struct{}
	acceptCh        chan int
}

func (s *SentSession) Accept() (int, error) {
	select {
	case n := <-s.acceptCh:
		return n, nil
	case <-s.shutdownCh:
		return 0, s.shutdownErr // want `field s.shutdownErr is read without s.shutdownErrLock held, which guards it at 4 other accesses`
	}
}

func (s *SentSession) Kick() { s.shutdownCh <- struct{}{} }

func (s *SentSession) Close() error {
	s.shutdownLock.Lock()
	defer s.shutdownLock.Unlock()
	if s.shutdown {
		return nil
	}
	s.shutdown = true
	s.shutdownErrLock.Lock()
	if s.shutdownErr == nil {
		s.shutdownErr = errShutdown
	}
	s.shutdownErrLock.Unlock()
	close(s.shutdownCh)
	return nil
}

func (s *SentSession) exitErr(err error) {
	s.shutdownErrLock.Lock()
	if s.shutdownErr == nil {
		s.shutdownErr = err
	}
	s.shutdownErrLock.Unlock()
	s.Close()
}

// LateSession writes the error after it closes the channel: a receiver
// may read it while it is written.
type LateSession struct {
	shutdownLock    sync.Mutex
	shutdown        bool
	shutdownErr     error
	shutdownErrLock sync.Mutex
	shutdownCh      chan struct{}
	acceptCh        chan int
}

func (s *LateSession) Accept() (int, error) {
	select {
	case n := <-s.acceptCh:
		return n, nil
	case <-s.shutdownCh:
		return 0, s.shutdownErr // want `field s.shutdownErr is read without s.shutdownErrLock held, which guards it at 4 other accesses`
	}
}

func (s *LateSession) Close() error {
	s.shutdownLock.Lock()
	defer s.shutdownLock.Unlock()
	if s.shutdown {
		return nil
	}
	s.shutdown = true
	s.shutdownErrLock.Lock()
	if s.shutdownErr == nil {
		s.shutdownErr = errShutdown
	}
	s.shutdownErrLock.Unlock()
	close(s.shutdownCh)
	return nil
}

func (s *LateSession) exitErr(err error) {
	s.Close()
	s.shutdownErrLock.Lock()
	if s.shutdownErr == nil {
		s.shutdownErr = err
	}
	s.shutdownErrLock.Unlock()
}
