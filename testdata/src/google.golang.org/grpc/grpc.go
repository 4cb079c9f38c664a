// Package grpc is a stub of google.golang.org/grpc v1.85.0 for corefit's
// tests: a few declarations with the real signatures, no behaviour.
package grpc

import "context"

type dialOptions struct{}

// DialOption configures how we set up the connection.
type DialOption interface {
	apply(*dialOptions)
}

type callInfo struct{}

type csAttempt struct{}

// CallOption configures a Call before it starts or extracts information from
// a Call after it completes.
type CallOption interface {
	before(*callInfo) error
	after(*callInfo, *csAttempt)
}

// ClientConn represents a virtual connection to a conceptual endpoint, to
// perform RPCs.
type ClientConn struct {
	target string
}

// NewClient creates a new gRPC "channel" for the target URI provided. No I/O
// is performed.
func NewClient(target string, opts ...DialOption) (conn *ClientConn, err error) {
	return &ClientConn{target: target}, nil
}

// Invoke sends the RPC request on the wire and returns after response is
// received.
func (cc *ClientConn) Invoke(ctx context.Context, method string, args, reply any, opts ...CallOption) error {
	return nil
}

// ServiceDesc represents an RPC service's specification.
type ServiceDesc struct {
	ServiceName string
	HandlerType any
}

// ServiceRegistrar wraps a single method that supports service registration.
type ServiceRegistrar interface {
	RegisterService(desc *ServiceDesc, impl any)
}

// Server is a gRPC server to serve RPC requests.
type Server struct{}

// ServerOption sets options such as credentials, codec and keepalive parameters, etc.
type ServerOption interface{}

// NewServer creates a gRPC server which has no service registered and has not
// started to accept requests yet.
func NewServer(opt ...ServerOption) *Server { return &Server{} }

// RegisterService registers a service and its implementation to the gRPC
// server.
func (s *Server) RegisterService(sd *ServiceDesc, ss any) {}
