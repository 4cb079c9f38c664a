package cross

import (
	"net/http"

	"iostall/heavylib"
)

func init() {
	http.HandleFunc("/register", func(w http.ResponseWriter, r *http.Request) {
		heavylib.Register([]byte(r.FormValue("pw"))) // want `heavylib.Register, CPU-heavy \(bcrypt password hash in bcrypt.GenerateFromPassword\), runs in an HTTP handler`
	})
	http.HandleFunc("/cheap", func(w http.ResponseWriter, r *http.Request) {
		heavylib.Cheap([]byte(r.FormValue("pw")))
	})
}
