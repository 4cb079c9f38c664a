package growth

import (
	"encoding/binary"
	"io"
	"net"
)

// ---- a connection's input ----

// serveConns starts a goroutine per accepted connection.
func serveConns(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go pairsConn(c)
		go boundedConn(c)
	}
}

// pairsConn reads a count from the connection and compares every record it
// then reads with every other: O(n²) in what the peer sends.
func pairsConn(c net.Conn) {
	defer c.Close()
	hdr := make([]byte, 4)
	io.ReadFull(c, hdr)
	n := int(binary.BigEndian.Uint32(hdr))
	recs := make([]uint32, n)
	binary.Read(c, binary.BigEndian, recs)
	same := 0
	for i := range recs { // want `O\(n²\) work in the size of c \(from the connection at conn.go:\d+\) runs in a goroutine started per accepted connection`
		for j := range recs {
			if recs[i] == recs[j] {
				same++
			}
		}
	}
	_ = same
}

// boundedConn clamps the count: at most 64 records, quiet.
func boundedConn(c net.Conn) {
	defer c.Close()
	hdr := make([]byte, 4)
	io.ReadFull(c, hdr)
	n := min(int(binary.BigEndian.Uint32(hdr)), 64)
	recs := make([]uint32, n)
	binary.Read(c, binary.BigEndian, recs)
	same := 0
	for i := range recs {
		for j := range recs {
			if recs[i] == recs[j] {
				same++
			}
		}
	}
	_ = same
}
