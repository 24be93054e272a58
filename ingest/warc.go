package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/nlnwa/gowarc/v3"

	"github.com/dyad-events/dyad"
)

// readWARC reads a WARC archive (plain or gzipped per record, as Common
// Crawl News ships it): one document per HTML or text response or resource
// record, identified by its WARC-Target-URI and dated by the page or, if
// the page gives no date, by WARC-Date. Request, metadata, revisit and
// non-text records are skipped. A damaged or truncated archive is reported
// with the offset of the bad record; the documents before it are kept.
func readWARC(ctx context.Context, name string, br *bufio.Reader, opts SourceOptions, emit func(*dyad.Document) error, report func(error)) error {
	// Lenient parsing: real crawls have minor spec violations (odd
	// header spellings, missing digests) that do not spoil the text.
	r, err := gowarc.NewWarcFileReaderFromStream(br, 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn), gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore), gowarc.WithBlockErrorPolicy(gowarc.ErrWarn))
	if err != nil {
		report(&Error{Name: name, Err: fmt.Errorf("opening WARC: %w", err)})
		return nil
	}
	defer r.Close()
	for n := 0; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := r.Next()
		if errors.Is(err, io.EOF) && rec.WarcRecord == nil {
			if n == 0 {
				report(&Error{Name: name, Err: fmt.Errorf("%w: no WARC records", ErrEmpty)})
			}
			return nil
		}
		if err == nil {
			err = damage(rec.Validation)
		}
		if err != nil {
			rec.Close()
			report(&Error{Name: name, Err: fmt.Errorf("damaged or truncated WARC record at offset %d: %w", rec.Offset, err)})
			return nil
		}
		err = warcRecord(ctx, name, rec, opts, emit, report)
		rec.Close()
		if err != nil {
			if fatal(ctx, err) {
				return err
			}
			report(&Error{Name: name, Err: fmt.Errorf("WARC record at offset %d: %w", rec.Offset, err)})
			// A body that cannot be read means the archive ends early:
			// nothing after it can be trusted to be framed right.
			return nil
		}
	}
}

// warcRecord emits the document of one record, if it holds one.
func warcRecord(ctx context.Context, name string, rec gowarc.Record, opts SourceOptions, emit func(*dyad.Document) error, report func(error)) error {
	wr := rec.WarcRecord
	if wr == nil || (wr.Type() != gowarc.Response && wr.Type() != gowarc.Resource) {
		return nil
	}
	target := wr.WarcHeader().Get(gowarc.WarcTargetURI)
	var ctype, encoding string
	var body io.Reader
	switch b := wr.Block().(type) {
	case gowarc.HttpResponseBlock:
		if code := b.HttpStatusCode(); code < 200 || code > 299 {
			return nil
		}
		if h := b.HttpHeader(); h != nil {
			ctype, encoding = h.Get("Content-Type"), h.Get("Content-Encoding")
		}
		p, err := b.PayloadBytes()
		if err != nil {
			return fmt.Errorf("reading payload: %w", err)
		}
		body = p
	default:
		ctype = wr.WarcHeader().Get(gowarc.ContentType)
		p, err := wr.Block().RawBytes()
		if err != nil {
			return fmt.Errorf("reading block: %w", err)
		}
		body = p
	}
	mt, _, _ := mime.ParseMediaType(ctype)
	if mt != "" && mt != "text/html" && mt != "application/xhtml+xml" && mt != "text/plain" {
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(body, int64(opts.maxDoc())+1))
	if err != nil {
		return fmt.Errorf("reading body: %w", err)
	}
	if strings.EqualFold(encoding, "gzip") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			report(&Error{Name: target, Err: fmt.Errorf("gzip body: %w", err)})
			return nil
		}
		data, err = io.ReadAll(io.LimitReader(zr, int64(opts.maxDoc())+1))
		if err != nil {
			report(&Error{Name: target, Err: fmt.Errorf("gzip body: %w", err)})
			return nil
		}
	}
	if len(data) > opts.maxDoc() {
		report(&Error{Name: target, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, opts.maxDoc())})
		return nil
	}
	sub := opts
	if d, err := wr.Date(); err == nil && sub.Options.Date.IsZero() {
		// The capture date is a last resort: a crawl can be years after
		// the story. The user's --date, if given, is their statement.
		sub.Date, sub.DateSource = d, DateFromWARC
	}
	if mt == "text/plain" {
		sub.Format = "text"
	} else if mt != "" {
		sub.Format = "html"
	}
	if target == "" {
		target = fmt.Sprintf("%s@%d", name, rec.Offset)
	}
	return readPage(ctx, target, data, sub, emit, report)
}

// damage picks, from the findings of lenient parsing, those that mean the
// record's framing is broken — the archive was cut short or corrupted — as
// opposed to harmless spec violations such as a missing digest.
func damage(validation []error) error {
	for _, v := range validation {
		msg := v.Error()
		for _, bad := range []string{"content length mismatch", "end of record marker", "missing required field: Content-Length", "missing required field: WARC-Record-ID"} {
			if strings.Contains(msg, bad) {
				return v
			}
		}
	}
	return nil
}
