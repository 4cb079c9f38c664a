// Package pairs compares every value a request sends with every other in
// its handler: O(n²) in the request, and the diagnostic is on the loop.
package pairs

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Count answers how many ordered pairs of the posted values are ascending.
func Count(w http.ResponseWriter, r *http.Request) {
	var vs []float64
	json.NewDecoder(r.Body).Decode(&vs)
	n := 0
	for i := range vs {
		for j := range vs {
			if vs[i] < vs[j] {
				n++
			}
		}
	}
	fmt.Fprint(w, n)
}
