package pairs

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
)

// TestCount posts 4,000 values, four requests per core at once.
func TestCount(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(Count))
	defer srv.Close()
	vs := make([]float64, 4000)
	for i := range vs {
		vs[i] = float64(i * 7919 % 4000)
	}
	body, _ := json.Marshal(vs)
	var wg sync.WaitGroup
	for range 4 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			resp, err := http.Post(srv.URL, "application/json", bytes.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		})
	}
	wg.Wait()
}
