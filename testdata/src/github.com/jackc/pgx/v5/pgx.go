// Package pgx is a stub of github.com/jackc/pgx/v5 v5.12.0 for corefit's
// tests: a few declarations with the real signatures, no behaviour.
package pgx

import (
	"context"

	"github.com/jackc/pgx/v5/pgconn"
)

// Conn is a PostgreSQL connection handle.
type Conn struct {
	closed bool
}

// Rows is the result set returned from Query (most methods omitted).
type Rows interface {
	Close()
	Err() error
	Next() bool
	Scan(dest ...any) error
}

// Row is a convenience wrapper over Rows that is returned by QueryRow.
type Row interface {
	Scan(dest ...any) error
}

// Connect establishes a connection with a PostgreSQL server with a
// connection string.
func Connect(ctx context.Context, connString string) (*Conn, error) { return &Conn{}, nil }

func (c *Conn) Exec(ctx context.Context, sql string, arguments ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, nil
}

func (c *Conn) Query(ctx context.Context, sql string, args ...any) (Rows, error) { return nil, nil }

func (c *Conn) QueryRow(ctx context.Context, sql string, args ...any) Row { return nil }
