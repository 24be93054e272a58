package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

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

// TestAStoreWithoutSummariesIsSummarisedWhenOpened opens a store whose
// summaries are missing (as one made before they existed) and checks that
// opening it rebuilds them from its events.
func TestAStoreWithoutSummariesIsSummarisedWhenOpened(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "dyad.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var batch []dyad.CodedDocument
	for i, pair := range [][2]string{{"USA", "IRN"}, {"IRN", "USA"}, {"USAGOV", "IRNMIL"}, {"IGOUNOWHO", "SDN"}} {
		batch = append(batch, dyad.CodedDocument{
			Doc: &dyad.Document{ID: pair[0], Text: "Document number " + pair[0] + " about " + pair[1] + " and nothing else at all.", Date: time.Date(2025, 1, 1+i, 0, 0, 0, 0, time.UTC)},
			Events: []dyad.Event{{Date: time.Date(2025, 1, 1+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), Source: dyad.Actor{Code: pair[0]}, Target: dyad.Actor{Code: pair[1]},
				CAMEO: "112", Root: "11", Quad: 3, Goldstein: -2, Modality: dyad.Asserted}},
		})
	}
	if _, err := s.SaveDocuments(ctx, batch); err != nil {
		t.Fatal(err)
	}
	q := dyad.PairQuery{Nodes: []string{"USA", "IRN", "IGOUNO", "SDN"}}
	want, err := s.Pairs(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 3 {
		t.Fatalf("pairs %+v, want USA>IRN, IRN>USA and IGOUNO>SDN", want)
	}
	for _, stmt := range []string{"DELETE FROM pair_days", "DELETE FROM node_events", "DELETE FROM store_meta"} {
		if _, err := s.DB().ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err = sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Pairs(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after reopening: %+v, want %+v", got, want)
	}
	nodes, err := s.Nodes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 4 || nodes[0].Code != "IRN" || nodes[0].Events != 3 {
		t.Errorf("nodes after reopening: %+v, want IRN first with 3 of 4 nodes", nodes)
	}
}
