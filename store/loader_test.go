package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store"
	"github.com/dyad-events/dyad/store/storetest"
)

// wordCoder is a stand-in coder for loader tests: one strike event per
// document that mentions "strike", an error for documents that say
// "unparseable". It counts its calls.
type wordCoder struct{ calls atomic.Int64 }

func (c *wordCoder) Code(ctx context.Context, d *dyad.Document) ([]dyad.Event, error) {
	c.calls.Add(1)
	if strings.Contains(d.Text, "unparseable") {
		return nil, errors.New("cannot parse")
	}
	if !strings.Contains(d.Text, "strike") {
		return nil, nil
	}
	return []dyad.Event{{DocID: d.ID, Date: d.Date.Format("2006-01-02"), Sentence: d.Text,
		Source: dyad.Actor{Code: "RUS"}, Target: dyad.Actor{Code: "UKR"}, CAMEO: "195", Root: "19", Quad: 4, Goldstein: -10, Modality: dyad.Asserted}}, nil
}

func TestLoader(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, storetest.SQLiteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	var docs []*dyad.Document
	for i := 0; i < 10; i++ {
		docs = append(docs, &dyad.Document{ID: fmt.Sprint(i), Date: day, Text: fmt.Sprintf("Report %d on the strike against target number %d in the east.", i, i*31)})
	}
	docs = append(docs, &dyad.Document{ID: "bad", Date: day, Text: "unparseable text"}, &dyad.Document{ID: "again", Date: day, Text: docs[0].Text})

	coder := &wordCoder{}
	var reports []string
	var commits int
	l := &store.Loader{Store: s, Coder: coder, BatchSize: 4, Workers: 3,
		Report:    func(err error) { reports = append(reports, err.Error()) },
		Committed: func(store.LoadStats) { commits++ }}
	for _, d := range docs {
		if err := l.Add(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	got := l.Stats()
	want := store.LoadStats{Read: 12, Stored: 10, Known: 1, Failed: 1, Events: 10, Mentions: 10}
	if got != want {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
	if commits != 3 || len(reports) != 1 || !strings.Contains(reports[0], "bad: coding: cannot parse") {
		t.Errorf("%d commits, reports %q; want 3 commits and the bad document reported", commits, reports)
	}
	if n := coder.calls.Load(); n != 11 {
		t.Errorf("coder called %d times, want 11 (the repeat is not coded)", n)
	}

	// A second load skips every stored document before coding it; the
	// failed one is tried again.
	coder.calls.Store(0)
	l2 := &store.Loader{Store: s, Coder: coder}
	for _, d := range docs {
		l2.Add(ctx, d)
	}
	if err := l2.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n := coder.calls.Load(); n != 1 || l2.Stats().Known != 11 {
		t.Errorf("second load coded %d documents (want 1) with stats %+v", n, l2.Stats())
	}
	// Documents are stored in input order.
	var order []string
	s.EachDocument(ctx, func(d *dyad.Document) error {
		st, _ := s.Document(ctx, d.ID)
		order = append(order, st.Name)
		return nil
	})
	if strings.Join(order, ",") != "0,1,2,3,4,5,6,7,8,9" {
		t.Errorf("storage order %v", order)
	}
}

// savingStore holds its first save until the coder has started on the
// next batch.
type savingStore struct {
	dyad.Store
	nextBatchCoded chan struct{}
	saves          atomic.Int64
	overlapped     atomic.Bool
}

func (s *savingStore) SaveDocuments(ctx context.Context, docs []dyad.CodedDocument) (dyad.SaveResult, error) {
	if s.saves.Add(1) == 1 {
		select {
		case <-s.nextBatchCoded:
			s.overlapped.Store(true)
		case <-time.After(10 * time.Second):
		}
	}
	return s.Store.SaveDocuments(ctx, docs)
}

// signalCoder closes a channel when it codes the document with a given ID.
type signalCoder struct {
	wordCoder
	id   string
	once sync.Once
	ch   chan struct{}
}

func (c *signalCoder) Code(ctx context.Context, d *dyad.Document) ([]dyad.Event, error) {
	if d.ID == c.id {
		c.once.Do(func() { close(c.ch) })
	}
	return c.wordCoder.Code(ctx, d)
}

// TestLoaderCodesTheNextBatchWhileSaving checks that the coders do not
// wait for the writer: the first batch's save waits for a document of the
// second batch to be coded, which a loader that codes and saves in turn
// never does.
func TestLoaderCodesTheNextBatchWhileSaving(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, storetest.SQLiteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	coded := make(chan struct{})
	st := &savingStore{Store: s, nextBatchCoded: coded}
	l := &store.Loader{Store: st, Coder: &signalCoder{id: "5", ch: coded}, BatchSize: 4, Workers: 2}
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range 8 {
		if err := l.Add(ctx, &dyad.Document{ID: fmt.Sprint(i), Date: day, Text: fmt.Sprintf("Report %d on the strike.", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if !st.overlapped.Load() {
		t.Error("the first batch was saved before any document of the second was coded")
	}
	if got := l.Stats(); got.Stored != 8 || got.Events != 8 {
		t.Errorf("stats = %+v, want 8 documents and 8 events stored", got)
	}
}
