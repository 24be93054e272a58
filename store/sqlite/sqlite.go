// Package sqlite is dyad's embedded store: a single SQLite file, written by
// a pure-Go SQLite (modernc.org/sqlite), so dyad needs no C compiler and no
// server.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/dyad-events/dyad/store/internal/sqlstore"
)

// Store is a dyad.Store in an SQLite file.
type Store = sqlstore.Store

// Options tune de-duplication.
type Options = sqlstore.Options

// schema is SQLite's spelling of the store tables; see docs/store.md. The
// covering index events_series holds every column a series reads, in the
// order a series groups them (day, quad, root, PLOVER type), so a series is
// one index range scan that groups as it goes, without a sort and without
// touching the table.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS documents (
		id INTEGER PRIMARY KEY,
		key TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL,
		url TEXT NOT NULL,
		source TEXT NOT NULL,
		title TEXT NOT NULL,
		published TEXT NOT NULL,
		day INTEGER,
		text TEXT NOT NULL,
		group_id INTEGER NOT NULL,
		similarity REAL NOT NULL,
		minhash BLOB NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS documents_group ON documents (group_id)`,
	`CREATE TABLE IF NOT EXISTS doc_bands (
		band INTEGER NOT NULL,
		doc_id INTEGER NOT NULL,
		PRIMARY KEY (band, doc_id)) WITHOUT ROWID`,
	`CREATE TABLE IF NOT EXISTS sentences (
		doc_id INTEGER NOT NULL,
		idx INTEGER NOT NULL,
		start_off INTEGER NOT NULL,
		end_off INTEGER NOT NULL,
		skip INTEGER NOT NULL,
		text TEXT NOT NULL,
		PRIMARY KEY (doc_id, idx)) WITHOUT ROWID`,
	`CREATE TABLE IF NOT EXISTS events (
		id INTEGER PRIMARY KEY,
		group_id INTEGER NOT NULL,
		source_code TEXT NOT NULL,
		target_code TEXT NOT NULL,
		source_country TEXT NOT NULL,
		target_country TEXT NOT NULL,
		cameo TEXT NOT NULL,
		root TEXT NOT NULL,
		quad INTEGER NOT NULL,
		goldstein REAL NOT NULL,
		plover_type TEXT NOT NULL,
		plover_mode TEXT NOT NULL,
		modality TEXT NOT NULL,
		day INTEGER,
		month INTEGER,
		named INTEGER NOT NULL,
		num_mentions INTEGER NOT NULL,
		num_articles INTEGER NOT NULL,
		num_sources INTEGER NOT NULL,
		first_mention INTEGER NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS events_series ON events (source_country, target_country, day,
		quad, root, plover_type, modality, named, goldstein, num_mentions, source_code, target_code)`,
	`CREATE INDEX IF NOT EXISTS events_target ON events (target_country, day)`,
	`CREATE INDEX IF NOT EXISTS events_day ON events (day, id)`,
	`CREATE INDEX IF NOT EXISTS events_merge ON events (group_id, source_code, target_code, cameo, modality, day)`,
	`CREATE INDEX IF NOT EXISTS events_source_code ON events (source_code)`,
	`CREATE INDEX IF NOT EXISTS events_target_code ON events (target_code)`,
	`CREATE TABLE IF NOT EXISTS mentions (
		id INTEGER PRIMARY KEY,
		event_id INTEGER NOT NULL,
		doc_id INTEGER NOT NULL,
		sentence_index INTEGER NOT NULL,
		named INTEGER NOT NULL,
		sentence TEXT NOT NULL,
		event_json TEXT NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS mentions_event ON mentions (event_id, id)`,
	`CREATE INDEX IF NOT EXISTS mentions_event_doc ON mentions (event_id, doc_id)`,
	`CREATE TABLE IF NOT EXISTS event_sources (
		event_id INTEGER NOT NULL,
		source TEXT NOT NULL,
		PRIMARY KEY (event_id, source)) WITHOUT ROWID`,
	`CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (doc_id)`,
	`CREATE TABLE IF NOT EXISTS pair_days (
		source_node TEXT NOT NULL,
		target_node TEXT NOT NULL,
		day INTEGER NOT NULL,
		modality TEXT NOT NULL,
		named INTEGER NOT NULL,
		events INTEGER NOT NULL,
		cooperation INTEGER NOT NULL,
		conflict INTEGER NOT NULL,
		goldstein REAL NOT NULL,
		PRIMARY KEY (source_node, target_node, day, modality, named)) WITHOUT ROWID`,
	`CREATE TABLE IF NOT EXISTS node_events (
		node TEXT PRIMARY KEY,
		as_source INTEGER NOT NULL,
		as_target INTEGER NOT NULL) WITHOUT ROWID`,
	`CREATE TABLE IF NOT EXISTS store_meta (
		key TEXT PRIMARY KEY,
		value TEXT NOT NULL) WITHOUT ROWID`,
	`CREATE TABLE IF NOT EXISTS feeds (
		url TEXT PRIMARY KEY,
		etag TEXT NOT NULL,
		last_modified TEXT NOT NULL,
		last_poll TEXT NOT NULL,
		next_poll TEXT NOT NULL,
		failures INTEGER NOT NULL,
		last_error TEXT NOT NULL,
		last_status INTEGER NOT NULL,
		documents INTEGER NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS seen_urls (
		url TEXT PRIMARY KEY,
		feed TEXT NOT NULL,
		seen_at TEXT NOT NULL)`,
}

// Open opens (creating if needed) the SQLite store in the file at path.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlite: empty path")
	}
	if opts.MustExist {
		// Opening would create the file: look first.
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("%s: %w (%v)", path, sqlstore.ErrNoStore, err)
		}
	}
	// WAL lets readers (the dashboard) work while ingest writes; a
	// transaction committed to the WAL survives the process being killed.
	// Write transactions take the write lock at BEGIN (_txlock=immediate)
	// so two writers queue on busy_timeout instead of failing to upgrade.
	q := url.Values{}
	for _, p := range []string{"busy_timeout(30000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(0)", "cache_size(-65536)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + strings.ReplaceAll(path, "?", "%3F") + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	s, err := sqlstore.New(ctx, db, sqlstore.Dialect{Name: "sqlite", Schema: schema, AfterLoad: []string{"ANALYZE"}}, opts)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}
