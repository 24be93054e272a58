// Package store opens a dyad.Store from a database URL: "sqlite:PATH" or a
// bare file path for the embedded SQLite store, "postgres://…" (or
// "postgresql://…") for PostgreSQL.
package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store/internal/sqlstore"
	"github.com/dyad-events/dyad/store/postgres"
	"github.com/dyad-events/dyad/store/sqlite"
)

// DefaultURL is the store used when none is given: an SQLite file in the
// current directory.
const DefaultURL = "dyad.db"

// ErrNotExist is returned by OpenExisting for a store that does not
// exist: no such SQLite file, or a database without dyad's tables.
var ErrNotExist = sqlstore.ErrNoStore

// Open opens the store named by dbURL, creating it (the SQLite file, the
// tables) if needed.
func Open(ctx context.Context, dbURL string) (dyad.Store, error) {
	return open(ctx, dbURL, sqlstore.Options{})
}

// OpenExisting opens the store named by dbURL, failing with ErrNotExist
// instead of creating an empty one.
func OpenExisting(ctx context.Context, dbURL string) (dyad.Store, error) {
	s, err := open(ctx, dbURL, sqlstore.Options{MustExist: true})
	if errors.Is(err, ErrNotExist) {
		return nil, fmt.Errorf("store %s does not exist (dyad ingest --db %s creates it): %w", dbURL, dbURL, err)
	}
	return s, err
}

// Exists reports whether dbURL names an SQLite file that exists; other
// stores (PostgreSQL) count as existing, since their tables are made in a
// database the user created.
func Exists(dbURL string) bool {
	path, ok := sqlitePath(dbURL)
	if !ok {
		return true
	}
	_, err := os.Stat(path)
	return err == nil
}

// sqlitePath is the file of an SQLite store URL.
func sqlitePath(dbURL string) (string, bool) {
	switch {
	case dbURL == "":
		return DefaultURL, true
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		return "", false
	case strings.HasPrefix(dbURL, "sqlite://"):
		return strings.TrimPrefix(dbURL, "sqlite://"), true
	default:
		return strings.TrimPrefix(dbURL, "sqlite:"), true
	}
}

func open(ctx context.Context, dbURL string, opts sqlstore.Options) (dyad.Store, error) {
	if path, ok := sqlitePath(dbURL); ok {
		return sqlite.Open(ctx, path, opts)
	}
	return postgres.Open(ctx, dbURL, opts)
}
