package ssax

import (
	"encoding/binary"
	"errors"
)

// FactWriter writes a fact in a compact binary form, for a fact type's
// GobEncode. encoding/gob describes every field of every value it decodes
// through reflection; corefit's larger facts (lists of accesses, call
// chains) are written this way instead, so that the drivers, which decode
// the facts of every dependency for each package (and go vet re-exports
// imported method facts in every package's file), pay a copy of bytes, and
// the fact is decoded only when a pass looks at it.
//
// Integers are varints; a string is written once per fact and then named by
// its index.
type FactWriter struct {
	buf  []byte
	strs map[string]int
}

// NewFactWriter starts a fact with its format version.
func NewFactWriter(version byte) *FactWriter {
	return &FactWriter{buf: []byte{version}, strs: make(map[string]int)}
}

func (w *FactWriter) Int(v int)   { w.buf = binary.AppendVarint(w.buf, int64(v)) }
func (w *FactWriter) Uint(v int)  { w.buf = binary.AppendUvarint(w.buf, uint64(v)) }
func (w *FactWriter) Byte(b byte) { w.buf = append(w.buf, b) }

// Flags writes up to eight booleans as one byte.
func (w *FactWriter) Flags(bs ...bool) {
	var b byte
	for i, v := range bs {
		if v {
			b |= 1 << i
		}
	}
	w.buf = append(w.buf, b)
}

// String writes s, or the index of its first occurrence in this fact.
func (w *FactWriter) String(s string) {
	if i, ok := w.strs[s]; ok {
		w.Uint(i + 1)
		return
	}
	w.strs[s] = len(w.strs)
	w.Uint(0)
	w.Uint(len(s))
	w.buf = append(w.buf, s...)
}

// Bytes writes b whole, not through the string table: a part that a reader
// may skip over.
func (w *FactWriter) Bytes(b string) {
	w.Uint(len(b))
	w.buf = append(w.buf, b...)
}

// Encoded returns the encoded fact.
func (w *FactWriter) Encoded() []byte { return w.buf }

// FactReader reads what a FactWriter wrote. After the first error every read
// returns zero values and Err reports the error.
type FactReader struct {
	buf  []byte
	strs []string
	err  error
}

var errBadFact = errors.New("corefit: malformed fact encoding")

// NewFactReader starts reading data, which must begin with version.
func NewFactReader(data []byte, version byte) *FactReader {
	r := &FactReader{buf: data}
	if len(data) == 0 || data[0] != version {
		r.err = errBadFact
		return r
	}
	r.buf = data[1:]
	return r
}

// Err returns the first error met, or an error if bytes are left over.
func (r *FactReader) Err() error {
	if r.err == nil && len(r.buf) > 0 {
		return errBadFact
	}
	return r.err
}

// OK reports whether every read so far succeeded.
func (r *FactReader) OK() bool { return r.err == nil }

func (r *FactReader) Int() int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.buf)
	if n <= 0 {
		r.err = errBadFact
		return 0
	}
	r.buf = r.buf[n:]
	return int(v)
}

func (r *FactReader) Uint() int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.buf)
	if n <= 0 || v > uint64(len(r.buf))+uint64(len(r.strs))+1<<20 {
		r.err = errBadFact
		return 0
	}
	r.buf = r.buf[n:]
	return int(v)
}

func (r *FactReader) Byte() byte {
	if r.err != nil {
		return 0
	}
	if len(r.buf) == 0 {
		r.err = errBadFact
		return 0
	}
	b := r.buf[0]
	r.buf = r.buf[1:]
	return b
}

// Flags reads the booleans Flags wrote, into ps.
func (r *FactReader) Flags(ps ...*bool) {
	b := r.Byte()
	for i, p := range ps {
		*p = b&(1<<i) != 0
	}
}

// Bytes reads what FactWriter.Bytes wrote.
func (r *FactReader) Bytes() string {
	n := r.Uint()
	if r.err != nil || n > len(r.buf) {
		r.err = errBadFact
		return ""
	}
	s := string(r.buf[:n])
	r.buf = r.buf[n:]
	return s
}

func (r *FactReader) String() string {
	i := r.Uint()
	if r.err != nil {
		return ""
	}
	if i > 0 {
		if i > len(r.strs) {
			r.err = errBadFact
			return ""
		}
		return r.strs[i-1]
	}
	s := r.Bytes()
	if r.err == nil {
		r.strs = append(r.strs, s)
	}
	return s
}
