// Package userpb has the shape of protoc-gen-go-grpc's output for a
// service Greeter: the server interface and its Register function.
package userpb

import (
	"context"

	"google.golang.org/grpc"
)

type HelloRequest struct{ Name string }
type HelloReply struct{ Message string }

// GreeterServer is the server API for Greeter service.
type GreeterServer interface {
	SayHello(context.Context, *HelloRequest) (*HelloReply, error)
	mustEmbedUnimplementedGreeterServer()
}

// UnimplementedGreeterServer must be embedded to have forward compatible implementations.
type UnimplementedGreeterServer struct{}

func (UnimplementedGreeterServer) SayHello(context.Context, *HelloRequest) (*HelloReply, error) {
	return nil, nil
}
func (UnimplementedGreeterServer) mustEmbedUnimplementedGreeterServer() {}

var Greeter_ServiceDesc = grpc.ServiceDesc{ServiceName: "Greeter", HandlerType: (*GreeterServer)(nil)}

func RegisterGreeterServer(s grpc.ServiceRegistrar, srv GreeterServer) {
	s.RegisterService(&Greeter_ServiceDesc, srv)
}
