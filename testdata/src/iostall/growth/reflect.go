package growth

import (
	"encoding/gob"
	"net"
	"reflect"
)

// A Msg is what a peer sends.
type Msg struct {
	Name  string
	Items []string
}

// serveDecoded starts a goroutine per accepted connection that decodes.
func serveDecoded(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go fieldsConn(c)
		go itemsConn(c)
	}
}

// fieldsConn decodes a message and walks its type's fields against each
// other, as a codec's type cache does (go-msgpack's TypeInfos.rget): the
// loops are bounded by the program's types, not by what the peer sends.
func fieldsConn(c net.Conn) {
	var m Msg
	gob.NewDecoder(c).Decode(&m)
	rt := reflect.TypeOf(m)
	dup := 0
	for i := 0; i < rt.NumField(); i++ {
		for j := 0; j < rt.NumField(); j++ {
			if rt.Field(i).Name == rt.Field(j).Name {
				dup++
			}
		}
	}
	_ = dup
}

// itemsConn compares the decoded items with each other: O(n²) in what the
// peer sends.
func itemsConn(c net.Conn) {
	var m Msg
	gob.NewDecoder(c).Decode(&m)
	dup := 0
	for i := range m.Items { // want `O\(n²\) work in the size of c \(from the connection at reflect.go:\d+\) runs in a goroutine started per accepted connection`
		for j := range m.Items {
			if m.Items[i] == m.Items[j] {
				dup++
			}
		}
	}
	_ = dup
}
