// Package store opens a dyad.Store from a database URL: "sqlite:PATH" or a
// bare file path for the embedded SQLite store, "postgres://…" (or
// "postgresql://…") for PostgreSQL.
package store

import (
	"context"
	"strings"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store/postgres"
	"github.com/dyad-events/dyad/store/sqlite"
)

// DefaultURL is the store used when none is given: an SQLite file in the
// current directory.
const DefaultURL = "dyad.db"

// Open opens the store named by dbURL, creating its tables if needed.
func Open(ctx context.Context, dbURL string) (dyad.Store, error) {
	switch {
	case dbURL == "":
		return sqlite.Open(ctx, DefaultURL, sqlite.Options{})
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		return postgres.Open(ctx, dbURL, postgres.Options{})
	case strings.HasPrefix(dbURL, "sqlite://"):
		return sqlite.Open(ctx, strings.TrimPrefix(dbURL, "sqlite://"), sqlite.Options{})
	default:
		return sqlite.Open(ctx, strings.TrimPrefix(dbURL, "sqlite:"), sqlite.Options{})
	}
}
