package catalog

import (
	"go/types"
	"sort"
	"strings"
)

// HandlerReg describes a call that takes a per-request handler: one that
// registers it, wraps it, or serves with it. The handler it is given runs
// once per request, on the goroutine net/http starts for each connection
// (an unbounded parallel context for iostall).
type HandlerReg struct {
	// HandlerArg is the index, among the parameters (the receiver not
	// counted), of the handler argument: a func(ResponseWriter, *Request)
	// or a Handler. In ServeLoops, -1 means the handler is the receiver's
	// (the Handler field of an *http.Server, DefaultServeMux when nil).
	HandlerArg int
	Why        string
	// Methods says that the argument is a value whose methods serve the
	// requests: those of the parameter's interface type (a gRPC service
	// implementation given to its generated Register function).
	Methods bool
	// List says that the argument may be a variadic list of handlers
	// (gin's GET(path string, handlers ...HandlerFunc)).
	List bool
	// What the handler is called in a diagnostic; "" is "HTTP handler".
	What string
}

// handlerRegs lists the calls whose handler argument runs per request,
// keyed by types.Func.FullName of the generic origin. Every key was checked
// against the source of Go 1.26.8.
//
// Not calls, so not here:
//   - http.HandlerFunc(f) is a conversion to a func type, not a call: the
//     contexts pass must follow f to the registration the HandlerFunc
//     reaches. Its method (net/http.HandlerFunc).ServeHTTP matches
//     handlerMethods like any other.
//   - http.Server{Handler: h} is a composite literal: h runs per request
//     when the server reaches a ServeLoops call.
//
// The route registrations of gin, echo and fiber are in frameworkRegs;
// chi and gorilla/mux take an http.Handler or a func(ResponseWriter,
// *Request), which handlerMethods and the handler's own type show; gRPC
// services are found by the shape of their generated Register functions
// (grpcRegister). Users add their own with -iostall.handlers (user.go).
var handlerRegs = map[string]HandlerReg{
	"net/http.HandleFunc":                       {HandlerArg: 1, Why: "registers an HTTP handler on DefaultServeMux"},
	"net/http.Handle":                           {HandlerArg: 1, Why: "registers an HTTP handler on DefaultServeMux"},
	"(*net/http.ServeMux).HandleFunc":           {HandlerArg: 1, Why: "registers an HTTP handler"},
	"(*net/http.ServeMux).Handle":               {HandlerArg: 1, Why: "registers an HTTP handler"},
	"net/http.TimeoutHandler":                   {HandlerArg: 0, Why: "wraps an HTTP handler, run per request on a goroutine of its own"},
	"net/http.StripPrefix":                      {HandlerArg: 1, Why: "wraps an HTTP handler"},
	"net/http.MaxBytesHandler":                  {HandlerArg: 0, Why: "wraps an HTTP handler"},
	"net/http.AllowQuerySemicolons":             {HandlerArg: 0, Why: "wraps an HTTP handler"},
	"(*net/http.CrossOriginProtection).Handler": {HandlerArg: 0, Why: "wraps an HTTP handler"},
}

// LookupHandlerReg returns the entry for a call that takes a per-request
// handler, or false.
func LookupHandlerReg(fn *types.Func) (HandlerReg, bool) {
	if fn == nil {
		return HandlerReg{}, false
	}
	if r, ok := userHandler(fn); ok {
		return r, true
	}
	if r, ok := handlerRegs[FullName(fn)]; ok {
		return r, true
	}
	if r, ok := frameworkRegs[userKey(fn)]; ok {
		return r, true
	}
	return grpcRegister(fn)
}

// grpcRegister recognises the Register functions protoc-gen-go-grpc
// generates for each service,
//
//	func RegisterGreeterServer(s grpc.ServiceRegistrar, srv GreeterServer)
//
// (google.golang.org/grpc v1.85.0's generated code, and every version
// since ServiceRegistrar, v1.32): the server runs each method of srv that
// GreeterServer declares once per RPC in flight, each on a goroutine of its
// own, with no bound unless the server was given one.
func grpcRegister(fn *types.Func) (HandlerReg, bool) {
	if !strings.HasPrefix(fn.Name(), "Register") || !strings.HasSuffix(fn.Name(), "Server") {
		return HandlerReg{}, false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() != nil || sig.Params().Len() != 2 || sig.Results().Len() != 0 {
		return HandlerReg{}, false
	}
	reg, ok := types.Unalias(sig.Params().At(0).Type()).(*types.Named)
	if !ok || reg.Obj().Pkg() == nil || reg.Obj().Pkg().Path() != "google.golang.org/grpc" || reg.Obj().Name() != "ServiceRegistrar" {
		return HandlerReg{}, false
	}
	if !types.IsInterface(sig.Params().At(1).Type()) {
		return HandlerReg{}, false
	}
	return HandlerReg{HandlerArg: 1, Methods: true, What: "gRPC method", Why: "registers a gRPC service: each method runs once per RPC in flight"}, true
}

// ServeLoops lists the calls that run an accept loop and serve each
// connection on a goroutine of its own, so that the handler they serve with
// runs once per request in flight, with no bound. HandlerArg is the handler
// argument, or -1 for the methods of *http.Server, whose handler is the
// receiver's Handler field. Checked against Go 1.26.8.
var ServeLoops = map[string]HandlerReg{
	"net/http.ListenAndServe":              {HandlerArg: 1, Why: "HTTP server: one goroutine per connection"},
	"net/http.ListenAndServeTLS":           {HandlerArg: 3, Why: "HTTPS server: one goroutine per connection"},
	"net/http.Serve":                       {HandlerArg: 1, Why: "HTTP server: one goroutine per connection"},
	"net/http.ServeTLS":                    {HandlerArg: 1, Why: "HTTPS server: one goroutine per connection"},
	"(*net/http.Server).ListenAndServe":    {HandlerArg: -1, Why: "HTTP server: one goroutine per connection"},
	"(*net/http.Server).ListenAndServeTLS": {HandlerArg: -1, Why: "HTTPS server: one goroutine per connection"},
	"(*net/http.Server).Serve":             {HandlerArg: -1, Why: "HTTP server: one goroutine per connection"},
	"(*net/http.Server).ServeTLS":          {HandlerArg: -1, Why: "HTTPS server: one goroutine per connection"},
	"net/http/fcgi.Serve":                  {HandlerArg: 1, Why: "FastCGI server: one goroutine per connection and per request"},
}

// LookupServeLoop returns the ServeLoops entry for fn, or false.
func LookupServeLoop(fn *types.Func) (HandlerReg, bool) {
	if fn == nil {
		return HandlerReg{}, false
	}
	r, ok := ServeLoops[FullName(fn)]
	return r, ok
}

// HandlerMethod is an interface method such that a type whose method
// implements it is a per-request handler.
type HandlerMethod struct {
	Name string
	// Params are the parameter types as types.TypeString writes them with
	// full package paths; the method has no results.
	Params []string
	// Prefix: the method may take more parameters after Params and return
	// results (caddy's middleware ServeHTTP(w, r, next) error).
	Prefix bool
	Why    string
}

// handlerMethods lists interface methods, keyed by FullName like the other
// tables: a concrete method with the same name and parameters implements
// the interface (each interface here has that one method), and its receiver
// type is a per-request handler. Checked against Go 1.26.8.
var handlerMethods = map[string]HandlerMethod{
	"(net/http.Handler).ServeHTTP": {
		Name:   "ServeHTTP",
		Params: []string{"net/http.ResponseWriter", "*net/http.Request"},
		// Middleware methods that take the request first and more after
		// it serve each request too: caddy's ServeHTTP(w, r, next) error
		// (modules/caddyhttp, v2.11.9).
		Prefix: true,
		Why:    "HTTP handler: runs once per request",
	},
}

// handlerMethodKeys are the keys of handlerMethods, exact entries first, so
// that a lookup is deterministic.
var handlerMethodKeys = func() []string {
	var exact, prefix []string
	for k, hm := range handlerMethods {
		if hm.Prefix {
			prefix = append(prefix, k)
		} else {
			exact = append(exact, k)
		}
	}
	sort.Strings(exact)
	sort.Strings(prefix)
	return append(exact, prefix...)
}()

// LookupHandlerMethod reports whether fn is a method that implements one of
// handlerMethods, and returns that interface method's key and entry. The
// interface method itself matches too.
func LookupHandlerMethod(fn *types.Func) (string, HandlerMethod, bool) {
	if fn == nil {
		return "", HandlerMethod{}, false
	}
	fn = fn.Origin()
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return "", HandlerMethod{}, false
	}
	for _, key := range handlerMethodKeys {
		hm := handlerMethods[key]
		if fn.Name() != hm.Name || sig.Params().Len() < len(hm.Params) {
			continue
		}
		if !hm.Prefix && (sig.Params().Len() != len(hm.Params) || sig.Results().Len() != 0 || sig.Variadic()) {
			continue
		}
		match := true
		for i, want := range hm.Params {
			if handlerTypeString(sig.Params().At(i).Type()) != want {
				match = false
				break
			}
		}
		if match {
			return key, hm, true
		}
	}
	return "", HandlerMethod{}, false
}

// IsHandlerFunc reports whether sig takes exactly what net/http.Handler's
// ServeHTTP takes (an http.ResponseWriter and an *http.Request) and returns
// nothing: the http.HandlerFunc signature.
func IsHandlerFunc(sig *types.Signature) bool {
	want := handlerMethods["(net/http.Handler).ServeHTTP"].Params
	if sig.Params().Len() != len(want) || sig.Results().Len() != 0 || sig.Variadic() {
		return false
	}
	for i, w := range want {
		if handlerTypeString(sig.Params().At(i).Type()) != w {
			return false
		}
	}
	return true
}

// handlerTypeString writes t with full package paths, seeing through
// aliases (type W = http.ResponseWriter) at the top and under one pointer.
func handlerTypeString(t types.Type) string {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		return "*" + types.TypeString(types.Unalias(p.Elem()), nil)
	}
	return types.TypeString(t, nil)
}

// frameworkRegs are the route registrations of the common web frameworks,
// keyed without type parameters like the user tables. Checked against gin
// v1.12.0 (routergroup.go, routes' interfaces in gin.go), echo v4.16.0
// (echo.go, group.go) and fiber v2.52.15 (app.go, group.go, router.go).
// Every one serves each request on a goroutine of its own with no bound
// (fiber through fasthttp's worker pool of 256 Ki workers by default).
// Middleware registration (Use) is left out: middleware runs per request
// too, but is rarely where the heavy work is.
var frameworkRegs = func() map[string]HandlerReg {
	m := make(map[string]HandlerReg)
	add := func(recvs, names []string, arg int, addName string, addArg int) {
		for _, r := range recvs {
			for _, n := range names {
				m[r+"."+n] = HandlerReg{HandlerArg: arg, List: true, Why: "registers an HTTP route handler"}
			}
			m[r+"."+addName] = HandlerReg{HandlerArg: addArg, List: true, Why: "registers an HTTP route handler"}
		}
	}
	add([]string{"(*github.com/gin-gonic/gin.RouterGroup)", "(github.com/gin-gonic/gin.IRoutes)", "(github.com/gin-gonic/gin.IRouter)"},
		[]string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "Any"}, 1, "Handle", 2)
	add([]string{"(*github.com/labstack/echo/v4.Echo)", "(*github.com/labstack/echo/v4.Group)"},
		[]string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT", "TRACE", "Any"}, 1, "Add", 2)
	add([]string{"(*github.com/gofiber/fiber/v2.App)", "(*github.com/gofiber/fiber/v2.Group)", "(github.com/gofiber/fiber/v2.Router)"},
		[]string{"Get", "Post", "Put", "Delete", "Patch", "Head", "Options", "Connect", "Trace", "All"}, 1, "Add", 2)
	return m
}()
