package store

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/internal/inorder"
)

// Loader codes documents and saves them to a store in batches, one
// transaction per batch. Documents the store already has are skipped before
// coding, so a rerun after a crash only codes what the crashed run had not
// committed, and ends with exactly the store an uninterrupted run makes:
// batches keep the input order.
//
// Coding runs on Workers goroutines ahead of a single writer: while one
// batch is being saved, the workers code the next documents, so that the
// cores stay busy. Report and Committed are called from the writer, one
// call at a time, while Add may be running.
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
	// Committed, if set, is called after each batch with documents to
	// save is committed, with the running totals.
	Committed func(LoadStats)

	pending []*dyad.Document // added, not yet checked against the store
	pool    *inorder.Pool[loadItem, loadResult]
	batch   []dyad.CodedDocument // coded documents of the batch being completed (writer only)
	keys    []string             // and the keys of all its documents (writer only)

	mu       sync.Mutex // guards what Add and the writer share
	stats    LoadStats
	inFlight map[string]bool // keys handed to the coders and not yet committed
}

// loadItem is a document on its way to the writer; last marks the end of
// its batch.
type loadItem struct {
	doc  *dyad.Document
	key  string
	last bool
}

type loadResult struct {
	events []dyad.Event
	err    error
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
}

// Add queues a document, handing a batch to the coders when enough are
// queued. It returns the error of an earlier batch that could not be saved.
func (l *Loader) Add(ctx context.Context, doc *dyad.Document) error {
	l.mu.Lock()
	l.stats.Read++
	l.mu.Unlock()
	l.pending = append(l.pending, doc)
	if len(l.pending) >= l.batchSize() {
		return l.submit(ctx)
	}
	return nil
}

// Stats returns the totals so far.
func (l *Loader) Stats() LoadStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stats
}

func (l *Loader) batchSize() int {
	if l.BatchSize > 0 {
		return l.BatchSize
	}
	return 64
}

// Flush codes and saves every queued document, and waits until they are
// committed.
func (l *Loader) Flush(ctx context.Context) error {
	err := l.submit(ctx)
	if l.pool != nil {
		if cerr := l.pool.Close(); err == nil {
			err = cerr
		}
		l.pool = nil
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// submit drops the queued documents that are stored already, or repeated,
// and hands the others to the coders as one batch.
func (l *Loader) submit(ctx context.Context) error {
	batch := l.pending
	l.pending = nil
	if len(batch) == 0 {
		return nil
	}
	keys := make([]string, len(batch))
	for i, d := range batch {
		keys[i] = dyad.DocumentKey(d.URL, d.Text)
	}
	// Keys still in flight are looked up before the store is asked: a key
	// leaves inFlight only once committed, so the store then has it.
	l.mu.Lock()
	busy := make([]bool, len(batch))
	for i, k := range keys {
		busy[i] = l.inFlight[k]
	}
	l.mu.Unlock()
	known, err := l.Store.KnownDocuments(ctx, keys)
	if err != nil {
		return err
	}
	// Drop stored documents and repeats, keeping order.
	var todo []loadItem
	var dated []int // stored documents that arrive with a date
	seen := map[string]bool{}
	l.mu.Lock()
	for i, d := range batch {
		if busy[i] || known[keys[i]] || seen[keys[i]] {
			l.stats.Known++
			if known[keys[i]] && !d.Date.IsZero() {
				dated = append(dated, i)
			}
			continue
		}
		seen[keys[i]] = true
		todo = append(todo, loadItem{doc: d, key: keys[i]})
	}
	if l.inFlight == nil {
		l.inFlight = map[string]bool{}
	}
	for _, it := range todo {
		l.inFlight[it.key] = true
	}
	l.mu.Unlock()
	if err := l.redate(ctx, batch, keys, dated); err != nil {
		return err
	}
	if len(todo) == 0 {
		return nil
	}
	todo[len(todo)-1].last = true
	if l.pool == nil {
		l.pool = l.startPool(ctx)
	}
	for _, it := range todo {
		if err := l.pool.Put(it); err != nil {
			return err
		}
	}
	return nil
}

// redate dates stored undated documents that arrive again with a date
// (ingest --date over an earlier ingest, or a dateline a newer reader
// found) by recoding them with it, so that their events take the date
// too. It is rare and runs beside the pool, one document at a time.
func (l *Loader) redate(ctx context.Context, batch []*dyad.Document, keys []string, dated []int) error {
	if len(dated) == 0 {
		return nil
	}
	ask := make([]string, len(dated))
	for j, i := range dated {
		ask[j] = keys[i]
	}
	undated, err := l.Store.UndatedDocuments(ctx, ask)
	if err != nil {
		return err
	}
	var coded []dyad.CodedDocument
	for _, i := range dated {
		if !undated[keys[i]] {
			continue
		}
		delete(undated, keys[i]) // once, however often it repeats
		doc := *batch[i]
		doc.ID = keys[i] // ReplaceEvents finds documents by key
		events, err := l.Coder.Code(ctx, &doc)
		if err != nil {
			if l.Report != nil {
				l.Report(fmt.Errorf("%s: coding: %w", batch[i].ID, err))
			}
			continue
		}
		coded = append(coded, dyad.CodedDocument{Doc: &doc, Events: events})
	}
	if len(coded) == 0 {
		return nil
	}
	if err := l.Store.ReplaceEvents(ctx, coded); err != nil {
		return fmt.Errorf("dating %d stored documents: %w", len(coded), err)
	}
	l.mu.Lock()
	l.stats.Redated += len(coded)
	l.mu.Unlock()
	return nil
}

// startPool starts the coders and the writer. Workers can code up to two
// batches ahead of the writer.
func (l *Loader) startPool(ctx context.Context) *inorder.Pool[loadItem, loadResult] {
	workers := l.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	code := func(it loadItem) loadResult {
		events, err := l.Coder.Code(ctx, it.doc)
		return loadResult{events, err}
	}
	return inorder.New(workers, max(4*workers, 2*l.batchSize()), code, func(it loadItem, r loadResult) error {
		return l.write(ctx, it, r)
	})
}

// write collects coded documents and saves each batch once its last
// document is coded. It runs on the pool's one delivering goroutine.
func (l *Loader) write(ctx context.Context, it loadItem, r loadResult) error {
	l.keys = append(l.keys, it.key)
	if r.err != nil {
		l.mu.Lock()
		l.stats.Failed++
		l.mu.Unlock()
		if l.Report != nil {
			l.Report(fmt.Errorf("%s: coding: %w", it.doc.ID, r.err))
		}
	} else {
		l.batch = append(l.batch, dyad.CodedDocument{Doc: it.doc, Events: r.events})
	}
	if !it.last {
		return nil
	}
	coded, keys := l.batch, l.keys
	l.batch, l.keys = nil, nil
	if err := ctx.Err(); err != nil {
		return err
	}
	var res dyad.SaveResult
	if len(coded) > 0 {
		var err error
		res, err = l.Store.SaveDocuments(ctx, coded)
		if err != nil {
			return fmt.Errorf("saving a batch of %d documents: %w", len(coded), err)
		}
	}
	l.mu.Lock()
	l.stats.Stored += res.Documents
	l.stats.Known += res.Skipped
	l.stats.Events += res.Events
	l.stats.Mentions += res.Mentions
	for _, k := range keys {
		delete(l.inFlight, k)
	}
	stats := l.stats
	l.mu.Unlock()
	if l.Committed != nil && len(coded) > 0 {
		l.Committed(stats)
	}
	return nil
}
