// Package redis is a stub of github.com/redis/go-redis/v9 v9.23.0 for
// corefit's tests: a few declarations with the real signatures and type
// shapes (commands on the unexported func type cmdable, embedded in Client),
// no behaviour.
package redis

import (
	"context"
	"time"
)

// Options keeps the settings for establishing a connection (most fields
// omitted).
type Options struct {
	Addr string
}

// Cmder is a Redis command (most methods omitted).
type Cmder interface {
	Name() string
	Err() error
}

type baseCmd struct {
	ctx  context.Context
	args []interface{}
	err  error
}

func (cmd *baseCmd) Name() string { return "" }

func (cmd *baseCmd) Err() error { return cmd.err }

// StringCmd is the reply to a command that returns a string.
type StringCmd struct {
	baseCmd

	val string
}

func (cmd *StringCmd) Val() string { return cmd.val }

func (cmd *StringCmd) Result() (string, error) { return cmd.val, cmd.err }

// StatusCmd is the reply to a command that returns a status.
type StatusCmd struct {
	baseCmd

	val string
}

func (cmd *StatusCmd) Result() (string, error) { return cmd.val, cmd.err }

// StringSliceCmd is the reply to a command that returns a list of strings.
type StringSliceCmd struct {
	baseCmd

	val []string
}

func (cmd *StringSliceCmd) Result() ([]string, error) { return cmd.val, cmd.err }

type cmdable func(ctx context.Context, cmd Cmder) error

func (c cmdable) Get(ctx context.Context, key string) *StringCmd {
	cmd := &StringCmd{}
	_ = c(ctx, cmd)
	return cmd
}

func (c cmdable) Set(ctx context.Context, key string, value interface{}, expiration time.Duration) *StatusCmd {
	cmd := &StatusCmd{}
	_ = c(ctx, cmd)
	return cmd
}

func (c cmdable) BLPop(ctx context.Context, timeout time.Duration, keys ...string) *StringSliceCmd {
	cmd := &StringSliceCmd{}
	_ = c(ctx, cmd)
	return cmd
}

type baseClient struct {
	opt *Options
}

// Client is a Redis client representing a pool of connections.
type Client struct {
	*baseClient
	cmdable
}

// NewClient returns a client to the Redis Server specified by Options.
func NewClient(opt *Options) *Client {
	c := Client{baseClient: &baseClient{opt: opt}}
	c.cmdable = c.Process
	return &c
}

func (c *Client) Process(ctx context.Context, cmd Cmder) error { return nil }
