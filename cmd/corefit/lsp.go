package main

// corefit lsp: a language server that runs beside gopls (editors attach
// several servers to Go files; gopls cannot load third-party analyzers).
//
// The protocol's types are glsp's (github.com/tliron/glsp/protocol_3_16, the
// LSP 3.16 structures with their method dispatch); the JSON-RPC 2.0
// connection is sourcegraph's (github.com/sourcegraph/jsonrpc2), which glsp
// builds on. glsp's own server package is not used: it logs through a
// framework of its own and handles nothing the connection does not.
//
// Each analysis is a run of this same binary in standalone mode (-f sarif)
// in the module's directory, on the saved package and the module's packages
// that import it: the standalone runner's cache serves what did not change,
// a crash or a runaway analysis costs a run and not the server, the
// server's memory does not grow with the analyses, and cancelling a
// superseded run is killing a process. SARIF carries everything an editor
// shows: the related positions, the rule's documentation link and the
// suggested fixes.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/corefit/corefit/analyzers/all"
	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
	"golang.org/x/sync/singleflight"
)

// lspDebounce lets a burst of saves (save all) become one run.
const lspDebounce = 50 * time.Millisecond

// lspMain serves the protocol on stdin and stdout until the client exits;
// args are analyzer flags for every run (-checks=..., -poolblock.kinds=all).
func lspMain(args []string) int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "corefit lsp:", err)
		return 1
	}
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			fmt.Fprintf(os.Stderr, "corefit lsp: %q: the server takes analyzer flags only; packages come from the editor\n", a)
			return 2
		}
	}
	s := newLSPServer(exe, args)
	return s.serve(context.Background(), stdio{})
}

// stdio is the server's end of the editor's pipes.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error                { os.Stdin.Close(); return os.Stdout.Close() }

type lspServer struct {
	exe  string
	args []string
	conn *jsonrpc2.Conn
	h    protocol.Handler

	mu       sync.Mutex
	modules  map[string]*lspModule      // by root directory
	listing  singleflight.Group         // the go list runs in flight, by root
	pending  map[string]map[string]bool // root -> import paths to analyse
	running  map[string]bool            // import paths of the run in progress
	runRoot  string                     // its module
	cancel   context.CancelFunc         // stops it
	analysed map[string]bool            // import paths analysed this session
	open     map[string]bool            // open files, by path
	files    map[string][]lspDiag       // published diagnostics, by path
	wake     chan struct{}
	shutdown bool
}

// lspModule is a module's package graph, from go list.
type lspModule struct {
	root      string
	byPath    map[string]*listedPkg
	byDir     map[string]*listedPkg
	importers map[string][]string // import path -> the module's packages importing it
}

// lspDiag is a published diagnostic and the fixes offered for it.
type lspDiag struct {
	diag  protocol.Diagnostic
	fixes []lspFix
}

type lspFix struct {
	title string
	edits map[protocol.DocumentUri][]protocol.TextEdit
}

func newLSPServer(exe string, args []string) *lspServer {
	s := &lspServer{
		exe:      exe,
		args:     args,
		modules:  map[string]*lspModule{},
		pending:  map[string]map[string]bool{},
		analysed: map[string]bool{},
		open:     map[string]bool{},
		files:    map[string][]lspDiag{},
		wake:     make(chan struct{}, 1),
	}
	s.h = protocol.Handler{
		Initialize:  s.initialize,
		Initialized: func(*glsp.Context, *protocol.InitializedParams) error { return nil },
		Shutdown: func(*glsp.Context) error {
			s.mu.Lock()
			s.shutdown = true
			if s.cancel != nil {
				s.cancel()
			}
			s.mu.Unlock()
			return nil
		},
		Exit:          func(*glsp.Context) error { return nil },
		SetTrace:      func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		CancelRequest: func(*glsp.Context, *protocol.CancelParams) error { return nil },
		TextDocumentDidOpen: func(_ *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
			path := uriPath(p.TextDocument.URI)
			s.mu.Lock()
			s.open[path] = true
			s.mu.Unlock()
			go s.changed(path, false) // go list may take a while: not on the connection's goroutine
			return nil
		},
		TextDocumentDidSave: func(_ *glsp.Context, p *protocol.DidSaveTextDocumentParams) error {
			go s.changed(uriPath(p.TextDocument.URI), true)
			return nil
		},
		TextDocumentDidClose: func(_ *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
			s.mu.Lock()
			delete(s.open, uriPath(p.TextDocument.URI))
			s.mu.Unlock()
			return nil
		},
		// Unsaved buffers are not analysed: the contents go unread.
		TextDocumentDidChange:  func(*glsp.Context, *protocol.DidChangeTextDocumentParams) error { return nil },
		TextDocumentCodeAction: s.codeAction,
	}
	return s
}

// serve runs the connection until it closes and returns the exit status:
// 0 after shutdown, 1 otherwise (the protocol's rule for exit).
func (s *lspServer) serve(ctx context.Context, rwc io.ReadWriteCloser) int {
	s.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(rwc, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(s.handle))
	done := make(chan struct{})
	go s.worker(done)
	<-s.conn.DisconnectNotify()
	close(done)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
	if s.shutdown {
		return 0
	}
	return 1
}

func (s *lspServer) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	gctx := &glsp.Context{
		Method: req.Method,
		Notify: func(method string, params any) { conn.Notify(ctx, method, params) },
		Call:   func(method string, params any, result any) { conn.Call(ctx, method, params, result) },
	}
	if req.Params != nil {
		gctx.Params = *req.Params
	}
	r, validMethod, validParams, err := s.h.Handle(gctx)
	if req.Method == protocol.MethodExit {
		conn.Close()
		return nil, nil
	}
	switch {
	case !validMethod:
		if req.Notif {
			return nil, nil // an unknown notification is ignored ($/...)
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	case !validParams:
		msg := "invalid parameters"
		if err != nil {
			msg = err.Error()
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: msg}
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	return r, nil
}

func (s *lspServer) initialize(_ *glsp.Context, _ *protocol.InitializeParams) (any, error) {
	sync := protocol.TextDocumentSyncKindNone
	yes := true
	name := "corefit"
	return protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: &yes,
				Change:    &sync,
				Save:      protocol.SaveOptions{IncludeText: new(bool)},
			},
			CodeActionProvider: protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix},
			},
		},
		ServerInfo: &protocol.InitializeResultServerInfo{Name: name},
	}, nil
}

// changed queues the package of a file that was opened or saved, and the
// module's packages that import it, for analysis. An open file whose package
// was analysed this session is not analysed again; a saved go.mod reloads
// the module and analyses the open files' packages.
func (s *lspServer) changed(path string, saved bool) {
	base := filepath.Base(path)
	if base == "go.mod" || base == "go.sum" || base == "go.work" {
		if !saved {
			return
		}
		s.mu.Lock()
		delete(s.modules, filepath.Dir(path))
		var open []string
		for f := range s.open {
			if strings.HasSuffix(f, ".go") {
				open = append(open, f)
			}
		}
		s.mu.Unlock()
		sort.Strings(open)
		for _, f := range open {
			s.changed(f, true)
		}
		return
	}
	if !strings.HasSuffix(path, ".go") {
		return
	}
	root := moduleRoot(filepath.Dir(path))
	if root == "" {
		s.log(protocol.MessageTypeInfo, "corefit: "+path+" is not in a module: it is not analysed")
		return
	}
	m, err := s.module(root, filepath.Dir(path))
	if err != nil {
		s.log(protocol.MessageTypeError, "corefit: "+err.Error())
		return
	}
	pkg := m.byDir[filepath.Dir(path)]
	if pkg == nil {
		return // a file no build of the module includes (testdata, tags)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !saved && s.analysed[pkg.ImportPath] {
		return
	}
	set := s.pending[root]
	if set == nil {
		set = map[string]bool{}
		s.pending[root] = set
	}
	targets := m.affected(pkg.ImportPath)
	superseded := false
	for _, t := range targets {
		set[t] = true
		if s.runRoot == root && s.running[t] {
			superseded = true
		}
	}
	// The run in progress analyses files that changed since it began:
	// stop it; its packages are run again with the new ones.
	if superseded && saved && s.cancel != nil {
		s.cancel()
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// affected returns path and the module's packages that import it, directly
// or not, sorted.
func (m *lspModule) affected(path string) []string {
	seen := map[string]bool{path: true}
	queue := []string{path}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, q := range m.importers[p] {
			if !seen[q] {
				seen[q] = true
				queue = append(queue, q)
			}
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// module returns the package graph of the module at root, listing it
// again when dir is a package directory it does not know (a new package).
func (s *lspServer) module(root, dir string) (*lspModule, error) {
	s.mu.Lock()
	m := s.modules[root]
	s.mu.Unlock()
	if m != nil && m.byDir[dir] != nil {
		return m, nil
	}
	// Files opened together (an editor restoring its session) ask at
	// once: one go list answers them all.
	v, err, _ := s.listing.Do(root, func() (any, error) { return s.list(root) })
	if err != nil {
		return nil, err
	}
	return v.(*lspModule), nil
}

// list lists the module at root and keeps its package graph.
func (s *lspServer) list(root string) (*lspModule, error) {
	pkgs, err := goList(root, "./...")
	if err != nil {
		return nil, fmt.Errorf("in %s: %v", root, err)
	}
	m := &lspModule{root: root, byPath: map[string]*listedPkg{}, byDir: map[string]*listedPkg{}, importers: map[string][]string{}}
	for _, p := range pkgs {
		m.byPath[p.ImportPath] = p
		m.byDir[p.Dir] = p
	}
	for _, p := range m.byPath {
		seen := map[string]bool{}
		for _, l := range [][]string{p.Imports, p.TestImports, p.XTestImports} {
			for _, imp := range l {
				if m.byPath[imp] != nil && imp != p.ImportPath && !seen[imp] {
					seen[imp] = true
					m.importers[imp] = append(m.importers[imp], p.ImportPath)
				}
			}
		}
	}
	s.mu.Lock()
	s.modules[root] = m
	s.mu.Unlock()
	return m, nil
}

// moduleRoot returns the directory of the go.mod above dir, or "".
func moduleRoot(dir string) string {
	for {
		if fi, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !fi.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// worker runs the queued analyses one at a time, a module's pending
// packages in one run, until done is closed.
func (s *lspServer) worker(done chan struct{}) {
	for {
		select {
		case <-done:
			return
		case <-s.wake:
		}
		time.Sleep(lspDebounce)
		for s.runOne(done) {
		}
	}
}

// runOne runs the analysis of one module's pending packages and reports
// whether there was one.
func (s *lspServer) runOne(done chan struct{}) bool {
	select {
	case <-done:
		return false
	default:
	}
	s.mu.Lock()
	var roots []string
	for r, set := range s.pending {
		if len(set) > 0 {
			roots = append(roots, r)
		}
	}
	if len(roots) == 0 || s.shutdown {
		s.mu.Unlock()
		return false
	}
	sort.Strings(roots)
	root := roots[0]
	set := s.pending[root]
	delete(s.pending, root)
	m := s.modules[root]
	ctx, cancel := context.WithCancel(context.Background())
	s.running, s.runRoot, s.cancel = set, root, cancel
	s.mu.Unlock()

	paths := make([]string, 0, len(set))
	for p := range set {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	res, err := s.analyse(ctx, root, paths)

	s.mu.Lock()
	stopped := ctx.Err() != nil
	cancel()
	s.running, s.runRoot, s.cancel = nil, "", nil
	if stopped {
		// Superseded: analyse its packages with the next run.
		if !s.shutdown {
			if s.pending[root] == nil {
				s.pending[root] = map[string]bool{}
			}
			for p := range set {
				s.pending[root][p] = true
			}
		}
		s.mu.Unlock()
		return true
	}
	for _, p := range paths {
		s.analysed[p] = true
	}
	s.mu.Unlock()
	if err != nil {
		s.log(protocol.MessageTypeError, "corefit: "+err.Error())
		return true
	}
	if m != nil {
		s.publish(m, paths, res)
	}
	return true
}

// analyse runs corefit on the packages and returns its SARIF results.
func (s *lspServer) analyse(ctx context.Context, root string, paths []string) ([]sarifResult, error) {
	args := append([]string{"-f", "sarif"}, s.args...)
	args = append(args, paths...)
	cmd := exec.CommandContext(ctx, s.exe, args...)
	cmd.Dir = root
	cmd.WaitDelay = time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var log sarifLog
	if jerr := json.Unmarshal(out, &log); jerr != nil || len(log.Runs) == 0 {
		msg := strings.TrimSpace(stderr.String())
		if err == nil {
			err = fmt.Errorf("no SARIF output (%v)", jerr)
		}
		return nil, fmt.Errorf("analysis of %s failed: %v: %s", strings.Join(paths, " "), err, msg)
	}
	if msg := strings.TrimSpace(stderr.String()); msg != "" {
		s.log(protocol.MessageTypeWarning, msg)
	}
	return log.Runs[0].Results, nil
}

// The parts of lintcmd's SARIF output the server reads.
type sarifLog struct {
	Runs []struct {
		Results []sarifResult `json:"results"`
	} `json:"runs"`
}

type sarifResult struct {
	RuleID  string `json:"ruleId"`
	Message struct {
		Text string `json:"text"`
	} `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations"`
	Fixes            []struct {
		Description struct {
			Text string `json:"text"`
		} `json:"description"`
		ArtifactChanges []struct {
			ArtifactLocation sarifArtifact `json:"artifactLocation"`
			Replacements     []struct {
				DeletedRegion   sarifRegion `json:"deletedRegion"`
				InsertedContent struct {
					Text string `json:"text"`
				} `json:"insertedContent"`
			} `json:"replacements"`
		} `json:"artifactChanges"`
	} `json:"fixes"`
}

type sarifLocation struct {
	Message *struct {
		Text string `json:"text"`
	} `json:"message"`
	PhysicalLocation struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	} `json:"physicalLocation"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// path returns the file an artifact names, relative ones from root.
func (a sarifArtifact) path(root string) string {
	if a.URI == "" {
		return ""
	}
	if strings.HasPrefix(a.URI, "file:") {
		return uriPath(protocol.DocumentUri(a.URI))
	}
	p, err := url.PathUnescape(a.URI)
	if err != nil {
		p = a.URI
	}
	return filepath.Join(root, filepath.FromSlash(p))
}

// publish sends the diagnostics of the analysed packages, file by file, and
// clears the files that have none now; an open file's are always sent, so
// that the editor knows it was analysed. A package that does not compile, or
// imports one that does not, keeps its last diagnostics (the runner did not
// analyse it) and the errors go to the log.
func (s *lspServer) publish(m *lspModule, paths []string, results []sarifResult) {
	files := newFileCache()
	byFile := map[string][]lspDiag{}
	broken := map[string]bool{} // import paths
	var compileErrs []string
	for _, r := range results {
		var loc *sarifLocation
		if len(r.Locations) > 0 {
			loc = &r.Locations[0]
		}
		file := ""
		if loc != nil {
			file = loc.PhysicalLocation.ArtifactLocation.path(m.root)
		}
		if r.RuleID == "compile" || file == "" {
			where := file
			if where == "" {
				where = "-"
			} else {
				where = fmt.Sprintf("%s:%d:%d", file, loc.PhysicalLocation.Region.StartLine, loc.PhysicalLocation.Region.StartColumn)
				if p := m.byDir[filepath.Dir(file)]; p != nil {
					broken[p.ImportPath] = true
				}
			}
			text := strings.TrimSpace(r.Message.Text)
			// A package's header: "# PATH", its errors on the lines
			// below.
			if pkg, ok := strings.CutPrefix(text, "# "); ok && file == "" {
				// "# PATH [PATH.test]" is the package's test variant.
				pkg, _, _ = strings.Cut(pkg, "\n")
				pkg, _, _ = strings.Cut(strings.TrimSpace(pkg), " ")
				broken[pkg] = true
			}
			compileErrs = append(compileErrs, where+": "+text)
			continue
		}
		byFile[file] = append(byFile[file], s.diagnostic(files, m.root, r, loc))
	}
	if len(compileErrs) > 0 {
		s.log(protocol.MessageTypeWarning, "corefit: the packages below keep their last diagnostics: they do not compile, or import one that does not\n"+strings.Join(compileErrs, "\n"))
	}
	// What the runner did not analyse: the broken packages and the
	// module's packages that import them.
	skipped := map[string]bool{}
	for b := range broken {
		for _, p := range m.affected(b) {
			skipped[p] = true
		}
	}
	var publish []string
	for _, p := range paths {
		pkg := m.byPath[p]
		if pkg == nil || skipped[p] {
			continue
		}
		for _, f := range pkg.files() {
			if _, ok := byFile[f]; !ok {
				byFile[f] = nil
			}
		}
	}
	for f := range byFile {
		if pkg := m.byDir[filepath.Dir(f)]; pkg != nil && skipped[pkg.ImportPath] {
			continue
		}
		publish = append(publish, f)
	}
	sort.Strings(publish)
	for _, f := range publish {
		ds := byFile[f]
		s.mu.Lock()
		prev, had := s.files[f]
		s.files[f] = ds
		open := s.open[f]
		s.mu.Unlock()
		if len(ds) == 0 && (!had || len(prev) == 0) && !open {
			continue // nothing was shown, nothing to clear, not open
		}
		list := make([]protocol.Diagnostic, len(ds))
		for i, d := range ds {
			list[i] = d.diag
		}
		s.conn.Notify(context.Background(), protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{
			URI:         pathURI(f),
			Diagnostics: list,
		})
	}
}

// diagnostic turns a SARIF result into an LSP diagnostic, with its related
// positions and fixes.
func (s *lspServer) diagnostic(files *fileCache, root string, r sarifResult, loc *sarifLocation) lspDiag {
	file := loc.PhysicalLocation.ArtifactLocation.path(root)
	sev := protocol.DiagnosticSeverityWarning
	source := "corefit"
	code := protocol.IntegerOrString{Value: r.RuleID}
	// lintcmd appends the related positions to the text as "\n\t[msg](n)".
	msg, _, _ := strings.Cut(r.Message.Text, "\n\t[")
	d := protocol.Diagnostic{
		Range:    files.rng(file, loc.PhysicalLocation.Region),
		Severity: &sev,
		Code:     &code,
		Source:   &source,
		Message:  msg,
	}
	if url := analyzerURL(r.RuleID); url != "" {
		d.CodeDescription = &protocol.CodeDescription{HRef: protocol.URI(url)}
	}
	for _, rl := range r.RelatedLocations {
		text := ""
		if rl.Message != nil {
			text = strings.TrimSpace(rl.Message.Text)
		}
		rf := rl.PhysicalLocation.ArtifactLocation.path(root)
		d.RelatedInformation = append(d.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: pathURI(rf), Range: files.rng(rf, rl.PhysicalLocation.Region)},
			Message:  text,
		})
	}
	ld := lspDiag{diag: d}
	for _, f := range r.Fixes {
		fix := lspFix{title: f.Description.Text, edits: map[protocol.DocumentUri][]protocol.TextEdit{}}
		for _, ch := range f.ArtifactChanges {
			p := ch.ArtifactLocation.path(root)
			for _, rep := range ch.Replacements {
				fix.edits[pathURI(p)] = append(fix.edits[pathURI(p)], protocol.TextEdit{
					Range:   files.rng(p, rep.DeletedRegion),
					NewText: rep.InsertedContent.Text,
				})
			}
		}
		ld.fixes = append(ld.fixes, fix)
	}
	return ld
}

// analyzerURL returns the documentation link of a corefit analyzer.
func analyzerURL(name string) string {
	for _, a := range all.Analyzers() {
		if a.Name == name {
			return a.URL
		}
	}
	return ""
}

// codeAction offers the fixes of the published diagnostics that the
// requested range touches.
func (s *lspServer) codeAction(_ *glsp.Context, p *protocol.CodeActionParams) (any, error) {
	path := uriPath(p.TextDocument.URI)
	s.mu.Lock()
	ds := s.files[path]
	s.mu.Unlock()
	actions := []protocol.CodeAction{}
	kind := protocol.CodeActionKindQuickFix
	var lines []string // the file as saved, read once
	for _, d := range ds {
		if !overlaps(d.diag.Range, p.Range) {
			continue
		}
		for i, f := range d.fixes {
			preferred := i == 0
			actions = append(actions, protocol.CodeAction{
				Title:       f.title,
				Kind:        &kind,
				Diagnostics: []protocol.Diagnostic{d.diag},
				IsPreferred: &preferred,
				Edit:        &protocol.WorkspaceEdit{Changes: f.edits},
			})
		}
		if lines == nil {
			data, _ := os.ReadFile(path)
			lines = strings.Split(string(data), "\n")
		}
		if a, ok := ignoreAction(p.TextDocument.URI, lines, d.diag); ok {
			actions = append(actions, a)
		}
	}
	return actions, nil
}

// ignorePlaceholder is the reason an inserted //lint:ignore directive
// leaves for the user to write (lintcmd requires one).
const ignorePlaceholder = "TODO: say why this is safe"

// ignoreAction returns the code action that silences a diagnostic with a
// //lint:ignore directive on the line above it, indented as that line, with
// the reason left for the user to write. It is the server's, not a
// suggested fix of the analyzers: go vet -fix applies a diagnostic's first
// fix, and silencing is not a fix.
func ignoreAction(uri protocol.DocumentUri, lines []string, d protocol.Diagnostic) (protocol.CodeAction, bool) {
	name, _ := d.Code.Value.(string)
	line := int(d.Range.Start.Line)
	if name == "" || line >= len(lines) {
		return protocol.CodeAction{}, false
	}
	if line > 0 && strings.HasPrefix(strings.TrimSpace(lines[line-1]), "//lint:ignore "+name+" ") {
		return protocol.CodeAction{}, false // already silenced: the directive is not in force
	}
	text := lines[line]
	indent := text[:len(text)-len(strings.TrimLeft(text, " \t"))]
	kind := protocol.CodeActionKindQuickFix
	at := protocol.Position{Line: protocol.UInteger(line)}
	return protocol.CodeAction{
		Title:       "silence with //lint:ignore " + name,
		Kind:        &kind,
		Diagnostics: []protocol.Diagnostic{d},
		Edit: &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{
			uri: {{Range: protocol.Range{Start: at, End: at}, NewText: indent + "//lint:ignore " + name + " " + ignorePlaceholder + "\n"}},
		}},
	}, true
}

func overlaps(a, b protocol.Range) bool {
	before := func(x, y protocol.Position) bool {
		return x.Line < y.Line || x.Line == y.Line && x.Character < y.Character
	}
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

// log sends a message to the client's log (window/logMessage).
func (s *lspServer) log(t protocol.MessageType, msg string) {
	if s.conn == nil {
		return
	}
	s.conn.Notify(context.Background(), protocol.ServerWindowLogMessage, protocol.LogMessageParams{Type: t, Message: msg})
}

func uriPath(u protocol.DocumentUri) string {
	parsed, err := url.Parse(string(u))
	if err != nil || parsed.Scheme != "file" {
		return string(u)
	}
	return filepath.FromSlash(parsed.Path)
}

func pathURI(path string) protocol.DocumentUri {
	return protocol.DocumentUri((&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String())
}

// fileCache reads the files whose byte columns are turned into the
// protocol's UTF-16 ones.
type fileCache struct{ data map[string][]byte }

func newFileCache() *fileCache { return &fileCache{data: map[string][]byte{}} }

// rng returns a region's range. A region without an end (a diagnostic
// with a position only) spans the word at its start, so that editors
// underline something.
func (c *fileCache) rng(file string, r sarifRegion) protocol.Range {
	start := c.pos(file, r.StartLine, r.StartColumn)
	if r.EndLine == 0 {
		return protocol.Range{Start: start, End: c.pos(file, r.StartLine, r.StartColumn+c.wordLen(file, r.StartLine, r.StartColumn))}
	}
	return protocol.Range{Start: start, End: c.pos(file, r.EndLine, r.EndColumn)}
}

// wordLen returns the length in bytes of the identifier at a line and byte
// column, or 1 where there is none, 0 at the end of the line.
func (c *fileCache) wordLen(file string, line, col int) int {
	off, data := c.offset(file, line, col)
	n := 0
	for off+n < len(data) {
		r, size := utf8.DecodeRune(data[off+n:])
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		n += size
	}
	if n == 0 && off < len(data) && data[off] != '\n' {
		return 1
	}
	return n
}

// offset returns the byte offset of a 1-based line and byte column in the
// file, and the file's content.
func (c *fileCache) offset(file string, line, col int) (int, []byte) {
	data, ok := c.data[file]
	if !ok {
		data, _ = os.ReadFile(file)
		c.data[file] = data
	}
	off := 0
	for l := 1; l < line && off < len(data); l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return len(data), data
		}
		off += i + 1
	}
	return min(off+max(col, 1)-1, len(data)), data
}

// pos turns a 1-based line and byte column into the protocol's 0-based
// line and UTF-16 character.
func (c *fileCache) pos(file string, line, col int) protocol.Position {
	if line < 1 {
		return protocol.Position{}
	}
	p := protocol.Position{Line: protocol.UInteger(line - 1)}
	if col < 1 {
		return p
	}
	off, data := c.offset(file, line, 1)
	end, _ := c.offset(file, line, col)
	n := 0
	for _, r := range string(data[off:end]) {
		if r >= 0x10000 && r != utf8.RuneError {
			n += 2
		} else {
			n++
		}
	}
	p.Character = protocol.UInteger(n)
	return p
}
