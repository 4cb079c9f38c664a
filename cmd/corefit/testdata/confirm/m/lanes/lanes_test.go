package lanes

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"sync"
	"testing"
)

// TestLogin sends four logins per core at once.
func TestLogin(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(Login))
	defer srv.Close()
	var wg sync.WaitGroup
	for i := range 4 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			resp, err := http.PostForm(srv.URL, url.Values{"password": {string(rune('a' + i))}})
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		})
	}
	wg.Wait()
}
