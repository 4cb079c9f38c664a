package catalog

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strings"
	"testing"
)

// The tests in this file check cpuHeavy (cpuheavy.go) and the handler
// tables (handlers.go) the way blocking_table_test.go checks blockingFuncs:
// standard-library keys against the real Go 1.26 sources, the
// golang.org/x/crypto password hashes against the stubs under testdata/src,
// through the importer and helpers of blocking_table_test.go.

// cpuStubKeys are third-party keys whose stubs under testdata/src carry the
// real signatures (golang.org/x/crypto v0.58.0).
var cpuStubKeys = map[string]CPUCost{
	"golang.org/x/crypto/bcrypt.GenerateFromPassword":   CostFixedHeavy,
	"golang.org/x/crypto/bcrypt.CompareHashAndPassword": CostFixedHeavy,
	"golang.org/x/crypto/scrypt.Key":                    CostFixedHeavy,
	"golang.org/x/crypto/argon2.Key":                    CostFixedHeavy,
	"golang.org/x/crypto/argon2.IDKey":                  CostFixedHeavy,
}

// cpuExternalPkgs are the third-party packages whose keys have no stub here:
// they were resolved, FullName for FullName, with go/packages against the
// real modules (golang.org/x/crypto v0.58.0, golang.org/x/image v0.47.0,
// github.com/disintegration/imaging v1.6.2) in a scratch module. A key in
// any other third-party package must come with a stub.
var cpuExternalPkgs = map[string]bool{
	"golang.org/x/crypto/pbkdf2":        true,
	"golang.org/x/crypto/blake2b":       true,
	"golang.org/x/crypto/blake2s":       true,
	"golang.org/x/image/draw":           true,
	"github.com/disintegration/imaging": true,
}

// cpuNoInput lists the CostLinear functions (not methods) that take no
// argument whose size drives the cost.
var cpuNoInput = map[string]bool{
	"go/parser.ParseDir": true, // the directory's files
}

func cpuWhyOK(why string) bool {
	return why != "" && !strings.HasSuffix(why, ".") && strings.TrimSpace(why) == why
}

func TestCPUCostString(t *testing.T) {
	want := map[CPUCost]string{
		CostFixedHeavy:  "fixed heavy",
		CostLinear:      "linear",
		CostNLogN:       "n log n",
		CostCompile:     "compile",
		0:               "unknown",
		CostCompile + 1: "unknown",
	}
	for c, s := range want {
		if got := c.String(); got != s {
			t.Errorf("CPUCost(%d).String() = %q, want %q", c, got, s)
		}
	}
	if _, ok := LookupCPU(nil); ok {
		t.Error("LookupCPU(nil) found an entry")
	}
}

func TestCPUTableWellFormed(t *testing.T) {
	perCost := map[CPUCost]int{}
	for key, e := range cpuHeavy {
		k, err := blkParseKey(key)
		if err != nil {
			t.Error(err)
			continue
		}
		perCost[e.Cost]++
		if e.Cost < CostFixedHeavy || e.Cost > CostCompile {
			t.Errorf("%s: bad cost %d", key, e.Cost)
		}
		if !cpuWhyOK(e.Why) {
			t.Errorf("%s: bad Why %q", key, e.Why)
		}
		switch e.Cost {
		case CostFixedHeavy, CostCompile:
			if e.Input != -1 {
				t.Errorf("%s: Input %d for a %v cost, want -1", key, e.Input, e.Cost)
			}
		default:
			if e.Input < -1 {
				t.Errorf("%s: Input %d", key, e.Input)
			}
		}
		if !blkIsStd(k.pkg) {
			if _, stub := cpuStubKeys[key]; !stub && !cpuExternalPkgs[k.pkg] {
				t.Errorf("%s: third-party key with neither a stub nor a verified package", key)
			}
		}
	}
	for key, want := range cpuStubKeys {
		if e, ok := cpuHeavy[key]; !ok || e.Cost != want {
			t.Errorf("%s: cpuHeavy has %v, %v; want %v", key, e.Cost, ok, want)
		}
	}
	for c := CostFixedHeavy; c <= CostCompile; c++ {
		if perCost[c] == 0 {
			t.Errorf("no %v entries", c)
		}
		t.Logf("%v: %d entries", c, perCost[c])
	}
}

// cpuSized reports whether t can carry an input of any size: a string, a
// slice or map, an interface other than a sink (io.Reader, any,
// image.Image, sort.Interface), a pointer to a struct that holds a slice, or
// a type parameter constrained to slices.
func cpuSized(t types.Type) bool {
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		iface, _ := tp.Constraint().Underlying().(*types.Interface)
		if iface == nil || iface.NumEmbeddeds() == 0 {
			return false
		}
		for i := 0; i < iface.NumEmbeddeds(); i++ {
			u, ok := iface.EmbeddedType(i).(*types.Union)
			if !ok {
				return false
			}
			for j := 0; j < u.Len(); j++ {
				if _, ok := u.Term(j).Type().Underlying().(*types.Slice); !ok {
					return false
				}
			}
		}
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice, *types.Map:
		return true
	case *types.Interface:
		// A sink (io.Writer) is never the input.
		has := func(name string) bool {
			for i := 0; i < u.NumMethods(); i++ {
				if u.Method(i).Name() == name {
					return true
				}
			}
			return false
		}
		return !has("Write") || has("Read")
	case *types.Pointer:
		// A pointer to a struct with an exported slice field (*gif.GIF),
		// not to an opaque handle (*token.FileSet, *bytes.Buffer).
		st, ok := u.Elem().Underlying().(*types.Struct)
		if !ok {
			return false
		}
		for i := 0; i < st.NumFields(); i++ {
			if _, ok := st.Field(i).Type().Underlying().(*types.Slice); ok && st.Field(i).Exported() {
				return true
			}
		}
	}
	return false
}

// cpuCheckInput checks a CostLinear or CostNLogN entry's Input against the
// signature of the function it names.
func cpuCheckInput(t *testing.T, key string, e CPUEntry, fn *types.Func) {
	t.Helper()
	if e.Cost != CostLinear && e.Cost != CostNLogN {
		return
	}
	sig := fn.Type().(*types.Signature)
	if e.Input == -1 {
		if sig.Recv() == nil && !cpuNoInput[key] {
			t.Errorf("%s: Input -1 on a function that is not in cpuNoInput", key)
		}
		return
	}
	if e.Input >= sig.Params().Len() {
		t.Errorf("%s: Input %d out of range for %v", key, e.Input, sig)
		return
	}
	p := sig.Params().At(e.Input)
	if !cpuSized(p.Type()) {
		t.Errorf("%s: Input %d is %s %v, which carries no size", key, e.Input, p.Name(), p.Type())
	}
}

func TestCPUTableStdKeysResolve(t *testing.T) {
	im := blkLoader(t)
	var keys []string
	for key := range cpuHeavy {
		if k, err := blkParseKey(key); err == nil && blkIsStd(k.pkg) {
			keys = append(keys, key)
		}
	}
	sort.Strings(keys)
	if len(keys) < 100 {
		t.Fatalf("only %d standard-library keys", len(keys))
	}
	for _, key := range keys {
		fn, err := blkResolve(im, key)
		if err != nil {
			t.Error(err)
			continue
		}
		e, ok := LookupCPU(fn)
		if !ok || e != cpuHeavy[key] {
			t.Errorf("%s: LookupCPU = %+v, %v", key, e, ok)
		}
		cpuCheckInput(t, key, e, fn)
	}
}

func TestCPUTableStubKeysResolve(t *testing.T) {
	im := blkLoader(t)
	for key := range cpuStubKeys {
		fn, err := blkResolve(im, key)
		if err != nil {
			t.Error(err)
			continue
		}
		e, ok := LookupCPU(fn)
		if !ok {
			t.Errorf("%s: LookupCPU found nothing", key)
			continue
		}
		cpuCheckInput(t, key, e, fn)
	}
}

// cpuCallsIn type-checks a sample whose function use holds one call per
// statement and returns, in order, the function each statement's outermost
// call names.
func cpuCallsIn(t *testing.T, src string) []*types.Func {
	t.Helper()
	im := blkLoader(t)
	f, info := blkCheck(t, im, src)
	var fns []*types.Func
	for _, decl := range f.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Name.Name != "use" {
			continue
		}
		for _, stmt := range fd.Body.List {
			es, ok := stmt.(*ast.ExprStmt)
			if !ok {
				t.Fatalf("statement at %v is not a call", im.fset.Position(stmt.Pos()))
			}
			call, ok := es.X.(*ast.CallExpr)
			if !ok {
				t.Fatalf("statement at %v is not a call", im.fset.Position(stmt.Pos()))
			}
			fns = append(fns, blkFuncOf(info, call))
		}
	}
	return fns
}

// cpuSample is a call as user code writes it and the cost the catalog must
// give it; 0 means "must not be in the catalog".
type cpuSample struct {
	call string
	cost CPUCost
}

const cpuStdHeader = `package sample

import (
	"compress/flate"
	"compress/gzip"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"encoding/xml"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"hash/crc32"
	"html/template"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"math/big"
	"regexp"
	"runtime"
	"slices"
	"sort"
	texttemplate "text/template"
)

func use(data []byte, s string, r io.Reader, w io.Writer, v any,
	key *rsa.PrivateKey, cert *x509.Certificate, x, y, m *big.Int,
	img image.Image, dst draw.Image, gz *gzip.Writer,
	tt *texttemplate.Template, ht *template.Template,
	ints []int, strs []string, re *regexp.Regexp,
	conf *types.Config, fset *token.FileSet) {
`

var cpuStdSample = []cpuSample{
	// crypto
	{`rsa.GenerateKey(rand.Reader, 2048)`, CostFixedHeavy},
	{`rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, data)`, CostFixedHeavy},
	{`rsa.DecryptOAEP(sha256.New(), rand.Reader, key, data, nil)`, CostFixedHeavy},
	{`key.Sign(rand.Reader, data, crypto.SHA256)`, CostFixedHeavy},
	{`key.Decrypt(rand.Reader, data, nil)`, CostFixedHeavy},
	{`rsa.VerifyPKCS1v15(&key.PublicKey, crypto.SHA256, data, data)`, 0},
	{`ecdsa.GenerateKey(elliptic.P256(), rand.Reader)`, 0},
	{`pbkdf2.Key(sha256.New, s, data, 600000, 32)`, CostFixedHeavy},
	{`hkdf.Key(sha256.New, data, data, s, 32)`, 0},
	{`rand.Prime(rand.Reader, 1024)`, CostFixedHeavy},
	{`x.Exp(x, y, m)`, CostFixedHeavy},
	{`x.ProbablyPrime(20)`, CostFixedHeavy},
	{`x.Mul(x, y)`, 0},
	{`cert.Verify(x509.VerifyOptions{})`, CostFixedHeavy},
	{`x509.ParseCertificate(data)`, CostLinear},
	// hashing
	{`sha256.Sum256(data)`, CostLinear},
	{`md5.Sum(data)`, CostLinear},
	{`sha256.New()`, 0},
	{`crc32.ChecksumIEEE(data)`, CostLinear},
	// compression
	{`flate.NewWriter(w, flate.BestSpeed)`, CostFixedHeavy},
	{`gzip.NewWriter(w)`, CostFixedHeavy},
	{`gz.Write(data)`, CostLinear},
	{`gz.Close()`, 0},
	{`gzip.NewReader(r)`, 0},
	{`flate.NewReader(r).Read(data)`, 0}, // (io.Reader).Read: the dynamic type is not known here
	// images
	{`image.Decode(r)`, CostLinear},
	{`image.DecodeConfig(r)`, 0},
	{`png.Encode(w, img)`, CostLinear},
	{`jpeg.Encode(w, img, nil)`, CostLinear},
	{`draw.Draw(dst, dst.Bounds(), img, image.Point{}, draw.Src)`, CostLinear},
	{`draw.FloydSteinberg.Draw(dst, dst.Bounds(), img, image.Point{})`, CostLinear},
	// encoding and templates
	{`json.Marshal(v)`, CostLinear},
	{`json.Unmarshal(data, v)`, CostLinear},
	{`json.NewEncoder(w).Encode(v)`, CostLinear},
	{`json.NewDecoder(r).Decode(v)`, CostLinear},
	{`json.NewDecoder(r)`, 0},
	{`xml.Unmarshal(data, v)`, CostLinear},
	{`tt.Execute(w, v)`, CostLinear},
	{`ht.ExecuteTemplate(w, s, v)`, CostLinear},
	{`ht.Parse(s)`, CostCompile},
	{`tt.Lookup(s)`, 0},
	// sorting
	{`sort.Strings(strs)`, CostNLogN},
	{`sort.Slice(ints, func(i, j int) bool { return ints[i] < ints[j] })`, CostNLogN},
	{`slices.Sort(ints)`, CostNLogN},
	{`slices.SortFunc(strs, func(a, b string) int { return len(a) - len(b) })`, CostNLogN},
	{`slices.Contains(ints, 1)`, 0},
	// regexp
	{`regexp.MustCompile(s)`, CostCompile},
	{`regexp.MatchString(s, s)`, CostCompile},
	{`re.MatchString(s)`, 0},
	// Go tooling, runtime
	{`parser.ParseFile(fset, s, data, 0)`, CostLinear},
	{`format.Source(data)`, CostLinear},
	{`conf.Check(s, fset, nil, nil)`, CostLinear},
	{`runtime.GC()`, CostFixedHeavy},
}

func cpuCheckSample(t *testing.T, header string, samples []cpuSample) {
	t.Helper()
	var src strings.Builder
	src.WriteString(header)
	for _, s := range samples {
		fmt.Fprintf(&src, "\t%s\n", s.call)
	}
	src.WriteString("}\n")
	fns := cpuCallsIn(t, src.String())
	if len(fns) != len(samples) {
		t.Fatalf("found %d calls for %d samples", len(fns), len(samples))
	}
	for i, s := range samples {
		fn := fns[i]
		if fn == nil {
			t.Errorf("%s: no function", s.call)
			continue
		}
		e, ok := LookupCPU(fn)
		switch {
		case s.cost == 0 && ok:
			t.Errorf("%s (%s): in the catalog as %v, want absent", s.call, FullName(fn), e.Cost)
		case s.cost != 0 && !ok:
			t.Errorf("%s (%s): not in the catalog, want %v", s.call, FullName(fn), s.cost)
		case s.cost != 0 && e.Cost != s.cost:
			t.Errorf("%s (%s): cost %v, want %v", s.call, FullName(fn), e.Cost, s.cost)
		}
	}
}

func TestCPUTableStdSample(t *testing.T) {
	found := 0
	for _, s := range cpuStdSample {
		if s.cost != 0 {
			found++
		}
	}
	if found < 25 {
		t.Fatalf("sample has only %d calls in the catalog", found)
	}
	cpuCheckSample(t, cpuStdHeader, cpuStdSample)
}

const cpuStubHeader = `package sample

import (
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/scrypt"
)

func use(pw, salt, hash []byte) {
`

var cpuStubSample = []cpuSample{
	{`bcrypt.GenerateFromPassword(pw, bcrypt.DefaultCost)`, CostFixedHeavy},
	{`bcrypt.CompareHashAndPassword(hash, pw)`, CostFixedHeavy},
	{`bcrypt.Cost(hash)`, 0},
	{`scrypt.Key(pw, salt, 1<<15, 8, 1, 32)`, CostFixedHeavy},
	{`argon2.IDKey(pw, salt, 1, 64*1024, 4, 32)`, CostFixedHeavy},
	{`argon2.Key(pw, salt, 3, 32*1024, 4, 32)`, CostFixedHeavy},
}

func TestCPUTableStubCalls(t *testing.T) {
	cpuCheckSample(t, cpuStubHeader, cpuStubSample)
}

// ---- handlers.go ----

const (
	cpuHTTPHandlerFunc = "func(net/http.ResponseWriter, *net/http.Request)"
	cpuHTTPHandler     = "net/http.Handler"
)

func TestHandlerTablesResolve(t *testing.T) {
	im := blkLoader(t)
	check := func(table string, m map[string]HandlerReg, lookup func(*types.Func) (HandlerReg, bool)) {
		if len(m) == 0 {
			t.Errorf("%s is empty", table)
		}
		for key, r := range m {
			if !cpuWhyOK(r.Why) {
				t.Errorf("%s[%s]: bad Why %q", table, key, r.Why)
			}
			fn, err := blkResolve(im, key)
			if err != nil {
				t.Errorf("%s: %v", table, err)
				continue
			}
			if got, ok := lookup(fn); !ok || got.HandlerArg != r.HandlerArg || got.Why != r.Why {
				t.Errorf("%s[%s]: lookup = %+v, %v", table, key, got, ok)
			}
			sig := fn.Type().(*types.Signature)
			if r.HandlerArg == -1 {
				if table != "ServeLoops" || sig.Recv() == nil {
					t.Errorf("%s[%s]: HandlerArg -1 is for the methods of ServeLoops", table, key)
				}
				continue
			}
			if r.HandlerArg < 0 || r.HandlerArg >= sig.Params().Len() {
				t.Errorf("%s[%s]: HandlerArg %d out of range for %v", table, key, r.HandlerArg, sig)
				continue
			}
			p := sig.Params().At(r.HandlerArg)
			if s := types.TypeString(p.Type(), nil); s != cpuHTTPHandlerFunc && s != cpuHTTPHandler {
				t.Errorf("%s[%s]: HandlerArg %d is %s %s, not a handler", table, key, r.HandlerArg, p.Name(), s)
			}
		}
	}
	check("handlerRegs", handlerRegs, LookupHandlerReg)
	check("ServeLoops", ServeLoops, LookupServeLoop)
	for key := range handlerRegs {
		if _, ok := ServeLoops[key]; ok {
			t.Errorf("%s: in both handlerRegs and ServeLoops", key)
		}
	}

	if len(handlerMethods) == 0 {
		t.Error("handlerMethods is empty")
	}
	for key, hm := range handlerMethods {
		if !cpuWhyOK(hm.Why) {
			t.Errorf("handlerMethods[%s]: bad Why %q", key, hm.Why)
		}
		fn, err := blkResolve(im, key)
		if err != nil {
			t.Error(err)
			continue
		}
		k, _ := blkParseKey(key)
		tn := fn.Pkg().Scope().Lookup(k.recv).(*types.TypeName)
		iface, ok := tn.Type().Underlying().(*types.Interface)
		if !ok || iface.NumMethods() != 1 {
			// The shape match in LookupHandlerMethod equals implementing
			// the interface only for one-method interfaces.
			t.Errorf("handlerMethods[%s]: not a one-method interface", key)
		}
		if fn.Name() != hm.Name {
			t.Errorf("handlerMethods[%s]: Name %q", key, hm.Name)
		}
		sig := fn.Type().(*types.Signature)
		var params []string
		for i := 0; i < sig.Params().Len(); i++ {
			params = append(params, types.TypeString(sig.Params().At(i).Type(), nil))
		}
		if strings.Join(params, ", ") != strings.Join(hm.Params, ", ") || sig.Results().Len() != 0 {
			t.Errorf("handlerMethods[%s]: Params %q, signature %v", key, hm.Params, sig)
		}
		if got, _, ok := LookupHandlerMethod(fn); !ok || got != key {
			t.Errorf("handlerMethods[%s]: LookupHandlerMethod on itself = %q, %v", key, got, ok)
		}
	}
}

const cpuHandlerHeader = `package sample

import (
	"net"
	"net/http"
	"net/http/fcgi"
	"time"
)

type api struct{}

func (*api) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

type rw = http.ResponseWriter

type aliased struct{}

func (aliased) ServeHTTP(w rw, r *http.Request) {}

type notHandler struct{}

func (notHandler) ServeHTTP(w http.ResponseWriter) {}

func use(mux *http.ServeMux, srv *http.Server, h http.Handler, l net.Listener,
	f func(http.ResponseWriter, *http.Request)) {
`

// cpuHandlerSample: reg is the HandlerArg LookupHandlerReg must give (-2
// for none), loop likewise for LookupServeLoop, method whether
// LookupHandlerMethod must match.
var cpuHandlerSample = []struct {
	call      string
	reg, loop int
	method    bool
}{
	{`http.HandleFunc("/", f)`, 1, -2, false},
	{`http.Handle("/x", h)`, 1, -2, false},
	{`mux.HandleFunc("/", f)`, 1, -2, false},
	{`mux.Handle("/", h)`, 1, -2, false},
	{`http.StripPrefix("/x", h)`, 1, -2, false},
	{`http.TimeoutHandler(h, time.Second, "")`, 0, -2, false},
	{`http.MaxBytesHandler(h, 1<<20)`, 0, -2, false},
	{`mux.Handler(nil)`, -2, -2, false},
	{`http.ListenAndServe(":0", mux)`, -2, 1, false},
	{`http.ServeTLS(l, h, "c", "k")`, -2, 1, false},
	{`srv.ListenAndServeTLS("c", "k")`, -2, -1, false},
	{`srv.Serve(l)`, -2, -1, false},
	{`fcgi.Serve(l, h)`, -2, 1, false},
	{`srv.Shutdown(nil)`, -2, -2, false},
	{`http.Get("http://example.com")`, -2, -2, false},
	{`(&api{}).ServeHTTP(nil, nil)`, -2, -2, true},
	{`aliased{}.ServeHTTP(nil, nil)`, -2, -2, true},
	{`http.HandlerFunc(f).ServeHTTP(nil, nil)`, -2, -2, true},
	{`h.ServeHTTP(nil, nil)`, -2, -2, true},
	{`mux.ServeHTTP(nil, nil)`, -2, -2, true},
	{`notHandler{}.ServeHTTP(nil)`, -2, -2, false},
}

func TestHandlerSample(t *testing.T) {
	var src strings.Builder
	src.WriteString(cpuHandlerHeader)
	for _, s := range cpuHandlerSample {
		fmt.Fprintf(&src, "\t%s\n", s.call)
	}
	src.WriteString("}\n")
	fns := cpuCallsIn(t, src.String())
	if len(fns) != len(cpuHandlerSample) {
		t.Fatalf("found %d calls for %d samples", len(fns), len(cpuHandlerSample))
	}
	for i, s := range cpuHandlerSample {
		fn := fns[i]
		if fn == nil {
			t.Errorf("%s: no function", s.call)
			continue
		}
		reg, ok := LookupHandlerReg(fn)
		if got := map[bool]int{true: reg.HandlerArg, false: -2}[ok]; got != s.reg {
			t.Errorf("%s (%s): LookupHandlerReg HandlerArg %d, want %d", s.call, FullName(fn), got, s.reg)
		}
		loop, ok := LookupServeLoop(fn)
		if got := map[bool]int{true: loop.HandlerArg, false: -2}[ok]; got != s.loop {
			t.Errorf("%s (%s): LookupServeLoop HandlerArg %d, want %d", s.call, FullName(fn), got, s.loop)
		}
		if _, _, ok := LookupHandlerMethod(fn); ok != s.method {
			t.Errorf("%s (%s): LookupHandlerMethod = %v, want %v", s.call, FullName(fn), ok, s.method)
		}
	}
}
