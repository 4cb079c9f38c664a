// Package frameworks tests gin's route handlers as per-request contexts,
// known without a flag.
package frameworks

import (
	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/bcrypt"
)

func Routes(stored []byte) {
	r := gin.Default()
	r.POST("/login", func(c *gin.Context) {
		bcrypt.CompareHashAndPassword(stored, []byte("pw")) // want `bcrypt.CompareHashAndPassword, CPU-heavy \(bcrypt password check\), runs in an HTTP handler, once per request in flight with no bound`
	})
	// Handed to a goroutine of its own: quiet.
	r.POST("/async", func(c *gin.Context) {
		go bcrypt.CompareHashAndPassword(stored, []byte("pw"))
	})
}

// check is the same work in a function no handler runs: quiet.
func check(stored []byte) error {
	return bcrypt.CompareHashAndPassword(stored, []byte("pw"))
}
