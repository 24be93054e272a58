package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store/sqlite"
	"github.com/dyad-events/dyad/store/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) dyad.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "dyad.db"), sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// A store written by an older dyad lacks the columns added since; opening
// it adds them, and what it held reads back.
func TestOpeningAnOlderStoreAddsTheNewColumns(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := "Russia launched missile strikes on Ukraine on Tuesday, hitting power stations in Kyiv."
	if _, err := s.SaveDocuments(ctx, []dyad.CodedDocument{{Doc: &dyad.Document{ID: "a", Text: text}}}); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{`ALTER TABLE documents DROP COLUMN date_source`, `ALTER TABLE events DROP COLUMN added`} {
		if _, err := s.DB().ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	s.Close()
	s, err = sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatalf("reopening an older store: %v", err)
	}
	defer s.Close()
	d, err := s.Document(ctx, dyad.DocumentKey("", text))
	if err != nil {
		t.Fatalf("reading a document of the older store: %v", err)
	}
	if d.DateSource != "" {
		t.Errorf("date source %q, want empty for an undated document", d.DateSource)
	}
}
