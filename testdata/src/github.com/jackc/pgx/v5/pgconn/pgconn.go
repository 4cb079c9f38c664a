// Package pgconn is a stub of github.com/jackc/pgx/v5/pgconn v5.12.0 for
// corefit's tests: the one type pgx's stub needs, no behaviour.
package pgconn

// CommandTag is the status text returned by PostgreSQL for a query.
type CommandTag struct {
	s string
}

func (ct CommandTag) String() string { return ct.s }
