// Package user tests the catalog entries users add with flags: the test
// runs iostall with
//
//	-iostall.handlers=(*iostall/user.Router).Route=handler:arg=1
//
// gin's route registrations are known without a flag.
//
//	-iostall.cpuheavy=iostall/user.slowHash=heavy,(iostall/user.Codec).Encode=linear:input=0
package user

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// slowHash is listed as heavy on every call.
func slowHash(s string) string { return s }

// Codec.Encode is listed as linear in its argument.
type Codec struct{}

func (Codec) Encode(b []byte) []byte { return b }

// Router is the user's own router; Route is listed as a registration.
type Router struct{}

func (*Router) Route(path string, h func(w http.ResponseWriter, r *http.Request)) {}

func Gin() {
	r := gin.Default()
	r.GET("/hash", func(c *gin.Context) {
		_ = slowHash("pw") // want `slowHash, CPU-heavy \(CPU-heavy, listed by -iostall.cpuheavy\), runs in an HTTP handler, once per request in flight with no bound`
	})
	r.POST("/a", auth, func(c *gin.Context) {
		_ = c
	})
	r.Handle("PUT", "/b", func(c *gin.Context) {
		_ = slowHash("pw") // want `slowHash, CPU-heavy .*runs in an HTTP handler`
	})
	var g gin.IRoutes = &r.RouterGroup
	g.GET("/c", func(c *gin.Context) {
		_ = slowHash("pw") // want `slowHash, CPU-heavy .*runs in an HTTP handler`
	})
}

// auth is a named handler in a list: reported in it.
func auth(c *gin.Context) {
	_ = slowHash("token") // want `slowHash, CPU-heavy .*runs in an HTTP handler`
}

func Own(items [][]byte) {
	var rt Router
	rt.Route("/x", func(w http.ResponseWriter, r *http.Request) {
		for _, it := range items {
			for range it {
				_ = Codec{}.Encode(it) // want `Encode, CPU-heavy .*runs in a request handler`
			}
		}
	})
}

// Plain functions that no handler runs stay quiet.
func Plain() {
	_ = slowHash("pw")
}
