// Package gin is a stub of github.com/gin-gonic/gin v1.12.0 for corefit's
// tests: the route registration of RouterGroup with the real signatures.
package gin

// Context is the request context.
type Context struct{ Keys map[string]any }

// HandlerFunc defines the handler used by gin middleware as return value.
type HandlerFunc func(*Context)

// IRoutes defines all router handle interface.
type IRoutes interface {
	GET(string, ...HandlerFunc) IRoutes
	POST(string, ...HandlerFunc) IRoutes
}

// RouterGroup is used internally to configure router.
type RouterGroup struct{ basePath string }

// GET is a shortcut for router.Handle("GET", path, handlers).
func (group *RouterGroup) GET(relativePath string, handlers ...HandlerFunc) IRoutes { return group }

// POST is a shortcut for router.Handle("POST", path, handlers).
func (group *RouterGroup) POST(relativePath string, handlers ...HandlerFunc) IRoutes { return group }

// Handle registers a new request handle and middleware with the given path and method.
func (group *RouterGroup) Handle(httpMethod, relativePath string, handlers ...HandlerFunc) IRoutes {
	return group
}

// Engine is the framework's instance.
type Engine struct {
	RouterGroup
}

// Default returns an Engine instance with the Logger and Recovery middleware already attached.
func Default() *Engine { return &Engine{} }

// Run attaches the router to a http.Server and starts listening and serving HTTP requests.
func (engine *Engine) Run(addr ...string) error { return nil }
