package store

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/dyad-events/dyad"
)

// Loader codes documents and saves them to a store in batches, one
// transaction per batch. Documents the store already has are skipped before
// coding, so a rerun after a crash only codes what the crashed run had not
// committed, and ends with exactly the store an uninterrupted run makes:
// batches keep the input order, and coding runs in parallel only within a
// batch.
//
// A Loader is not safe for concurrent use.
type Loader struct {
	Store dyad.Store
	Coder dyad.Coder
	// BatchSize is the number of documents per transaction; zero means 64.
	BatchSize int
	// Workers is the number of documents coded at once; zero means
	// GOMAXPROCS.
	Workers int
	// Report is called for each document that cannot be coded; the
	// document is left out and loading goes on. Nil ignores them.
	Report func(error)
	// Committed, if set, is called after each batch is committed with the
	// running totals.
	Committed func(LoadStats)

	pending []*dyad.Document
	stats   LoadStats
}

// LoadStats are a Loader's running totals.
type LoadStats struct {
	Read     int // documents given to Add
	Stored   int // documents newly stored
	Known    int // documents already stored (or repeated in the input)
	Failed   int // documents the coder rejected
	Events   int // new distinct events
	Mentions int // event mentions stored
	Redated  int // stored undated documents that this load dated (and recoded)
	Undated  int // documents stored without a date
}

// Add queues a document, saving a batch when enough are queued.
func (l *Loader) Add(ctx context.Context, doc *dyad.Document) error {
	l.stats.Read++
	l.pending = append(l.pending, doc)
	if len(l.pending) >= l.batchSize() {
		return l.Flush(ctx)
	}
	return nil
}

// Stats returns the totals so far.
func (l *Loader) Stats() LoadStats { return l.stats }

func (l *Loader) batchSize() int {
	if l.BatchSize > 0 {
		return l.BatchSize
	}
	return 64
}

// Flush codes and saves the queued documents.
func (l *Loader) Flush(ctx context.Context) error {
	batch := l.pending
	l.pending = nil
	if len(batch) == 0 {
		return nil
	}
	keys := make([]string, len(batch))
	for i, d := range batch {
		keys[i] = dyad.DocumentKey(d.URL, d.Text)
	}
	known, err := l.Store.KnownDocuments(ctx, keys)
	if err != nil {
		return err
	}
	// Drop stored documents and repeats within the batch, keeping order.
	var todo []*dyad.Document
	var datedKeys []string // stored documents that arrive with a date
	seen := map[string]bool{}
	for i, d := range batch {
		if known[keys[i]] || seen[keys[i]] {
			l.stats.Known++
			if known[keys[i]] && !d.Date.IsZero() {
				datedKeys = append(datedKeys, keys[i])
			}
			continue
		}
		seen[keys[i]] = true
		todo = append(todo, d)
	}
	if err := l.redate(ctx, batch, keys, datedKeys); err != nil {
		return err
	}
	coded, err := l.code(ctx, todo)
	if err != nil {
		return err
	}
	for _, cd := range coded {
		if cd.Doc.Date.IsZero() {
			l.stats.Undated++
		}
	}
	res, err := l.Store.SaveDocuments(ctx, coded)
	if err != nil {
		return fmt.Errorf("saving a batch of %d documents: %w", len(coded), err)
	}
	l.stats.Stored += res.Documents
	l.stats.Known += res.Skipped
	l.stats.Events += res.Events
	l.stats.Mentions += res.Mentions
	if l.Committed != nil {
		l.Committed(l.stats)
	}
	return nil
}

// redate dates stored undated documents that arrive again with a date
// (ingest --date over an earlier ingest, or a dateline a newer reader
// found), by recoding them with it: their events take the date too.
func (l *Loader) redate(ctx context.Context, batch []*dyad.Document, keys, datedKeys []string) error {
	if len(datedKeys) == 0 {
		return nil
	}
	undated, err := l.Store.UndatedDocuments(ctx, datedKeys)
	if err != nil {
		return err
	}
	var docs []*dyad.Document
	for i, d := range batch {
		if undated[keys[i]] {
			delete(undated, keys[i]) // once, however often it repeats
			stored := *d
			stored.ID = keys[i] // ReplaceEvents finds documents by key
			docs = append(docs, &stored)
		}
	}
	if len(docs) == 0 {
		return nil
	}
	coded, err := l.code(ctx, docs)
	if err != nil {
		return err
	}
	if err := l.Store.ReplaceEvents(ctx, coded); err != nil {
		return fmt.Errorf("dating %d stored documents: %w", len(coded), err)
	}
	l.stats.Redated += len(coded)
	return nil
}

// code runs the coder over docs on Workers goroutines, returning the coded
// documents in input order without the ones that failed.
func (l *Loader) code(ctx context.Context, docs []*dyad.Document) ([]dyad.CodedDocument, error) {
	out := make([]dyad.CodedDocument, len(docs))
	errs := make([]error, len(docs))
	workers := l.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(docs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				events, err := l.Coder.Code(ctx, docs[i])
				out[i], errs[i] = dyad.CodedDocument{Doc: docs[i], Events: events}, err
			}
		}()
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	kept := out[:0]
	for i, cd := range out {
		if errs[i] != nil {
			l.stats.Failed++
			if l.Report != nil {
				l.Report(fmt.Errorf("%s: coding: %w", docs[i].ID, errs[i]))
			}
			continue
		}
		kept = append(kept, cd)
	}
	return kept, nil
}
