package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/store"
)

// runRecode recodes every stored document with the current dictionaries
// and models, from the stored text, replacing each batch's events in one
// transaction. An interrupted recode leaves every document with either its
// old or its new events, never a mix; rerunning finishes the job.
func runRecode(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad recode", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	batch := fs.Int("batch", 64, "documents per transaction")
	date := fs.String("date", "", "date "+docDateUsage+" for stored documents that have none and whose text and URL give none")
	progress := fs.String("progress", "auto", "progress line: auto (on a terminal), always or never")
	var dicts dictFlags
	dicts.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("usage: dyad recode [--db URL] (takes no arguments)")
	}
	docDate, err := parseDocDateFlag(*date)
	if err != nil {
		return err
	}
	p, err := newPipeline(ctx, "recode", dicts.options(), stderr)
	if err != nil {
		return err
	}
	st, err := store.OpenExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	before, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	bar := newProgress(stderr, *progress, "recode", 0)
	bar.start()
	failed, docs, dated, undated := 0, 0, 0, 0
	var pending []*dyad.Document
	flush := func() error {
		coded := codeAll(ctx, p, pending, func(err error) {
			failed++
			bar.println("dyad recode:", err)
		})
		pending = pending[:0]
		if len(coded) == 0 {
			return nil
		}
		return st.ReplaceEvents(ctx, coded)
	}
	err = st.EachDocument(ctx, func(d *dyad.Document) error {
		docs++
		if d.Date.IsZero() {
			// Stored before dyad read datelines, or with no clue at all:
			// look again, then take --date.
			d.Date, d.DateSource = ingest.DateFromText(d.Text, d.URL, time.Now())
			if d.Date.IsZero() && !docDate.date.IsZero() {
				d.Date, d.DateSource = docDate.date, ingest.QualifiedSource(ingest.DateFromFlag, docDate.precision)
			}
			if d.Date.IsZero() {
				undated++
				bar.println(fmt.Sprintf("dyad recode: warning: document %s has no date; give one with --date", d.ID))
			} else {
				dated++
			}
		}
		bar.docs.Add(1)
		pending = append(pending, d)
		if len(pending) >= max(*batch, 1) {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	bar.stop()
	after, serr := st.Stats(ctx)
	if err == nil {
		err = serr
	}
	fmt.Fprintf(stderr, "dyad recode: %d documents recoded, %d failed, %d dated, %d still undated; events %d → %d, mentions %d → %d; %s\n",
		docs-failed, failed, dated, undated, before.Events, after.Events, before.Mentions, after.Mentions, bar.elapsed().Round(time.Millisecond))
	if err != nil {
		return err
	}
	if failed > 0 {
		return errFailed
	}
	return nil
}

// codeAll codes documents in parallel, keeping input order and leaving out
// (and reporting) those the coder rejects. A document left out keeps its
// old events.
func codeAll(ctx context.Context, c dyad.Coder, docs []*dyad.Document, report func(error)) []dyad.CodedDocument {
	out := make([]dyad.CodedDocument, len(docs))
	errs := make([]error, len(docs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, d := range docs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			events, err := c.Code(ctx, d)
			out[i], errs[i] = dyad.CodedDocument{Doc: d, Events: events}, err
		}()
	}
	wg.Wait()
	var kept []dyad.CodedDocument
	for i := range out {
		if errs[i] != nil {
			report(fmt.Errorf("%s: coding: %w", docs[i].ID, errs[i]))
			continue
		}
		kept = append(kept, out[i])
	}
	return kept
}
