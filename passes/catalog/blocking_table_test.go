package catalog

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The tests in this file type-check the real standard library (Go 1.26,
// GOOS=linux, GOARCH=amd64, cgo off, whatever the host) and the stubs under
// testdata/src from source, so that a misspelt key or one that names a
// function that does not exist makes them fail. They need no network and no
// go command: go/build finds packages in GOROOT and, GOPATH-style, in
// testdata.

// blkImporter is a from-source importer over a fixed build context.
type blkImporter struct {
	ctxt build.Context
	fset *token.FileSet
	pkgs map[string]*types.Package // by import path; nil while in progress
}

var (
	blkOnce   sync.Once
	blkShared *blkImporter
	blkErr    error
)

// blkLoader returns the importer shared by the tests in this file, so that
// the standard library is type-checked once.
func blkLoader(t *testing.T) *blkImporter {
	t.Helper()
	blkOnce.Do(func() {
		gopath, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
		if err != nil {
			blkErr = err
			return
		}
		ctxt := build.Default
		ctxt.GOOS, ctxt.GOARCH = "linux", "amd64"
		ctxt.CgoEnabled = false
		ctxt.GOPATH = gopath
		// With a file-system hook set, go/build resolves imports itself
		// (GOROOT, then GOPATH) instead of asking the go command in module
		// mode.
		ctxt.IsDir = func(p string) bool {
			fi, err := os.Stat(p)
			return err == nil && fi.IsDir()
		}
		blkShared = &blkImporter{ctxt: ctxt, fset: token.NewFileSet(), pkgs: map[string]*types.Package{}}
	})
	if blkErr != nil {
		t.Fatal(blkErr)
	}
	return blkShared
}

func (im *blkImporter) Import(path string) (*types.Package, error) {
	return im.ImportFrom(path, "", 0)
}

func (im *blkImporter) ImportFrom(path, dir string, _ types.ImportMode) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	bp, err := im.ctxt.Import(path, dir, 0)
	if err != nil {
		return nil, err
	}
	if p, ok := im.pkgs[bp.ImportPath]; ok {
		if p == nil {
			return nil, fmt.Errorf("import cycle through %s", bp.ImportPath)
		}
		return p, nil
	}
	im.pkgs[bp.ImportPath] = nil
	var files []*ast.File
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(im.fset, filepath.Join(bp.Dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			delete(im.pkgs, bp.ImportPath)
			return nil, err
		}
		files = append(files, f)
	}
	conf := types.Config{
		Importer:         im,
		IgnoreFuncBodies: true,
		Sizes:            types.SizesFor("gc", "amd64"),
	}
	p, err := conf.Check(bp.ImportPath, im.fset, files, nil)
	if err != nil {
		delete(im.pkgs, bp.ImportPath)
		return nil, fmt.Errorf("type-checking %s: %v", bp.ImportPath, err)
	}
	im.pkgs[bp.ImportPath] = p
	return p, nil
}

// blkCheck type-checks one file of user code against im.
func blkCheck(t *testing.T, im *blkImporter, src string) (*ast.File, *types.Info) {
	t.Helper()
	f, err := parser.ParseFile(im.fset, "sample.go", src, 0)
	if err != nil {
		t.Fatalf("parsing sample: %v\n%s", err, src)
	}
	info := &types.Info{
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	conf := types.Config{Importer: im, Sizes: types.SizesFor("gc", "amd64")}
	if _, err := conf.Check("sample", im.fset, []*ast.File{f}, info); err != nil {
		t.Fatalf("type-checking sample: %v\n%s", err, src)
	}
	return f, info
}

// blkFuncOf returns the function or method that a selector expression
// (pkg.F, (*pkg.T).M, pkg.I.M, x.M) denotes.
func blkFuncOf(info *types.Info, e ast.Expr) *types.Func {
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok {
			fn, _ := sel.Obj().(*types.Func)
			return fn
		}
		fn, _ := info.Uses[e.Sel].(*types.Func)
		return fn
	case *ast.CallExpr:
		return blkFuncOf(info, e.Fun)
	case *ast.IndexExpr: // explicit instantiation: pkg.F[T]
		return blkFuncOf(info, e.X)
	case *ast.IndexListExpr:
		return blkFuncOf(info, e.X)
	}
	return nil
}

// blkKey is a parsed catalog key.
type blkKey struct {
	pkg  string // package path
	recv string // receiver type name without '*' or type parameters; "" for a function
	ptr  bool   // pointer receiver
	name string // function or method name
}

// blkParseKey splits "pkg.F", "(*pkg.T).M", "(pkg.T).M" and
// "(pkg.G[P any]).M".
func blkParseKey(key string) (blkKey, error) {
	var k blkKey
	rest := key
	if strings.HasPrefix(key, "(") {
		i := strings.Index(key, ").")
		if i < 0 {
			return k, fmt.Errorf("%q: no \").\"", key)
		}
		recv := key[1:i]
		k.name = key[i+2:]
		if strings.HasPrefix(recv, "*") {
			k.ptr = true
			recv = recv[1:]
		}
		if j := strings.IndexByte(recv, '['); j >= 0 {
			if !strings.HasSuffix(recv, "]") {
				return k, fmt.Errorf("%q: unbalanced type parameters", key)
			}
			recv = recv[:j]
		}
		rest = recv
	}
	dot := strings.LastIndexByte(rest, '.')
	if dot <= 0 || dot == len(rest)-1 || strings.LastIndexByte(rest, '/') > dot {
		return k, fmt.Errorf("%q: no package-qualified name", key)
	}
	if k.name == "" {
		k.pkg, k.name = rest[:dot], rest[dot+1:]
	} else {
		k.pkg, k.recv = rest[:dot], rest[dot+1:]
	}
	if !token.IsIdentifier(k.name) || (k.recv != "" && !token.IsIdentifier(k.recv)) {
		return k, fmt.Errorf("%q: bad identifier", key)
	}
	return k, nil
}

// blkIsStd reports whether a package path is in the standard library: no
// dot in its first element.
func blkIsStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// blkResolve finds the function or method that key names and checks that
// its FullName is key itself.
func blkResolve(im *blkImporter, key string) (*types.Func, error) {
	k, err := blkParseKey(key)
	if err != nil {
		return nil, err
	}
	pkg, err := im.Import(k.pkg)
	if err != nil {
		return nil, err
	}
	if pkg.Path() != k.pkg {
		return nil, fmt.Errorf("%s: package loaded as %s", key, pkg.Path())
	}
	var obj types.Object
	if k.recv == "" {
		obj = pkg.Scope().Lookup(k.name)
	} else {
		tn, ok := pkg.Scope().Lookup(k.recv).(*types.TypeName)
		if !ok {
			return nil, fmt.Errorf("%s: no type %s in %s", key, k.recv, k.pkg)
		}
		T := tn.Type()
		if k.ptr {
			T = types.NewPointer(T)
		}
		obj, _, _ = types.LookupFieldOrMethod(T, false, pkg, k.name)
	}
	fn, ok := obj.(*types.Func)
	if !ok {
		return nil, fmt.Errorf("%s: no such function or method (found %v)", key, obj)
	}
	if got := FullName(fn); got != key {
		return nil, fmt.Errorf("%s: resolves to %s", key, got)
	}
	return fn, nil
}

func TestBlockingTableWellFormed(t *testing.T) {
	for key, e := range blockingFuncs {
		if _, err := blkParseKey(key); err != nil {
			t.Error(err)
		}
		if e.Kind < NotBlocking || e.Kind > Sleep {
			t.Errorf("%s: bad kind %d", key, e.Kind)
		}
		if e.Why == "" || strings.HasSuffix(e.Why, ".") || strings.TrimSpace(e.Why) != e.Why {
			t.Errorf("%s: bad Why %q", key, e.Why)
		}
	}
	for i, r := range methodRules {
		if r.Pkg == "" || !r.Kind.Blocks() || r.Why == "" {
			t.Errorf("methodRules[%d] = %+v: incomplete", i, r)
		}
		if blkIsStd(strings.TrimSuffix(r.Pkg, "/...")) {
			t.Errorf("methodRules[%d]: standard-library packages belong in blockingFuncs", i)
		}
	}
}

// blkStdSample names standard-library functions the way user code does and
// the kind the catalog must give them; kind 0 means "must not be in the
// catalog". Promoted methods ((*net.TCPConn).Read is (*net.conn).Read) and
// interface methods go through the same type-checker path as real code.
var blkStdSample = []struct {
	expr string
	kind Kind
}{
	// net
	{"net.Dial", Network},
	{"net.DialTimeout", Network},
	{"net.DialTCP", Network},
	{"(*net.Dialer).DialContext", Network},
	{"net.Listener.Accept", WaitForData},
	{"(*net.TCPListener).AcceptTCP", WaitForData},
	{"net.Conn.Read", WaitForData},
	{"net.Conn.Write", Network},
	{"(*net.TCPConn).Read", WaitForData},
	{"(*net.TCPConn).Write", Network},
	{"(*net.UDPConn).Read", WaitForData},
	{"(*net.UnixConn).Write", Network},
	{"(*net.IPConn).Read", WaitForData},
	{"(*net.TCPConn).ReadFrom", Network},
	{"(*net.UDPConn).ReadFromUDP", WaitForData},
	{"(*net.UDPConn).WriteTo", Network},
	{"net.PacketConn.ReadFrom", WaitForData},
	{"net.LookupHost", Network},
	{"(*net.Resolver).LookupIPAddr", Network},
	{"net.Listen", NotBlocking},
	{"net.ListenPacket", NotBlocking},
	{"(*net.TCPConn).SetDeadline", 0},
	// net/http and friends
	{"http.Get", Network},
	{"http.PostForm", Network},
	{"(*http.Client).Do", Network},
	{"(*http.Client).Post", Network},
	{"(*http.Transport).RoundTrip", Network},
	{"http.RoundTripper.RoundTrip", Network},
	{"http.DefaultClient.Do", Network},
	{"http.NewRequest", NotBlocking},
	{"http.NewRequestWithContext", NotBlocking},
	{"(*httputil.ReverseProxy).ServeHTTP", Network},
	{"smtp.SendMail", Network},
	{"(*rpc.Client).Call", Network},
	{"tls.Dial", Network},
	{"(*tls.Conn).Handshake", Network},
	{"(*tls.Conn).Read", WaitForData},
	{"(*tls.Dialer).DialContext", Network},
	// database/sql
	{"(*sql.DB).QueryContext", Network},
	{"(*sql.DB).QueryRow", Network},
	{"(*sql.DB).ExecContext", Network},
	{"(*sql.DB).BeginTx", Network},
	{"(*sql.Tx).Commit", Network},
	{"(*sql.Stmt).Exec", Network},
	{"(*sql.Conn).PingContext", Network},
	{"(*sql.Rows).Next", Network},
	{"(*sql.Row).Scan", NotBlocking}, // its body calls Rows.Next: listed so that it does not count
	{"(*sql.Rows).Scan", 0},
	{"sql.Open", NotBlocking},
	{"sql.OpenDB", NotBlocking},
	// os, io/ioutil, path/filepath
	{"os.ReadFile", Disk},
	{"os.WriteFile", Disk},
	{"os.Open", DiskMeta},
	{"os.OpenFile", DiskMeta},
	{"os.Create", DiskMeta},
	{"os.Stat", DiskMeta},
	{"os.MkdirAll", DiskMeta},
	{"os.RemoveAll", DiskMeta},
	{"os.Rename", DiskMeta},
	{"os.ReadDir", DiskMeta},
	{"(*os.File).Readdirnames", DiskMeta},
	{"(*os.Root).OpenFile", DiskMeta},
	{"(*os.File).Sync", Fsync},
	{"(*os.File).Read", 0},
	{"(*os.File).Write", 0},
	{"(*os.File).WriteString", 0},
	{"os.DirFS", NotBlocking},
	{"ioutil.ReadFile", Disk},
	{"ioutil.TempDir", DiskMeta},
	{"filepath.WalkDir", DiskMeta},
	{"filepath.Glob", DiskMeta},
	{"filepath.Abs", NotBlocking},
	{"fs.WalkDir", 0},
	// syscall, processes, time
	{"syscall.Fsync", Fsync},
	{"syscall.Fdatasync", Fsync},
	{"(*exec.Cmd).Run", Process},
	{"(*exec.Cmd).Output", Process},
	{"(*exec.Cmd).Start", Process},
	{"exec.LookPath", DiskMeta},
	{"exec.Command", NotBlocking},
	{"exec.CommandContext", NotBlocking},
	{"os.StartProcess", Process},
	{"(*os.Process).Wait", Process},
	{"time.Sleep", Sleep},
	{"time.After", 0},
	{"time.NewTimer", 0},
}

// blkStdImports maps the package names used in blkStdSample to import paths.
var blkStdImports = map[string]string{
	"net":      "net",
	"http":     "net/http",
	"httputil": "net/http/httputil",
	"smtp":     "net/smtp",
	"rpc":      "net/rpc",
	"tls":      "crypto/tls",
	"sql":      "database/sql",
	"os":       "os",
	"ioutil":   "io/ioutil",
	"filepath": "path/filepath",
	"fs":       "io/fs",
	"syscall":  "syscall",
	"exec":     "os/exec",
	"time":     "time",
}

func TestBlockingTableStdSample(t *testing.T) {
	if len(blkStdSample) < 40 {
		t.Fatalf("sample too small: %d", len(blkStdSample))
	}
	im := blkLoader(t)

	var src strings.Builder
	src.WriteString("package sample\n\nimport (\n")
	names := make([]string, 0, len(blkStdImports))
	for name := range blkStdImports {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		// Import only what the sample uses, or the check fails.
		used := regexp.MustCompile(`\b` + name + `\.`)
		for _, s := range blkStdSample {
			if used.MatchString(s.expr) {
				fmt.Fprintf(&src, "\t%s %q\n", name, blkStdImports[name])
				break
			}
		}
	}
	src.WriteString(")\n\n")
	for _, s := range blkStdSample {
		fmt.Fprintf(&src, "var _ = %s\n", s.expr)
	}

	f, info := blkCheck(t, im, src.String())
	var i int
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		s := blkStdSample[i]
		i++
		fn := blkFuncOf(info, vs.Values[0])
		if fn == nil {
			t.Errorf("%s: not a function", s.expr)
			continue
		}
		e, ok := Lookup(fn)
		switch {
		case s.kind == 0 && ok:
			t.Errorf("%s (%s): in the catalog as %v, want absent", s.expr, FullName(fn), e.Kind)
		case s.kind != 0 && !ok:
			t.Errorf("%s (%s): not in the catalog, want %v", s.expr, FullName(fn), s.kind)
		case s.kind != 0 && e.Kind != s.kind:
			t.Errorf("%s (%s): kind %v, want %v", s.expr, FullName(fn), e.Kind, s.kind)
		}
	}
	if i != len(blkStdSample) {
		t.Fatalf("checked %d of %d samples", i, len(blkStdSample))
	}
}

func TestBlockingTableStdKeysResolve(t *testing.T) {
	im := blkLoader(t)
	keys := make([]string, 0, len(blockingFuncs))
	for key := range blockingFuncs {
		if k, err := blkParseKey(key); err == nil && blkIsStd(k.pkg) {
			keys = append(keys, key)
		}
	}
	sort.Strings(keys)
	if len(keys) < 100 {
		t.Fatalf("only %d standard-library keys", len(keys))
	}
	for _, key := range keys {
		if _, err := blkResolve(im, key); err != nil {
			t.Error(err)
		}
	}
}

// blkStubKeys are third-party keys whose stubs under testdata/src carry the
// real signatures; each must be in the catalog and resolve there.
var blkStubKeys = map[string]Kind{
	"github.com/redis/go-redis/v9.NewClient":         NotBlocking,
	"(github.com/redis/go-redis/v9.cmdable).BLPop":   WaitForData,
	"(*github.com/redis/go-redis/v9.Client).Process": Network,
	"github.com/jackc/pgx/v5.Connect":                Network,
	"(*github.com/jackc/pgx/v5.Conn).Query":          Network,
	"(*github.com/jackc/pgx/v5.Conn).Exec":           Network,
	"(*github.com/jackc/pgx/v5.Conn).QueryRow":       Network,
	"(github.com/jackc/pgx/v5.Rows).Next":            Network,
	"(github.com/jackc/pgx/v5.Row).Scan":             Network,
	"google.golang.org/grpc.NewClient":               NotBlocking,
	"(*google.golang.org/grpc.ClientConn).Invoke":    Network,
}

func TestBlockingTableStubKeysResolve(t *testing.T) {
	im := blkLoader(t)
	for key, want := range blkStubKeys {
		e, ok := LookupName(key)
		if !ok {
			t.Errorf("%s: not in blockingFuncs", key)
		} else if e.Kind != want {
			t.Errorf("%s: kind %v, want %v", key, e.Kind, want)
		}
		fn, err := blkResolve(im, key)
		if err != nil {
			t.Error(err)
			continue
		}
		if e2, ok := Lookup(fn); !ok || e2 != e {
			t.Errorf("%s: Lookup = %v, %v; LookupName = %v", key, e2, ok, e)
		}
	}

	// Every other key of a stubbed package whose function, or receiver type
	// and method, the stub declares must spell the stub's FullName (a '*'
	// too many or too few shows up here).
	stubbed := map[string]bool{}
	for key := range blkStubKeys {
		k, _ := blkParseKey(key)
		stubbed[k.pkg] = true
	}
	for key := range blockingFuncs {
		k, err := blkParseKey(key)
		if err != nil || !stubbed[k.pkg] {
			continue
		}
		pkg, err := im.Import(k.pkg)
		if err != nil {
			t.Fatal(err)
		}
		var T types.Type
		if k.recv == "" {
			if _, ok := pkg.Scope().Lookup(k.name).(*types.Func); !ok {
				continue
			}
		} else {
			tn, ok := pkg.Scope().Lookup(k.recv).(*types.TypeName)
			if !ok {
				continue
			}
			T = types.NewPointer(tn.Type())
			if types.IsInterface(tn.Type()) {
				T = tn.Type()
			}
			if obj, _, _ := types.LookupFieldOrMethod(T, false, pkg, k.name); obj == nil {
				continue
			}
		}
		if _, err := blkResolve(im, key); err != nil {
			t.Error(err)
		}
	}
}

// blkStubUse calls the stubbed APIs the way user code does.
const blkStubUse = `package sample

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
	"google.golang.org/grpc"
)

func use(ctx context.Context) {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	_, _ = rdb.Get(ctx, "k").Result()
	_ = rdb.Set(ctx, "k", 1, time.Minute)
	_ = rdb.BLPop(ctx, 0, "q")
	_ = rdb.Process(ctx, nil)

	conn, _ := pgx.Connect(ctx, "postgres://")
	_, _ = conn.Exec(ctx, "DELETE FROM t")
	rows, _ := conn.Query(ctx, "SELECT 1")
	_ = rows.Next()
	_ = rows.Scan()
	_ = conn.QueryRow(ctx, "SELECT 1").Scan()

	cc, _ := grpc.NewClient("dns:///example.com:443")
	_ = cc.Invoke(ctx, "/svc/M", nil, nil)
}
`

func TestBlockingTableStubCalls(t *testing.T) {
	im := blkLoader(t)
	f, info := blkCheck(t, im, blkStubUse)
	want := map[string]Kind{
		"redis.NewClient": NotBlocking,
		"rdb.Get":         Network, // through the cmdable rule
		"Result":          0,
		"rdb.Set":         Network, // through the cmdable rule
		"rdb.BLPop":       WaitForData,
		"rdb.Process":     Network,
		"pgx.Connect":     Network,
		"conn.Exec":       Network,
		"conn.Query":      Network,
		"rows.Next":       Network,
		"rows.Scan":       0,
		"conn.QueryRow":   Network,
		"Scan":            Network, // Row.Scan reads the result
		"grpc.NewClient":  NotBlocking,
		"cc.Invoke":       Network,
	}
	seen := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		label := sel.Sel.Name
		if id, ok := sel.X.(*ast.Ident); ok {
			label = id.Name + "." + label
		}
		wantKind, ok := want[label]
		if !ok {
			return true
		}
		seen[label] = true
		fn := blkFuncOf(info, call)
		if fn == nil {
			t.Errorf("%s: no function", label)
			return true
		}
		e, ok := Lookup(fn)
		switch {
		case wantKind == 0 && ok:
			t.Errorf("%s (%s): in the catalog as %v, want absent", label, FullName(fn), e.Kind)
		case wantKind != 0 && (!ok || e.Kind != wantKind):
			t.Errorf("%s (%s): Lookup = %v, %v; want %v", label, FullName(fn), e.Kind, ok, wantKind)
		}
		return true
	})
	for label := range want {
		if !seen[label] {
			t.Errorf("%s: no such call in the sample", label)
		}
	}
}
