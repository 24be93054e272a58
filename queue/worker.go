package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dyad-events/dyad"
)

// Worker pulls documents from the queue, codes them and saves them.
type Worker struct {
	Queue *Queue
	Store dyad.Store
	Coder dyad.Coder
	// Batch is the number of documents pulled, coded and committed
	// together; zero means 64.
	Batch int
	// Jobs is the number of documents coded at once; zero means
	// GOMAXPROCS.
	Jobs int
	// Drain bounds the time a worker told to stop (its context ended)
	// spends finishing the batch in hand; zero means two minutes.
	Drain time.Duration
	// Log receives problems and dead letters; nil discards them.
	Log *slog.Logger
	// Observe, if set, is told about each committed batch.
	Observe func(BatchStats)

	mu     sync.Mutex
	stats  WorkerStats
	inHand atomic.Int64
}

// InHand is the number of documents the worker holds: pulled and not yet
// acknowledged or handed back.
func (w *Worker) InHand() int { return int(w.inHand.Load()) }

// BatchStats describe one batch.
type BatchStats struct {
	Messages  int           // messages pulled
	Stored    int           // documents newly stored
	Known     int           // documents the store already had
	Dead      int           // documents moved to the dead-letter subject
	Retried   int           // documents handed back for another delivery
	Events    int           // events coded from the stored documents
	Coding    time.Duration // wall time spent coding the batch
	PerDoc    []time.Duration
	Committed time.Duration // wall time of the store transaction
}

// WorkerStats are a worker's running totals.
type WorkerStats struct {
	Batches, Messages, Stored, Known, Dead, Retried, Events int
}

// Stats returns the totals so far.
func (w *Worker) Stats() WorkerStats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stats
}

func (w *Worker) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Run works until ctx ends, then finishes the batch in hand (committing
// and acknowledging it) and returns nil. It returns an error only when the
// consumer cannot be set up.
func (w *Worker) Run(ctx context.Context) error {
	batch := w.Batch
	if batch <= 0 {
		batch = 64
	}
	var cons jetstream.Consumer
	if err := retry(ctx, "joining the workers' consumer", func(ctx context.Context) error {
		var err error
		cons, err = w.Queue.consumer(ctx, true)
		return err
	}); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	wait := 100 * time.Millisecond
	for ctx.Err() == nil {
		msgs, err := fetch(cons, batch)
		if len(msgs) > 0 {
			w.process(ctx, msgs)
		}
		if err != nil {
			// A server stopped or a leader is being elected: the client
			// reconnects by itself; wait a little and pull again.
			w.log().Warn("pulling documents", "err", err)
			select {
			case <-time.After(wait):
			case <-ctx.Done():
			}
			wait = min(2*wait, 2*time.Second)
			continue
		}
		wait = 100 * time.Millisecond
	}
	return nil
}

// fetch pulls up to n messages, waiting at most a second for the first.
func fetch(cons jetstream.Consumer, n int) ([]jetstream.Msg, error) {
	b, err := cons.Fetch(n, jetstream.FetchMaxWait(time.Second))
	if err != nil {
		return nil, err
	}
	var msgs []jetstream.Msg
	for m := range b.Messages() {
		msgs = append(msgs, m)
	}
	if err := b.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, context.DeadlineExceeded) {
		return msgs, err
	}
	return msgs, nil
}

// item is one message of a batch and what became of it.
type item struct {
	msg       jetstream.Msg
	delivered uint64
	doc       *dyad.Document
	key       string
	events    []dyad.Event
	err       error // decoding or coding failed
	known     bool  // already stored, or a repeat within the batch
	took      time.Duration
}

// process codes and commits one batch, then acknowledges it. It keeps
// working when ctx ends, for at most Drain.
func (w *Worker) process(ctx context.Context, msgs []jetstream.Msg) {
	drain := w.Drain
	if drain <= 0 {
		drain = 2 * time.Minute
	}
	w.inHand.Store(int64(len(msgs)))
	defer w.inHand.Store(0)
	pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stopDrain := context.AfterFunc(ctx, func() {
		t := time.AfterFunc(drain, cancel)
		context.AfterFunc(pctx, func() { t.Stop() })
	})
	defer stopDrain()

	items := make([]*item, len(msgs))
	for i, m := range msgs {
		it := &item{msg: m}
		if md, err := m.Metadata(); err == nil {
			it.delivered = md.NumDelivered
		}
		items[i] = it
	}
	// Tell the server the batch is being worked on, so a long batch is
	// not redelivered to another worker while this one codes it.
	stopKeep := w.keepAlive(pctx, items)
	defer stopKeep()

	var bs BatchStats
	bs.Messages = len(items)
	maxDeliver := uint64(w.Queue.cfg.MaxDeliver)
	var todo []*item
	seen := map[string]bool{}
	for _, it := range items {
		if it.delivered > maxDeliver {
			// Delivered more often than allowed and never settled: the
			// worker died or stalled on it each time.
			it.err = fmt.Errorf("delivered %d times without being acknowledged", it.delivered)
			continue
		}
		it.doc, it.err = decode(it.msg.Data())
		if it.err != nil {
			continue
		}
		it.key = dyad.DocumentKey(it.doc.URL, it.doc.Text)
		if seen[it.key] {
			it.known = true
			continue
		}
		seen[it.key] = true
		todo = append(todo, it)
	}
	keys := make([]string, len(todo))
	for i, it := range todo {
		keys[i] = it.key
	}
	var known map[string]bool
	if err := w.retryStore(pctx, "looking up stored documents", func(ctx context.Context) error {
		var err error
		known, err = w.Store.KnownDocuments(ctx, keys)
		return err
	}); err != nil {
		w.handBack(items, err)
		return
	}
	var code []*item
	for _, it := range todo {
		if known[it.key] {
			it.known = true
		} else {
			code = append(code, it)
		}
	}
	start := time.Now()
	w.code(pctx, code)
	bs.Coding = time.Since(start)
	if err := pctx.Err(); err != nil {
		// Out of drain time: coding was cut short, which is no fault of
		// the documents.
		w.handBack(items, err)
		return
	}
	var batch []dyad.CodedDocument
	for _, it := range code {
		if it.err == nil {
			batch = append(batch, dyad.CodedDocument{Doc: it.doc, Events: it.events})
			bs.PerDoc = append(bs.PerDoc, it.took)
			bs.Events += len(it.events)
		}
	}
	start = time.Now()
	var res dyad.SaveResult
	if len(batch) > 0 {
		if err := w.retryStore(pctx, "saving a batch", func(ctx context.Context) error {
			var err error
			res, err = w.Store.SaveDocuments(ctx, batch)
			return err
		}); err != nil {
			w.handBack(items, err)
			return
		}
	}
	bs.Committed = time.Since(start)
	bs.Stored, bs.Known = res.Documents, res.Skipped
	// Committed: acknowledge. A lost acknowledgement only means one more
	// delivery, which the store skips.
	for _, it := range items {
		switch {
		case it.err == nil:
			if it.known {
				bs.Known++
			}
			if err := it.msg.Ack(); err != nil {
				w.log().Warn("acknowledging", "key", it.key, "err", err)
			}
		case it.delivered >= maxDeliver:
			if w.deadLetter(pctx, it) {
				bs.Dead++
			} else {
				bs.Retried++
			}
		default:
			w.log().Warn("document failed; it will be delivered again", "key", it.key, "delivery", it.delivered, "err", it.err)
			it.msg.NakWithDelay(backoff(it.delivered))
			bs.Retried++
		}
	}
	w.Queue.nc.Flush()
	w.mu.Lock()
	w.stats.Batches++
	w.stats.Messages += bs.Messages
	w.stats.Stored += bs.Stored
	w.stats.Known += bs.Known
	w.stats.Dead += bs.Dead
	w.stats.Retried += bs.Retried
	w.stats.Events += bs.Events
	w.mu.Unlock()
	if w.Observe != nil {
		w.Observe(bs)
	}
}

// backoff is the delay before a failed document is delivered again.
func backoff(delivered uint64) time.Duration {
	d := time.Second << min(delivered, 6)
	return min(d, time.Minute)
}

// handBack gives a batch back to the queue when the store cannot take it:
// each message is delivered again soon, to this worker or another. The
// store's failure is not the documents' fault, so it does not count
// toward dead-lettering beyond the delivery itself.
func (w *Worker) handBack(items []*item, err error) {
	w.log().Error("handing a batch back to the queue", "documents", len(items), "err", err)
	for _, it := range items {
		it.msg.NakWithDelay(time.Second)
	}
	w.Queue.nc.Flush()
}

// retryStore retries a store operation until it succeeds or ctx ends: a
// database restarting or a lock timeout must not lose the batch.
func (w *Worker) retryStore(ctx context.Context, what string, fn func(context.Context) error) error {
	wait := 200 * time.Millisecond
	for {
		err := fn(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		w.log().Warn(what, "err", err, "retry_in", wait)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return fmt.Errorf("%s: %w", what, err)
		}
		wait = min(2*wait, 10*time.Second)
	}
}

// keepAlive marks the batch in progress every third of AckWait until the
// returned function is called.
func (w *Worker) keepAlive(ctx context.Context, items []*item) func() {
	every := w.Queue.cfg.AckWait / 3
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				for _, it := range items {
					it.msg.InProgress()
				}
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// code codes the items on Jobs goroutines. A coder that panics on a
// document fails that document, not the worker.
func (w *Worker) code(ctx context.Context, items []*item) {
	jobs := w.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	next := make(chan *item)
	var wg sync.WaitGroup
	for range min(jobs, len(items)) {
		wg.Go(func() {
			for it := range next {
				start := time.Now()
				it.events, it.err = codeOne(ctx, w.Coder, it.doc)
				it.took = time.Since(start)
			}
		})
	}
	for _, it := range items {
		next <- it
	}
	close(next)
	wg.Wait()
}

func codeOne(ctx context.Context, c dyad.Coder, doc *dyad.Document) (events []dyad.Event, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("coder panicked: %v", r)
		}
	}()
	events, err = c.Code(ctx, doc)
	if err != nil {
		err = fmt.Errorf("coding %s: %w", doc.ID, err)
	}
	return events, err
}

// deadLetter moves a failed document to the dead-letter subject with its
// error, then acknowledges the original. It reports false if the dead
// letter could not be published (the document is then delivered again).
func (w *Worker) deadLetter(ctx context.Context, it *item) bool {
	dead := &nats.Msg{Subject: w.Queue.cfg.DeadSubject, Data: it.msg.Data(), Header: nats.Header{}}
	dead.Header.Set(HeaderError, it.err.Error())
	dead.Header.Set(HeaderDeliveries, strconv.FormatUint(it.delivered, 10))
	orig := it.msg.Headers().Get(jetstream.MsgIDHeader)
	dead.Header.Set(HeaderKey, orig)
	if md, err := it.msg.Metadata(); err == nil {
		// One dead letter per stream message, even if this is retried.
		dead.Header.Set(jetstream.MsgIDHeader, "dead-"+strconv.FormatUint(md.Sequence.Stream, 10))
	}
	actx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := w.Queue.js.PublishMsg(actx, dead); err != nil {
		w.log().Error("publishing a dead letter", "key", orig, "err", err)
		it.msg.NakWithDelay(backoff(it.delivered))
		return false
	}
	w.log().Error("document moved to the dead-letter subject", "subject", w.Queue.cfg.DeadSubject, "key", orig, "deliveries", it.delivered, "err", it.err)
	if err := it.msg.Ack(); err != nil {
		w.log().Warn("acknowledging a dead letter", "key", orig, "err", err)
	}
	return true
}
