package growth

import (
	"html/template"
	"net/http"
	"os"
	"sort"
	"strconv"
	"sync"
)

// ---- sorting the whole state to return a page ----

type ConnInfo struct {
	ID    int
	Bytes int
}

type Monitor struct {
	mu    sync.Mutex
	conns map[int]*ConnInfo
}

type ListOptions struct {
	Offset, Limit int
}

// list sorts every connection, then keeps the page asked for.
func (m *Monitor) list(opts *ListOptions) []*ConnInfo {
	m.mu.Lock()
	all := make([]*ConnInfo, 0, len(m.conns))
	for _, c := range m.conns {
		all = append(all, c)
	}
	m.mu.Unlock()
	sort.Slice(all, func(i, j int) bool { return all[i].Bytes > all[j].Bytes })
	lo := min(max(opts.Offset, 0), len(all))
	hi := lo + min(opts.Limit, len(all)-lo)
	return all[lo:hi]
}

func (m *Monitor) HandleConns(w http.ResponseWriter, r *http.Request) {
	off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	lim, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	m.list(&ListOptions{Offset: off, Limit: lim}) // want `sorting every entry of m.conns \(O\(n log n\) in their number\) to return a page the request picks \(from r at pages.go:\d+\), in \(\*growth.Monitor\).list runs in an HTTP handler`
}

// The same sort inline in the handler.
func (m *Monitor) HandleConnsInline(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.FormValue("limit"))
	m.mu.Lock()
	all := make([]*ConnInfo, 0, len(m.conns))
	for _, c := range m.conns {
		all = append(all, c)
	}
	m.mu.Unlock()
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID }) // want `sorting every entry of m.conns`
	all = all[:min(limit, len(all))]
	_ = all
}

// Every connection is returned: the sort costs what the response does,
// quiet.
func (m *Monitor) HandleAll(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	all := make([]*ConnInfo, 0, len(m.conns))
	for _, c := range m.conns {
		all = append(all, c)
	}
	m.mu.Unlock()
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	_ = all
}

// A fixed top ten, not chosen by the request: quiet.
func (m *Monitor) HandleTop(w http.ResponseWriter, r *http.Request) {
	m.list(&ListOptions{Offset: 0, Limit: 10})
}

func init() {
	m := &Monitor{conns: map[int]*ConnInfo{}}
	http.HandleFunc("/conns", m.HandleConns)
	http.HandleFunc("/conns2", m.HandleConnsInline)
	http.HandleFunc("/all", m.HandleAll)
	http.HandleFunc("/top", m.HandleTop)
}

// A directory listing sorted and rendered whole per request: the sort costs
// what writing the listing does, quiet.
func listing(w http.ResponseWriter, r *http.Request) {
	entries, _ := os.ReadDir(r.URL.Path)
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		w.Write([]byte(e.Name() + "\n"))
	}
}

// A template parsed per request: about as costly as executing it, which
// the handler does anyway; quiet (cache it all the same).
func page(w http.ResponseWriter, r *http.Request) {
	t := template.Must(template.New("p").Parse(`<p>{{.}}</p>`))
	t.Execute(w, r.URL.Path)
}

func init() {
	http.HandleFunc("/ls/", listing)
	http.HandleFunc("/page", page)
}
