package conn

import (
	"bufio"
	"net"
	"testing"
)

// TestPipelined sends four requests at once on one connection, as a client
// that pipelines does, and reads the four answers: the requests behind the
// first wait for the derivations before them.
func TestPipelined(t *testing.T) {
	c, r := dial(t)
	if _, err := c.Write([]byte("a\nb\nc\nd\n")); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if _, err := r.ReadString('\n'); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOneByOne sends the next request only when the last one is
// answered: no request waits behind another.
func TestOneByOne(t *testing.T) {
	c, r := dial(t)
	for _, req := range []string{"a\n", "b\n", "c\n", "d\n"} {
		if _, err := c.Write([]byte(req)); err != nil {
			t.Fatal(err)
		}
		if _, err := r.ReadString('\n'); err != nil {
			t.Fatal(err)
		}
	}
}

// dial starts a server and connects to it.
func dial(t *testing.T) (net.Conn, *bufio.Reader) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go Serve(ln)
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, bufio.NewReader(c)
}
