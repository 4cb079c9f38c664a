package catalog

import (
	"errors"
	"fmt"
	"go/types"
	"strconv"
	"strings"
	"sync"
)

// Users extend the catalog with analyzer flags, so that their own wrappers
// around blocking clients, their pool constructors, their CPU-heavy
// functions and their frameworks' handler registrations are known like the
// built-in ones:
//
//	-poolblock.blocking  '(*example.com/db.Client).Query=network,example.com/queue.Pop=wait'
//	-poolblock.pools     'example.com/workers.New=new:size=0,(*example.com/workers.Pool).Go=submit:work=0'
//	-iostall.cpuheavy    'example.com/img.Resize=linear:input=0,example.com/auth.Hash=heavy'
//	-iostall.handlers    '(*example.com/rt.Router).Route=handler:arg=1'
//
// Names are the fully qualified names that types.Func.FullName gives, as in
// the built-in tables; a generic type's parameter list may be left out
// ("(*example.com/m.Cache).Get" names the method of Cache[K, V]). Entries
// are separated by commas; a flag given twice adds to the first. A user
// entry takes precedence over a built-in one with the same name.
//
// The flags are kept here, in one process-wide table, because every pass
// that consults the catalog must see them, in every package: under go vet
// each package's run gets the same flags; standalone and under
// golangci-lint the analyzers share the process.

// The user-added entries. Guarded because drivers may set flags while
// another goroutine analyses (golangci-lint builds analyzers once, but
// tests set and reset flags between runs).
var user struct {
	sync.RWMutex
	blocking map[string]Entry
	pools    map[string]PoolAPI
	cpu      map[string]CPUEntry
	handlers map[string]HandlerReg
}

// userKey is the key of fn in the user tables: its FullName without type
// parameter lists.
func userKey(fn *types.Func) string { return stripTypeParams(FullName(fn)) }

func stripTypeParams(name string) string {
	if !strings.Contains(name, "[") {
		return name
	}
	var b strings.Builder
	depth := 0
	for _, r := range name {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func lookupUser[T any](table func() map[string]T, fn *types.Func) (T, bool) {
	user.RLock()
	defer user.RUnlock()
	m := table()
	if len(m) == 0 {
		var zero T
		return zero, false
	}
	e, ok := m[userKey(fn)]
	return e, ok
}

func userBlocking(fn *types.Func) (Entry, bool) {
	return lookupUser(func() map[string]Entry { return user.blocking }, fn)
}

func userPool(fn *types.Func) (PoolAPI, bool) {
	return lookupUser(func() map[string]PoolAPI { return user.pools }, fn)
}

func userCPU(fn *types.Func) (CPUEntry, bool) {
	return lookupUser(func() map[string]CPUEntry { return user.cpu }, fn)
}

func userHandler(fn *types.Func) (HandlerReg, bool) {
	return lookupUser(func() map[string]HandlerReg { return user.handlers }, fn)
}

// UserFlag is a flag.Value that adds entries to one of the user tables. Its
// zero value is not usable; use the constructors.
type UserFlag struct {
	given []string
	add   func(name, spec string) error
	reset func()
}

func (f *UserFlag) String() string {
	if f == nil {
		return ""
	}
	return strings.Join(f.given, ",")
}

// Set parses a comma-separated list of NAME=SPEC entries and adds them.
// The empty string clears the table (for drivers that reset flags).
func (f *UserFlag) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		user.Lock()
		f.reset()
		user.Unlock()
		f.given = nil
		return nil
	}
	entries := splitEntries(s)
	user.Lock()
	defer user.Unlock()
	var errs []error
	for _, e := range entries {
		name, spec, ok := strings.Cut(e, "=")
		name, spec = strings.TrimSpace(name), strings.TrimSpace(spec)
		if !ok || spec == "" {
			errs = append(errs, fmt.Errorf("%q: want NAME=SPEC", e))
			continue
		}
		if err := checkName(name); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := f.add(stripTypeParams(name), spec); err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", name, err))
			continue
		}
		f.given = append(f.given, name+"="+spec)
	}
	return errors.Join(errs...)
}

// splitEntries splits s at the commas outside brackets, so that a generic
// name ("(*m.Cache[K, V]).Get") stays whole.
func splitEntries(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '[', '(':
			depth++
		case ']', ')':
			depth--
		case ',':
			if depth == 0 {
				if e := strings.TrimSpace(s[start:i]); e != "" {
					out = append(out, e)
				}
				start = i + 1
			}
		}
	}
	if e := strings.TrimSpace(s[start:]); e != "" {
		out = append(out, e)
	}
	return out
}

// checkName checks that name has the shape of a FullName: pkg.Func,
// (pkg.T).M or (*pkg.T).M.
func checkName(name string) error {
	if strings.HasPrefix(name, "(") {
		recv, method, ok := strings.Cut(name[1:], ").")
		recv = strings.TrimPrefix(recv, "*")
		if !ok || method == "" || strings.ContainsAny(method, ".()") || !strings.Contains(recv, ".") {
			return fmt.Errorf("%q: a method is named (pkg/path.Type).Method or (*pkg/path.Type).Method", name)
		}
		return nil
	}
	dot := strings.LastIndex(name, ".")
	if dot <= 0 || dot == len(name)-1 || strings.ContainsAny(name, "() ") {
		return fmt.Errorf("%q: a function is named pkg/path.Func", name)
	}
	return nil
}

// specArgs parses "role:key=N:key=N" into the role and its integer
// arguments, allowing only the keys given.
func specArgs(spec string, keys ...string) (string, map[string]int, error) {
	parts := strings.Split(spec, ":")
	args := make(map[string]int)
	for _, p := range parts[1:] {
		k, v, ok := strings.Cut(p, "=")
		if !ok || !contains(keys, k) {
			return "", nil, fmt.Errorf("%q: want one of %s, as key=N", p, strings.Join(keys, ", "))
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return "", nil, fmt.Errorf("%q: not an argument index", p)
		}
		args[k] = n
	}
	return parts[0], args, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func argOr(args map[string]int, key string, def int) int {
	if n, ok := args[key]; ok {
		return n
	}
	return def
}

// NewBlockingFlag returns the flag that adds blocking functions: each spec
// is a kind (network, wait, disk, fsync, meta, process, sleep), or none for a
// function known not to block.
func NewBlockingFlag() *UserFlag {
	return &UserFlag{
		reset: func() { user.blocking = nil },
		add: func(name, spec string) error {
			kind, ok := KindByShort(spec)
			if spec == "none" {
				kind, ok = NotBlocking, true
			}
			if !ok {
				return fmt.Errorf("kind %q: want network, wait, disk, fsync, meta, process, sleep or none", spec)
			}
			if user.blocking == nil {
				user.blocking = make(map[string]Entry)
			}
			why := "listed by -poolblock.blocking"
			if kind != NotBlocking {
				why = kind.String() + ", " + why
			}
			user.blocking[name] = Entry{Kind: kind, Why: why}
			return nil
		},
	}
}

// NewPoolFlag returns the flag that adds pool APIs. Specs, with argument
// indexes not counting the receiver:
//
//	new:size=N[:work=M]  creates a pool of argument N workers (each running function M)
//	unbounded            creates a pool with no bound yet
//	limit:size=N         bounds the pool it is called on
//	submit:work=M        hands function M to the pool it is called on
//	run:work=M           runs function M on GOMAXPROCS goroutines
//	sem:size=N           creates a counting semaphore of N
//	acquire              acquires the semaphore it is called on
func NewPoolFlag() *UserFlag {
	return &UserFlag{
		reset: func() { user.pools = nil },
		add: func(name, spec string) error {
			role, args, err := specArgs(spec, "size", "work")
			if err != nil {
				return err
			}
			api := PoolAPI{SizeArg: argOr(args, "size", -1), WorkArg: argOr(args, "work", -1), Why: "pool API listed by -poolblock.pools"}
			need := func(keys ...string) error {
				for _, k := range keys {
					if _, ok := args[k]; !ok {
						return fmt.Errorf("%s needs %s=N", role, k)
					}
				}
				return nil
			}
			switch role {
			case "new":
				api.Role, err = PoolNew, need("size")
			case "unbounded":
				api.Role = PoolNewUnbounded
			case "limit":
				api.Role, err = PoolLimit, need("size")
			case "submit":
				api.Role, err = PoolSubmit, need("work")
			case "run":
				api.Role, api.ImplicitCPU, err = PoolRun, true, need("work")
			case "sem":
				api.Role, err = SemNew, need("size")
			case "acquire":
				api.Role = SemAcquire
			default:
				return fmt.Errorf("role %q: want new, unbounded, limit, submit, run, sem or acquire", role)
			}
			if err != nil {
				return err
			}
			if user.pools == nil {
				user.pools = make(map[string]PoolAPI)
			}
			user.pools[name] = api
			return nil
		},
	}
}

// NewCPUFlag returns the flag that adds CPU-heavy functions. Specs:
//
//	heavy            heavy on every call (a password hash, a key derivation)
//	linear[:input=N] linear in the size of argument N (or of the receiver's data)
//	nlogn[:input=N]  a sort of argument N
//	compile          compiles a pattern: heavy per request or in a loop
func NewCPUFlag() *UserFlag {
	return &UserFlag{
		reset: func() { user.cpu = nil },
		add: func(name, spec string) error {
			cost, args, err := specArgs(spec, "input")
			if err != nil {
				return err
			}
			e := CPUEntry{Input: argOr(args, "input", -1), Why: "CPU-heavy, listed by -iostall.cpuheavy"}
			switch cost {
			case "heavy":
				e.Cost = CostFixedHeavy
			case "linear":
				e.Cost = CostLinear
			case "nlogn":
				e.Cost = CostNLogN
			case "compile":
				e.Cost = CostCompile
			default:
				return fmt.Errorf("cost %q: want heavy, linear, nlogn or compile", cost)
			}
			if (e.Cost == CostFixedHeavy || e.Cost == CostCompile) && e.Input >= 0 {
				return fmt.Errorf("%s takes no input=N", cost)
			}
			if user.cpu == nil {
				user.cpu = make(map[string]CPUEntry)
			}
			user.cpu[name] = e
			return nil
		},
	}
}

// NewHandlerFlag returns the flag that adds handler registrations: calls
// whose argument N runs once per request, concurrently, with no bound.
// Specs:
//
//	handler:arg=N   argument N is a handler function (or a variadic list of them)
//	methods:arg=N   argument N is a value whose methods of the parameter's
//	                interface type serve requests (a gRPC service)
func NewHandlerFlag() *UserFlag {
	return &UserFlag{
		reset: func() { user.handlers = nil },
		add: func(name, spec string) error {
			role, args, err := specArgs(spec, "arg")
			if err != nil {
				return err
			}
			n, ok := args["arg"]
			if !ok {
				return fmt.Errorf("%s needs arg=N", role)
			}
			reg := HandlerReg{HandlerArg: n, Why: "registers a request handler (-iostall.handlers)", List: true, What: "request handler"}
			switch role {
			case "handler":
			case "methods":
				reg.Methods = true
			default:
				return fmt.Errorf("%q: want handler:arg=N or methods:arg=N", role)
			}
			if user.handlers == nil {
				user.handlers = make(map[string]HandlerReg)
			}
			user.handlers[name] = reg
			return nil
		},
	}
}
