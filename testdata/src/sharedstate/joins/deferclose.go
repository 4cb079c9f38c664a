package joins

import (
	"bytes"
	"context"
	"io"
)

// readBody has client_golang's shape: the goroutine closes done in a
// deferred call, after its writes, and the reads are in the select's case
// that receives from done.
func readBody(ctx context.Context, r io.Reader) ([]byte, error) {
	var body []byte
	done := make(chan struct{})
	var readErr error
	go func() {
		defer close(done)
		var buf bytes.Buffer
		_, readErr = buf.ReadFrom(r)
		body = buf.Bytes()
	}()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-done:
		return body, readErr
	}
}

// readBodyCancelled reads in the case of the context: the goroutine may
// still be writing.
func readBodyCancelled(ctx context.Context, r io.Reader) ([]byte, error) {
	var body []byte
	done := make(chan struct{})
	var readErr error
	go func() {
		defer close(done)
		var buf bytes.Buffer
		_, readErr = buf.ReadFrom(r)
		body = buf.Bytes() // want `slice header body is written in a goroutine and read by the function that starts it`
	}()
	select {
	case <-ctx.Done():
		return body, nil
	case <-done:
		return nil, readErr
	}
}

// readBodySent sends on done in a deferred closure: also after the writes.
func readBodySent(ctx context.Context, r io.Reader) ([]byte, error) {
	var body []byte
	done := make(chan struct{})
	var readErr error
	go func() {
		defer func() { done <- struct{}{} }()
		var buf bytes.Buffer
		_, readErr = buf.ReadFrom(r)
		body = buf.Bytes()
	}()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-done:
		return body, readErr
	}
}

// waitDeferred receives from the channel the goroutine closes at its exit.
func waitDeferred(r io.Reader) error {
	done := make(chan struct{})
	var readErr error
	go func() {
		defer close(done)
		_, readErr = io.ReadAll(r)
	}()
	<-done
	return readErr
}
