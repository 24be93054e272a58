package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/queue"
	"github.com/dyad-events/dyad/store"
)

// dbFlag registers --db, shared by ingest, recode and export.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", store.DefaultURL, "store `URL`: sqlite:PATH, a file path, or postgres://...")
}

func runIngest(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	date := fs.String("date", "", "document date "+docDateUsage+" where the input has none (no metadata, dateline or date in the URL); also dates stored undated documents read again")
	input := fs.String("input", "", "force the format of files: text, html or jsonl (default: by name and content)")
	batch := fs.Int("batch", 64, "documents per transaction")
	workers := fs.Int("workers", 0, "documents coded at once (default: the number of cores)")
	progress := fs.String("progress", "auto", "progress bar: auto (on a terminal), always or never")
	allowPrivate := fs.Bool("allow-private", false, "let links found in fetched feeds and pages, and redirects, reach loopback, private and link-local addresses")
	var limits readLimits
	limits.register(fs)
	var qf queueFlags
	qf.register(fs)
	var dicts dictFlags
	dicts.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("usage: dyad ingest [--db URL | --queue nats://HOST:PORT] SOURCE... (files, directories, feeds, WARC files, URLs, or - for standard input)")
	}
	docDate, err := parseDocDateFlag(*date)
	if err != nil {
		return err
	}
	var total int64
	for _, src := range fs.Args() {
		total += ingest.SourceSize(src)
	}
	bar := newProgress(stderr, *progress, "ingest", total)
	var failed atomic.Int64 // reports come from the reader and from the store writer
	report := func(err error) {
		if !ingest.IsWarning(err) { // a warning's document is stored all the same
			failed.Add(1)
		}
		bar.println("dyad ingest:", err)
	}
	opts := ingest.SourceOptions{Options: docDate.options(), AllowPrivate: *allowPrivate}
	opts.Format = *input
	limits.apply(&opts.Options)

	if qf.url != "" {
		// Publish instead of coding: workers code and store.
		q, err := queue.Connect(ctx, qf.config("dyad-ingest"))
		if err != nil {
			return err
		}
		defer q.Close()
		pub := q.NewPublisher()
		read := 0
		err = readSources(ctx, fs.Args(), opts, stdin, bar, func(d *dyad.Document) error {
			read++
			return pub.Add(ctx, d)
		}, report)
		if err == nil {
			err = pub.Flush(ctx)
		}
		bar.stop()
		s := pub.Stats()
		fmt.Fprintf(stderr, "dyad ingest: %d documents read, %d queued, %d already queued (within the %s duplicate window), %d failed, %d undated; %s (%.1f docs/s)\n",
			read, s.Published, s.Duplicates, qf.duplicates, failed.Load(), bar.undated.Load(), bar.elapsed().Round(time.Millisecond), bar.rate(read))
		return ingestResult(err, int(failed.Load()), stderr)
	}

	p, err := newPipeline(ctx, "ingest", dicts.options(), stderr)
	if err != nil {
		return err
	}
	created := !store.Exists(*db)
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if created {
		fmt.Fprintf(stderr, "dyad ingest: created a new store %s\n", *db)
	}
	loader := &store.Loader{Store: st, Coder: p, BatchSize: *batch, Workers: *workers, Report: report}
	err = readSources(ctx, fs.Args(), opts, stdin, bar, func(d *dyad.Document) error { return loader.Add(ctx, d) }, report)
	if err == nil {
		err = loader.Flush(ctx)
	}
	s := loader.Stats()
	bar.docs.Store(int64(s.Read))
	bar.stop()
	fmt.Fprintf(stderr, "dyad ingest: %d documents read, %d stored, %d already stored, %d failed, %d undated; %d new events, %d mentions; %s (%.1f docs/s)\n",
		s.Read, s.Stored, s.Known, failed.Load(), bar.undated.Load(), s.Events, s.Mentions, bar.elapsed().Round(time.Millisecond), bar.rate(s.Read))
	if s.Redated > 0 {
		fmt.Fprintf(stderr, "dyad ingest: dated %d stored undated documents and recoded their events\n", s.Redated)
	}
	return ingestResult(err, int(failed.Load()), stderr)
}

// readSources reads every source in order, calling emit for each
// document and report for each problem, and keeps the bar up
// to date.
func readSources(ctx context.Context, sources []string, opts ingest.SourceOptions, stdin io.Reader, bar *progressBar, emit func(*dyad.Document) error, report func(error)) error {
	counted := func(d *dyad.Document) error {
		bar.docs.Add(1)
		if d.Date.IsZero() {
			// Not a failure, but its events will be in no series, alert
			// or date range until it is dated: say so, by name.
			bar.undated.Add(1)
			bar.println(fmt.Sprintf("dyad ingest: warning: %s: no date found (no metadata, dateline or date in the URL); its events are stored undated — give one with --date", d.ID))
		}
		return emit(d)
	}
	var done int64 // bytes of the sources already finished
	bar.start()
	for _, src := range sources {
		base := done
		opts.Progress = func(n int64) { bar.bytes.Store(base + n) }
		var err error
		if src == "-" {
			err = ingest.Read(ctx, "-", stdin, opts.Options, counted, report)
		} else {
			err = ingest.ReadSource(ctx, src, opts, counted, report)
		}
		if err != nil {
			return err
		}
		done += ingest.SourceSize(src)
		bar.bytes.Store(done)
	}
	return nil
}

// ingestResult turns the outcome of an ingest into its error.
func ingestResult(err error, failed int, stderr io.Writer) error {
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted; committed batches are kept, rerun to finish: %w", err)
		}
		return err
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "dyad ingest: %d problem(s) reported above\n", failed)
		return errFailed
	}
	return nil
}

// progressBar draws a one-line progress bar on a terminal: documents,
// documents per second and, when the total size of the input is known, a
// bar and an estimate of the time left from the bytes read so far.
type progressBar struct {
	w     io.Writer
	label string
	on    bool
	total int64
	bytes atomic.Int64
	docs  atomic.Int64
	// undated counts the documents read without a date.
	undated atomic.Int64
	begin   time.Time
	quit    chan struct{}
	done    chan struct{}

	mu    sync.Mutex // serialises drawing and messages
	drawn bool
}

// newProgress makes a bar that draws only when mode is "always", or "auto"
// and w is a terminal.
func newProgress(w io.Writer, mode, label string, total int64) *progressBar {
	on := mode == "always"
	if mode == "auto" {
		if f, ok := w.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
				on = true
			}
		}
	}
	return &progressBar{w: w, label: label, on: on, total: total, begin: time.Now()}
}

func (b *progressBar) start() {
	b.begin = time.Now()
	if !b.on {
		return
	}
	b.quit, b.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(b.done)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-b.quit:
				return
			case <-t.C:
				b.draw()
			}
		}
	}()
}

func (b *progressBar) stop() {
	if b.quit != nil {
		close(b.quit)
		<-b.done
		b.quit = nil
	}
	b.clear()
}

// clear erases the bar.
func (b *progressBar) clear() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.clearLocked()
}

func (b *progressBar) clearLocked() {
	if b.on && b.drawn {
		fmt.Fprint(b.w, "\r\033[K")
		b.drawn = false
	}
}

// println prints a message on a clean line; the next tick draws the bar
// again below it.
func (b *progressBar) println(args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.clearLocked()
	fmt.Fprintln(b.w, args...)
}

func (b *progressBar) elapsed() time.Duration { return time.Since(b.begin) }

func (b *progressBar) rate(n int) float64 {
	if s := b.elapsed().Seconds(); s > 0 {
		return float64(n) / s
	}
	return 0
}

func (b *progressBar) draw() {
	docs := int(b.docs.Load())
	line := fmt.Sprintf("%s: %d docs, %.1f docs/s", b.label, docs, b.rate(docs))
	if b.total > 0 {
		frac := float64(b.bytes.Load()) / float64(b.total)
		frac = min(max(frac, 0), 1)
		const width = 30
		filled := int(frac * width)
		eta := "--:--"
		if frac > 0.001 {
			left := time.Duration(float64(b.elapsed()) * (1 - frac) / frac).Round(time.Second)
			eta = left.String()
		}
		line = fmt.Sprintf("[%s%s] %3.0f%% %s, ETA %s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), frac*100, line, eta)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	fmt.Fprint(b.w, "\r\033[K"+line)
	b.drawn = true
}
