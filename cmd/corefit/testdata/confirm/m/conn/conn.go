// Package conn serves a line protocol over TCP. Each connection's goroutine
// reads requests one by one and derives a key for each inline: the next
// request on the connection waits behind the derivation.
package conn

import (
	"bufio"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/hex"
	"net"
)

// Serve accepts connections and serves each in a goroutine of its own.
func Serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go serveConn(c)
	}
}

// serveConn answers each line with the hex of its key.
func serveConn(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		key, _ := pbkdf2.Key(sha256.New, line, []byte("salt"), 100000, 32)
		if _, err := c.Write([]byte(hex.EncodeToString(key) + "\n")); err != nil {
			return
		}
	}
}
