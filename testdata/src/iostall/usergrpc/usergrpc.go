// Package usergrpc tests gRPC service methods as per-request contexts,
// found by the shape of the generated Register function, with no flag.
package usergrpc

import (
	"context"

	"golang.org/x/crypto/bcrypt"
	"google.golang.org/grpc"

	"iostall/userpb"
)

type server struct {
	userpb.UnimplementedGreeterServer
}

func (s *server) SayHello(ctx context.Context, req *userpb.HelloRequest) (*userpb.HelloReply, error) {
	h, _ := bcrypt.GenerateFromPassword([]byte(req.Name), 12) // want `bcrypt.GenerateFromPassword, CPU-heavy \(bcrypt password hash\), runs in a gRPC method, once per request in flight with no bound`
	return &userpb.HelloReply{Message: string(h)}, nil
}

// helper is a method of server that the service does not declare: not a
// context.
func (s *server) helper(pw string) []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte(pw), 12)
	return h
}

func Serve() {
	s := grpc.NewServer()
	userpb.RegisterGreeterServer(s, &server{})
}

// quiet is registered through RegisterService directly, not a generated
// Register function: not recognised (corefit does not read ServiceDescs).
type quiet struct{}

func (quiet) SayHello(ctx context.Context, req *userpb.HelloRequest) (*userpb.HelloReply, error) {
	h, _ := bcrypt.GenerateFromPassword([]byte(req.Name), 12)
	return &userpb.HelloReply{Message: string(h)}, nil
}

func ServeQuiet() {
	s := grpc.NewServer()
	s.RegisterService(&userpb.Greeter_ServiceDesc, quiet{})
}
