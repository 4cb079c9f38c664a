package catalog

import "go/types"

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
// Third-party routers and frameworks (gin, echo, fiber, chi, gorilla/mux,
// grpc service registration) are left out on purpose: they are to become
// user-configurable rather than hard-coded here. Most of them take an
// http.Handler or a ServeHTTP method in the end, which handlerMethods sees.
var handlerRegs = map[string]HandlerReg{
	"net/http.HandleFunc":                       {1, "registers an HTTP handler on DefaultServeMux"},
	"net/http.Handle":                           {1, "registers an HTTP handler on DefaultServeMux"},
	"(*net/http.ServeMux).HandleFunc":           {1, "registers an HTTP handler"},
	"(*net/http.ServeMux).Handle":               {1, "registers an HTTP handler"},
	"net/http.TimeoutHandler":                   {0, "wraps an HTTP handler, run per request on a goroutine of its own"},
	"net/http.StripPrefix":                      {1, "wraps an HTTP handler"},
	"net/http.MaxBytesHandler":                  {0, "wraps an HTTP handler"},
	"net/http.AllowQuerySemicolons":             {0, "wraps an HTTP handler"},
	"(*net/http.CrossOriginProtection).Handler": {0, "wraps an HTTP handler"},
}

// LookupHandlerReg returns the entry for a call that takes a per-request
// handler, or false.
func LookupHandlerReg(fn *types.Func) (HandlerReg, bool) {
	if fn == nil {
		return HandlerReg{}, false
	}
	r, ok := handlerRegs[FullName(fn)]
	return r, ok
}

// ServeLoops lists the calls that run an accept loop and serve each
// connection on a goroutine of its own, so that the handler they serve with
// runs once per request in flight, with no bound. HandlerArg is the handler
// argument, or -1 for the methods of *http.Server, whose handler is the
// receiver's Handler field. Checked against Go 1.26.8.
var ServeLoops = map[string]HandlerReg{
	"net/http.ListenAndServe":              {1, "HTTP server: one goroutine per connection"},
	"net/http.ListenAndServeTLS":           {3, "HTTPS server: one goroutine per connection"},
	"net/http.Serve":                       {1, "HTTP server: one goroutine per connection"},
	"net/http.ServeTLS":                    {1, "HTTPS server: one goroutine per connection"},
	"(*net/http.Server).ListenAndServe":    {-1, "HTTP server: one goroutine per connection"},
	"(*net/http.Server).ListenAndServeTLS": {-1, "HTTPS server: one goroutine per connection"},
	"(*net/http.Server).Serve":             {-1, "HTTP server: one goroutine per connection"},
	"(*net/http.Server).ServeTLS":          {-1, "HTTPS server: one goroutine per connection"},
	"net/http/fcgi.Serve":                  {1, "FastCGI server: one goroutine per connection and per request"},
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
		Why:    "HTTP handler: runs once per request",
	},
}

// LookupHandlerMethod reports whether fn is a method that implements one of
// handlerMethods, and returns that interface method's key and entry. The
// interface method itself matches too.
func LookupHandlerMethod(fn *types.Func) (string, HandlerMethod, bool) {
	if fn == nil {
		return "", HandlerMethod{}, false
	}
	fn = fn.Origin()
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || sig.Results().Len() != 0 || sig.Variadic() {
		return "", HandlerMethod{}, false
	}
	for key, hm := range handlerMethods {
		if fn.Name() != hm.Name || sig.Params().Len() != len(hm.Params) {
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

// handlerTypeString writes t with full package paths, seeing through
// aliases (type W = http.ResponseWriter) at the top and under one pointer.
func handlerTypeString(t types.Type) string {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		return "*" + types.TypeString(types.Unalias(p.Elem()), nil)
	}
	return types.TypeString(t, nil)
}
