// Command corefit finds concurrency shapes that do not fit the work: blocking
// I/O inside worker pools sized to the CPUs (poolblock), CPU-heavy work where
// events or requests are handled (iostall), and the other analyzers listed by
// `corefit -list-checks`.
//
// It runs two ways.
//
// Standalone, it works like staticcheck (it is built on staticcheck's
// runner, honnef.co/go/tools/lintcmd): it analyses one package at a time,
// dependencies from export data, carries facts from package to package and
// caches every package's results, so that a second run on unchanged code is
// served from the cache:
//
//	corefit ./...
//	corefit -f json ./...        # also: text (default), stylish, sarif, binary
//	corefit -checks=poolblock ./...
//	corefit -poolblock.kinds=all ./...
//	corefit -explain poolblock
//	corefit -list-checks
//
// Findings are silenced, with a reason, by //lint:ignore poolblock reason
// (the line below) or //lint:file-ignore poolblock reason (the file); a
// directive without a reason, or one that silences nothing, is reported.
// The exit status is lintcmd's: 0 when nothing was reported, 1 when a
// finding, a compile error or an analysis error was reported, 2 on a usage
// error (bad flag or output format). With -f sarif it is 0 whatever was
// found. The results are cached under $STATICCHECK_CACHE, or the user cache
// directory's corefit/ (for example ~/.cache/corefit), apart from
// staticcheck's, one cache per set of analyzer flag values.
//
// Under go vet, it speaks vet's protocol (-flags, -V=full, a .cfg file per
// package) and facts flow between packages through the build cache:
//
//	go vet -vettool=$(which corefit) ./...
//	go vet -vettool=$(which corefit) -poolblock.kinds=all ./...
//
// In an editor, beside gopls, it is a language server (diagnostics with
// their related positions, quick fixes as code actions; see lsp.go):
//
//	corefit lsp
//
// Each analyzer's flags are given as -NAME.FLAG in both modes, e.g.
// -poolblock.cpufactor=1, and -NAME selects analyzers in both modes (in
// standalone mode it is the same as -checks=NAME). Run `corefit help` for the
// list of analyzers and their flags, `corefit help poolblock` for one
// analyzer's documentation and flags.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"go/version"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
	"honnef.co/go/tools/analysis/lint"
	"honnef.co/go/tools/lintcmd"

	"github.com/corefit/corefit/analyzers/all"
	"github.com/corefit/corefit/passes/ssax"
)

func main() {
	args := os.Args[1:]
	switch {
	case isVet(args):
		as := all.Analyzers()
		ssax.SetFactsOnly(vetxOnly(args))
		measureVet(as)
		unitchecker.Main(as...)
	case len(args) > 0 && args[0] == "lsp":
		os.Exit(lspMain(args[1:]))
	case len(args) > 0 && args[0] == "confirm":
		os.Exit(confirmMain(args[1:]))
	case len(args) > 0 && args[0] == "help":
		os.Exit(help(os.Stdout, all.Analyzers(), args[1:]))
	default:
		os.Exit(standalone(all.Analyzers(), args))
	}
}

// isVet reports whether corefit was started by go vet: to describe itself
// (-V=full, -flags) or to analyse one package (a .cfg file, last, after the
// flags go vet passes on: -json, -NAME, -NAME.FLAG...).
func isVet(args []string) bool {
	for _, a := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && (name == "V" || name == "flags") {
			return true
		}
	}
	if len(args) > 0 {
		last := args[len(args)-1]
		if strings.HasSuffix(last, ".cfg") && !strings.HasPrefix(last, "-") {
			if fi, err := os.Stat(last); err == nil && fi.Mode().IsRegular() {
				return true
			}
		}
	}
	return false
}

// vetxOnly reports whether go vet runs corefit on a package only for its
// facts (a dependency of the packages named): the .cfg says so.
func vetxOnly(args []string) bool {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return false // unitchecker reports it
	}
	var cfg struct{ VetxOnly bool }
	return json.Unmarshal(data, &cfg) == nil && cfg.VetxOnly
}

// standalone runs lintcmd with the analyzers and returns the exit status.
func standalone(analyzers []*analysis.Analyzer, args []string) int {
	cmd := lintcmd.NewCommand("corefit")
	fs := cmd.FlagSet()

	// -NAME.FLAG for each analyzer flag, and -NAME to select analyzers, as
	// under go vet.
	selected := map[string]*bool{}
	for _, a := range analyzers {
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
		if fs.Lookup(a.Name) == nil {
			selected[a.Name] = fs.Bool(a.Name, false, "run only the selected analyzers (same as -checks=NAME,...)")
		}
	}
	cmd.ParseFlags(args)

	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	if err := checkGoFlag(fs.Lookup("go")); err != nil {
		fmt.Fprintln(os.Stderr, "corefit:", err)
		return 2
	}
	var only []string
	for _, a := range analyzers {
		if p := selected[a.Name]; p != nil && *p {
			only = append(only, a.Name)
		}
	}
	if len(only) > 0 {
		if explicit["checks"] {
			fmt.Fprintln(os.Stderr, "corefit: use either -checks or -NAME flags, not both")
			return 2
		}
		fs.Set("checks", strings.Join(only, ","))
	}

	if err := setCacheDir(analyzers); err != nil {
		fmt.Fprintln(os.Stderr, "corefit:", err)
		return 1
	}
	if note := cgoFallback(); note != "" {
		fmt.Fprintln(os.Stderr, "corefit:", note)
	}

	var failures failures
	for _, a := range analyzers {
		cmd.AddAnalyzers(wrap(a, analyzers, &failures))
	}

	format := fs.Lookup("f").Value.String()
	var out *filter
	if format != "binary" {
		out = newFilter(analyzers, format == "text")
	}
	errs := newErrFilter()
	code := cmd.Execute()
	if out != nil {
		out.close()
	}
	if errs != nil {
		errs.close()
	}
	if failures.report(os.Stderr) && code == 0 {
		code = 1
	}
	return code
}

// wrap makes an analyzer a lint.Analyzer: documented for -explain,
// -list-checks and SARIF, and with its errors reported (lintcmd's runner
// drops the errors of an analyzer silently).
func wrap(a *analysis.Analyzer, analyzers []*analysis.Analyzer, fs *failures) *lint.Analyzer {
	title, text, _ := strings.Cut(a.Doc, "\n\n")
	doc := &lint.RawDocumentation{
		Title:    strings.TrimSpace(title),
		Text:     text,
		Since:    "unreleased",
		Severity: lint.SeverityWarning,
	}
	for _, b := range analyzers {
		for _, r := range b.Requires {
			if r == a {
				// Another analyzer depends on this one by identity:
				// a copy would run twice.
				return &lint.Analyzer{Doc: doc, Analyzer: a}
			}
		}
	}
	c := *a
	run := a.Run
	c.Run = func(pass *analysis.Pass) (any, error) {
		res, err := run(pass)
		if err != nil {
			fs.add(a.Name, pass.Pkg.Path(), err)
			if len(pass.Files) > 0 {
				// A diagnostic, so that the failure is part of the
				// package's cached results and shows on every run.
				pass.Report(analysis.Diagnostic{
					Pos:     pass.Files[0].Package,
					Message: "analysis failed: " + firstLine(err.Error()),
				})
			}
		}
		return res, err
	}
	return &lint.Analyzer{Doc: doc, Analyzer: &c}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// failures collects the errors analyzers returned, to report them after the
// diagnostics.
type failures struct {
	mu   sync.Mutex
	errs []string
	seen map[string]bool
}

func (f *failures) add(analyzer, pkg string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	msg := firstLine(err.Error())
	if f.seen == nil {
		f.seen = map[string]bool{}
	}
	if f.seen[msg] {
		return
	}
	f.seen[msg] = true
	f.errs = append(f.errs, fmt.Sprintf("corefit: %s failed on package %s: %s", analyzer, pkg, err))
}

// report prints the failures and reports whether there were any.
func (f *failures) report(w io.Writer) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	sort.Strings(f.errs)
	for _, e := range f.errs {
		fmt.Fprintln(w, e)
	}
	return len(f.errs) > 0
}

// setCacheDir points lintcmd's cache at corefit's own directory, one per set
// of analyzer flag values: lintcmd's cache keys include the package, its
// dependencies' facts, the binary and the staticcheck configuration, but not
// the analyzers' flags, so without this a run with -poolblock.kinds=all
// would be served the results of a run with the default kinds.
func setCacheDir(analyzers []*analysis.Analyzer) error {
	base := os.Getenv("STATICCHECK_CACHE")
	if !filepath.IsAbs(base) {
		dir, err := os.UserCacheDir()
		if err != nil {
			return fmt.Errorf("no cache directory: set STATICCHECK_CACHE (%v)", err)
		}
		base = filepath.Join(dir, "corefit")
	}
	var flags []string
	def := true
	for _, a := range analyzers {
		a.Flags.VisitAll(func(f *flag.Flag) {
			flags = append(flags, a.Name+"."+f.Name+"="+f.Value.String())
			if f.Value.String() != f.DefValue {
				def = false
			}
		})
	}
	dir := base
	if !def {
		h := sha256.Sum256([]byte(strings.Join(flags, "\n")))
		dir = filepath.Join(base, fmt.Sprintf("flags-%x", h[:8]))
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	return os.Setenv("STATICCHECK_CACHE", dir)
}

// A filter sits between lintcmd and the real standard output. It replaces
// staticcheck's documentation links with the analyzers' URLs, and, for the
// text format, writes the related positions lintcmd prints as
// "\tfile:line:col: message" as "file:line:col: \tmessage", as go vet does,
// so that every line has the file:line:col: message shape that editors
// parse.
type filter struct {
	w    *os.File
	done chan struct{}
}

func newFilter(analyzers []*analysis.Analyzer, text bool) *filter {
	var pairs []string
	for _, a := range analyzers {
		if a.URL != "" {
			pairs = append(pairs, "https://staticcheck.dev/docs/checks#"+a.Name, a.URL)
		}
	}
	links := strings.NewReplacer(pairs...)
	return newPipe(&os.Stdout, true, func(line string) string {
		line = links.Replace(line)
		if text {
			line = related(line)
			line = broken(line)
		}
		return line
	})
}

// newErrFilter rewrites lintcmd's errors on stderr for the user: the go
// command's failure ("err: exit status 1: stderr: go: go.mod requires go
// >= 1.99 ...") as corefit's one line.
func newErrFilter() *filter {
	after := false // just after a rewritten error: its blank line goes
	return newPipe(&os.Stderr, false, func(line string) string {
		if after && strings.TrimSpace(line) == "" {
			after = false
			return ""
		}
		out := goCommandError(line)
		after = out != line
		return out
	})
}

// goCommandError turns "err: exit status N: stderr: MSG" into
// "corefit: MSG"; other lines pass.
func goCommandError(line string) string {
	rest, ok := strings.CutPrefix(line, "err: exit status ")
	if !ok {
		return line
	}
	if _, msg, ok := strings.Cut(rest, ": stderr: "); ok {
		return "corefit: " + msg
	}
	return line
}

// newPipe sends what is written to *target through transform, a line at a
// time, until close; unbuffered, each line is written as it comes (stderr,
// which must not lose a line if the program exits early).
func newPipe(target **os.File, buffered bool, transform func(string) string) *filter {
	real := *target
	r, w, err := os.Pipe()
	if err != nil {
		return nil
	}
	f := &filter{w: w, done: make(chan struct{})}
	*target = w
	go func() {
		defer close(f.done)
		br := bufio.NewReaderSize(r, 64<<10)
		bw := bufio.NewWriter(real)
		for {
			line, err := br.ReadString('\n')
			if line != "" {
				bw.WriteString(transform(line))
				if !buffered {
					bw.Flush()
				}
			}
			if err != nil {
				break
			}
		}
		bw.Flush()
		*target = real
	}()
	return f
}

func (f *filter) close() {
	f.w.Close()
	<-f.done
}

// related turns "\tpos: message" into "pos: \tmessage".
func related(line string) string {
	rest, ok := strings.CutPrefix(line, "\t")
	if !ok {
		return line
	}
	pos, msg, ok := strings.Cut(rest, ": ")
	if !ok || strings.ContainsAny(pos, " \t") {
		return line
	}
	return pos + ": \t" + msg
}

// broken spells out what lintcmd's "-: # PKG" header of a package that
// does not compile means (its errors follow on their own lines).
func broken(line string) string {
	pkg, ok := strings.CutPrefix(line, "-: # ")
	if !ok || strings.ContainsAny(strings.TrimSuffix(pkg, "\n"), " \t") {
		return line
	}
	pkg = strings.TrimSuffix(pkg, "\n")
	return "-: package " + pkg + " does not compile: it is not analysed, nor are the packages that import it\n"
}

// help prints the analyzers and their flags, or one analyzer's
// documentation and flags.
func help(w io.Writer, analyzers []*analysis.Analyzer, names []string) int {
	if len(names) == 0 {
		fmt.Fprint(w, `corefit finds concurrency shapes that do not fit the work they run.

Usage:
	corefit [flags] packages                    # standalone, like staticcheck
	go vet -vettool=$(which corefit) packages   # under go vet
	corefit lsp [analyzer flags]                # a language server, beside gopls
	corefit confirm [flags] packages            # measure the findings on the packages' tests
	corefit -explain NAME | corefit help NAME   # one analyzer's documentation
	corefit -h                                  # the standalone flags

Analyzers (all run by default; select with -checks=NAME,... or -NAME):

`)
		for _, a := range analyzers {
			title, _, _ := strings.Cut(a.Doc, "\n\n")
			fmt.Fprintf(w, "    %-12s %s\n", a.Name, title)
		}
		fmt.Fprint(w, "\nAnalyzer flags (both modes):\n\n")
		for _, a := range analyzers {
			printFlags(w, a)
		}
		return 0
	}
	code := 0
	for _, name := range names {
		var found *analysis.Analyzer
		for _, a := range analyzers {
			if a.Name == name {
				found = a
			}
		}
		if found == nil {
			fmt.Fprintf(os.Stderr, "corefit: no analyzer %q (see corefit help)\n", name)
			code = 1
			continue
		}
		title, body, _ := strings.Cut(found.Doc, "\n\n")
		fmt.Fprintf(w, "%s: %s\n", found.Name, title)
		if hasFlags(found) {
			fmt.Fprint(w, "\nAnalyzer flags:\n\n")
			printFlags(w, found)
		}
		if body != "" {
			fmt.Fprintf(w, "\n%s\n", body)
		}
		if found.URL != "" {
			fmt.Fprintf(w, "\n%s\n", found.URL)
		}
	}
	return code
}

func hasFlags(a *analysis.Analyzer) bool {
	n := 0
	a.Flags.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

func printFlags(w io.Writer, a *analysis.Analyzer) {
	fs := flag.NewFlagSet(a.Name, flag.ContinueOnError)
	a.Flags.VisitAll(func(f *flag.Flag) {
		fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
	})
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// checkGoFlag refuses a -go version older than the standard library's own
// code needs: lintcmd type-checks every package, the standard library's
// too, at that version, and go1.26's standard library ranges over
// integers (go1.22). A module's older version is read from its go.mod per
// file, which is what -go would be for; say so rather than fail on std.
func checkGoFlag(f *flag.Flag) error {
	if f == nil {
		return nil
	}
	v := strings.Trim(f.Value.String(), `"`)
	if v == "" || v == "module" {
		return nil
	}
	v = strings.TrimPrefix(v, "go")
	gv := "go" + v
	if !version.IsValid(gv) {
		return fmt.Errorf("-go %s: not a Go version (want 1.N, or module)", v)
	}
	if version.Compare(gv, minGoFlag) < 0 {
		return fmt.Errorf("-go %s: the standard library cannot be checked as %s (it needs %s or later); corefit reads each module's go directive (and each file's //go:build go1.N), so set `go %s` in go.mod instead of -go", v, gv, minGoFlag, v)
	}
	return nil
}

// cgoFallback turns cgo off when CC names a C compiler that is not there
// and CGO_ENABLED was not set: the go command then fails runtime/cgo, and
// with it every package that imports net or os/user, although analysis
// needs no C compiler. It does what the go command does when its default
// compiler is missing (cgo off) and returns the note to print, or "".
func cgoFallback() string {
	cc := os.Getenv("CC")
	if cc == "" || os.Getenv("CGO_ENABLED") != "" {
		return "" // the go command's own default applies
	}
	fields := strings.Fields(cc)
	if len(fields) == 0 {
		return ""
	}
	if _, err := exec.LookPath(fields[0]); err == nil {
		return ""
	}
	os.Setenv("CGO_ENABLED", "0")
	return fmt.Sprintf("C compiler %q (CC) not found: analysing with CGO_ENABLED=0, without the files that need cgo", fields[0])
}

// minGoFlag is the oldest -go version the standard library type-checks at.
const minGoFlag = "go1.22"
