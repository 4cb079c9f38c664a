// Package catalog is corefit's table of known APIs: which calls block and on
// what (network, disk, a child process, a sleep), which constructors look
// blocking but are not, and which calls create or feed a goroutine pool.
//
// Every entry is keyed by the fully qualified name that types.Func.FullName
// gives for the generic origin of the function:
//
//	os.ReadFile
//	(*net/http.Client).Do
//	(net.Conn).Read                      (an interface method)
//	(github.com/redis/go-redis/v9.cmdable).Get
//
// and carries a word on why it is there. Entries were checked against the
// sources of Go 1.26 and of the module versions named in each table's comment.
//
// The catalog knows nothing of SSA or of the analysis framework: it answers
// "what is this function" and nothing else. The passes decide what to do with
// the answer.
package catalog

import (
	"go/types"
	"strings"
)

// Kind is what a blocking call waits on.
type Kind uint8

const (
	// NotBlocking marks a function that is known not to block although its
	// name or package suggests it (sql.Open, grpc.NewClient, net.Listen).
	NotBlocking Kind = iota + 1
	// Network is a round trip to another host: a dial, an HTTP or RPC call,
	// a database query, a read or write on a connection.
	Network
	// WaitForData is a read that waits for a peer to produce data, for as
	// long as it takes: a blocking queue read, a websocket or stream read.
	WaitForData
	// Disk reads or writes file data.
	Disk
	// Fsync waits for data to reach stable storage.
	Fsync
	// DiskMeta is a file-system metadata operation: open, stat, rename,
	// directory listings and walks.
	DiskMeta
	// Process starts a child process or waits for one.
	Process
	// Sleep waits for a timer.
	Sleep
)

var kindNames = [...]string{
	NotBlocking: "not blocking",
	Network:     "network",
	WaitForData: "wait for data",
	Disk:        "disk",
	Fsync:       "fsync",
	DiskMeta:    "disk metadata",
	Process:     "child process",
	Sleep:       "sleep",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "unknown"
}

// Blocks reports whether k is a kind of blocking operation.
func (k Kind) Blocks() bool { return k >= Network && k <= Sleep }

// Entry describes one known blocking (or known non-blocking) function.
type Entry struct {
	Kind Kind
	Why  string // a few words for the user: "HTTP round trip", "fsync"
}

// MethodRule matches many methods at once, for generated SDK clients where
// listing every method would be futile (every operation of an AWS service
// client is a network round trip).
type MethodRule struct {
	// Pkg is the package path; a trailing "/..." matches the package and
	// every package below it.
	Pkg string
	// Recv is the receiver's type name without '*'; empty matches any
	// named receiver type in Pkg.
	Recv string
	// CtxFirst requires the method's first parameter to be a
	// context.Context: in these SDKs that separates operations from
	// accessors and option setters.
	CtxFirst bool
	// Except lists method names the rule does not cover.
	Except []string
	Entry
}

func (r *MethodRule) matches(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !fn.Exported() || fn.Pkg() == nil {
		return false
	}
	path := fn.Pkg().Path()
	if prefix, ok := strings.CutSuffix(r.Pkg, "/..."); ok {
		if path != prefix && !strings.HasPrefix(path, prefix+"/") {
			return false
		}
	} else if path != r.Pkg {
		return false
	}
	if r.Recv != "" && recvName(sig) != r.Recv {
		return false
	}
	for _, e := range r.Except {
		if fn.Name() == e {
			return false
		}
	}
	if r.CtxFirst {
		if sig.Params().Len() == 0 || !isContext(sig.Params().At(0).Type()) {
			return false
		}
	}
	return true
}

func recvName(sig *types.Signature) string {
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// FullName is the catalog key of fn: the FullName of its generic origin.
//
// The passes look up every call they meet, and types.Func.FullName prints
// the receiver type through a types.Qualifier each time (7% of corefit's
// CPU time under go vet on net/http's dependencies), so the common cases, a
// function or a method of a non-generic named type, are put together here;
// TestFullName checks that they agree.
func FullName(fn *types.Func) string {
	fn = fn.Origin()
	pkg := fn.Pkg()
	if pkg == nil {
		return fn.FullName()
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return pkg.Path() + "." + fn.Name()
	}
	t, ptr := recv.Type(), false
	if p, ok := t.(*types.Pointer); ok {
		t, ptr = p.Elem(), true
	}
	n, ok := t.(*types.Named)
	if !ok || n.TypeParams().Len() > 0 || n.Obj().Pkg() == nil {
		return fn.FullName()
	}
	star := ""
	if ptr {
		star = "*"
	}
	return "(" + star + n.Obj().Pkg().Path() + "." + n.Obj().Name() + ")." + fn.Name()
}

// Lookup returns what the catalog knows of fn's blocking behaviour: an entry
// whose Kind is a blocking kind, or NotBlocking, or false when fn is unknown.
func Lookup(fn *types.Func) (Entry, bool) {
	if fn == nil {
		return Entry{}, false
	}
	if e, ok := userBlocking(fn); ok {
		return e, true
	}
	name := FullName(fn)
	if e, ok := blockingFuncs[name]; ok {
		return e, true
	}
	for i := range methodRules {
		if methodRules[i].matches(fn.Origin()) {
			return methodRules[i].Entry, true
		}
	}
	return Entry{}, false
}

// LookupName is Lookup by catalog key, for tests and for flags that name
// functions.
func LookupName(name string) (Entry, bool) {
	e, ok := blockingFuncs[name]
	return e, ok
}

// Phrase says what a call of this kind does, for a diagnostic: "waits on
// the network".
func (k Kind) Phrase() string {
	switch k {
	case Network:
		return "waits on the network"
	case WaitForData:
		return "waits for data from a peer"
	case Disk:
		return "waits on disk I/O"
	case Fsync:
		return "waits for fsync"
	case DiskMeta:
		return "waits on file-system metadata"
	case Process:
		return "waits for a child process"
	case Sleep:
		return "sleeps"
	}
	return "blocks"
}

// Short is the kind's name in flags: network, wait, disk, fsync, meta,
// process, sleep.
func (k Kind) Short() string {
	switch k {
	case Network:
		return "network"
	case WaitForData:
		return "wait"
	case Disk:
		return "disk"
	case Fsync:
		return "fsync"
	case DiskMeta:
		return "meta"
	case Process:
		return "process"
	case Sleep:
		return "sleep"
	}
	return ""
}

// KindByShort returns the kind with the given short name.
func KindByShort(s string) (Kind, bool) {
	for k := Network; k <= Sleep; k++ {
		if k.Short() == s {
			return k, true
		}
	}
	return 0, false
}
