package catalog

import "go/types"

// Reads and writes through io.Reader, io.Writer and the types that wrap them
// block or not depending on what is underneath: a *bytes.Buffer never waits,
// a net.Conn waits for the peer, a file from os.Open waits for the disk.
// The tables below let the blocking pass follow a value back to where it was
// made (its origin) and decide from there. When the origin is unknown the
// pass stays silent.

// handleSources are functions whose first result is an I/O handle of a
// known kind.
var handleSources = map[string]Entry{
	"os.Open":                          {Disk, "read of a file opened with os.Open"},
	"os.OpenFile":                      {Disk, "I/O on a file opened with os.OpenFile"},
	"os.Create":                        {Disk, "write to a file made with os.Create"},
	"os.CreateTemp":                    {Disk, "I/O on a temporary file"},
	"os.OpenInRoot":                    {Disk, "I/O on a file opened with os.OpenInRoot"},
	"(*os.Root).Open":                  {Disk, "I/O on a file opened with os.Root.Open"},
	"(*os.Root).OpenFile":              {Disk, "I/O on a file opened with os.Root.OpenFile"},
	"(*os.Root).Create":                {Disk, "I/O on a file made with os.Root.Create"},
	"net.Dial":                         {Network, "I/O on a network connection"},
	"net.DialTimeout":                  {Network, "I/O on a network connection"},
	"net.DialTCP":                      {Network, "I/O on a TCP connection"},
	"net.DialUDP":                      {Network, "I/O on a UDP connection"},
	"net.DialUnix":                     {Network, "I/O on a unix socket"},
	"(*net.Dialer).Dial":               {Network, "I/O on a network connection"},
	"(*net.Dialer).DialContext":        {Network, "I/O on a network connection"},
	"(net.Listener).Accept":            {Network, "I/O on an accepted connection"},
	"(*net.TCPListener).Accept":        {Network, "I/O on an accepted connection"},
	"(*net.TCPListener).AcceptTCP":     {Network, "I/O on an accepted connection"},
	"(*net.UnixListener).Accept":       {Network, "I/O on an accepted connection"},
	"crypto/tls.Dial":                  {Network, "I/O on a TLS connection"},
	"crypto/tls.DialWithDialer":        {Network, "I/O on a TLS connection"},
	"(*crypto/tls.Dialer).Dial":        {Network, "I/O on a TLS connection"},
	"(*crypto/tls.Dialer).DialContext": {Network, "I/O on a TLS connection"},
	"crypto/tls.Client":                {Network, "I/O on a TLS connection"},
	"crypto/tls.Server":                {Network, "I/O on a TLS connection"},
	"(*os/exec.Cmd).StdoutPipe":        {Process, "read from a child process's output"},
	"(*os/exec.Cmd).StderrPipe":        {Process, "read from a child process's output"},
	"(*os/exec.Cmd).StdinPipe":         {Process, "write to a child process's input"},
}

// handleFields are struct fields that hold an I/O handle of a known kind,
// keyed "(pkg.Type).Field".
var handleFields = map[string]Entry{
	"(net/http.Response).Body": {Network, "read of an HTTP response body"},
	"(net/http.Request).Body":  {Network, "read of an HTTP request body from the client"},
}

// handleTypes are types whose values are I/O handles of a known kind
// wherever they come from, keyed "pkg.Type" (pointers stripped).
var handleTypes = map[string]Entry{
	"net.Conn":        {Network, "I/O on a network connection"},
	"net.TCPConn":     {Network, "I/O on a TCP connection"},
	"net.UDPConn":     {Network, "I/O on a UDP connection"},
	"net.UnixConn":    {Network, "I/O on a unix socket"},
	"net.IPConn":      {Network, "I/O on an IP connection"},
	"net.PacketConn":  {Network, "I/O on a packet connection"},
	"crypto/tls.Conn": {Network, "I/O on a TLS connection"},
}

// HandleType reports the kind of I/O handle that values of type t are,
// whatever their origin: a net.Conn is a connection wherever it came from.
func HandleType(t types.Type) (Entry, bool) {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return Entry{}, false
	}
	e, ok := handleTypes[n.Obj().Pkg().Path()+"."+n.Obj().Name()]
	return e, ok && e.Kind != 0
}

// IsReadMethod reports whether an I/O method of this name waits for data to
// arrive (as opposed to sending it).
func IsReadMethod(name string) bool {
	switch name {
	case "Read", "ReadAt", "ReadByte", "ReadBytes", "ReadLine", "ReadRune", "ReadSlice",
		"ReadString", "ReadFrom", "Scan", "Decode", "Token", "ReadAll", "ReadLineBytes",
		"ReadMIMEHeader", "Next", "Peek", "Discard":
		return true
	}
	return false
}

// handleWrappers return a value that does its I/O through one of their
// arguments (the index given), so that the result has that argument's origin.
var handleWrappers = map[string]int{
	"bufio.NewReader":          0,
	"bufio.NewReaderSize":      0,
	"bufio.NewWriter":          0,
	"bufio.NewWriterSize":      0,
	"bufio.NewScanner":         0,
	"bufio.NewReadWriter":      0,
	"io.LimitReader":           0,
	"io.TeeReader":             0,
	"io.NopCloser":             0,
	"io.NewSectionReader":      0,
	"encoding/json.NewDecoder": 0,
	"encoding/json.NewEncoder": 0,
	"encoding/xml.NewDecoder":  0,
	"encoding/xml.NewEncoder":  0,
	"encoding/gob.NewDecoder":  0,
	"encoding/gob.NewEncoder":  0,
	"encoding/csv.NewReader":   0,
	"encoding/csv.NewWriter":   0,
	"compress/gzip.NewReader":  0,
	"compress/gzip.NewWriter":  0,
	"compress/zlib.NewReader":  0,
	"compress/zlib.NewWriter":  0,
	"compress/flate.NewReader": 0,
	"compress/flate.NewWriter": 0,
	"archive/tar.NewReader":    0,
	"archive/tar.NewWriter":    0,
	"net/textproto.NewReader":  0,
}

// handleConsumers do I/O on the arguments at the given indexes.
var handleConsumers = map[string][]int{
	"io.ReadAll":        {0},
	"io.Copy":           {0, 1},
	"io.CopyN":          {0, 1},
	"io.CopyBuffer":     {0, 1},
	"io.ReadFull":       {0},
	"io.ReadAtLeast":    {0},
	"io.WriteString":    {0},
	"io/ioutil.ReadAll": {0},
	"fmt.Fprint":        {0},
	"fmt.Fprintf":       {0},
	"fmt.Fprintln":      {0},
	"fmt.Fscan":         {0},
	"fmt.Fscanf":        {0},
	"fmt.Fscanln":       {0},
}

// ioMethods are the method names that move data through a handle: a call of
// one of them on a value whose origin blocks, blocks the same way. Close,
// SetDeadline and the like are not listed.
var ioMethods = map[string]bool{
	"Read": true, "ReadAt": true, "ReadByte": true, "ReadBytes": true, "ReadLine": true,
	"ReadRune": true, "ReadSlice": true, "ReadString": true, "ReadFrom": true, "WriteTo": true,
	"Write": true, "WriteAt": true, "WriteByte": true, "WriteRune": true, "WriteString": true,
	"Flush": true, "Scan": true, "Decode": true, "Encode": true, "Token": true, "ReadAll": true,
	"ReadLineBytes": true, "ReadMIMEHeader": true, "Next": true, "Peek": true, "Discard": true,
}

// HandleSource reports the kind of I/O handle that fn returns, if known.
func HandleSource(fn *types.Func) (Entry, bool) {
	e, ok := handleSources[FullName(fn)]
	return e, ok
}

// HandleField reports the kind of I/O handle that the field holds, if known.
// owner is the struct's named type.
func HandleField(owner *types.Named, field string) (Entry, bool) {
	o := owner.Origin().Obj()
	if o.Pkg() == nil {
		return Entry{}, false
	}
	e, ok := handleFields["("+o.Pkg().Path()+"."+o.Name()+")."+field]
	return e, ok
}

// HandleWrapper reports which argument of fn its result does I/O through.
func HandleWrapper(fn *types.Func) (int, bool) {
	i, ok := handleWrappers[FullName(fn)]
	return i, ok
}

// HandleConsumer reports which arguments fn does I/O on.
func HandleConsumer(fn *types.Func) []int { return handleConsumers[FullName(fn)] }

// IOMethod reports whether a method of this name moves data through its
// receiver.
func IOMethod(name string) bool { return ioMethods[name] }
