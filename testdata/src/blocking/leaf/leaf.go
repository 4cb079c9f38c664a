package leaf

import (
	"bufio"
	"bytes"
	"database/sql"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

func Read(p string) []byte { // want Read:`blocks\(disk\): os.ReadFile`
	b, _ := os.ReadFile(p)
	return b
}

func Fetch(u string) (*http.Response, error) { // want Fetch:`blocks\(network\): http.Get`
	return http.Get(u)
}

func Body(resp *http.Response) []byte { // want Body:`blocks\(network\): io.ReadAll`
	b, _ := io.ReadAll(resp.Body)
	return b
}

func Lines(p string) int { // want Lines:`blocks\(disk\): \(\*bufio.Scanner\).Scan`
	f, err := os.Open(p)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
	}
	return n
}

func Nap() { time.Sleep(time.Millisecond) } // want Nap:`blocks\(sleep\): time.Sleep`

func Tick(t *time.Ticker) { <-t.C } // want Tick:`blocks\(sleep\): receive from time.Ticker.C`

func Dial(addr string) { // want Dial:`blocks\(network\): net.Dial`
	c, _ := net.Dial("tcp", addr)
	c.Close()
}

// Negatives: no fact.

func InMemory(s string) []byte {
	b, _ := io.ReadAll(strings.NewReader(s))
	var buf bytes.Buffer
	buf.Write(b)
	return buf.Bytes()
}

func Unknown(r io.Reader) []byte {
	b, _ := io.ReadAll(r)
	return b
}

func Lazy(dsn string) *sql.DB {
	db, _ := sql.Open("pg", dsn)
	return db
}

func Locks(mu *sync.Mutex, wg *sync.WaitGroup, ch chan int) int {
	mu.Lock()
	defer mu.Unlock()
	wg.Wait()
	return <-ch
}

func Spawn(p string) {
	go Read(p) // the caller does not wait for the goroutine
}
